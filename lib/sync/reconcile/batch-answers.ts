// One `$batch` sub-response read as the typed error a lone request would have thrown, and Graph's
// Retry-After on throttled sub-responses honoured: Graph throttles each request of a batch on its
// own and answers it 429 with its own Retry-After (https://learn.microsoft.com/graph/json-batching#batch-size-limitations,
// https://learn.microsoft.com/graph/throttling#throttling-and-batching). A short wait (what the SDK's
// RetryHandler would sleep, RETRY.maxDelaySeconds) is waited once for the batch before those requests
// are sent again on their own; a longer one is not retried in this round: its typed ThrottledError fails
// the item, and the next round tries again.
import { fromGraphError, type IntegrationError, ThrottledError } from "@/lib/graph";
import { RETRY } from "@/lib/graph/client";
import type { BatchAnswer } from "@/lib/sync/batch";

/** The typed error of a failed sub-response (429/503 → ThrottledError with its Retry-After, 403 → AccessDeniedError …). */
export function answerError(a: BatchAnswer, mailbox?: string): IntegrationError {
  const error = (a.body as { error?: { code?: unknown } } | undefined)?.error;
  return fromGraphError(
    { statusCode: a.status, code: typeof error?.code === "string" ? error.code : null, headers: a.headers ?? {} },
    mailbox,
  );
}

/** A throttled sub-response (429, or 503 with Retry-After), or undefined for any other answer. */
export function throttledAnswer(a: BatchAnswer | undefined): ThrottledError | undefined {
  if (!a || (a.status !== 429 && a.status !== 503)) return undefined;
  const e = answerError(a);
  return e instanceof ThrottledError ? e : undefined;
}

/**
 * Split throttled items into those worth sending again in this round (after waiting, once, the
 * longest short Retry-After among them) and those told to wait longer (failed with their error).
 */
export async function afterRetryAfter<T>(
  items: { item: T; error: ThrottledError }[],
  wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<{ again: T[]; later: { item: T; error: ThrottledError }[] }> {
  const short = items.filter((x) => x.error.retryAfter <= RETRY.maxDelaySeconds);
  const later = items.filter((x) => x.error.retryAfter > RETRY.maxDelaySeconds);
  const longest = Math.max(0, ...short.map((x) => x.error.retryAfter));
  if (short.length && longest > 0) await wait(longest * 1000);
  return { again: short.map((x) => x.item), later };
}
