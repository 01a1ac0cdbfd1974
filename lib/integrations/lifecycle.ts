// Activate (subscriptions per mode, then the first full sync queued), deactivate and delete an
// integration. Per-room failures on activation become problems naming the mailbox; the rest of the
// rooms still go live.
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { calendarSyncState, integrationRooms, type Integration } from "@/db/schema";
import { z } from "zod";
import { jobKind } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/queue";
import { wakeWorkers } from "@/lib/jobs/wake";
import { AccessDeniedError, IntegrationError } from "@/lib/graph/errors";
import { log } from "@/lib/log";
import type { Actor } from "./audit";
import { raiseProblem, resolveProblems } from "./problems";
import { getIntegration, setState, deleteIntegrationRow } from "./service";
import { createSubscription, deleteAllSubscriptions, listSubscriptions } from "./subscriptions";

/**
 * The first full sync after activation (lib/sync/inbound/initial-sync.ts, handled by the sync worker):
 * existing future meetings of every calendar imported, series included, and Roomlink's bookings
 * pushed. Named here so activation can queue it without importing the sync engine.
 */
export const JOB_INITIAL_SYNC = "sync.initial";
/** Its kind: the integration to sync (checked when queued and again when a worker claims it). */
export const initialSyncJob = jobKind(JOB_INITIAL_SYNC, z.object({ integrationId: z.string() }));

export interface ActivationResult {
  created: number;
  existing: number;
  failed: { mailbox: string; advice: string; message: string }[];
}

const ADVICE_TEXT: Record<string, string> = {
  mailbox_access_denied:
    "An application access policy or RBAC for Applications excludes this mailbox (403 ErrorAccessDenied). Add the room mailbox to the policy's security group; changes can take up to an hour.",
  missing_role: "The app-only token lacks Calendars.ReadWrite: grant admin consent in Azure and run Step 2 again.",
  webhook_unreachable:
    "Graph could not validate the notification URL: check that the base URL is reachable over HTTPS and run the webhook test on Diagnostics.",
  throttled: "Graph is throttling; activate again in a few minutes.",
};

/** Create the missing subscriptions (delegated: me/events; application: one per mapped room) and set active. */
export async function activate(actor: Actor, id: string, opts: { baseUrl?: string } = {}): Promise<ActivationResult> {
  const i = await getIntegration(id);
  if (!i.connectedAt) throw new IntegrationError("not_connected", "Connect first (authentication screen, Step 2).");
  const db = await getDb();
  const targets: { mailbox: string; integrationRoomId: string | null }[] =
    i.mode === "delegated"
      ? [{ mailbox: "me", integrationRoomId: null }]
      : (await db.select().from(integrationRooms).where(eq(integrationRooms.integrationId, id))).map((r) => ({
          mailbox: r.mailboxUpn,
          integrationRoomId: r.id,
        }));
  if (i.mode === "delegated" && !i.inboundRoomId)
    throw new IntegrationError("no_inbound_room", "Choose the inbound room first (Inbound screen).");
  if (!targets.length)
    throw new IntegrationError("no_rooms_mapped", "Map at least one room mailbox first (Inbound screen).");
  const existing = new Set(
    (await listSubscriptions(id)).filter((s) => s.expiresAt > new Date()).map((s) => s.mailbox.toLowerCase()),
  );
  const result: ActivationResult = { created: 0, existing: 0, failed: [] };
  for (const t of targets) {
    if (existing.has(t.mailbox.toLowerCase())) {
      result.existing++;
      continue;
    }
    try {
      await createSubscription(i, t, opts);
      result.created++;
      if (t.integrationRoomId)
        await db
          .update(integrationRooms)
          .set({ accessStatus: "ok", accessCheckedAt: new Date() })
          .where(eq(integrationRooms.id, t.integrationRoomId));
      await resolveProblems(id, "subscription_failed", t.mailbox);
    } catch (e) {
      const err = e instanceof IntegrationError ? e : new IntegrationError("unknown", (e as Error).message);
      log.warn({ integrationId: id, mailbox: t.mailbox, advice: err.advice }, "subscription failed on activation");
      result.failed.push({ mailbox: t.mailbox, advice: err.advice, message: err.message });
      if (t.integrationRoomId && e instanceof AccessDeniedError) {
        await db
          .update(integrationRooms)
          .set({ accessStatus: e.graphCode ?? "403", accessCheckedAt: new Date() })
          .where(eq(integrationRooms.id, t.integrationRoomId));
      }
      await raiseProblem(id, {
        kind: "subscription_failed",
        subject: t.mailbox,
        message: `No subscription for ${t.mailbox}: ${err.message}`,
        advice: ADVICE_TEXT[err.advice],
      });
    }
  }
  const live = result.created + result.existing;
  if (!live) {
    const first = result.failed[0];
    throw new IntegrationError(
      (first?.advice as IntegrationError["advice"]) ?? "unknown",
      first?.message ?? "No subscription could be created.",
    );
  }
  await setState(
    actor,
    id,
    result.failed.length ? "needs_attention" : "active",
    { activatedAt: i.activatedAt ?? new Date() },
    "integration.activate",
  );
  await startInitialSync(
    id,
    targets.map((t) => t.mailbox),
  );
  return result;
}

/**
 * Every calendar starts over with a full round (what happened while the integration was not active
 * was never notified) and its initial sync counts as open until that round finishes; then the job
 * runs it at once instead of at the next scheduled reconcile. Rooms whose subscription failed are
 * included: their import fails visibly on the same screen, and is retried by every reconcile.
 */
async function startInitialSync(integrationId: string, mailboxes: string[]): Promise<void> {
  const db = await getDb();
  const now = new Date().toISOString();
  const rows = sql.join(
    mailboxes.map((m) => sql`(${integrationId}::uuid, ${m}::text)`),
    sql`, `,
  );
  await db.execute(sql`insert into ${calendarSyncState} (integration_id, mailbox, initial_sync_started_at)
    select v.i, v.m, ${now}::timestamptz from (values ${rows}) as v(i, m)
    on conflict (integration_id, lower(mailbox)) do update set delta_link = null, window_start = null, window_end = null,
      initial_sync_started_at = excluded.initial_sync_started_at, initial_sync_done_at = null, initial_imported = null,
      last_error = null, last_error_at = null`);
  await enqueue(initialSyncJob, { integrationId }, { key: integrationId, maxAttempts: 3 });
  wakeWorkers();
}

/** Remove all subscriptions and go back to connected. */
export async function deactivate(actor: Actor, id: string): Promise<void> {
  const i = await getIntegration(id);
  await deleteAllSubscriptions(i, { force: true });
  await setState(actor, id, i.connectedAt ? "connected" : "draft", { activatedAt: null }, "integration.deactivate");
}

/** Delete: subscriptions first (best effort on Graph: an unreachable one expires within 3 days), then the row. */
export async function deleteIntegration(actor: Actor, id: string): Promise<void> {
  let i: Integration;
  try {
    i = await getIntegration(id);
  } catch {
    return;
  }
  if (i.tenantId && i.clientSecretSealed) await deleteAllSubscriptions(i, { force: true });
  await deleteIntegrationRow(actor, id);
}
