// lib/sync/reconcile/ — the periodic safety net: subscriptions renewed or recreated, every calendar's
// delta, unsent bookings pushed (reconcile.ts), and parked (access-denied) mailboxes probed and healed
// (mailbox-access.ts).
// Reconcile one integration: renew subscriptions expiring within 24 h, recreate missing ones, run
// every calendar's delta (first pages in $batch of ≤ 20) and push bookings Outlook never received.
import { and, eq, gt, gte, inArray, or, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  bookings,
  bookingStatuses,
  eventLinks,
  integrationRooms,
  integrations,
  jobs,
  subscriptions,
  type Integration,
} from "@/db/schema";
import {
  checkSecretExpiry,
  createSubscription,
  expiringSubscriptions,
  getIntegration,
  recordIntegrationFailure,
  renewSubscription,
} from "@/lib/integrations";
import { IntegrationError } from "@/lib/graph";
import { takeBudget } from "@/lib/jobs/budget";
import { enqueue } from "@/lib/jobs/queue";
import { wakeWorkers } from "@/lib/jobs/wake";
import { log as rootLog } from "@/lib/log";
import {
  applyDeltaItems,
  deltaLogEntry,
  followDelta,
  freshDeltaUrl,
  loadSyncState,
  loadSyncStates,
  relativeGraphUrl,
  saveDeltaLinks,
  saveSyncState,
  syncWindow,
  windowAged,
  DELTA_PREFER,
  type Applied,
  type DeltaPage,
} from "@/lib/sync/inbound/delta";
import { callGraph, mailboxGroup } from "@/lib/sync/graph-access";
import { probeParkedMailboxes } from "./mailbox-access";
import { finishInitialSync } from "@/lib/sync/inbound/initial-sync";
import { enqueueOutbound } from "@/lib/sync/outbound/outbox";
import { JOB_OUTBOUND, reconcileJob } from "@/lib/sync/jobs";
import { DELETING } from "@/lib/sync/paths";
import { logSync, logSyncMany, type SyncLogInput } from "@/lib/sync/sync-log";

const log = rootLog.child({ area: "reconcile" });
/** Graph's JSON batching limit. https://learn.microsoft.com/graph/json-batching */
export const BATCH_SIZE = 20;

export interface ReconcileResult {
  mailboxes: number;
  changes: number;
  renewed: number;
  recreated: number;
  errors: number;
  graphBatches: number;
  pushed: number;
  /** Calendars whose delta window had aged and got a fresh round over the current one (windowAged). */
  windowsRenewed: number;
}

export async function mailboxesOf(
  integration: Integration,
): Promise<{ mailbox: string; integrationRoomId: string | null }[]> {
  if (integration.mode === "delegated") return [{ mailbox: "me", integrationRoomId: null }];
  const db = await getDb();
  const rows = await db.select().from(integrationRooms).where(eq(integrationRooms.integrationId, integration.id));
  return rows.map((r) => ({ mailbox: r.mailboxUpn, integrationRoomId: r.id }));
}

type BatchResponse = {
  responses: { id: string; status: number; headers?: Record<string, string>; body?: DeltaPage }[];
};

/**
 * `initial`: the first full sync activation queues (initial-sync.ts): the subscriptions were just
 * made, so only the delta rounds (full ones: activation dropped the links) and the push run.
 */
