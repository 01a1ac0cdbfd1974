// The app's background work: startJobs() registers the sync engine and runs a worker loop in this
// process (called from lib/startup.ts); scripts/worker.ts runs the same loop as its own process.
import { DateTime } from "luxon";
import { extendAllSeries } from "@/lib/bookings/service";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { enqueue, pruneJobs } from "./queue";
import { scheduleReconciles } from "@/lib/sync/reconcile/reconcile";
import { registerSync } from "@/lib/sync/register";
import { registerJobHandler, startWorker, workerId, type JobsHandle, type StartOptions } from "./runner";
import { pruneRounds, SCHEDULE_RECONCILE, startSchedules, type Schedule } from "./schedule";
export { SCHEDULE_RECONCILE } from "./schedule";
import { wakeWorkers } from "./wake";

export { enqueue, deadLetters, retryDeadLetter } from "./queue";
export { runReconcileNow } from "@/lib/sync/reconcile/reconcile";
/** For a web process that runs no worker: bookings written there must still fill the outbox. */
export { registerOutboxHook } from "@/lib/sync/outbound/outbox";
export type { JobsHandle } from "./runner";

const g = globalThis as unknown as { __roomlinkJobsHandle?: JobsHandle };

/** Idempotent: Next's hot reload or a second call returns the running loop. */
export function startJobs(opts: StartOptions & { reconcileEveryMs?: number } = {}): JobsHandle {
  if (g.__roomlinkJobsHandle) return g.__roomlinkJobsHandle;
  registerSync();
  registerJobHandler(JOB_EXTEND_SERIES, async () => {
    const res = await extendAllSeries({ actor: "system:sync" });
    log.info({ area: "jobs", ...res }, "nightly series extension");
  });
  const h = startWorker(opts);
  // Reconcile schedule (DESIGN §2: default every 5 minutes), one round per period across processes
  // (lib/jobs/schedule.ts); each step is its own round so one failing never holds up the others.
  const every = opts.reconcileEveryMs ?? env.RECONCILE_EVERY_MINUTES * 60_000;
  const schedules: Schedule[] = [
    {
      name: SCHEDULE_RECONCILE,
      everyMs: every,
      run: async () => {
        const n = await scheduleReconciles();
        wakeWorkers();
        return n;
      },
    },
    { name: "prune", everyMs: every, run: async () => (await pruneJobs()) + (await pruneRounds()) },
    { name: "series-extension", everyMs: every, run: async () => Number(await scheduleSeriesExtension()) },
  ];
  if (every > 0)
    scheduleSeriesExtension().catch((err: unknown) =>
      log.error({ err, area: "jobs" }, "could not schedule the series extension"),
    );
  const rounds = startSchedules(schedules, workerId());
  g.__roomlinkJobsHandle = {
    idle: () => h.idle(),
    async stop() {
      g.__roomlinkJobsHandle = undefined;
      rounds.stop();
      await h.stop();
    },
  };
  return g.__roomlinkJobsHandle;
}

export const JOB_EXTEND_SERIES = "bookings.extend-series";

/**
 * Open-ended and capped series are booked up to a lookahead window; this keeps one job pending
 * for the next 02:00 (server time) that books their next occurrences. The key dedupes it across
 * ticks and worker processes.
 */
export async function scheduleSeriesExtension(now = new Date()): Promise<boolean> {
  const at = DateTime.fromJSDate(now).startOf("day").plus({ hours: 2 });
  const next = at.toMillis() > now.getTime() ? at : at.plus({ days: 1 });
  return enqueue(JOB_EXTEND_SERIES, {}, { key: "nightly", runAfter: next.toJSDate(), maxAttempts: 3 });
}
