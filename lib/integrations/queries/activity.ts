// View models of the diagnostics page's sync activity cards, one per card: reconcile, job queue,
// received notifications and recent sync actions; the cards only translate and format dates.
import { desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { jobs, syncLog, type Integration } from "@/db/schema";
import type { SyncLogLine } from "@/lib/i18n/sync-log";
import { env } from "@/lib/env";
import { parkedOf } from "@/lib/jobs/parking";
import { lastFailedRound, SCHEDULE_RECONCILE } from "@/lib/jobs/schedule";
import { deadLettersFor, queueDepth, recentInbox, reconcileProgress, reconcileStatus } from "@/lib/sync/queries";
import { mailboxLabel } from "./mailbox-label";

export interface CalendarRow {
  id: string;
  label: string;
  lastReconcileAt: Date | null;
  changes: number;
  hasDeltaLink: boolean;
  lastError: { at: Date | null; text: string } | null;
}

export interface ReconcileView {
  everyMinutes: number;
  state: "running" | "queued" | "idle";
  /** The last reconcile round of this integration: when, its line (said by the card), its outcome. */
  last: { at: Date; line: SyncLogLine; outcome: string } | null;
  /** The newest failed scheduled round (any integration's), until a later one succeeds. */
  failedRound: { roundAt: Date; at: Date; error: string } | null;
  parked: { key: string; mailbox: string; probes: number; nextProbeAt: Date }[];
  /** At most 50 calendars. */
  calendars: CalendarRow[];
}

export async function reconcileView(i: Integration): Promise<ReconcileView> {
  const [recon, calendars, failed, parked] = await Promise.all([
    reconcileStatus(i.id),
    reconcileProgress(i.id),
    lastFailedRound(SCHEDULE_RECONCILE),
    parkedOf(i.id),
  ]);
  return {
    everyMinutes: env.RECONCILE_EVERY_MINUTES,
    state: recon.state,
    last: recon.last ? { at: recon.last.at, line: lineOf(recon.last), outcome: recon.last.outcome } : null,
    failedRound: failed
      ? { roundAt: failed.roundAt, at: failed.finishedAt ?? failed.startedAt, error: failed.error ?? "" }
      : null,
    parked: parked.map((p) => ({ key: p.groupKey, mailbox: p.mailbox, probes: p.probes, nextProbeAt: p.nextProbeAt })),
    calendars: calendars.slice(0, 50).map((c) => ({
      id: c.id,
      label: mailboxLabel(i, c.mailbox),
      lastReconcileAt: c.lastReconcileAt,
      changes: c.lastReconcileChanges ?? 0,
      hasDeltaLink: c.hasDeltaLink,
      lastError: c.lastError ? { at: c.lastErrorAt, text: c.lastError } : null,
    })),
  };
}

export interface QueueView {
  pending: number;
  /** Of the pending jobs: due now (waiting for a worker) and scheduled for later (a retry, the next round). */
  due: number;
  later: number;
  /** The longest a due job has been waiting: since its run time came (not since it was queued). */
  oldestDueAt: Date | null;
  /** oldestDueAt when that is over a minute ago (the worker polls every second): the queue is behind. */
  behindSince: Date | null;
  nextLaterAt: Date | null;
  running: number;
  inboxPending: number;
  oldestPendingAt: Date | null;
  /** This integration's dead letters, newest first (at most 20). */
  dead: { id: number; name: string; attempts: number; finishedAt: Date | null; lastError: string }[];
}

export async function queueView(integrationId: string): Promise<QueueView> {
  const db = await getDb();
  const [q, dead, [split]] = await Promise.all([
    queueDepth(),
    deadLettersFor(integrationId, 20),
    // Pending rows only (jobs_ready_idx is partial on them): a handful, whatever the table holds.
    db
      .select({
        due: sql<number>`count(*) filter (where ${jobs.runAfter} <= now())::int`,
        later: sql<number>`count(*) filter (where ${jobs.runAfter} > now())::int`,
        oldestDue: sql<string | null>`min(${jobs.runAfter}) filter (where ${jobs.runAfter} <= now())`,
        nextLater: sql<string | null>`min(${jobs.runAfter}) filter (where ${jobs.runAfter} > now())`,
      })
      .from(jobs)
      .where(eq(jobs.state, "pending")),
  ]);
  return {
    pending: q.pending,
    due: split?.due ?? 0,
    later: split?.later ?? 0,
    oldestDueAt: split?.oldestDue ? new Date(split.oldestDue) : null,
    behindSince:
      split?.oldestDue && Date.now() - new Date(split.oldestDue).getTime() > 60_000 ? new Date(split.oldestDue) : null,
    nextLaterAt: split?.nextLater ? new Date(split.nextLater) : null,
    running: q.running,
    inboxPending: q.inboxPending,
    oldestPendingAt: q.oldestPendingAt,
    dead: dead.map((j) => ({
      id: j.id,
      name: j.name,
      attempts: j.attempts,
      finishedAt: j.finishedAt,
      lastError: j.lastError ?? "",
    })),
  };
}

export interface NotificationRow {
  id: string;
  receivedAt: Date;
  /** The change type of a change notification, else the notification's kind (lifecycle …). */
  change: string;
  mailbox: string;
  eventId: string | null;
  /** Null while it waits in the inbox; else the outcome ("queued" when none was recorded). */
  outcome: string | null;
}

/** The 10 newest notifications received for this integration. */
export async function notificationsView(i: Integration): Promise<NotificationRow[]> {
  const inbox = await recentInbox(i.id, 10);
  return inbox.map((n) => ({
    id: String(n.id),
    receivedAt: n.receivedAt,
    change: n.kind === "change" ? n.changeType : n.kind,
    mailbox: mailboxLabel(i, n.mailbox),
    eventId: n.eventId || null,
    outcome: n.processedAt ? (n.outcome ?? "queued") : null,
  }));
}

export interface SyncLogRow {
  id: string;
  at: Date;
  direction: string;
  action: string;
  outcome: string;
  tone: "green" | "red" | "slate";
  /** What happened: a code + params the card says in the reader's language, or older stored text. */
  line: SyncLogLine;
  mailbox: string | null;
}

const lineOf = (l: SyncLogLine): SyncLogLine => ({ code: l.code, params: l.params, message: l.message });

/** The 25 newest sync actions of this integration. */
export async function recentSyncView(integrationId: string): Promise<SyncLogRow[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(syncLog)
    .where(eq(syncLog.integrationId, integrationId))
    .orderBy(desc(syncLog.at))
    .limit(25);
  return rows.map((l) => ({
    id: String(l.id),
    at: l.at,
    direction: l.direction,
    action: l.action,
    outcome: l.outcome,
    tone: l.outcome === "ok" ? "green" : l.outcome === "failed" ? "red" : "slate",
    line: lineOf(l),
    mailbox: l.mailbox,
  }));
}