export async function reconcileIntegration(
  integrationId: string,
  opts: { initial?: boolean } = {},
): Promise<ReconcileResult> {
  const integration = await getIntegration(integrationId);
  const result: ReconcileResult = {
    mailboxes: 0,
    changes: 0,
    renewed: 0,
    recreated: 0,
    errors: 0,
    graphBatches: 0,
    pushed: 0,
    windowsRenewed: 0,
  };
  if (integration.state !== "active" && integration.state !== "needs_attention") return result;
  const started = Date.now();
  const db = await getDb();
  // Mailboxes Graph denies wait for their probe (mailbox-access.ts); one that answers again is read below.
  const { parked } = await probeParkedMailboxes(integration);
  const targets = (await mailboxesOf(integration)).filter((t) => !parked.has(t.mailbox.toLowerCase()));
  result.mailboxes = targets.length;
  const fail = async (mailbox: string, e: unknown) => {
    result.errors++;
    log.warn({ err: e, integrationId, mailbox }, "reconcile step failed");
    await saveSyncState(integrationId, mailbox, await loadSyncState(integrationId, mailbox), {
      lastError: (e as Error).message,
      lastErrorAt: new Date(),
    });
    if (e instanceof IntegrationError)
      await recordIntegrationFailure(integrationId, { advice: e.advice, message: e.message, mailbox }).catch(() => {});
  };

  // 1. Subscriptions: renew those expiring within 24 h, recreate missing ones.
  if (!opts.initial) {
    for (const sub of await expiringSubscriptions(integrationId)) {
      try {
        await renewSubscription(integration, sub);
        result.renewed++;
      } catch (e) {
        await fail(sub.mailbox, e);
      }
    }
    const subs = await db.select().from(subscriptions).where(eq(subscriptions.integrationId, integrationId));
    const watched = new Set(subs.map((s) => s.mailbox.toLowerCase()));
    for (const t of targets.filter((x) => !watched.has(x.mailbox.toLowerCase()))) {
      try {
        await createSubscription(integration, t);
        result.recreated++;
      } catch (e) {
        await fail(t.mailbox, e);
      }
    }
  }

  // 2. Delta per calendar: first pages in $batch of ≤ 20, applied together and their delta links
  // stored in one statement; further pages, expired tokens and refused sub-requests per calendar.
  const states = await loadSyncStates(integrationId);
  /** Calendars whose round finished, with the bookings it changed: an initial sync still open is done then. */
  const finished = new Map<string, number>();
  for (let i = 0; i < targets.length; i += BATCH_SIZE) {
    const chunk = targets.slice(i, i + BATCH_SIZE);
    const stateOf = (mailbox: string) => states.get(mailbox.toLowerCase());
    const win = syncWindow();
    let batch: BatchResponse;
    try {
      for (const t of chunk) takeBudget(mailboxGroup(integrationId, t.mailbox));
      batch = await callGraph(
        integration,
        "$batch",
        (c) =>
          c.api("/$batch").post({
            requests: chunk.map((t, n) => ({
              id: String(n),
              method: "GET",
              url: relativeGraphUrl(stateOf(t.mailbox)?.deltaLink ?? freshDeltaUrl(t.mailbox, undefined, win)),
              headers: { Prefer: DELTA_PREFER },
            })),
          }) as Promise<BatchResponse>,
      );
      result.graphBatches++;
    } catch (e) {
      for (const t of chunk) await fail(t.mailbox, e);
      continue;
    }
    const firstPages: { mailbox: string; page: DeltaPage }[] = [];
    const others: { mailbox: string; status: number }[] = [];
    for (const r of batch.responses ?? []) {
      const t = chunk[Number(r.id)];
      if (!t) continue;
      if (r.status === 200 && r.body) firstPages.push({ mailbox: t.mailbox, page: r.body });
      else others.push({ mailbox: t.mailbox, status: r.status });
    }
    let applied: Applied | undefined;
    try {
      applied = await applyDeltaItems(
        integration,
        firstPages.map((p) => ({ mailbox: p.mailbox, items: p.page.value ?? [] })),
      );
    } catch (e) {
      for (const p of firstPages) await fail(p.mailbox, e);
    }
    const done: Parameters<typeof saveDeltaLinks>[1] = [];
    const caughtUp = new Set<string>();
    const logged: SyncLogInput[] = [];
    for (const { mailbox, page } of applied ? firstPages : []) {
      if (applied!.errors.has(mailbox)) {
        await fail(mailbox, applied!.errors.get(mailbox));
        continue;
      }
      const state = stateOf(mailbox);
      const full = !state?.deltaLink;
      const changes = applied!.changes.get(mailbox) ?? 0;
      const next = page["@odata.nextLink"];
      if (next) {
        // A long first round: the rest of this calendar's pages one by one.
        try {
          const d = await followDelta(integration, mailbox, {
            url: next,
            full,
            state: state ?? null,
            changesSoFar: changes,
            window: full ? win : undefined,
          });
          result.changes += d.changes;
          finished.set(mailbox, d.changes);
          caughtUp.add(mailbox);
        } catch (e) {
          result.changes += changes;
          await fail(mailbox, e);
        }
        continue;
      }
      result.changes += changes;
      done.push({
        mailbox,
        state,
        deltaLink: page["@odata.deltaLink"] ?? null,
        changes,
        window: full ? win : undefined,
      });
      if (changes || full) logged.push(deltaLogEntry(integrationId, mailbox, changes, full));
    }
    try {
      await saveDeltaLinks(integrationId, done);
      await logSyncMany(logged);
      for (const d of done) {
        caughtUp.add(d.mailbox);
        finished.set(d.mailbox, d.changes);
      }
    } catch (e) {
      for (const d of done) await fail(d.mailbox, e);
    }
    for (const o of others) {
      try {
        // Expired sync state (410, or 400 for a token Graph no longer reads): a full round; else retry alone.
        const full = o.status === 410 || o.status === 400;
        const d = await followDelta(integration, o.mailbox, full ? { restart: true } : {});
        result.changes += d.changes;
        finished.set(o.mailbox, d.changes);
        if (!full) caughtUp.add(o.mailbox);
      } catch (e) {
        await fail(o.mailbox, e);
      }
    }
    // Aged windows: the old link was just followed (its deletions applied, its @removed re-read), so
    // a fresh round over the current window can replace it. The fresh round lists what is there and
    // removes nothing; if it fails, the old link stays and the next reconcile tries again.
    for (const t of chunk.filter((x) => caughtUp.has(x.mailbox) && windowAged(stateOf(x.mailbox)))) {
      try {
        const d = await followDelta(integration, t.mailbox, { restart: true, state: stateOf(t.mailbox) ?? null });
        result.changes += d.changes;
        finished.set(t.mailbox, (finished.get(t.mailbox) ?? 0) + d.changes);
        result.windowsRenewed++;
      } catch (e) {
        await fail(t.mailbox, e);
      }
    }
  }

  await finishInitialSync(integrationId, finished);
  // 3. Outbound drift: bookings that should be in Outlook but have no event link.
  result.pushed = await pushMissed(integration);
  await checkSecretExpiry(integration).catch((e: unknown) =>
    log.warn({ err: e, integrationId }, "secret check failed"),
  );
  await db.update(integrations).set({ lastSyncAt: new Date() }).where(eq(integrations.id, integrationId));
  await logSync({
    integrationId,
    direction: "reconcile",
    action: "reconcile",
    outcome: result.errors ? "failed" : "ok",
    durationMs: Date.now() - started,
    message: `${result.mailboxes} calendars, ${result.changes} changes, ${result.renewed} renewed, ${result.recreated} recreated, ${result.pushed} pushed, ${result.errors} errors`,
  });
  return result;
}

