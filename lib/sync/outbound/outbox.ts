// Outbox: every Roomlink-side booking write adds an outbox row inside the booking's own transaction
// (onBookingWritten) and wakes the workers at commit; a pump turns pending rows into one outbound job
// per booking and integration.
import { inArray, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { outbox } from "@/db/schema";
import { onBookingWritten } from "@/lib/bookings/service";
import { enqueueMany, rowsOf } from "@/lib/jobs/queue";
import { wakeWorkersOnCommit } from "@/lib/jobs/wake";
import { mailboxGroup } from "@/lib/sync/graph-access";
import { outboundJob } from "@/lib/sync/jobs";
import { outboundTargets } from "./targets";

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
    // The pump that turns the row into a job runs in the workers: wake them once the write commits.
    await wakeWorkersOnCommit(e.tx);
  });
}

export function unregisterOutboxHook(): void {
  g.__roomlinkOutboxHook?.();
  g.__roomlinkOutboxHook = undefined;
}

export async function pumpOutbox(limit = 500): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const res = await tx.execute(
      sql`select id, booking_id from outbox where processed_at is null order by id limit ${limit} for update skip locked`,
    );
    const rows = rowsOf<{ id: number | string; booking_id: string }>(res);
    if (!rows.length) return 0;
    await enqueueOutbound([...new Set(rows.map((r) => r.booking_id))], tx);
    await tx
      .update(outbox)
      .set({ processedAt: new Date(), outcome: "queued" })
      .where(
        inArray(
          outbox.id,
          rows.map((r) => Number(r.id)),
        ),
      );
    return rows.length;
  });
}

/**
 * One job per (booking, integration): the job names its integration, so a failure there (re-consent,
 * access denied, throttling) is recorded against it and parks only its own work. A pending job for
 * the pair absorbs later changes: it reads the booking's current state when it runs.
 */
export async function enqueueOutbound(bookingIds: string[], tx?: Tx, onlyIntegrationId?: string): Promise<number> {
  const db = tx ?? (await getDb());
  // One insert for the whole list (a pump's burst, a series' occurrences).
  return enqueueMany(
    outboundJob,
    (await outboundTargets(db, bookingIds))
      .filter((t) => !onlyIntegrationId || t.integrationId === onlyIntegrationId)
      .map((t) => ({
        payload: { bookingId: t.bookingId, integrationId: t.integrationId },
        opts: { key: `${t.bookingId}|${t.integrationId}`, groupKey: mailboxGroup(t.integrationId, t.mailbox) },
      })),
    tx,
  );
}
