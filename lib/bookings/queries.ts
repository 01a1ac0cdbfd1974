// Read side for the booking pages: a room's week, a day across rooms, the filterable list, one
// booking with its form values, and the lookups (rooms, statuses, customers) the forms need.
import { and, asc, count, desc, eq, gt, gte, ilike, inArray, isNotNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, bookingStatuses, bookings, customers, recurrenceGroups, roomPolicies, rooms } from "@/db/schema";
import { must } from "@/lib/invariant";
import type { BookingFormInput } from "./booking.schema";
import { customersMatching, listConditions, likePattern } from "./list";
import { dayRange, utcToLocal, weekRange } from "./time";
import { selectViews, type BookingView } from "./views";

async function use(db?: Db): Promise<Db> {
  if (db) return db;
  const { getDb } = await import("@/db/client");
  return getDb();
}

export type { BookingView };

const visible = (includeCancelled?: boolean) => (includeCancelled ? undefined : eq(bookingStatuses.isCancelled, false));

/** Monday–Sunday (room-local) holding `weekOf` (a date YYYY-MM-DD or an instant). */
export async function roomWeek(
  roomId: string,
  weekOf: string | Date,
  opts: { includeCancelled?: boolean } = {},
  db?: Db,
) {
  const d = await use(db);
  const [room] = await d.select().from(rooms).where(eq(rooms.id, roomId));
  if (!room) return null;
  const anchor = typeof weekOf === "string" ? dayRange(weekOf, room.timeZone).start : weekOf;
  const { start, end } = weekRange(anchor, room.timeZone);
  const days = Array.from(
    { length: 7 },
    (_, i) => utcToLocal(new Date(start.getTime() + (i * 24 + 12) * 3_600_000), room.timeZone).date,
  );
  const rows = await selectViews(
    d,
    and(
      eq(bookings.roomId, roomId),
      lt(bookings.startAt, end),
      gt(bookings.endAt, start),
      visible(opts.includeCancelled),
    ),
  );
  return { room, start, end, days, bookings: rows };
}

/** One local day (YYYY-MM-DD) across all active rooms; the day is taken in each room's zone. */
export async function dayAcrossRooms(date: string, opts: { includeCancelled?: boolean } = {}, db?: Db) {
  const d = await use(db);
  const roomList = await d.select().from(rooms).where(eq(rooms.active, true)).orderBy(asc(rooms.name));
  const zones = [...new Set(roomList.map((r) => r.timeZone))];
  const ranges = zones.map((z) => dayRange(date, z));
  if (!ranges.length) return { date, rooms: roomList, bookings: [] as BookingView[] };
  const from = new Date(Math.min(...ranges.map((r) => r.start.getTime())));
  const to = new Date(Math.max(...ranges.map((r) => r.end.getTime())));
  const rows = await selectViews(
    d,
    and(lt(bookings.startAt, to), gt(bookings.endAt, from), eq(rooms.active, true), visible(opts.includeCancelled)),
  );
  const inDay = rows.filter((b) => {
    const r = dayRange(date, b.timeZone);
    return b.startAt < r.end && b.endAt > r.start;
  });
  return { date, rooms: roomList, bookings: inDay };
}

/** Which rooms the day view shows: a page of the active rooms, narrowed by building, size and name. */
export interface DayRoomsFilter {
  building?: string;
  minCapacity?: number;
  /** Part of the room's name. */
  q?: string;
  offset?: number;
  limit?: number;
}

/**
 * One local day across a page of the active rooms (name order), with how many rooms match in all
 * and the buildings to filter on. Bookings are read for that page's rooms only.
 */
export async function dayForRooms(
  date: string,
  f: DayRoomsFilter = {},
  opts: { includeCancelled?: boolean } = {},
  db?: Db,
) {
  const d = await use(db);
  const limit = Math.min(100, Math.max(1, Math.floor(f.limit ?? 20)));
  const offset = Math.max(0, Math.floor(f.offset ?? 0));
  const q = f.q?.trim();
  const where = and(
    eq(rooms.active, true),
    f.building ? eq(rooms.building, f.building) : undefined,
    f.minCapacity ? gte(rooms.capacity, f.minCapacity) : undefined,
    q ? ilike(rooms.name, likePattern(q)) : undefined,
  );
  const [roomList, [counted], buildings] = await Promise.all([
    d.select().from(rooms).where(where).orderBy(asc(rooms.name)).limit(limit).offset(offset),
    d.select({ n: count() }).from(rooms).where(where),
    d
      .selectDistinct({ building: rooms.building })
      .from(rooms)
      .where(and(eq(rooms.active, true), isNotNull(rooms.building)))
      .orderBy(asc(rooms.building)),
  ]);
  const totalRooms = Number(counted?.n ?? 0);
  const page = {
    date,
    rooms: roomList,
    totalRooms,
    offset,
    limit,
    buildings: buildings.flatMap((b) => b.building ?? []),
  };
  if (!roomList.length) return { ...page, bookings: [] as BookingView[] };
  const zones = [...new Set(roomList.map((r) => r.timeZone))];
  const ranges = zones.map((z) => dayRange(date, z));
  const from = new Date(Math.min(...ranges.map((r) => r.start.getTime())));
  const to = new Date(Math.max(...ranges.map((r) => r.end.getTime())));
  const rows = await selectViews(
    d,
    and(
      inArray(
        bookings.roomId,
        roomList.map((r) => r.id),
      ),
      lt(bookings.startAt, to),
      gt(bookings.endAt, from),
      visible(opts.includeCancelled),
    ),
  );
  const inDay = rows.filter((b) => {
    const r = dayRange(date, b.timeZone);
    return b.startAt < r.end && b.endAt > r.start;
  });
  return { ...page, bookings: inDay };
}

