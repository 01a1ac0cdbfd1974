// One reconcile round's Graph requests: at most ⌈calendars/20⌉ `$batch`es (DESIGN §5), whatever the
// round has to do. Subscription upkeep goes first (a calendar without a subscription hears nothing;
// creations, then renewals by expiry), then each calendar's first delta page, the calendars read
// longest ago first; renewals and reads share batches, so a batch is only ever part-full at the end.
// What does not fit waits for the next round (reconcile runs every 5 minutes): a round where every
// subscription comes due renews them and reads the calendars in the round after it, which reads those
// first. Follow-up pages, re-reads and answers are the changes and come on top; a sub-request Graph
// refused is sent again on its own (renewals.ts, delta-rounds.ts).
import type { Integration } from "@/db/schema";
import { IntegrationError } from "@/lib/graph";
import { BATCH_SIZE, sendBatch, type BatchAnswer } from "@/lib/sync/batch";
import { prepareOp, settleOps, type SubscriptionOp } from "@/lib/integrations/renewals";
import type { DeltaRound } from "./delta-rounds";

/** No HTTP answer at all (the SDK reports status -1 or 0): not Graph refusing the batch. */
function isNetworkFailure(e: unknown): boolean {
  const status = (e as { status?: number }).status;
  return e instanceof IntegrationError && (e.advice === "network" || status === -1 || status === 0);
}

/** The round's `$batch` budget for this many calendars. */
export const roundBudget = (calendars: number) => Math.max(1, Math.ceil(calendars / BATCH_SIZE));

export interface RoundCounts {
  /** `$batch` requests sent, a batch sent again after its connection dropped included. */
  batches: number;
  renewed: number;
  created: number;
  /** Subscription ops left for the next round (the budget was spent). */
  opsLeft: number;
  /** Calendars whose delta read waits for the next round. */
  deferred: number;
}

export async function runRound(
  integration: Integration,
  plan: { budget: number; ops: SubscriptionOp[]; reads: { mailbox: string }[]; delta: DeltaRound },
  fail: (mailbox: string, e: unknown) => Promise<void>,
): Promise<RoundCounts> {
  const ops = [...plan.ops];
  const reads = [...plan.reads];
  const counts: RoundCounts = { batches: 0, renewed: 0, created: 0, opsLeft: 0, deferred: 0 };
  // The budget counts the round's batches; one sent again after a dropped connection is a fault, not a batch more.
  for (let planned = 0; planned < plan.budget && (ops.length || reads.length); planned++) {
    const prepared = ops.splice(0, BATCH_SIZE).map((op) => prepareOp(integration, op));
    const chunk = reads.splice(0, BATCH_SIZE - prepared.length);
    const requests = [...prepared.map((p) => p.request), ...chunk.map((t) => plan.delta.request(t.mailbox))];
    let answers: (BatchAnswer | undefined)[] | Error;
    try {
      answers = await sendBatch(integration, requests).catch((e: unknown) => {
        // The connection dropped (a pooled socket the server closed): the batch once more, then its items fail.
        if (!isNetworkFailure(e)) throw e;
        counts.batches++;
        return sendBatch(integration, requests);
      });
    } catch (e) {
      answers = e instanceof Error ? e : new Error(String(e));
    }
    counts.batches++;
    const settled = await settleOps(integration, prepared, answers instanceof Error ? [] : answers);
    counts.renewed += settled.renewed;
    counts.created += settled.created;
    for (const f of settled.failed) await fail(f.mailbox, f.error);
    // A renewal Graph answered 404 for: its creation goes first in the next batch.
    ops.unshift(...settled.next);
    await plan.delta.settle(chunk, answers instanceof Error ? answers : answers.slice(prepared.length));
  }
  counts.opsLeft = ops.length;
  counts.deferred = reads.length;
  return counts;
}
