// Test-only rows for booking integration tests: statuses, a room with a policy, a customer.
// Each call makes uniquely named rows so tests in one database do not see each other's bookings.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  bookingStatuses,
  customers,
  roomPolicies,
  rooms,
  type Booking,
  type BookingStatus,
  type NewRoomPolicy,
} from "@/db/schema";
import { must } from "@/lib/invariant";
import { BookingError } from "./errors";

export type StatusKey = "option" | "request" | "confirmed" | "rejected" | "cancelled";

export async function ensureStatuses(db: Db): Promise<Record<StatusKey, BookingStatus>> {
  const defs: Array<typeof bookingStatuses.$inferInsert> = [
    { key: "option", name: "Option", nameNl: "Optie", blocksRoom: true, sortOrder: 1 },
    {
      key: "request",
      name: "Awaiting approval",
      nameNl: "Aanvraag",
      blocksRoom: true,
      needsApproval: true,
      sortOrder: 2,
    },
    { key: "confirmed", name: "Confirmed", nameNl: "Bevestigd", blocksRoom: true, sortOrder: 3 },
    { key: "rejected", name: "Rejected", nameNl: "Afgewezen", blocksRoom: false, isRejected: true, sortOrder: 4 },
    { key: "cancelled", name: "Cancelled", nameNl: "Geannuleerd", blocksRoom: false, isCancelled: true, sortOrder: 5 },
  ];
  await db.insert(bookingStatuses).values(defs).onConflictDoNothing();
  const all = await db.select().from(bookingStatuses);
  return Object.fromEntries(all.map((s) => [s.key, s])) as Record<StatusKey, BookingStatus>;
}

export async function makeRoom(
  db: Db,
  opts: { name?: string; capacity?: number; policy?: Partial<NewRoomPolicy> | null } = {},
) {
  const name = opts.name ?? `Zaal ${randomBytes(3).toString("hex")}`;
  const [inserted] = await db
    .insert(rooms)
    .values({ name, capacity: opts.capacity ?? 8, timeZone: "Europe/Amsterdam" })
    .returning();
  const room = must(inserted, "the inserted room");
  if (opts.policy !== null) {
    await db.insert(roomPolicies).values({ roomId: room.id, maxDurationMinutes: 240, ...opts.policy });
  }
  return room;
}

export async function makeCustomer(db: Db, name = "Jan de Vries") {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${randomBytes(3).toString("hex")}@example.nl`;
  const [c] = await db.insert(customers).values({ name, email, organisation: "De Vries BV" }).returning();
  return must(c, "the inserted customer");
}

export async function statusById(db: Db, id: string) {
  const [s] = await db.select().from(bookingStatuses).where(eq(bookingStatuses.id, id));
  return s;
}

/** The BookingError a write was refused with; fails the test if it succeeded or threw anything else. */
export async function rejection(p: Promise<unknown>): Promise<BookingError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BookingError) return e;
    throw e;
  }
  throw new Error("expected a BookingError");
}

/** The first booking a write returned: the one created or changed (fails the test if there is none). */
export function firstBooking(res: { bookings: Booking[] }): Booking {
  return must(res.bookings[0], "the first booking the write returned");
}

/** Item `n` of a result the test expects to have it (fails the test, naming the index, when it is missing). */
export function nth<T>(items: readonly T[], n: number): T {
  return must(items[n], `item ${n} of ${items.length}`);
}
