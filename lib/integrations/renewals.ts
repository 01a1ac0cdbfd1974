// Renewing many subscriptions at once (reconcile's renewal step): PATCHes in `$batch`es of 20 with
// renewSubscription's rules for every answer that is not a plain success.
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { subscriptions, type Integration, type Subscription } from "@/db/schema";
import { log } from "@/lib/log";
import { chunks, sendBatch, type BatchAnswer } from "@/lib/sync/batch";
import { createSubscription, LIFETIME_MS, renewSubscription, type GraphSubscription } from "./subscriptions";

export interface Renewals {
  /** Renewed, or recreated after Graph answered 404 (as renewSubscription counts them). */
  renewed: number;
  /** POST /$batch requests sent. */
  batches: number;
  /** Those that failed, with renewSubscription's error (lastError already saved on the row). */
  failed: { sub: Subscription; error: unknown }[];
}

/**
 * Renew many (renewSubscription's rules) in `$batch`es of ≤ 20 PATCHes: a reconcile round where
 * 1,000 subscriptions come due costs 50 requests instead of 1,000. A 2xx saves the new expiry; a 404
 * means Graph no longer knows it: it is created again, one POST each (Graph validates the notification
 * URL per subscription, so creation is not batched); without the DELETE renewSubscription's 404 path
 * would send, as the batch answer already says it is gone. Anything else (429, 503, a 403, a token
 * that expired in between, the whole batch failing) is renewed again on its own by renewSubscription,
 * with the SDK's Retry-After retries and its errors, exactly as a single renewal behaves.
 */
export async function renewSubscriptions(
  integration: Integration,
  subs: Subscription[],
  opts: { baseUrl?: string } = {},
): Promise<Renewals> {
  const out: Renewals = { renewed: 0, batches: 0, failed: [] };
  const db = await getDb();
  for (const chunk of chunks(subs)) {
    const expirationDateTime = new Date(Date.now() + LIFETIME_MS).toISOString();
    let answers: (BatchAnswer | undefined)[] = [];
    try {
      answers = await sendBatch(
        integration,
        chunk.map((sub) => ({
          method: "PATCH",
          url: `/subscriptions/${sub.graphId}`,
          headers: { "Content-Type": "application/json" },
          body: { expirationDateTime },
        })),
      );
      out.batches++;
    } catch (e) {
      log.warn({ integrationId: integration.id, err: e }, "renewal $batch failed; renewing one by one");
    }
    for (const [n, sub] of chunk.entries()) {
      const a = answers[n];
      try {
        if (a && a.status >= 200 && a.status < 300 && isGraphSubscription(a.body)) {
          await db
            .update(subscriptions)
            .set({
              expiresAt: new Date(a.body.expirationDateTime),
              lastRenewedAt: new Date(),
              lastError: null,
              lastErrorAt: null,
            })
            .where(eq(subscriptions.id, sub.id));
        } else if (a?.status === 404) {
          await db.delete(subscriptions).where(eq(subscriptions.id, sub.id));
          await createSubscription(
            integration,
            { mailbox: sub.mailbox, integrationRoomId: sub.integrationRoomId },
            opts,
          );
        } else await renewSubscription(integration, sub, opts);
        out.renewed++;
      } catch (error) {
        out.failed.push({ sub, error });
      }
    }
  }
  return out;
}

function isGraphSubscription(b: unknown): b is GraphSubscription {
  return typeof b === "object" && b !== null && typeof (b as GraphSubscription).expirationDateTime === "string";
}
