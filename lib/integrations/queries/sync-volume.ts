// The diagnostics chart: sync volume and latency per hour over the last 24 hours, from two grouped
// reads over the last day's rows only (sync_log_integration_at_idx, inbox_notifications_integration_idx):
// cheap at 50,000 sync-log rows, since only the last day is read.
import { and, eq, gte, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { inboxNotifications, syncLog } from "@/db/schema";

export interface VolumeHour {
  /** Start of the hour (UTC hour boundary). */
  at: Date;
  /** Change notifications Graph delivered. */
  received: number;
  /** Bookings Roomlink created, changed or removed (either direction). */
  changed: number;
  failed: number;
  /** Median time from a notification's arrival to its processing, ms (null: none processed). */
  latencyMs: number | null;
}

const HOUR = 3_600_000;

export async function syncVolume24h(integrationId: string, now = new Date()): Promise<VolumeHour[]> {
  const db = await getDb();
  const firstHour = Math.floor(now.getTime() / HOUR) - 23;
  const since = new Date(firstHour * HOUR);
  const hourOf = (col: unknown) => sql<number>`floor(extract(epoch from ${col}) / 3600)::int`;
  const [log, inbox] = await Promise.all([
    db
      .select({
        h: hourOf(syncLog.at),
        changed: sql<number>`count(*) filter (where ${syncLog.outcome} = 'ok' and ${syncLog.bookingId} is not null)::int`,
        failed: sql<number>`count(*) filter (where ${syncLog.outcome} = 'failed')::int`,
      })
      .from(syncLog)
      .where(and(eq(syncLog.integrationId, integrationId), gte(syncLog.at, since)))
      .groupBy(sql`1`),
    db
      .select({
        h: hourOf(inboxNotifications.receivedAt),
        received: sql<number>`count(*) filter (where ${inboxNotifications.kind} = 'change')::int`,
        latency: sql<
          number | null
        >`percentile_cont(0.5) within group (order by extract(epoch from (${inboxNotifications.processedAt} - ${inboxNotifications.receivedAt})) * 1000)`,
      })
      .from(inboxNotifications)
      .where(and(eq(inboxNotifications.integrationId, integrationId), gte(inboxNotifications.receivedAt, since)))
      .groupBy(sql`1`),
  ]);
  const logBy = new Map(log.map((r) => [Number(r.h), r]));
  const inboxBy = new Map(inbox.map((r) => [Number(r.h), r]));
  return Array.from({ length: 24 }, (_, n) => {
    const h = firstHour + n;
    const l = logBy.get(h);
    const i = inboxBy.get(h);
    const latency = i?.latency == null ? null : Math.round(Number(i.latency));
    return {
      at: new Date(h * HOUR),
      received: Number(i?.received ?? 0),
      changed: Number(l?.changed ?? 0),
      failed: Number(l?.failed ?? 0),
      latencyMs: latency,
    };
  });
}
