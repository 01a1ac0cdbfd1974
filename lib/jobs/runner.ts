// The worker loop: pumps turn inbox/outbox rows into jobs, then due jobs are claimed and run with
// bounded concurrency. Failures are classified: throttled → defer, re-consent → park, a mailbox Graph
// denies → its work waits (lib/jobs/parking.ts), else retry. Each worker names itself in its claims
// and renews a running job's lease, so a long job is never claimed a second time while it runs.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Job } from "@/db/schema";
import { AccessDeniedError, ReconnectRequiredError, ThrottledError, GraphRequestError } from "@/lib/graph/errors";
import { recordIntegrationFailure } from "@/lib/integrations/problems";
import { log as rootLog } from "@/lib/log";
import { BudgetExhaustedError } from "./budget";
import { JobPayloadError, parsePayload, type JobDefinition } from "./define";
import { mailboxOfGroup, parkMailbox, probeDelayMs } from "./parking";
import { backoffMs, claimJobs, completeJob, deferJob, failJob, LEASE_MS, MAX_PER_GROUP, renewLease } from "./queue";
import { listenForWakes, onWake } from "./wake";

const log = rootLog.child({ area: "jobs" });

export type Pump = () => Promise<unknown>;

/** A claimed job checked against its definition: the handler's run, or why its payload does not fit. */
type Checked = { ok: true; run: () => Promise<void> } | { ok: false; error: string };
type Registered = (job: Job) => Checked;

const g = globalThis as unknown as { __roomlinkJobs?: { handlers: Map<string, Registered>; pumps: Set<Pump> } };
const registry = (g.__roomlinkJobs ??= { handlers: new Map<string, Registered>(), pumps: new Set<Pump>() });

/** Run jobs of this definition in this process's worker loop (the last registration of a name wins). */
export function registerJob<P extends Record<string, unknown>>(def: JobDefinition<P>): void {
  registry.handlers.set(def.name, (job) => {
    try {
      const payload = parsePayload(def, job.payload);
      return { ok: true, run: () => def.handler(payload, job) };
    } catch (err) {
      if (err instanceof JobPayloadError) return { ok: false, error: err.message };
      throw err;
    }
  });
}

export function registerPump(pump: Pump): void {
  registry.pumps.add(pump);
}

/** A re-consent wait: the job stays queued and is tried again after this. */
export const RECONSENT_RETRY_MS = 15 * 60_000;

export type JobOutcome = "done" | "deferred" | "parked" | "retry" | "dead" | "stale";

