// The worker loop: pumps turn inbox/outbox rows into jobs, then due jobs are claimed and run with
// bounded concurrency. Failures are classified: throttled → defer, re-consent → park, else retry.
import type { Job } from "@/db/schema";
import { AccessDeniedError, ReconnectRequiredError, ThrottledError, GraphRequestError } from "@/lib/graph/errors";
import { recordIntegrationFailure } from "@/lib/integrations/problems";
import { log as rootLog } from "@/lib/log";
import { BudgetExhaustedError } from "./budget";
import { backoffMs, claimJobs, completeJob, deferJob, failJob, MAX_PER_GROUP } from "./queue";
import { onWake } from "./wake";

const log = rootLog.child({ area: "jobs" });

export type JobHandler = (job: Job) => Promise<void>;
export type Pump = () => Promise<unknown>;

const g = globalThis as unknown as { __roomlinkJobs?: { handlers: Map<string, JobHandler>; pumps: Set<Pump> } };
const registry = (g.__roomlinkJobs ??= { handlers: new Map(), pumps: new Set() });

export function registerJobHandler(name: string, handler: JobHandler): void {
  registry.handlers.set(name, handler);
}

export function registerPump(pump: Pump): void {
  registry.pumps.add(pump);
}

/** A re-consent wait: the job stays queued and is tried again after this. */
export const RECONSENT_RETRY_MS = 15 * 60_000;

export async function runJob(job: Job): Promise<"done" | "deferred" | "retry" | "dead"> {
  const handler = registry.handlers.get(job.name);
  const jlog = log.child({ jobId: job.id, job: job.name, attempt: job.attempts });
  if (!handler) return failJob(job, `no handler for ${job.name}`);
  try {
    await handler(job);
    await completeJob(job.id);
    return "done";
  } catch (err) {
    const integrationId = typeof job.payload.integrationId === "string" ? job.payload.integrationId : undefined;
    if (err instanceof ThrottledError) {
      // Retry-After is in seconds; a little jitter keeps a 429 storm from re-synchronising.
      const ms = err.retryAfter * 1000 + Math.random() * 250;
      jlog.info({ retryAfter: err.retryAfter }, "throttled; deferring");
      await deferJob(job.id, ms, err.message);
      return "deferred";
    }
    if (err instanceof BudgetExhaustedError) {
      await deferJob(job.id, err.retryAfterMs, err.message);
      return "deferred";
    }
    if (err instanceof GraphRequestError && (err.status === 503 || err.status === 504)) {
      await deferJob(job.id, backoffMs(job.attempts), err.message);
      return "deferred";
    }
    if (err instanceof ReconnectRequiredError || err instanceof AccessDeniedError) {
      if (integrationId) {
        await recordIntegrationFailure(integrationId, { advice: err.advice, message: err.message, mailbox: (err as AccessDeniedError).mailbox })
          .catch((e: unknown) => jlog.error({ err: e }, "could not record integration failure"));
      }
      if (err instanceof ReconnectRequiredError) {
        jlog.warn({ advice: err.advice }, "integration needs re-consent; job kept");
        await deferJob(job.id, RECONSENT_RETRY_MS, err.message);
        return "deferred";
      }
    }
    const message = err instanceof Error ? err.message : String(err);
    const outcome = await failJob(job, message);
    jlog[outcome === "dead" ? "error" : "warn"]({ err }, outcome === "dead" ? "job dead-lettered" : "job failed; will retry");
    return outcome;
  }
}

export interface JobsHandle {
  stop(): Promise<void>;
  /** Resolves when no job is due and none is running (tests, benchmarks). */
  idle(): Promise<void>;
}

export interface StartOptions {
  pollMs?: number;
  concurrency?: number;
}

/** Start a worker loop in this process. Safe to call once per process. */
export function startWorker(opts: StartOptions = {}): JobsHandle {
  const pollMs = opts.pollMs ?? 1000;
  const concurrency = opts.concurrency ?? 4 * MAX_PER_GROUP;
  let running = 0;
  let stopped = false;
  let ticking = false;
  let again = false;
  const inflight = new Set<Promise<unknown>>();
  let idleWaiters: (() => void)[] = [];

  const tick = async (): Promise<void> => {
    if (stopped) return;
    if (ticking) { again = true; return; }
    ticking = true;
    try {
      do {
        again = false;
        for (const pump of registry.pumps) await pump().catch((err: unknown) => log.error({ err }, "pump failed"));
        const free = concurrency - running;
        const claimed = free > 0 ? await claimJobs(free, [...registry.handlers.keys()]) : [];
        for (const job of claimed) {
          running++;
          const p = runJob(job)
            .catch((err: unknown) => log.error({ err, jobId: job.id }, "job bookkeeping failed"))
            .finally(() => { running--; inflight.delete(p); void tick(); });
          inflight.add(p);
        }
        if (claimed.length === free && free > 0) again = true;
      } while (again && !stopped);
    } catch (err) {
      log.error({ err }, "worker tick failed");
    } finally {
      ticking = false;
    }
    if (running === 0 && !again) {
      const w = idleWaiters;
      idleWaiters = [];
      for (const fn of w) fn();
    }
  };

  const timer = setInterval(() => void tick(), pollMs);
  timer.unref?.();
  const offWake = onWake(() => void tick());
  void tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      offWake();
      await Promise.allSettled([...inflight]);
    },
    idle() {
      return new Promise<void>((resolve) => { idleWaiters.push(resolve); void tick(); });
    },
  };
}
