// Graph JSON batching, shared by every step that sends many requests at once (room answers, delta
// first pages, series masters read through delta, subscription renewals): at most 20 sub-requests per
// batch (https://learn.microsoft.com/graph/json-batching), and at most 4 of one mailbox per batch,
// since Exchange runs 4 requests per mailbox at a time and queues the rest
// (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits).
import type { Integration } from "@/db/schema";
import { takeBudget } from "@/lib/jobs/budget";
import { callGraph, mailboxGroup } from "@/lib/sync/graph-access";

/** Graph's limit of requests per JSON batch. */
export const BATCH_SIZE = 20;
/** Graph runs a batch's requests in parallel, and Exchange allows 4 at a time per mailbox. */
export const PER_MAILBOX = 4;

export interface BatchRequest {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Relative to the Graph version root, e.g. `/users/{id}/events/{id}`. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** The mailbox the request is counted against (its request budget); none for tenant-wide requests. */
  mailbox?: string;
}

export interface BatchAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Batches of ≤ 20 with ≤ 4 per mailbox, the mailboxes taken in turn, each mailbox's items in order. */
export function mailboxBatches<T extends { mailbox: string }>(list: T[]): T[][] {
  const queues = new Map<string, T[]>();
  for (const a of list) {
    const k = a.mailbox.toLowerCase();
    const q = queues.get(k);
    if (q) q.push(a);
    else queues.set(k, [a]);
  }
  const out: T[][] = [];
  while (queues.size) {
    const batch: T[] = [];
    for (const [k, q] of queues) {
      batch.push(...q.splice(0, Math.min(PER_MAILBOX, BATCH_SIZE - batch.length)));
      if (!q.length) queues.delete(k);
      if (batch.length === BATCH_SIZE) break;
    }
    out.push(batch);
  }
  return out;
}

/** `list` in chunks of at most BATCH_SIZE, in order (for requests that are not per mailbox). */
export function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += BATCH_SIZE) out.push(list.slice(i, i + BATCH_SIZE));
  return out;
}

/**
 * Send one `$batch` (≤ 20 requests) and return each request's answer at its own position, undefined
 * where Graph gave none. Each sub-request is counted against its mailbox's budget first. Throws when
 * the batch itself fails (callers then fall back to one request at a time); a sub-request's failure
 * is only its answer's status.
 */
export async function sendBatch(
  integration: Integration,
  requests: BatchRequest[],
): Promise<(BatchAnswer | undefined)[]> {
  if (requests.length > BATCH_SIZE) throw new RangeError(`a $batch holds at most ${BATCH_SIZE} requests`);
  for (const r of requests) if (r.mailbox) takeBudget(mailboxGroup(integration.id, r.mailbox));
  const res = await callGraph(
    integration,
    "$batch",
    (c) =>
      c.api("/$batch").post({
        requests: requests.map(({ mailbox: _mailbox, ...r }, n) => ({ id: String(n), ...r })),
      }) as Promise<{ responses?: ({ id: string } & BatchAnswer)[] }>,
  );
  const answers: (BatchAnswer | undefined)[] = requests.map(() => undefined);
  for (const { id, ...a } of res.responses ?? []) {
    const n = Number(id);
    if (Number.isInteger(n) && n >= 0 && n < answers.length) answers[n] = a;
  }
  return answers;
}
