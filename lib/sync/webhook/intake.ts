// lib/sync/webhook/ — the HTTP edge of the sync engine: reading and validating Graph's POSTs (http.ts)
// and persisting them in the inbox (intake.ts). Owns nothing past the inbox row; inbound/ takes over from there.
// Webhook intake: validate Graph change / lifecycle notifications against their subscription's
// clientState and persist them in the durable inbox. No Graph call and no booking write here.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import {
  forgedNotifications,
  inboxNotifications,
  subscriptions,
  syncLog,
  type NewInboxNotification,
  type Subscription,
} from "@/db/schema";
import { touchSubscriptions, verifyClientState } from "@/lib/integrations";
import { rowsOf } from "@/lib/jobs/queue";
import { wakeWorkers } from "@/lib/jobs/wake";
import { log as rootLog } from "@/lib/log";

const log = rootLog.child({ area: "webhook" });

/** Graph batches notifications; 1 MiB is far above any real payload and bounds what we parse. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

const changeNotification = z
  .object({
    subscriptionId: z.string().min(1).max(200),
    clientState: z.string().max(500).nullish(),
    changeType: z.string().min(1).max(50),
    resource: z.string().max(2000).optional(),
    tenantId: z.string().optional(),
    resourceData: z
      .object({ id: z.string().max(1000).optional(), "@odata.etag": z.string().max(500).optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

const lifecycleNotification = z
  .object({
    subscriptionId: z.string().min(1).max(200),
    clientState: z.string().max(500).nullish(),
    lifecycleEvent: z.enum(["reauthorizationRequired", "subscriptionRemoved", "missed"]),
    subscriptionExpirationDateTime: z.string().max(100).optional(),
    resource: z.string().max(2000).optional(),
  })
  .passthrough();

export const changePayload = z.object({ value: z.array(changeNotification).max(1000) });
export const lifecyclePayload = z.object({ value: z.array(lifecycleNotification).max(1000) });

export interface IntakeResult {
  accepted: number;
  duplicates: number;
  discarded: number;
}

/** Forged or foreign notifications seen by this process (diagnostics / tests). */
export const webhookCounters = { forged: 0, unknownSubscription: 0 };

/** The resource's last path segment is the event id when resourceData.id is absent. */
function eventIdOf(n: z.infer<typeof changeNotification>): string {
  return n.resourceData?.id ?? n.resource?.split("/").pop() ?? "";
}

/**
 * Subscriptions by Graph id, kept for a few seconds: at 200 notifications/s the lookup is half the
 * work before the answer. Only found rows are kept (a new subscription is seen at once); a deleted
 * one may still be accepted for SUB_CACHE_MS, which the queue handles like any late notification.
 * A renewal keeps the id and the clientState; a recreated subscription has a new id.
 */
const SUB_CACHE_MS = 15_000;
const subCache = new Map<string, { sub: Subscription; at: number }>();

/**
 * Ids no subscription has, kept as long as found ones: without it one forged POST naming 1,000
 * made-up ids cost 1,000 lookups (0.6-1.4 s). Bounded (oldest dropped first), and forgotten when
 * a subscription is created here (forgetSubscriptions), so a new subscription is never refused.
 */
const MISS_CACHE_MAX = 20_000;
// Short: a notification can beat our insert of a subscription Graph just created (reconcile catches up).
const MISS_CACHE_MS = 5_000;
const missCache = new Map<string, number>();

/** The subscriptions of a request: cached ones from memory, every other id in one statement. */
async function subscriptionsOf(graphIds: string[]): Promise<Map<string, Subscription | undefined>> {
  const now = Date.now();
  const out = new Map<string, Subscription | undefined>();
  const missing: string[] = [];
  for (const id of graphIds) {
    const hit = subCache.get(id);
    if (hit && now - hit.at < SUB_CACHE_MS) out.set(id, hit.sub);
    else if ((missCache.get(id) ?? -Infinity) > now - MISS_CACHE_MS) out.set(id, undefined);
    else missing.push(id);
  }
  if (!missing.length) return out;
  const db = await getDb();
  const found = new Map(
    (await db.select().from(subscriptions).where(inArray(subscriptions.graphId, missing))).map((s) => [s.graphId, s]),
  );
  for (const id of missing) {
    const sub = found.get(id);
    out.set(id, sub);
    missCache.delete(id);
    if (sub) {
      if (subCache.size > 10_000) subCache.clear();
      subCache.set(id, { sub, at: now });
    } else {
      subCache.delete(id);
      missCache.set(id, now);
      if (missCache.size > MISS_CACHE_MAX) missCache.delete(missCache.keys().next().value!);
    }
  }
  return out;
}