/**
 * Repair outbound drift: bookings Outlook should hold but never received (a job lost, a room mapped
 * or a status added to "create on" later), and cancelled ones whose event it still holds. Queued
 * for this integration only; the outbound job decides from the booking's state what to write.
 */
export async function pushMissed(integration: Integration): Promise<number> {
  const db = await getDb();
  const mapped = (
    await db
      .select({ roomId: integrationRooms.roomId })
      .from(integrationRooms)
      .where(eq(integrationRooms.integrationId, integration.id))
  ).map((r) => r.roomId);
  const roomIds = [
    ...new Set([
      ...mapped,
      ...(integration.mode === "delegated" && integration.inboundRoomId ? [integration.inboundRoomId] : []),
    ]),
  ];
  if (!roomIds.length) return 0;
  const win = syncWindow();
  const hasLink = sql`exists (select 1 from ${eventLinks} l where l.booking_id = ${bookings.id} and l.integration_id = ${integration.id})`;
  // A job that already failed for good waits on diagnostics for a retry; another would fail the same way.
  const deadJob = sql`exists (select 1 from ${jobs} j where j.name = ${JOB_OUTBOUND} and j.key = ${bookings.id}::text || ${`|${integration.id}`} and j.state = 'dead')`;
  const unlinked = integration.createOnStatusIds.length
    ? await db
        .select({ id: bookings.id })
        .from(bookings)
        .where(
          and(
            inArray(bookings.roomId, roomIds),
            inArray(bookings.statusId, integration.createOnStatusIds),
            gte(bookings.startAt, win.start),
            eq(bookings.source, "roomlink"),
            sql`not ${hasLink}`,
            sql`not ${deadJob}`,
          ),
        )
    : [];
  // Still linked (not being deleted) while cancelled, rejected or in a delete status: the event should
  // be gone (ours) or declined (a meeting booked in Outlook; delegated: only the account's invitations
  // are answered, its own meetings stay, so those are left alone).
  const gone = or(eq(bookingStatuses.isCancelled, true), eq(bookingStatuses.isRejected, true));
  const stale = await db
    .select({ id: bookings.id })
    .from(bookings)
    .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
    .innerJoin(eventLinks, and(eq(eventLinks.bookingId, bookings.id), eq(eventLinks.integrationId, integration.id)))
    .where(
      and(
        gt(bookings.endAt, new Date()),
        sql`${eventLinks.writtenChangeKey} is distinct from ${DELETING}`,
        sql`not ${deadJob}`,
        or(
          and(
            eq(bookings.source, "roomlink"),
            integration.deleteOnStatusIds.length
              ? or(gone, inArray(bookings.statusId, integration.deleteOnStatusIds))
              : gone,
          ),
          integration.mode === "application" ? and(eq(bookings.source, "outlook"), gone) : sql`false`,
        ),
      ),
    );
  const ids = [...new Set([...unlinked, ...stale].map((r) => r.id))];
  return ids.length ? enqueueOutbound(ids, undefined, integration.id) : 0;
}

/** Diagnostics "Reconcile now": queue it (once) and wake the worker. */
export async function runReconcileNow(integrationId: string): Promise<boolean> {
  const queued = await enqueue(reconcileJob, { integrationId }, { key: integrationId, maxAttempts: 3 });
  wakeWorkers();
  return queued;
}

/** The schedule: one pending reconcile per active integration. */
export async function scheduleReconciles(): Promise<number> {
  const db = await getDb();
  const rows = await db
    .select({ id: integrations.id })
    .from(integrations)
    .where(inArray(integrations.state, ["active", "needs_attention"]));
  let n = 0;
  for (const r of rows) if (await enqueue(reconcileJob, { integrationId: r.id }, { key: r.id, maxAttempts: 3 })) n++;
  return n;
}
