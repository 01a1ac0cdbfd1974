// Which rows an edit of a series touches: the booking alone, it and the later occurrences, or
// the whole series. Cancelled occurrences stay cancelled and are left out. Rows are locked.
import { and, asc, eq, gte, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bookingStatuses, bookings, type Booking } from "@/db/schema";
import { must } from "@/lib/invariant";
import { BookingError } from "./errors";
import { lockRooms, type RoomContext } from "./write-support";

export type EditScope = "single" | "following" | "all";

/**
 * Lock order for every write that touches existing bookings: room row(s) first (sorted), then
 * booking rows. Writes to one room then queue on its room lock and never hold booking rows in
 * opposite orders (two series edits would otherwise deadlock on server Postgres).
 * Returns the edited booking (version-checked), the context of its room and that of `moveTo`
 * (its own room again when the edit does not move it).
 */
export async function lockForWrite(
  tx: Tx,
  id: string,
  version: number | undefined,
  moveTo?: string,
): Promise<{ edited: Booking; room: RoomContext; target: RoomContext }> {
  const [peek] = await tx.select({ roomId: bookings.roomId }).from(bookings).where(eq(bookings.id, id));
  if (!peek) throw new BookingError([{ code: "booking_not_found", field: "form" }]);
  const targetId = moveTo ?? peek.roomId;
  const locked = await lockRooms(tx, [peek.roomId, targetId]);
  const room = must(locked.get(peek.roomId), "the booking's room, just locked");
  const target = must(locked.get(targetId), "the target room, just locked");
  const [b] = await tx.select().from(bookings).where(eq(bookings.id, id)).for("update");
  if (!b) throw new BookingError([{ code: "booking_not_found", field: "form" }]);
  // Moved to another room between our peek and the lock: treat like any concurrent edit.
  if (b.roomId !== peek.roomId || (version !== undefined && version !== b.version)) {
    throw new BookingError([
      { code: "stale_version", field: "version", params: { expected: version ?? b.version, actual: b.version } },
    ]);
  }
  return { edited: b, room, target };
}

export async function seriesTargets(tx: Tx, b: Booking, scope: EditScope): Promise<Booking[]> {
  if (scope === "single") return [b];
  if (!b.recurrenceGroupId) throw new BookingError([{ code: "not_in_series", field: "form" }]);
  const conds = [eq(bookings.recurrenceGroupId, b.recurrenceGroupId), eq(bookingStatuses.isCancelled, false)];
  if (scope === "following") conds.push(gte(bookings.occurrenceIndex, b.occurrenceIndex ?? 0));
  const rows = await tx
    .select({ id: bookings.id })
    .from(bookings)
    .innerJoin(bookingStatuses, eq(bookings.statusId, bookingStatuses.id))
    .where(and(...conds));
  const ids = [...new Set([b.id, ...rows.map((r) => r.id)])];
  const locked = await tx
    .select()
    .from(bookings)
    .where(inArray(bookings.id, ids))
    .orderBy(asc(bookings.startAt))
    .for("update");
  return locked;
}