/** Run a claimed job, renewing its lease every third of `leaseMs` while the handler runs. */
export async function runJob(job: Job, opts: { leaseMs?: number } = {}): Promise<JobOutcome> {
  const leaseMs = opts.leaseMs ?? LEASE_MS;
  const jlog = log.child({ jobId: job.id, job: job.name, attempt: job.attempts });
  let lost = false;
  const renew = setInterval(
    () => {
      renewLease(job, leaseMs).then(
        (ok) => {
          if (!ok && !lost) {
            lost = true;
            jlog.warn("lease lost while running: another worker may run this job; this run's outcome will be ignored");
          }
        },
        (err: unknown) => jlog.warn({ err }, "could not renew the job's lease"),
      );
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  renew.unref?.();
  try {
    return await runClaimed(job, jlog);
  } finally {
    clearInterval(renew);
  }
}

async function runClaimed(job: Job, jlog: typeof log): Promise<JobOutcome> {
  const registered = registry.handlers.get(job.name);
  if (!registered) return failJob(job, `no handler for ${job.name}`);
  const checked = registered(job);
  if (!checked.ok) {
    // Stored before its definition changed (or written by hand): no attempt can fix it.
    jlog.error({ error: checked.error }, "job payload does not fit its definition; dead-lettered");
    return failJob(job, checked.error, { final: true });
  }
  try {
    await checked.run();
    return (await completeJob(job)) ? "done" : "stale";
  } catch (err) {
    const integrationId = typeof job.payload.integrationId === "string" ? job.payload.integrationId : undefined;
    if (err instanceof ThrottledError) {
      // Retry-After is in seconds; a little jitter keeps a 429 storm from re-synchronising.
      const ms = err.retryAfter * 1000 + Math.random() * 250;
      jlog.info({ retryAfter: err.retryAfter }, "throttled; deferring");
      await deferJob(job, ms, err.message);
      return "deferred";
    }
    if (err instanceof BudgetExhaustedError) {
      await deferJob(job, err.retryAfterMs, err.message);
      return "deferred";
    }
    if (err instanceof GraphRequestError && (err.status === 503 || err.status === 504)) {
      await deferJob(job, backoffMs(job.attempts), err.message);
      return "deferred";
    }
    if (err instanceof ReconnectRequiredError || err instanceof AccessDeniedError) {
      if (integrationId) {
        await recordIntegrationFailure(integrationId, {
          advice: err.advice,
          message: err.message,
          mailbox: (err as AccessDeniedError).mailbox,
        }).catch((e: unknown) => jlog.error({ err: e }, "could not record integration failure"));
      }
      if (err instanceof ReconnectRequiredError) {
        jlog.warn({ advice: err.advice }, "integration needs re-consent; job kept");
        await deferJob(job, RECONSENT_RETRY_MS, err.message);
        return "deferred";
      }
      const mailbox = err.mailbox ?? mailboxOfGroup(job.groupKey);
      if (err instanceof AccessDeniedError && err.graphCode === "ErrorAccessDenied" && integrationId && mailbox) {
        // The mailbox's group is parked (claims skip it) until a probe reads it again; the first probe's
        // delay only matters for a job outside that group, which would otherwise be claimed at once.
        await parkMailbox(integrationId, mailbox, err.message);
        jlog.info({ mailbox }, "mailbox access denied; its work waits for access to return");
        await deferJob(job, probeDelayMs(0), err.message);
        return "parked";
      }
    }
    const message = err instanceof Error ? err.message : String(err);
    const outcome = await failJob(job, message);
    if (outcome !== "stale")
      jlog[outcome === "dead" ? "error" : "warn"](
        { err },
        outcome === "dead" ? "job dead-lettered" : "job failed; will retry",
      );
    return outcome;
  }
}

export interface JobsHandle {
  stop(): Promise<void>;
  /** Resolves when no job is due and none is running (tests, benchmarks). */
  idle(): Promise<void>;
}

/** The app's poll interval: the safety net behind wake-ups (lib/jobs/wake.ts). */
export const DEFAULT_POLL_MS = 1000;

export interface StartOptions {
  pollMs?: number;
  concurrency?: number;
  /** How long a claim holds a job without renewal (renewed every third of it while the job runs). */
  leaseMs?: number;
}

/** A worker's name in its claims: host, process and a random part (two loops in one process differ). */
export function workerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Start a worker loop in this process. Safe to call once per process. */
export function startWorker(opts: StartOptions = {}): JobsHandle {
  const pollMs = opts.pollMs ?? DEFAULT_POLL_MS;
  const concurrency = opts.concurrency ?? 4 * MAX_PER_GROUP;
  const leaseMs = opts.leaseMs ?? LEASE_MS;
  const owner = workerId();
  let running = 0;
  let stopped = false;
  let ticking = false;
  let again = false;
  // The pumps run when new inbox/outbox rows may be there (a wake-up, the poll, idle(), start), not on
  // every finished job: in a burst that saved two transactions per job.
  let pumpDue = true;
  const inflight = new Set<Promise<unknown>>();
  let idleWaiters: (() => void)[] = [];

  const tick = async (): Promise<void> => {
    if (stopped) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = true;
    try {
      do {
        again = false;
        // Also before going idle: rows a finished job wrote without a wake (embedded database) are pumped.
        if (pumpDue || (running === 0 && idleWaiters.length)) {
          pumpDue = false;
          for (const pump of registry.pumps) await pump().catch((err: unknown) => log.error({ err }, "pump failed"));
        }
        const free = concurrency - running;
        const claimed = free > 0 ? await claimJobs(free, [...registry.handlers.keys()], owner, leaseMs) : [];
        for (const job of claimed) {
          running++;
          const p = runJob(job, { leaseMs })
            .catch((err: unknown) => log.error({ err, jobId: job.id }, "job bookkeeping failed"))
            .finally(() => {
              running--;
              inflight.delete(p);
              void tick();
            });
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

  const wake = () => {
    pumpDue = true;
    void tick();
  };
  const timer = setInterval(wake, pollMs);
  timer.unref?.();
  // Wakes coalesce: one during a claim pass only asks for one more pass (`again`).
  const offWake = onWake(wake);
  // Other processes' writes arrive as NOTIFY on the server; the poll stays as the safety net.
  const listening = listenForWakes(wake).catch((err: unknown) => {
    log.warn({ err }, "could not listen for wake-ups; polling only");
    return async () => {};
  });
  let unlistened: Promise<void> | undefined;
  void tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      offWake();
      unlistened ??= listening
        .then((unlisten) => unlisten())
        .catch((err: unknown) => log.warn({ err }, "could not stop listening for wake-ups"));
      await unlistened;
      // A tick in progress may still claim jobs: let it finish, then wait for every job it started.
      while (ticking) await new Promise((r) => setTimeout(r, 10));
      await Promise.allSettled([...inflight]);
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake();
      });
    },
  };
}