/** Tests that rewrite subscription rows behind the webhook's back. */
export function forgetSubscriptions(): void {
  subCache.clear();
  missCache.clear();
  touchedAt.clear();
}

async function verified<T extends { subscriptionId: string; clientState?: string | null }>(
  integrationId: string,
  items: T[],
): Promise<{ ok: { n: T; sub: Subscription }[]; discarded: number }> {
  const subs = new Map<string, Subscription | undefined>();
  for (const [id, sub] of await subscriptionsOf([...new Set(items.map((n) => n.subscriptionId))])) subs.set(id, sub);
  const ok: { n: T; sub: Subscription }[] = [];
  let discarded = 0;
  const forged = new Map<string, number>();
  for (const n of items) {
    const sub = subs.get(n.subscriptionId);
    if (!sub || sub.integrationId !== integrationId) {
      webhookCounters.unknownSubscription++;
      discarded++;
      continue;
    }
    let match = false;
    try {
      match = verifyClientState(sub, n.clientState);
    } catch (err) {
      log.error({ err, integrationId, subscriptionId: sub.graphId }, "clientState could not be unsealed");
    }
    if (!match) {
      webhookCounters.forged++;
      discarded++;
      forged.set(sub.graphId, (forged.get(sub.graphId) ?? 0) + 1);
      continue;
    }
    ok.push({ n, sub });
  }
  if (discarded)
    log.warn(
      { integrationId, discarded, forged: [...forged.values()].reduce((a, b) => a + b, 0) },
      "notifications discarded",
    );
  if (forged.size) {
    // Counted where the admin looks; a failure here must not change the answer to Graph.
    await countForgeries(integrationId, forged).catch((err: unknown) =>
      log.error({ err, integrationId }, "could not record forged notifications"),
    );
  }
  return { ok, discarded };
}

/** Forgeries are counted per subscription per hour: one counter row and one sync-log line each. */
const FORGERY_PERIOD_MS = 60 * 60 * 1000;

async function countForgeries(integrationId: string, forged: Map<string, number>): Promise<void> {
  const db = await getDb();
  const periodStart = new Date(Math.floor(Date.now() / FORGERY_PERIOD_MS) * FORGERY_PERIOD_MS);
  for (const [graphId, n] of forged) {
    const [row] = await db
      .insert(forgedNotifications)
      .values({ integrationId, subscriptionId: graphId, periodStart, count: n })
      .onConflictDoUpdate({
        target: [forgedNotifications.subscriptionId, forgedNotifications.periodStart],
        set: { count: sql`${forgedNotifications.count} + ${n}`, lastAt: new Date() },
      })
      .returning();
    const message = `${row!.count} notification(s) for subscription ${graphId} carried a wrong clientState and were discarded since ${periodStart.toISOString().slice(11, 16)} UTC`;
    if (row!.syncLogId === null) {
      // First forgery of the period: the one line diagnostics shows; claimed so only one process writes it.
      const [claimed] = await db
        .update(forgedNotifications)
        .set({ syncLogId: -1 })
        .where(
          and(
            eq(forgedNotifications.subscriptionId, graphId),
            eq(forgedNotifications.periodStart, periodStart),
            isNull(forgedNotifications.syncLogId),
          ),
        )
        .returning();
      if (!claimed) continue;
      const [line] = await db
        .insert(syncLog)
        .values({ integrationId, direction: "inbound", action: "notification.forged", outcome: "rejected", message })
        .returning({ id: syncLog.id });
      await db
        .update(forgedNotifications)
        .set({ syncLogId: line!.id })
        .where(and(eq(forgedNotifications.subscriptionId, graphId), eq(forgedNotifications.periodStart, periodStart)));
    } else if (row!.syncLogId > 0) {
      await db.update(syncLog).set({ message, at: new Date() }).where(eq(syncLog.id, row!.syncLogId));
    }
  }
}

