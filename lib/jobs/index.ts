// The app's background work. lib/jobs knows nothing of the sync engine: it offers registration (job
// definitions, pumps, scheduled rounds) and the worker loop; start-up (lib/startup.ts, scripts/worker.ts)
// wires the sync engine in (lib/sync/register.ts) before startJobs() runs the loop in this process.
import { DateTime } from "luxon";
import { z } from "zod";
import { extendAllSeries } from "@/lib/bookings/service";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { defineJob } from "./define";
import { enqueue, pruneJobs } from "./queue";
import { registerJob, startWorker, workerId, type JobsHandle, type StartOptions } from "./runner";
import { pruneRounds, startSchedules, type Schedule } from "./schedule";

export { SCHEDULE_RECONCILE } from "./schedule";
export { enqueue, deadLetters, retryDeadLetter } from "./queue";
export { defineJob, jobKind, JobPayloadError, type JobDefinition, type JobKind } from "./define";
export { registerJob, registerPump, type JobsHandle } from "./runner";

type Round = Pick<Schedule, "name" | "run">;
const g = globalThis as unknown as { __roomlinkJobsHandle?: JobsHandle; __roomlinkRounds?: Map<string, Round> };
const registeredRounds = (g.__roomlinkRounds ??= new Map<string, Round>());

/**
 * A round run once per schedule period (every RECONCILE_EVERY_MINUTES, or `reconcileEveryMs`) across
 * all processes, from the next startJobs() on; registered rounds run before the built-in prune and
 * series extension. Registering a name again replaces it.
 */
export function registerSchedule(name: string, run: Round["run"]): void {
  registeredRounds.set(name, { name, run });
}

export const JOB_EXTEND_SERIES = "bookings.extend-series";

const extendSeriesJob = defineJob({
  name: JOB_EXTEND_SERIES,
  payload: z.object({}),
  handler: async () => {
    const res = await extendAllSeries({ actor: "system:sync" });
    log.info({ area: "jobs", ...res }, "nightly series extension");
  },
});

/** Idempotent: Next's hot reload or a second call returns the running loop. */
export function startJobs(opts: StartOptions & { reconcileEveryMs?: number } = {}): JobsHandle {
  if (g.__roomlinkJobsHandle) return g.__roomlinkJobsHandle;
  registerJob(extendSeriesJob);
  const h = startWorker(opts);
  // Every round is its own (lib/jobs/schedule.ts), so one failing never holds up the others; the
  // period defaults to the reconcile schedule's (DESIGN §2: every 5 minutes).
  const every = opts.reconcileEveryMs ?? env.RECONCILE_EVERY_MINUTES * 60_000;
  const schedules: Schedule[] = [
    ...[...registeredRounds.values()].map((r) => ({ ...r, everyMs: every })),
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

/**
 * Open-ended and capped series are booked up to a lookahead window; this keeps one job pending
 * for the next 02:00 (server time) that books their next occurrences. The key dedupes it across
 * ticks and worker processes.
 */
export async function scheduleSeriesExtension(now = new Date()): Promise<boolean> {
  const at = DateTime.fromJSDate(now).startOf("day").plus({ hours: 2 });
  const next = at.toMillis() > now.getTime() ? at : at.plus({ days: 1 });
  return enqueue(extendSeriesJob, {}, { key: "nightly", runAfter: next.toJSDate(), maxAttempts: 3 });
}
