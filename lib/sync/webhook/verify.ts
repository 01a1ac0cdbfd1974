// Webhook verification: each notification's subscription (cached briefly, misses too) must belong to
// the integration the URL names and carry its clientState (constant-time check in lib/integrations);
// forgeries are counted per subscription per hour where diagnostics shows them.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { forgedNotifications, subscriptions, syncLog, type Subscription, type SyncLogParams } from "@/db/schema";
import type { SyncLogCode } from "@/lib/i18n/sync-log";
import { verifyClientState } from "@/lib/integrations";
import { must } from "@/lib/invariant";
import { log as rootLog } from "@/lib/log";

const log = rootLog.child({ area: "webhook" });

/** Forged or foreign notifications seen by this process (diagnostics / tests). */
export const webhookCounters = { forged: 0, unknownSubscription: 0 };

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
      if (missCache.size > MISS_CACHE_MAX) {
        const oldest = missCache.keys().next();
        if (!oldest.done) missCache.delete(oldest.value);
      }
    }
  }
  return out;
}

/** Drop the cached subscriptions and misses (intake.ts forgetSubscriptions). */
export function forgetCachedSubscriptions(): void {
  subCache.clear();
  missCache.clear();
}

/** The notifications whose subscription is this integration's and whose clientState matches it. */
export async function verified<T extends { subscriptionId: string; clientState?: string | null }>(
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
    const [upserted] = await db
      .insert(forgedNotifications)
      .values({ integrationId, subscriptionId: graphId, periodStart, count: n })
      .onConflictDoUpdate({
        target: [forgedNotifications.subscriptionId, forgedNotifications.periodStart],
        set: { count: sql`${forgedNotifications.count} + ${n}`, lastAt: new Date() },
      })
      .returning();
    const row = must(upserted, "the forged-notification counter row just upserted");
    const line = {
      code: "forged_notifications",
      params: { count: row.count, subscription: graphId, since: periodStart.toISOString().slice(11, 16) },
    } satisfies { code: SyncLogCode; params: SyncLogParams };
    if (row.syncLogId === null) {
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
      const [inserted] = await db
        .insert(syncLog)
        .values({ integrationId, direction: "inbound", action: "notification.forged", outcome: "rejected", ...line })
        .returning({ id: syncLog.id });
      await db
        .update(forgedNotifications)
        .set({ syncLogId: must(inserted, "the sync-log line just inserted").id })
        .where(and(eq(forgedNotifications.subscriptionId, graphId), eq(forgedNotifications.periodStart, periodStart)));
    } else if (row.syncLogId > 0) {
      // The count so far; a line stored as text before codes takes the code too.
      await db
        .update(syncLog)
        .set({ ...line, message: null, at: new Date() })
        .where(eq(syncLog.id, row.syncLogId));
    }
  }
}
