// The booking as the pages show it: joined with its room, status and customer, with the room-local
// wall clock. Shared by the read queries (queries.ts) and the keyset list (list.ts).
import { asc, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingStatuses, bookings, customers, rooms, type Booking } from "@/db/schema";
import { utcToLocal } from "./time";

export interface BookingView extends Booking {
  roomName: string;
  timeZone: string;
  statusKey: string;
  statusName: string;
  statusNameNl: string | null;
  statusColor: string;
  blocksRoom: boolean;
  isCancelled: boolean;
  needsApproval: boolean;
  isRejected: boolean;
  customerName: string | null;
  customerOrganisation: string | null;
  /** Room-local wall clock, for the calendar grid and the list. */
  local: { date: string; startTime: string; endTime: string };
}

const viewColumns = {
  booking: bookings,
  roomName: rooms.name,
  timeZone: rooms.timeZone,
  statusKey: bookingStatuses.key,
  statusName: bookingStatuses.name,
  statusNameNl: bookingStatuses.nameNl,
  statusColor: bookingStatuses.color,
  blocksRoom: bookingStatuses.blocksRoom,
  isCancelled: bookingStatuses.isCancelled,
  needsApproval: bookingStatuses.needsApproval,
  isRejected: bookingStatuses.isRejected,
  customerName: customers.name,
  customerOrganisation: customers.organisation,
};

type ViewRow = { booking: Booking } & Omit<BookingView, keyof Booking | "local">;

export function toView(r: ViewRow): BookingView {
  const s = utcToLocal(r.booking.startAt, r.timeZone);
  const e = utcToLocal(r.booking.endAt, r.timeZone);
  const { booking, ...rest } = r;
  return { ...booking, ...rest, local: { date: s.date, startTime: s.time, endTime: e.time } };
}

export async function selectViews(
  db: Db,
  where: SQL | undefined,
  opts: { limit?: number; offset?: number; newestFirst?: boolean } = {},
) {
  let q = db
    .select(viewColumns)
    .from(bookings)
    .innerJoin(rooms, eq(bookings.roomId, rooms.id))
    .innerJoin(bookingStatuses, eq(bookings.statusId, bookingStatuses.id))
    .leftJoin(customers, eq(bookings.customerId, customers.id))
    .where(where)
    .orderBy(opts.newestFirst ? desc(bookings.startAt) : asc(bookings.startAt), asc(rooms.name))
    .$dynamic();
  if (opts.limit !== undefined) q = q.limit(opts.limit);
  if (opts.offset) q = q.offset(opts.offset);
  return (await q).map(toView);
}

/** Views in an explicit order (the keyset list's (start, room name, id)). */
export async function selectViewsOrdered(db: Db, where: SQL | undefined, order: SQL[], limit: number) {
  const rows = await db
    .select(viewColumns)
    .from(bookings)
    .innerJoin(rooms, eq(bookings.roomId, rooms.id))
    .innerJoin(bookingStatuses, eq(bookings.statusId, bookingStatuses.id))
    .leftJoin(customers, eq(bookings.customerId, customers.id))
    .where(where)
    .orderBy(...order)
    .limit(limit);
  return rows.map(toView);
}
