// Subscription upkeep as `$batch` sub-requests (reconcile's round, lib/sync/reconcile/round.ts): renewals
// (PATCH /subscriptions/{id}) and creations (POST /subscriptions) ride in the round's batches, and each
// answer is settled by the single-request rules of subscriptions.ts.
// Creation in a batch: Graph's JSON batching lists no exception for /subscriptions
// (https://learn.microsoft.com/graph/json-batching); the validation handshake still happens per
// subscription, while Graph holds that sub-request (the webhook answers each one, as for a lone POST).
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { subscriptions, type Integration, type Subscription } from "@/db/schema";
import type { ThrottledError } from "@/lib/graph";
import { log } from "@/lib/log";
import type { BatchAnswer, BatchRequest } from "@/lib/sync/batch";
import { afterRetryAfter, throttledAnswer } from "@/lib/sync/reconcile/batch-answers";
import {
  createSubscription,
  LIFETIME_MS,
  newSubscription,
  renewSubscription,
  saveSubscription,
  type GraphSubscription,
} from "./subscriptions";

/** Graph deletes a subscription once it expires (renew before, "otherwise … create a new subscription"). */
const EXPIRED_MARGIN_MS = 60_000;

export type SubscriptionOp =
  | { kind: "renew"; sub: Subscription }
  | { kind: "create"; target: { mailbox: string; integrationRoomId: string | null } };

/** An op with its sub-request (and, for a creation, the clientState to seal once Graph answers). */
export interface PreparedOp {
  op: SubscriptionOp;
  request: BatchRequest;
  made?: { clientState: string; resource: string };
}

export interface SettledOps {
  renewed: number;
  created: number;
  /** Failed with their error (lastError saved on a renewal's row), by mailbox. */
  failed: { mailbox: string; error: unknown }[];
  /** Creations a 404 renewal asks for: the round sends them in its next batch, or the next round does. */
  next: SubscriptionOp[];
}

export const opMailbox = (op: SubscriptionOp) => (op.kind === "renew" ? op.sub.mailbox : op.target.mailbox);

/**
 * What a round does for subscriptions: create one for every mapped calendar without one, renew those
 * expiring within 24 h; one that already expired is gone on Graph, so its row is replaced by a creation
 * (no PATCH, no DELETE).
 */
export async function subscriptionOps(
  targets: { mailbox: string; integrationRoomId: string | null }[],
  rows: Subscription[],
  due: Subscription[],
): Promise<SubscriptionOp[]> {
  const now = Date.now();
  const expired = due.filter((s) => s.expiresAt.getTime() < now - EXPIRED_MARGIN_MS);
  if (expired.length) {
    const db = await getDb();
    for (const s of expired) await db.delete(subscriptions).where(eq(subscriptions.id, s.id));
  }
  const gone = new Set(expired.map((s) => s.id));
  const watched = new Set(rows.filter((s) => !gone.has(s.id)).map((s) => s.mailbox.toLowerCase()));
  return [
    ...targets
      .filter((t) => !watched.has(t.mailbox.toLowerCase()))
      .map((target): SubscriptionOp => ({ kind: "create", target })),
    ...due
      .filter((s) => !gone.has(s.id))
      .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())
      .map((sub): SubscriptionOp => ({ kind: "renew", sub })),
  ];
}

export function prepareOp(integration: Integration, op: SubscriptionOp): PreparedOp {
  if (op.kind === "renew")
    return {
      op,
      request: {
        method: "PATCH",
        url: `/subscriptions/${op.sub.graphId}`,
        headers: { "Content-Type": "application/json" },
        body: { expirationDateTime: new Date(Date.now() + LIFETIME_MS).toISOString() },
      },
    };
  const made = newSubscription(integration, op.target.mailbox);
  return {
    op,
    request: {
      method: "POST",
      url: "/subscriptions",
      headers: { "Content-Type": "application/json" },
      body: made.body,
    },
    made,
  };
}

/**
 * Settle each op by its answer. A 2xx is saved. A renewal's 404 means Graph no longer knows it: the row
 * goes and a creation is handed back (`next`). A 429 / 503 waits out a short Retry-After and is sent
 * again on its own; a long one fails the op for this round. Anything else, or no answer (the batch
 * itself failed), is sent again on its own by renewSubscription / createSubscription, with their
 * typed errors, exactly as a single request behaves.
 */
export async function settleOps(
  integration: Integration,
  prepared: PreparedOp[],
  answers: (BatchAnswer | undefined)[],
): Promise<SettledOps> {
  const out: SettledOps = { renewed: 0, created: 0, failed: [], next: [] };
  const db = await getDb();
  const alone: SubscriptionOp[] = [];
  const throttled: { item: SubscriptionOp; error: ThrottledError }[] = [];
  for (const [n, p] of prepared.entries()) {
    const a = answers[n];
    const ok = a && a.status >= 200 && a.status < 300 && isGraphSubscription(a.body) ? a.body : undefined;
    const slow = throttledAnswer(a);
    try {
      if (slow) throttled.push({ item: p.op, error: slow });
      else if (p.op.kind === "create" && ok && p.made) {
        await saveSubscription(integration, p.op.target, p.made, ok);
        out.created++;
      } else if (p.op.kind === "renew" && ok) {
        await db
          .update(subscriptions)
          .set({
            expiresAt: new Date(ok.expirationDateTime),
            lastRenewedAt: new Date(),
            lastError: null,
            lastErrorAt: null,
          })
          .where(eq(subscriptions.id, p.op.sub.id));
        out.renewed++;
      } else if (p.op.kind === "renew" && a?.status === 404) {
        await db.delete(subscriptions).where(eq(subscriptions.id, p.op.sub.id));
        out.next.push({
          kind: "create",
          target: { mailbox: p.op.sub.mailbox, integrationRoomId: p.op.sub.integrationRoomId },
        });
      } else alone.push(p.op);
    } catch (error) {
      out.failed.push({ mailbox: opMailbox(p.op), error });
    }
  }
  if (alone.length)
    log.info(
      {
        integrationId: integration.id,
        statuses: alone.map((op) => answers[prepared.findIndex((p) => p.op === op)]?.status ?? "none"),
      },
      "subscription requests refused inside the $batch; sending them again on their own",
    );
  const { again, later } = await afterRetryAfter(throttled);
  for (const { item, error } of later) {
    if (item.kind === "renew")
      await db
        .update(subscriptions)
        .set({ lastError: error.message, lastErrorAt: new Date() })
        .where(eq(subscriptions.id, item.sub.id));
    out.failed.push({ mailbox: opMailbox(item), error });
  }
  for (const op of [...alone, ...again]) {
    try {
      if (op.kind === "create") {
        await createSubscription(integration, op.target);
        out.created++;
      } else {
        await renewSubscription(integration, op.sub);
        out.renewed++;
      }
    } catch (error) {
      out.failed.push({ mailbox: opMailbox(op), error });
    }
  }
  return out;
}

function isGraphSubscription(b: unknown): b is GraphSubscription {
  return (
    typeof b === "object" &&
    b !== null &&
    typeof (b as GraphSubscription).expirationDateTime === "string" &&
    typeof (b as GraphSubscription).id === "string"
  );
}
