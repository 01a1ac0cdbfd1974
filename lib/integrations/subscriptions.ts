// Graph change-notification subscriptions per integration: create (clientState sealed; deleted on
// Graph again if saving fails), renew, recreate, delete, and the clientState check for the webhook.
import { and, eq, inArray, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { subscriptions, type Integration, type Subscription } from "@/db/schema";
import { seal, unseal } from "@/lib/crypto/seal";
import { randomToken, safeEqual } from "@/lib/crypto/random";
import { env } from "@/lib/env";
import { getGraphClient, graphCall } from "@/lib/graph/client";
import { GraphRequestError } from "@/lib/graph/errors";
import { log } from "@/lib/log";
import { must } from "@/lib/invariant";

// Outlook event subscriptions live at most 4,230 minutes; stay a little under.
// https://learn.microsoft.com/graph/api/resources/subscription#subscription-lifetime
export const MAX_LIFETIME_MINUTES = 4230;
export const LIFETIME_MS = (MAX_LIFETIME_MINUTES - 30) * 60_000;

const clientStatePurpose = (graphId: string) => `subscription:${graphId}:client-state`;

export interface SubscriptionUrls {
  notificationUrl: string;
  lifecycleNotificationUrl: string;
}

/** `{WEBHOOK_BASE_URL}/api/graph/notify/{id}` and `/lifecycle/{id}`; tests may point them at a local listener. */
export function subscriptionUrls(integrationId: string, baseUrl = env.webhookBaseUrl): SubscriptionUrls {
  return {
    notificationUrl: `${baseUrl}/api/graph/notify/${integrationId}`,
    lifecycleNotificationUrl: `${baseUrl}/api/graph/lifecycle/${integrationId}`,
  };
}

/** Delegated: the signed-in user's calendar; application: the room mailbox. */
export function resourceFor(mode: Integration["mode"], mailbox: string): string {
  return mode === "delegated" ? "me/events" : `users/${mailbox}/events`;
}

export type GraphSubscription = { id: string; expirationDateTime: string; resource: string };

/** A new subscription's POST body for one calendar, and the clientState to seal once Graph answers. */
export function newSubscription(
  integration: Integration,
  mailbox: string,
  opts: { baseUrl?: string } = {},
): { body: Record<string, unknown>; clientState: string; resource: string } {
  const clientState = randomToken(32);
  const resource = resourceFor(integration.mode, mailbox);
  return {
    body: {
      changeType: "created,updated,deleted",
      ...subscriptionUrls(integration.id, opts.baseUrl),
      resource,
      expirationDateTime: new Date(Date.now() + LIFETIME_MS).toISOString(),
      clientState,
    },
    clientState,
    resource,
  };
}

/**
 * Create a subscription on Graph and save it. Graph validates the notification URL first (the
 * webhook route must answer the handshake). If saving fails, the Graph subscription is deleted again.
 */
export async function createSubscription(
  integration: Integration,
  target: { mailbox: string; integrationRoomId?: string | null },
  opts: { baseUrl?: string } = {},
): Promise<Subscription> {
  const made = newSubscription(integration, target.mailbox, opts);
  const client = getGraphClient(integration, target.mailbox);
  const created = (await graphCall(
    () => client.api("/subscriptions").post(made.body),
    target.mailbox,
  )) as GraphSubscription;
  return saveSubscription(integration, target, made, created);
}

/** Save a subscription Graph just created (alone or in a `$batch`); if saving fails, delete it on Graph again. */
export async function saveSubscription(
  integration: Integration,
  target: { mailbox: string; integrationRoomId?: string | null },
  made: { clientState: string; resource: string },
  created: GraphSubscription,
): Promise<Subscription> {
  const scope = { integrationId: integration.id, subscriptionId: created.id, mailbox: target.mailbox };
  try {
    const db = await getDb();
    const [row] = await db
      .insert(subscriptions)
      .values({
        integrationId: integration.id,
        integrationRoomId: target.integrationRoomId ?? null,
        graphId: created.id,
        resource: made.resource,
        mailbox: target.mailbox,
        clientStateSealed: seal(made.clientState, clientStatePurpose(created.id)),
        expiresAt: new Date(created.expirationDateTime),
      })
      .returning();
    log.info(scope, "subscription created");
    return must(row, "inserted subscription row");
  } catch (e) {
    log.error({ ...scope, err: e }, "saving the subscription failed; deleting it on Graph");
    const client = getGraphClient(integration, target.mailbox);
    await graphCall(() => client.api(`/subscriptions/${created.id}`).delete()).catch((err: unknown) =>
      log.warn({ ...scope, err }, "could not delete the unsaved subscription; it expires on its own"),
    );
    throw e;
  }
}

/**
 * Renew by PATCHing expirationDateTime; a subscription Graph no longer knows is recreated.
 * Undefined when the row was deleted meanwhile (its integration or room mapping went away).
 */
export async function renewSubscription(
  integration: Integration,
  sub: Subscription,
  opts: { baseUrl?: string } = {},
): Promise<Subscription | undefined> {
  const db = await getDb();
  try {
    const r = (await graphCall(
      () =>
        getGraphClient(integration, sub.mailbox)
          .api(`/subscriptions/${sub.graphId}`)
          .patch({ expirationDateTime: new Date(Date.now() + LIFETIME_MS).toISOString() }),
      sub.mailbox,
    )) as GraphSubscription;
    const [row] = await db
      .update(subscriptions)
      .set({ expiresAt: new Date(r.expirationDateTime), lastRenewedAt: new Date(), lastError: null, lastErrorAt: null })
      .where(eq(subscriptions.id, sub.id))
      .returning();
    return row;
  } catch (e) {
    if (e instanceof GraphRequestError && e.status === 404) return recreateSubscription(integration, sub, opts);
    await db
      .update(subscriptions)
      .set({ lastError: (e as Error).message, lastErrorAt: new Date() })
      .where(eq(subscriptions.id, sub.id));
    throw e;
  }
}

/** Replace a lost or removed subscription (lifecycle `subscriptionRemoved`, 404 on renew). */
export async function recreateSubscription(
  integration: Integration,
  sub: Subscription,
  opts: { baseUrl?: string } = {},
): Promise<Subscription> {
  await deleteSubscription(integration, sub);
  return createSubscription(integration, { mailbox: sub.mailbox, integrationRoomId: sub.integrationRoomId }, opts);
}

/** Delete on Graph (a 404 means already gone) and in the database. */
export async function deleteSubscription(integration: Integration, sub: Subscription): Promise<void> {
  try {
    await graphCall(
      () => getGraphClient(integration, sub.mailbox).api(`/subscriptions/${sub.graphId}`).delete(),
      sub.mailbox,
    );
  } catch (e) {
    if (!(e instanceof GraphRequestError && e.status === 404)) throw e;
  }
  const db = await getDb();
  await db.delete(subscriptions).where(eq(subscriptions.id, sub.id));
}

export async function listSubscriptions(integrationId: string): Promise<Subscription[]> {
  const db = await getDb();
  return db.select().from(subscriptions).where(eq(subscriptions.integrationId, integrationId));
}

/** Delete them all; returns the ones that could not be deleted on Graph (they expire by themselves). */
export async function deleteAllSubscriptions(
  integration: Integration,
  opts: { force?: boolean } = {},
): Promise<Subscription[]> {
  const failed: Subscription[] = [];
  for (const sub of await listSubscriptions(integration.id)) {
    try {
      await deleteSubscription(integration, sub);
    } catch (e) {
      log.warn(
        { integrationId: integration.id, subscriptionId: sub.graphId, err: e },
        "could not delete subscription on Graph",
      );
      failed.push(sub);
      if (opts.force) {
        const db = await getDb();
        await db.delete(subscriptions).where(eq(subscriptions.id, sub.id));
      }
    }
  }
  return failed;
}

/** Subscriptions expiring within `withinMs` (default 24 h): the reconcile job renews these. */
export async function expiringSubscriptions(integrationId: string, withinMs = 24 * 3600_000): Promise<Subscription[]> {
  const db = await getDb();
  return db
    .select()
    .from(subscriptions)
    .where(
      and(eq(subscriptions.integrationId, integrationId), lt(subscriptions.expiresAt, new Date(Date.now() + withinMs))),
    );
}

/** Webhook: does the notification's clientState match this subscription's secret? Constant time. */
export function verifyClientState(
  sub: Pick<Subscription, "graphId" | "clientStateSealed">,
  received: string | undefined | null,
): boolean {
  if (!received) return false;
  return safeEqual(unseal(sub.clientStateSealed, clientStatePurpose(sub.graphId)), received);
}

/** Webhook: the subscription a notification names (Graph's id), or undefined. */
export async function findSubscriptionByGraphId(graphId: string): Promise<Subscription | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.graphId, graphId));
  return row;
}

/** Webhook: record that notifications arrived (diagnostics shows "last notification"). */
export async function touchSubscriptions(graphIds: string[], at = new Date()): Promise<void> {
  if (!graphIds.length) return;
  const db = await getDb();
  await db
    .update(subscriptions)
    .set({ lastNotificationAt: at })
    .where(inArray(subscriptions.graphId, [...new Set(graphIds)]));
}

/**
 * Lifecycle `reauthorizationRequired`: POST /subscriptions/{id}/reauthorize, falling back to renew.
 * Undefined when the row was deleted meanwhile, as for renewSubscription.
 */
export async function reauthorizeSubscription(
  integration: Integration,
  sub: Subscription,
  opts: { baseUrl?: string } = {},
): Promise<Subscription | undefined> {
  try {
    await graphCall(
      () => getGraphClient(integration, sub.mailbox).api(`/subscriptions/${sub.graphId}/reauthorize`).post({}),
      sub.mailbox,
    );
  } catch (e) {
    if (!(e instanceof GraphRequestError)) throw e;
    log.info(
      { integrationId: integration.id, subscriptionId: sub.graphId, status: e.status },
      "reauthorize failed; renewing instead",
    );
  }
  return renewSubscription(integration, sub, opts);
}
