// Read models for the diagnostics page: recent inbox rows, recent sync actions, dead letters,
// per-calendar reconcile progress and queue depth. Mutations live in reconcile.ts / lib/jobs.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  calendarSyncState,
  inboxNotifications,
  jobs,
  syncLog,
  type CalendarSyncState,
  type InboxNotification,
  type Job,
  type SyncLogEntry,
} from "@/db/schema";
import { JOB_RECONCILE } from "@/lib/sync/jobs";

export async function recentInbox(integrationId: string, limit = 50): Promise<InboxNotification[]> {
  const db = await getDb();
  return db
    .select()
    .from(inboxNotifications)
    .where(eq(inboxNotifications.integrationId, integrationId))
    .orderBy(desc(inboxNotifications.id))
    .limit(limit);
}

export async function recentSyncActions(integrationId: string, limit = 100): Promise<SyncLogEntry[]> {
  const db = await getDb();
  return db
    .select()
    .from(syncLog)
    .where(eq(syncLog.integrationId, integrationId))
    .orderBy(desc(syncLog.id))
    .limit(limit);
}

/** Dead jobs of this integration (payload.integrationId) — retry with retryDeadLetter(id). */
export async function deadLettersFor(integrationId: string, limit = 50): Promise<Job[]> {
  const db = await getDb();
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.state, "dead"), sql`${jobs.payload}->>'integrationId' = ${integrationId}`))
    .orderBy(desc(jobs.finishedAt))
    .limit(limit);
}

/** One row per calendar: last reconcile, changes applied, last error, whether a delta link is held. */
export async function reconcileProgress(
  integrationId: string,
): Promise<(Omit<CalendarSyncState, "deltaLink"> & { hasDeltaLink: boolean })[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(calendarSyncState)
    .where(eq(calendarSyncState.integrationId, integrationId))
    .orderBy(calendarSyncState.mailbox);
  // The delta link is an opaque Graph URL with a token in it: the page only needs to know it exists.
  return rows.map(({ deltaLink, ...r }) => ({ ...r, hasDeltaLink: !!deltaLink }));
}

export interface QueueDepth {
  pending: number;
  running: number;
  dead: number;
  inboxPending: number;
  oldestPendingAt: Date | null;
}

export async function queueDepth(): Promise<QueueDepth> {
  const db = await getDb();
  const [j] = await db
    .select({
      pending: sql<number>`count(*) filter (where ${jobs.state} = 'pending')::int`,
      running: sql<number>`count(*) filter (where ${jobs.state} = 'running')::int`,
      dead: sql<number>`count(*) filter (where ${jobs.state} = 'dead')::int`,
      oldest: sql<string | null>`min(${jobs.createdAt}) filter (where ${jobs.state} = 'pending')`,
    })
    .from(jobs);
  const [i] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(inboxNotifications)
    .where(sql`${inboxNotifications.processedAt} is null`);
  return {
    pending: j?.pending ?? 0,
    running: j?.running ?? 0,
    dead: j?.dead ?? 0,
    inboxPending: i?.n ?? 0,
    oldestPendingAt: j?.oldest ? new Date(j.oldest) : null,
  };
}

/** Whether a reconcile of this integration runs or waits to run now, and how the last one ended. */
export interface ReconcileStatus {
  state: "running" | "queued" | "idle";
  last: SyncLogEntry | null;
}

export async function reconcileStatus(integrationId: string, now = new Date()): Promise<ReconcileStatus> {
  const db = await getDb();
  const [job] = await db
    .select({ state: jobs.state, runAfter: jobs.runAfter })
    .from(jobs)
    .where(and(eq(jobs.name, JOB_RECONCILE), eq(jobs.key, integrationId), inArray(jobs.state, ["pending", "running"])))
    .orderBy(desc(jobs.id))
    .limit(1);
  const [last] = await db
    .select()
    .from(syncLog)
    .where(and(eq(syncLog.integrationId, integrationId), eq(syncLog.action, "reconcile")))
    .orderBy(desc(syncLog.id))
    .limit(1);
  const state = job?.state === "running" ? "running" : job && job.runAfter <= now ? "queued" : "idle";
  return { state, last: last ?? null };
}

export { runReconcileNow } from "@/lib/sync/reconcile/reconcile";
export { retryDeadLetter } from "@/lib/jobs/queue";
