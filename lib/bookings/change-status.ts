// Cancelling and status changes (approve, reject, reinstate). Cancelling keeps the row and sets
// the cancelled status; moving back into a status that blocks the room re-checks conflicts.
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bookings, type Booking, type BookingStatus } from "@/db/schema";
import { must } from "@/lib/invariant";
import type { BookingWriteKind } from "./hooks";
import { lockForWrite, seriesTargets, type EditScope } from "./series-targets";
import {
  cancelledStatus,
  loadStatus,
  mergeFlags,
  recordWrites,
  resolveDb,
  validateSlots,
  type WriteOptions,
} from "./write-support";

export interface StatusChangeArgs {
  id: string;
  version?: number;
  scope?: EditScope;
}

export async function cancelBooking(args: StatusChangeArgs, opts: WriteOptions): Promise<{ bookings: Booking[] }> {
  const db = await resolveDb(opts);
  return db.transaction(async (tx) => applyStatus(tx, args, await cancelledStatus(tx), "cancelled", opts));
}

export async function changeBookingStatus(
  args: StatusChangeArgs & { statusId: string },
  opts: WriteOptions,
): Promise<{ bookings: Booking[] }> {
  const db = await resolveDb(opts);
  return db.transaction(async (tx) => applyStatus(tx, args, await loadStatus(tx, args.statusId), "status", opts));
}

async function applyStatus(
  tx: Tx,
  args: StatusChangeArgs,
  status: BookingStatus,
  kind: BookingWriteKind,
  opts: WriteOptions,
): Promise<{ bookings: Booking[] }> {
  const { edited, room: ctx } = await lockForWrite(tx, args.id, args.version);
  const targets = (await seriesTargets(tx, edited, args.scope ?? "single")).filter((t) => t.statusId !== status.id);
  const old = await loadStatus(tx, edited.statusId);
  // Cancelled / rejected occupy nothing; going back to e.g. Confirmed must find the room still free.
  // Lead time and advance window are not re-applied: the booking's time did not change.
  const flags =
    status.blocksRoom && !old.blocksRoom
      ? await validateSlots(tx, {
          ctx,
          status,
          opts,
          timingChanged: false,
          excludeIds: targets.map((t) => t.id),
          slots: targets.map((t) => ({ startAt: t.startAt, endAt: t.endAt, attendeeCount: t.attendeeCount })),
        })
      : null;
  const pairs: Array<{ before: Booking; after: Booking }> = [];
  for (const t of targets) {
    const [after] = await tx
      .update(bookings)
      .set({
        statusId: status.id,
        ...(flags && { flags: mergeFlags(t.flags, flags) }),
        version: t.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(bookings.id, t.id))
      .returning();
    // Targets are locked by seriesTargets, so each update finds its row.
    pairs.push({ before: t, after: must(after, "a locked booking, updated") });
  }
  await recordWrites(tx, kind, pairs, opts);
  return { bookings: pairs.map((p) => p.after) };
}