export interface BookingFilter {
  roomId?: string;
  statusId?: string;
  customerId?: string;
  /** Searches title, organizer e-mail, notes, customer name and organisation. */
  q?: string;
  /** Local dates (YYYY-MM-DD), inclusive, taken in Europe/Amsterdam unless `timeZone`. */
  from?: string;
  to?: string;
  timeZone?: string;
  includeCancelled?: boolean;
  page?: number;
  pageSize?: number;
}

/** OFFSET paging with an exact total: for short lists (templates' recent bookings); the admin list pages with listBookingsPage. */
export async function listBookings(f: BookingFilter = {}, db?: Db) {
  const d = await use(db);
  const page = Math.max(1, Math.floor(f.page ?? 1));
  const pageSize = Math.min(200, Math.max(1, Math.floor(f.pageSize ?? 50)));
  const where = listConditions(f, await customersMatching(d, f.q));
  const [counted] = await d
    .select({ total: count() })
    .from(bookings)
    .innerJoin(bookingStatuses, eq(bookings.statusId, bookingStatuses.id))
    .where(where);
  // count() without group by always answers one row.
  const { total } = must(counted, "the booking count");
  const rows = await selectViews(d, where, { limit: pageSize, offset: (page - 1) * pageSize });
  return { rows, total: Number(total), page, pageSize, pages: Math.max(1, Math.ceil(Number(total) / pageSize)) };
}

/** One booking with its series (if any) and the values to prefill the edit form. */
export async function getBooking(id: string, db?: Db) {
  const d = await use(db);
  const [view] = await selectViews(d, eq(bookings.id, id));
  if (!view) return null;
  const [group] = view.recurrenceGroupId
    ? await d.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, view.recurrenceGroupId))
    : [null];
  const form: BookingFormInput = {
    roomId: view.roomId,
    date: view.local.date,
    startTime: view.local.startTime,
    endTime: view.local.endTime,
    title: view.title,
    statusId: view.statusId,
    customerId: view.customerId ?? "",
    organizerEmail: view.organizerEmail ?? "",
    attendeeCount: view.attendeeCount,
    notes: view.notes ?? "",
    version: view.version,
  };
  return { booking: view, group: group ?? null, form };
}

export async function listRooms(opts: { includeInactive?: boolean } = {}, db?: Db) {
  const d = await use(db);
  return d
    .select()
    .from(rooms)
    .where(opts.includeInactive ? undefined : eq(rooms.active, true))
    .orderBy(asc(rooms.name));
}

/** The rooms admin page: a page of rooms, active ones first, then by name; `q` matches name or building. */
export async function listRoomsPage(f: { q?: string; offset?: number; limit?: number } = {}, db?: Db) {
  const d = await use(db);
  const limit = Math.min(200, Math.max(1, Math.floor(f.limit ?? 50)));
  const offset = Math.max(0, Math.floor(f.offset ?? 0));
  const q = f.q?.trim();
  const where = q ? or(ilike(rooms.name, likePattern(q)), ilike(rooms.building, likePattern(q))) : undefined;
  const [rows, [counted]] = await Promise.all([
    d
      .select()
      .from(rooms)
      .where(where)
      .orderBy(desc(rooms.active), asc(rooms.name), asc(rooms.id))
      .limit(limit)
      .offset(offset),
    d.select({ n: count() }).from(rooms).where(where),
  ]);
  return { rows, total: Number(counted?.n ?? 0), offset, limit };
}

export async function listStatuses(db?: Db) {
  const d = await use(db);
  return d.select().from(bookingStatuses).orderBy(asc(bookingStatuses.sortOrder), asc(bookingStatuses.name));
}

export async function listCustomers(opts: { q?: string } = {}, db?: Db) {
  const d = await use(db);
  const q = opts.q?.trim();
  const like = q ? likePattern(q) : null;
  return d
    .select()
    .from(customers)
    .where(
      like
        ? or(ilike(customers.name, like), ilike(customers.email, like), ilike(customers.organisation, like))
        : undefined,
    )
    .orderBy(asc(customers.name));
}

/** Customers by id (the booking's own, those its history names): the form searches the rest. */
export async function customersByIds(ids: string[], db?: Db) {
  if (!ids.length) return [];
  const d = await use(db);
  return d.select().from(customers).where(inArray(customers.id, ids)).orderBy(asc(customers.name));
}

/** Everything the booking form's selects need, in one call. */
export async function bookingLookups(db?: Db) {
  const d = await use(db);
  const [r, s, c] = await Promise.all([listRooms({}, d), listStatuses(d), listCustomers({}, d)]);
  return { rooms: r, statuses: s, customers: c };
}

export async function bookingsByIds(ids: string[], db?: Db) {
  if (!ids.length) return [];
  return selectViews(await use(db), inArray(bookings.id, ids));
}

/** Rooms with their policy (null when none) for the rooms admin page. */
export async function listRoomsWithPolicies(db?: Db) {
  const d = await use(db);
  const rows = await d
    .select()
    .from(rooms)
    .leftJoin(roomPolicies, eq(roomPolicies.roomId, rooms.id))
    .orderBy(asc(rooms.name));
  return rows.map((r) => ({ ...r.rooms, policy: r.room_policies }));
}

/** Who changed a booking, newest first: the audit rows with before/after snapshots. */
export async function bookingHistory(bookingId: string, db?: Db) {
  const d = await use(db);
  return d
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "booking"), eq(auditLog.entityId, bookingId)))
    .orderBy(desc(auditLog.at), desc(auditLog.id));
}
