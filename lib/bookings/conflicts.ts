// Double-booking detection: overlap (half-open) with bookings in a status that blocks the room.
// Pure matching plus the one query that loads the candidates; callers lock the room row first.
import { and, asc, eq, gt, inArray, lt, not } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bookingStatuses, bookings, customers, type Room } from "@/db/schema";
import type { BookingIssueInput } from "./errors";
import { overlaps } from "./time";

export interface BlockingBooking {
  id: string;
  startAt: Date;
  endAt: Date;
  title: string;
  organizerEmail: string | null;
  customerName: string | null;
  statusName: string;
  statusNameNl: string | null;
  recurrenceGroupId: string | null;
}

export interface Slot {
  startAt: Date;
  endAt: Date;
}

/** Pairs of (candidate index, existing booking) that overlap. Touching intervals do not. */
export function findConflicts(
  candidates: Slot[],
  existing: BlockingBooking[],
): Array<{ index: number; candidate: Slot; booking: BlockingBooking }> {
  const out: Array<{ index: number; candidate: Slot; booking: BlockingBooking }> = [];
  candidates.forEach((candidate, index) => {
    for (const b of existing) if (overlaps(candidate, b)) out.push({ index, candidate, booking: b });
  });
  return out;
}

/** Blocking bookings of a room overlapping [from, to), except the rows being rewritten. */
export async function loadBlockingBookings(
  tx: Tx,
  roomId: string,
  from: Date,
  to: Date,
  excludeIds: string[] = [],
): Promise<BlockingBooking[]> {
  const conds = [
    eq(bookings.roomId, roomId),
    eq(bookingStatuses.blocksRoom, true),
    lt(bookings.startAt, to),
    gt(bookings.endAt, from),
  ];
  if (excludeIds.length) conds.push(not(inArray(bookings.id, excludeIds)));
  return tx
    .select({
      id: bookings.id,
      startAt: bookings.startAt,
      endAt: bookings.endAt,
      title: bookings.title,
      organizerEmail: bookings.organizerEmail,
      customerName: customers.name,
      statusName: bookingStatuses.name,
      statusNameNl: bookingStatuses.nameNl,
      recurrenceGroupId: bookings.recurrenceGroupId,
    })
    .from(bookings)
    .innerJoin(bookingStatuses, eq(bookings.statusId, bookingStatuses.id))
    .leftJoin(customers, eq(bookings.customerId, customers.id))
    .where(and(...conds))
    .orderBy(asc(bookings.startAt));
}

export function conflictIssue(room: Pick<Room, "name" | "timeZone">, b: BlockingBooking): BookingIssueInput {
  return {
    code: "conflict",
    field: "startTime",
    params: {
      room: room.name,
      timeZone: room.timeZone,
      start: b.startAt.toISOString(),
      end: b.endAt.toISOString(),
      // Who holds the room: the customer, else the organizer; with neither, the booking's title.
      by: b.customerName ?? b.organizerEmail ?? "",
      title: b.title,
      status: b.statusName,
      statusNl: b.statusNameNl ?? b.statusName,
      bookingId: b.id,
    },
  };
}

/**
 * Issues for a set of candidate slots in one room. A single slot: one "conflict" per clash.
 * A series: one "series_conflict" naming every clashing date first, then the individual clashes.
 */
export async function checkConflicts(
  tx: Tx,
  room: Pick<Room, "id" | "name" | "timeZone">,
  candidates: Slot[],
  excludeIds: string[] = [],
): Promise<BookingIssueInput[]> {
  if (!candidates.length) return [];
  const from = new Date(Math.min(...candidates.map((c) => c.startAt.getTime())));
  const to = new Date(Math.max(...candidates.map((c) => c.endAt.getTime())));
  const existing = await loadBlockingBookings(tx, room.id, from, to, excludeIds);
  const hits = findConflicts(candidates, existing);
  if (!hits.length) return [];
  const details = hits.map((h) => conflictIssue(room, h.booking));
  if (candidates.length === 1) return details;
  const dates = [...new Set(hits.map((h) => h.candidate.startAt.toISOString()))];
  return [
    {
      code: "series_conflict",
      field: "recurrence",
      params: { room: room.name, timeZone: room.timeZone, dates, count: dates.length },
    },
    ...details,
  ];
}
