// Demo data for a fresh install: admin + viewer sign-in, Dutch office rooms with policies,
// statuses, customers, a template and a week of bookings (one weekly series). Empty databases only.
import { count, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { hashPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import { createBooking } from "@/lib/bookings/create-booking";
import { must } from "@/lib/invariant";
import type { Db, Tx } from "./client";
import {
  bookingStatuses,
  bookings,
  customers,
  roomPolicies,
  rooms,
  templates,
  users,
  type NewRoomPolicy,
} from "./schema";

const ZONE = "Europe/Amsterdam";
export const DEMO_VIEWER_EMAIL = "viewer@roomlink.test";

const STATUSES = [
  { key: "option", name: "Option", nameNl: "Optie", color: "#f59e0b", blocksRoom: true, sortOrder: 1 },
  {
    key: "request",
    name: "Awaiting approval",
    nameNl: "Aanvraag",
    color: "#8b5cf6",
    blocksRoom: true,
    needsApproval: true,
    sortOrder: 2,
  },
  { key: "confirmed", name: "Confirmed", nameNl: "Bevestigd", color: "#16a34a", blocksRoom: true, sortOrder: 3 },
  {
    key: "rejected",
    name: "Rejected",
    nameNl: "Afgewezen",
    color: "#dc2626",
    blocksRoom: false,
    isRejected: true,
    sortOrder: 4,
  },
  {
    key: "cancelled",
    name: "Cancelled",
    nameNl: "Geannuleerd",
    color: "#64748b",
    blocksRoom: false,
    isCancelled: true,
    sortOrder: 5,
  },
] as const;

type Policy = Omit<NewRoomPolicy, "roomId">;
const ROOMS: Array<{
  name: string;
  capacity: number;
  building: string;
  from?: string;
  until?: string;
  policy: Policy;
}> = [
  {
    name: "Zaal Amstel",
    capacity: 12,
    building: "Keizersgracht 1e verdieping",
    policy: { maxDurationMinutes: 480, minLeadMinutes: 60, advanceDays: 90 },
  },
  {
    name: "Boardroom",
    capacity: 10,
    building: "Keizersgracht 3e verdieping",
    policy: { maxDurationMinutes: 480, minLeadMinutes: 120, advanceDays: 90 },
  },
  {
    name: "Focus 1",
    capacity: 2,
    building: "Keizersgracht 2e verdieping",
    policy: { maxDurationMinutes: 240, advanceDays: 90 },
  },
  {
    name: "Focus 2",
    capacity: 2,
    building: "Keizersgracht 2e verdieping",
    policy: { maxDurationMinutes: 240, advanceDays: 90 },
  },
  {
    name: "Auditorium",
    capacity: 80,
    building: "Keizersgracht begane grond",
    from: "08:00",
    until: "23:00",
    policy: { minLeadMinutes: 2880, advanceDays: 180, requiresApproval: true },
  },
  {
    name: "Projectruimte",
    capacity: 6,
    building: "Keizersgracht 2e verdieping",
    policy: { maxDurationMinutes: 600, advanceDays: 90 },
  },
  {
    name: "Studio",
    capacity: 4,
    building: "Keizersgracht souterrain",
    policy: { maxDurationMinutes: 240, minLeadMinutes: 60, advanceDays: 90, enforceCapacity: true },
  },
];

const CUSTOMERS = [
  { name: "Jan de Vries", email: "jan.devries@devriesadvies.nl", organisation: "De Vries Advies" },
  { name: "Sanne Bakker", email: "sanne@bakkerarchitecten.nl", organisation: "Bakker Architecten" },
  { name: "Pieter Jansen", email: "p.jansen@gemeente-voorbeeld.nl", organisation: "Gemeente Voorbeeld" },
  { name: "Fatima El Amrani", email: "fatima@elamrani-legal.nl", organisation: "El Amrani Legal" },
  { name: "Daan Visser", email: "daan.visser@noordzeelogistiek.nl", organisation: "Noordzee Logistiek" },
  { name: "Lotte Smit", email: "lotte@smitcommunicatie.nl", organisation: "Smit Communicatie" },
  { name: "Thomas Mulder", email: "thomas.mulder@zorggroepwest.nl", organisation: "Zorggroep West" },
  { name: "Emma de Boer", email: "emma@deboerevents.nl", organisation: "De Boer Events" },
];

// day: 0 = Monday of the current week (of the coming week on a weekend). Status keys refer to STATUSES; customer to CUSTOMERS index.
const WEEK: Array<{
  day: number;
  room: string;
  from: string;
  to: string;
  title: string;
  status: string;
  customer?: number;
  people: number;
}> = [
  { day: 0, room: "Boardroom", from: "10:00", to: "11:30", title: "Directieoverleg", status: "confirmed", people: 7 },
  { day: 0, room: "Focus 1", from: "13:00", to: "15:00", title: "Sollicitatiegesprek", status: "confirmed", people: 2 },
  {
    day: 0,
    room: "Projectruimte",
    from: "09:30",
    to: "12:00",
    title: "Sprint planning",
    status: "confirmed",
    people: 6,
  },
  {
    day: 1,
    room: "Zaal Amstel",
    from: "09:00",
    to: "12:00",
    title: "Klantworkshop",
    status: "confirmed",
    customer: 0,
    people: 10,
  },
  {
    day: 1,
    room: "Studio",
    from: "14:00",
    to: "16:00",
    title: "Podcastopname",
    status: "option",
    customer: 5,
    people: 3,
  },
  { day: 1, room: "Focus 2", from: "10:00", to: "11:00", title: "1-op-1", status: "confirmed", people: 2 },
  {
    day: 2,
    room: "Auditorium",
    from: "15:00",
    to: "17:30",
    title: "Kwartaalpresentatie",
    status: "request",
    customer: 2,
    people: 60,
  },
  {
    day: 2,
    room: "Boardroom",
    from: "13:00",
    to: "14:00",
    title: "Contractbespreking",
    status: "confirmed",
    customer: 3,
    people: 4,
  },
  {
    day: 2,
    room: "Projectruimte",
    from: "10:00",
    to: "12:00",
    title: "Ontwerpreview",
    status: "option",
    customer: 1,
    people: 5,
  },
  {
    day: 3,
    room: "Zaal Amstel",
    from: "13:30",
    to: "16:30",
    title: "Training nieuwe medewerkers",
    status: "confirmed",
    people: 12,
  },
  { day: 3, room: "Focus 1", from: "09:00", to: "10:30", title: "Belafspraak", status: "option", people: 1 },
  {
    day: 3,
    room: "Boardroom",
    from: "09:00",
    to: "10:00",
    title: "Leveranciersoverleg",
    status: "cancelled",
    customer: 4,
    people: 5,
  },
  {
    day: 4,
    room: "Studio",
    from: "10:00",
    to: "12:00",
    title: "Video-opname",
    status: "confirmed",
    customer: 7,
    people: 4,
  },
  {
    day: 4,
    room: "Zaal Amstel",
    from: "15:00",
    to: "17:00",
    title: "Vrijdagmiddagborrel voorbereiding",
    status: "option",
    people: 8,
  },
  {
    day: 4,
    room: "Auditorium",
    from: "09:00",
    to: "12:00",
    title: "Informatieavond zorg",
    status: "rejected",
    customer: 6,
    people: 90,
  },
];

async function isEmpty(db: Db | Tx): Promise<boolean> {
  const counts = await Promise.all([
    db.select({ n: count() }).from(users),
    db.select({ n: count() }).from(rooms),
    db.select({ n: count() }).from(bookings),
  ]);
  // count() without GROUP BY always answers exactly one row.
  return counts.every(([row]) => Number(must(row, "count row").n) === 0);
}

export interface DemoSignIn {
  seeded: boolean;
  admin: { email: string; password: string };
  viewer: { email: string; password: string };
}

/**
 * Seed the demo data into an EMPTY database (no users, rooms or bookings); otherwise do nothing.
 * One transaction under an advisory lock, so two processes starting at once seed at most once.
 * `now` pins "the current week" for tests.
 */
export async function seedDemo(db: Db, opts: { now?: Date } = {}): Promise<DemoSignIn> {
  const password = env.DEMO_ADMIN_PASSWORD;
  const signIn = { admin: { email: env.DEMO_ADMIN_EMAIL, password }, viewer: { email: DEMO_VIEWER_EMAIL, password } };
  // Cheap check first: every start of a filled database should not pay for a bcrypt hash.
  if (!(await isEmpty(db))) return { seeded: false, ...signIn };
  const passwordHash = await hashPassword(password);
  const seeded = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('roomlink:seed-demo'))`);
    // Again under the lock: another process may have seeded while we were hashing.
    if (!(await isEmpty(tx))) return false;

    await tx.insert(users).values([
      { email: env.DEMO_ADMIN_EMAIL, name: "Demo Admin", passwordHash, role: "admin" },
      { email: DEMO_VIEWER_EMAIL, name: "Demo Viewer", passwordHash, role: "viewer", locale: "nl" },
    ]);
    // Statuses may already exist (another seed or an admin): keep theirs, add the missing keys.
    await tx
      .insert(bookingStatuses)
      .values([...STATUSES])
      .onConflictDoNothing();
    const statusRows = await tx.select().from(bookingStatuses);
    const status = (key: string) =>
      must(
        statusRows.find((s) => s.key === key),
        `seeded status ${key}`,
      ).id;
    const roomRows = await tx
      .insert(rooms)
      .values(
        ROOMS.map((x) => ({
          name: x.name,
          capacity: x.capacity,
          building: x.building,
          timeZone: ZONE,
          bookableFrom: x.from ?? "07:00",
          bookableUntil: x.until ?? "21:00",
        })),
      )
      .returning();
    const roomId = (name: string) =>
      must(
        roomRows.find((x) => x.name === name),
        `seeded room ${name}`,
      ).id;
    await tx.insert(roomPolicies).values(ROOMS.map((x) => ({ roomId: roomId(x.name), ...x.policy })));
    const customerRows = await tx.insert(customers).values(CUSTOMERS).onConflictDoNothing().returning();
    const customer = (i: number) => must(CUSTOMERS[i], `demo customer ${i}`);
    const customerId = (i: number | undefined) =>
      i === undefined ? null : (customerRows.find((c) => c.email === customer(i).email)?.id ?? null);
    await tx.insert(templates).values({
      name: "Standaard",
      subject: "{{title}} – {{room}}",
      body: "{{title}}\n{{date}}, {{start}}–{{end}} in {{room}}\nKlant: {{customer}} ({{organisation}})\nOrganisator: {{organizer}}\nAantal personen: {{attendees}}\nStatus: {{status}}",
    });

    // On a weekend the demo shows the coming week (as the sandbox tenant's demo meetings do).
    const today = DateTime.fromJSDate(opts.now ?? new Date(), { zone: ZONE });
    const monday = today.startOf("week").plus({ weeks: today.weekday >= 6 ? 1 : 0 });
    // Validate as if booked the week before, so lead times do not refuse this week's past days.
    const bookingOpts = {
      actor: { id: "system:seed", name: "Demo seed" },
      db: tx,
      now: monday.minus({ days: 7 }).toJSDate(),
    };
    for (const w of WEEK) {
      await createBooking(
        {
          roomId: roomId(w.room),
          date: must(monday.plus({ days: w.day }).toISODate(), "demo day"),
          startTime: w.from,
          endTime: w.to,
          title: w.title,
          statusId: status(w.status),
          customerId: customerId(w.customer),
          attendeeCount: w.people,
          organizerEmail: w.customer === undefined ? "office@roomlink.test" : customer(w.customer).email,
          notes: w.status === "rejected" ? "Meer deelnemers dan de zaal toelaat." : null,
        },
        // The rejected Auditorium request is over capacity on purpose: that is why it was rejected.
        w.status === "rejected" ? { ...bookingOpts, skipValidation: true } : bookingOpts,
      );
    }
    await createBooking(
      {
        roomId: roomId("Zaal Amstel"),
        date: must(monday.toISODate(), "demo monday"),
        startTime: "09:00",
        endTime: "09:45",
        title: "Weekstart teamoverleg",
        statusId: status("confirmed"),
        attendeeCount: 9,
        organizerEmail: "office@roomlink.test",
        recurrence: { frequency: "weekly", interval: 1, weekdays: [1], count: 8 },
      },
      bookingOpts,
    );
    return true;
  });
  return { seeded, ...signIn };
}