/**
 * One statement: duplicates (Graph retries) hit the unique dedupe key and are dropped. Written as
 * SQL with the rows as one JSON parameter: the query builder's per-request garbage showed in the
 * webhook's p99 at 200/s.
 */
async function insertInbox(rows: NewInboxNotification[]): Promise<number> {
  if (!rows.length) return 0;
  const db = await getDb();
  const json = JSON.stringify(
    rows.map((r) => ({
      integration_id: r.integrationId,
      dedupe_key: r.dedupeKey,
      subscription_id: r.subscriptionId,
      mailbox: r.mailbox,
      change_type: r.changeType,
      event_id: r.eventId,
      kind: r.kind ?? "change",
    })),
  );
  const res =
    await db.execute(sql`insert into ${inboxNotifications} (integration_id, dedupe_key, subscription_id, mailbox, change_type, event_id, kind)
    select * from jsonb_to_recordset(${json}::jsonb)
      as x(integration_id uuid, dedupe_key text, subscription_id text, mailbox text, change_type text, event_id text, kind text)
    on conflict (dedupe_key) do nothing returning id`);
  return rowsOf(res).length;
}

/**
 * "Last notification" is for humans: updating the same subscription row on every POST serialises
 * concurrent webhooks on its row lock (p99 ×10 at 200/s), so refresh it at most every 30 s.
 */
const TOUCH_EVERY_MS = 30_000;
const touchedAt = new Map<string, number>();
const stale = (sub: Subscription) => {
  const last = Math.max(touchedAt.get(sub.graphId) ?? 0, sub.lastNotificationAt?.getTime() ?? 0);
  return Date.now() - last > TOUCH_EVERY_MS;
};

/** Wake the workers; the "last notification" update runs after the answer, never delaying it. */
function afterInsert(subs: string[]): void {
  wakeWorkers();
  if (!subs.length) return;
  const now = Date.now();
  for (const id of subs) touchedAt.set(id, now);
  void touchSubscriptions(subs).catch((err: unknown) => log.warn({ err }, "could not touch subscriptions"));
}

export async function acceptChangeNotifications(
  integrationId: string,
  body: z.infer<typeof changePayload>,
): Promise<IntakeResult> {
  const { ok, discarded } = await verified(integrationId, body.value);
  const rows: NewInboxNotification[] = ok.map(({ n, sub }) => {
    const eventId = eventIdOf(n);
    const etag = n.resourceData?.["@odata.etag"] ?? "";
    return {
      integrationId,
      dedupeKey: [n.subscriptionId, n.changeType, eventId, etag].join("|"),
      subscriptionId: n.subscriptionId,
      mailbox: sub.mailbox,
      changeType: n.changeType,
      eventId,
      kind: "change",
    };
  });
  const inserted = await insertInbox(rows);
  if (rows.length) afterInsert([...new Set(ok.filter((o) => stale(o.sub)).map((o) => o.sub.graphId))]);
  return { accepted: inserted, duplicates: rows.length - inserted, discarded };
}

export async function acceptLifecycleNotifications(
  integrationId: string,
  body: z.infer<typeof lifecyclePayload>,
): Promise<IntakeResult> {
  const { ok, discarded } = await verified(integrationId, body.value);
  const rows: NewInboxNotification[] = ok.map(({ n, sub }) => ({
    integrationId,
    dedupeKey: ["lifecycle", n.subscriptionId, n.lifecycleEvent, n.subscriptionExpirationDateTime ?? ""].join("|"),
    subscriptionId: n.subscriptionId,
    mailbox: sub.mailbox,
    changeType: n.lifecycleEvent,
    eventId: "",
    kind: n.lifecycleEvent,
  }));
  const inserted = await insertInbox(rows);
  if (rows.length) wakeWorkers();
  return { accepted: inserted, duplicates: rows.length - inserted, discarded };
}

/** Count of inbox rows not yet handed to the queue (health / tests). */
export async function pendingInboxCount(): Promise<number> {
  const db = await getDb();
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(inboxNotifications)
    .where(sql`${inboxNotifications.processedAt} is null`);
  return r?.n ?? 0;
}
