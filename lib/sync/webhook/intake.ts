// lib/sync/webhook/ — the HTTP edge of the sync engine: reading and validating Graph's POSTs (http.ts),
// checking them against their subscription (verify.ts) and persisting them in the inbox (intake.ts). Owns nothing past the inbox row; inbound/ takes over from there.
// Webhook intake: validate Graph change / lifecycle notifications against their subscription's
// clientState and persist them in the durable inbox. No Graph call and no booking write here.
import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, serverClient } from "@/db/client";
import { inboxNotifications, type NewInboxNotification, type Subscription } from "@/db/schema";
import { touchSubscriptions } from "@/lib/integrations";
import { rowsOf } from "@/lib/jobs/queue";
import { wakeWorkers } from "@/lib/jobs/wake";
import { log as rootLog } from "@/lib/log";
import { forgetCachedSubscriptions, verified } from "./verify";

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

/** The resource's last path segment is the event id when resourceData.id is absent. */
function eventIdOf(n: z.infer<typeof changeNotification>): string {
  return n.resourceData?.id ?? n.resource?.split("/").pop() ?? "";
}

/** Tests that rewrite subscription rows behind the webhook's back. */
export function forgetSubscriptions(): void {
  forgetCachedSubscriptions();
  touchedAt.clear();
}

/**
 * One statement: duplicates (Graph retries) hit the unique dedupe key and are dropped. On the server
 * through postgres-js itself: a prepared statement per batch size (a POST mostly carries one
 * notification) took about half the time of the same insert through the query builder, which set
 * the webhook's throughput at 1,000/s. The embedded database gets the rows as one JSON parameter.
 */
async function insertInbox(rows: NewInboxNotification[]): Promise<number> {
  if (!rows.length) return 0;
  const values = rows.map((r) => ({
    integration_id: r.integrationId,
    dedupe_key: r.dedupeKey,
    subscription_id: r.subscriptionId,
    mailbox: r.mailbox,
    change_type: r.changeType,
    event_id: r.eventId,
    kind: r.kind ?? "change",
  }));
  const db = await getDb();
  const client = await serverClient();
  if (client)
    return (
      await client`insert into inbox_notifications ${client(values)} on conflict (dedupe_key) do nothing returning id`
    ).length;
  const res =
    await db.execute(sql`insert into ${inboxNotifications} (integration_id, dedupe_key, subscription_id, mailbox, change_type, event_id, kind)
    select * from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
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

/**
 * Wake the workers at most once per WAKE_EVERY_MS: on the server each wake-up is a NOTIFY, a
 * transaction of its own that Postgres commits under a cluster-wide lock, and one per webhook was a
 * second round trip per request at 1,000/s. (A NOTIFY sent with the insert itself was worse: every
 * insert's commit then queued behind that lock.) A worker is woken at most this much later.
 */
const WAKE_EVERY_MS = 5;
let wakeQueued = false;
function wakeSoon(): void {
  if (wakeQueued) return;
  wakeQueued = true;
  setTimeout(() => {
    wakeQueued = false;
    wakeWorkers();
  }, WAKE_EVERY_MS);
}

/** Wake the workers; the "last notification" update runs after the answer, never delaying it. */
function afterInsert(subs: string[]): void {
  wakeSoon();
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
  if (rows.length) wakeSoon();
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
