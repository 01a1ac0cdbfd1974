// lib/sync/reconcile/ — the periodic safety net: subscriptions renewed or recreated (reconcile.ts), every
// calendar's delta (delta-rounds.ts), unsent bookings pushed (push-missed.ts), and parked (access-denied)
// mailboxes probed and healed (mailbox-access.ts).
// Reconcile one integration in one round of at most ⌈calendars/20⌉ $batches (round.ts): create missing
// subscriptions, renew those expiring within 24 h, read every calendar's delta (first pages in the same
// batches) and push bookings Outlook never received.
import { eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { integrationRooms, integrations, subscriptions, type Integration } from "@/db/schema";
import { checkSecretExpiry, expiringSubscriptions, getIntegration, recordIntegrationFailure } from "@/lib/integrations";
import { subscriptionOps } from "@/lib/integrations/renewals";
import { IntegrationError } from "@/lib/graph";
import { enqueue } from "@/lib/jobs/queue";
import { wakeWorkers } from "@/lib/jobs/wake";
import { log as rootLog } from "@/lib/log";
import { loadSyncState, saveSyncState } from "@/lib/sync/inbound/delta-state";
import { finishInitialSync } from "@/lib/sync/inbound/initial-sync";
import { reconcileJob } from "@/lib/sync/jobs";
import { logSync } from "@/lib/sync/sync-log";
import { deltaRound } from "./delta-rounds";
import { probeParkedMailboxes } from "./mailbox-access";
import { pushMissed } from "./push-missed";
import { roundBudget, runRound } from "./round";

const log = rootLog.child({ area: "reconcile" });

export interface ReconcileResult {
  mailboxes: number;
  changes: number;
  renewed: number;
  recreated: number;
  errors: number;
  /** The round's $batches (round.ts: subscription PATCHes / POSTs and delta first pages, ≤ 20 each). */
  graphBatches: number;
  /** Calendars whose delta read waits for the next round: the round's batches were full of subscription upkeep. */
  deferred: number;
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
    deferred: 0,
    pushed: 0,
    windowsRenewed: 0,
  };
  if (integration.state !== "active" && integration.state !== "needs_attention") return result;
  const started = Date.now();
  const db = await getDb();
  // Mailboxes Graph denies wait for their probe (mailbox-access.ts); one that answers again is read below.
  const { parked } = await probeParkedMailboxes(integration);
  const mailboxes = await mailboxesOf(integration);
  const targets = mailboxes.filter((t) => !parked.has(t.mailbox.toLowerCase()));
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

  // Subscriptions (missing ones created, those expiring within 24 h renewed; none on the initial sync,
  // activation just made them) and every calendar's delta, in one round of $batches (round.ts).
  const ops = opts.initial
    ? []
    : await subscriptionOps(
        targets,
        await db.select().from(subscriptions).where(eq(subscriptions.integrationId, integrationId)),
        await expiringSubscriptions(integrationId),
      );
  const delta = await deltaRound(integration, fail);
  const round = await runRound(
    integration,
    { budget: roundBudget(mailboxes.length), ops, reads: delta.order(targets), delta },
    fail,
  );
  result.renewed = round.renewed;
  result.recreated = round.created;
  result.graphBatches = round.batches;
  result.deferred = round.deferred;
  const rounds = delta.result();
  result.changes += rounds.changes;
  result.windowsRenewed += rounds.windowsRenewed;
  if (round.deferred || round.opsLeft)
    log.info({ integrationId, deferred: round.deferred, opsLeft: round.opsLeft }, "round full; the rest next round");

  await finishInitialSync(integrationId, rounds.finished);
  // Outbound drift: bookings that should be in Outlook but have no event link.
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
    code: "reconcile_summary",
    params: {
      mailboxes: result.mailboxes,
      changes: result.changes,
      renewed: result.renewed,
      recreated: result.recreated,
      pushed: result.pushed,
      errors: result.errors,
    },
  });
  return result;
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
