// Healing a mailbox Graph denied (403 ErrorAccessDenied, lib/jobs/parking.ts): each reconcile probes
// the parked mailboxes whose back-off is due with one small read (counted against the mailbox's
// request budget like any sync call). When it answers, the mailbox is un-parked, its waiting jobs run,
// the room shows access ok, its problem closes and, when nothing else needs an admin, the integration
// is active again; the reconcile then deltas it with the other calendars.
import { and, eq, isNotNull, isNull, or, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { integrations, problems, type Integration } from "@/db/schema";
import { dueProbes, parkedOf, probeFailed, unparkMailbox } from "@/lib/jobs/parking";
import { wakeWorkers } from "@/lib/jobs/wake";
import { resolveProblems } from "@/lib/integrations/problems";
import { log as rootLog } from "@/lib/log";
import { callGraph, isMailboxDenied } from "@/lib/sync/graph-access";
import { logSync } from "@/lib/sync/sync-log";

const log = rootLog.child({ area: "mailbox-access" });

/** A probe that failed for another reason (throttled, network): try again at the next round or so. */
const RETRY_PROBE_MS = 60_000;

export interface ProbeResult {
  /** Mailboxes (lower case) still parked after this round: the reconcile leaves them out. */
  parked: Set<string>;
  restored: string[];
}

/** Probe the integration's due parked mailboxes; heal those that answer. */
export async function probeParkedMailboxes(integration: Integration): Promise<ProbeResult> {
  const restored: string[] = [];
  for (const p of await dueProbes(integration.id)) {
    const path = p.mailbox === "me" ? "/me/events" : `/users/${encodeURIComponent(p.mailbox)}/events`;
    try {
      await callGraph(integration, p.mailbox, (c) => c.api(path).top(1).select("id").get());
    } catch (e) {
      if (isMailboxDenied(e)) await probeFailed(p, e.message);
      else await probeFailed(p, (e as Error).message, RETRY_PROBE_MS);
      log.info(
        { integrationId: integration.id, mailbox: p.mailbox, probes: p.probes + 1, denied: isMailboxDenied(e) },
        "parked mailbox still unreachable",
      );
      continue;
    }
    await restoreAccess(integration, p.mailbox, p.since);
    restored.push(p.mailbox);
  }
  const parked = new Set((await parkedOf(integration.id)).map((p) => p.mailbox.toLowerCase()));
  return { parked, restored };
}

/** Access is back: waiting work runs, the problem closes, the integration is active again when nothing else holds it. */
export async function restoreAccess(integration: Integration, mailbox: string, since?: Date): Promise<void> {
  const waiting = await unparkMailbox(integration.id, mailbox);
  await resolveProblems(integration.id, "mailbox_access_denied", mailbox);
  const mins = since ? Math.round((Date.now() - since.getTime()) / 60_000) : null;
  await logSync({
    integrationId: integration.id,
    direction: "reconcile",
    action: "access.restored",
    outcome: "ok",
    mailbox,
    code: "mailbox_access_back",
    params: { mailbox, minutes: mins ?? -1, waiting },
  });
  await reactivateIfClear(integration.id);
  wakeWorkers();
  log.info({ integrationId: integration.id, mailbox, waiting }, "mailbox access restored; parked work resumes");
}

/**
 * needs_attention → active once no problem that put it there is open (sign-in, a denied mailbox, a
 * missing subscription) and no mailbox is parked; only for an integration that was activated.
 */
export async function reactivateIfClear(integrationId: string): Promise<boolean> {
  const db = await getDb();
  const blocking = or(
    sql`${problems.kind} like 'auth\\_%'`,
    eq(problems.kind, "mailbox_access_denied"),
    eq(problems.kind, "subscription_failed"),
  );
  const rows = await db
    .update(integrations)
    .set({ state: "active", lastErrorAdvice: null, lastError: null, lastErrorAt: null })
    .where(
      and(
        eq(integrations.id, integrationId),
        eq(integrations.state, "needs_attention"),
        isNotNull(integrations.activatedAt),
        sql`not exists (select 1 from ${problems} where ${problems.integrationId} = ${integrationId} and ${isNull(problems.resolvedAt)} and ${blocking})`,
        sql`not exists (select 1 from parked_mailboxes p where p.integration_id = ${integrationId})`,
      ),
    )
    .returning({ id: integrations.id });
  return rows.length > 0;
}
