// Outbox: every Roomlink-side booking write adds an outbox row inside the booking's own transaction
// (onBookingWritten); a pump turns pending rows into one outbound job per booking.
import { inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { outbox } from "@/db/schema";
import { onBookingWritten } from "@/lib/bookings/service";
import { enqueue, rowsOf } from "@/lib/jobs/queue";

export const JOB_OUTBOUND = "sync.outbound";

const g = globalThis as unknown as { __roomlinkOutboxHook?: () => void };

/**
 * Writes that came from Outlook (source "outlook") or from the sync engine itself (storing the
 * event id) must not travel back: that is the first half of echo suppression.
 */
export function registerOutboxHook(): void {
  if (g.__roomlinkOutboxHook) return;
  g.__roomlinkOutboxHook = onBookingWritten(async (e) => {
    if (e.source === "outlook") return;
    await e.tx.insert(outbox).values({ bookingId: e.after.id, kind: e.kind });
  });
}

export function unregisterOutboxHook(): void {
  g.__roomlinkOutboxHook?.();
  g.__roomlinkOutboxHook = undefined;
}

export async function pumpOutbox(limit = 500): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const res = await tx.execute(sql`select id, booking_id from outbox where processed_at is null order by id limit ${limit} for update skip locked`);
    const rows = rowsOf<{ id: number | string; booking_id: string }>(res);
    if (!rows.length) return 0;
    for (const bookingId of new Set(rows.map((r) => r.booking_id))) {
      await enqueue(JOB_OUTBOUND, { bookingId }, { key: bookingId }, tx);
    }
    await tx.update(outbox).set({ processedAt: new Date(), outcome: "queued" }).where(inArray(outbox.id, rows.map((r) => Number(r.id))));
    return rows.length;
  });
}
