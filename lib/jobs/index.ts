// The app's background work: startJobs() registers the sync engine and runs a worker loop in this
// process (called from lib/startup.ts); scripts/worker.ts runs the same loop as its own process.
import { log } from "@/lib/log";
import { scheduleReconciles } from "@/lib/sync/reconcile";
import { registerSync } from "@/lib/sync/register";
import { startWorker, type JobsHandle, type StartOptions } from "./runner";

export { enqueue, deadLetters, retryDeadLetter } from "./queue";
export { runReconcileNow } from "@/lib/sync/reconcile";
/** For a web process that runs no worker: bookings written there must still fill the outbox. */
export { registerOutboxHook } from "@/lib/sync/outbox";
export type { JobsHandle } from "./runner";

const g = globalThis as unknown as { __roomlinkJobsHandle?: JobsHandle };

/** Idempotent: Next's hot reload or a second call returns the running loop. */
export function startJobs(opts: StartOptions & { reconcileEveryMs?: number } = {}): JobsHandle {
  if (g.__roomlinkJobsHandle) return g.__roomlinkJobsHandle;
  registerSync();
  const h = startWorker(opts);
  // Reconcile schedule (DESIGN §2: default every 5 minutes); the job key keeps one pending per integration.
  const every = opts.reconcileEveryMs ?? 5 * 60_000;
  const timer = every > 0 ? setInterval(() => {
    scheduleReconciles().catch((err: unknown) => log.error({ err, area: "jobs" }, "could not schedule reconciles"));
  }, every) : null;
  timer?.unref?.();
  g.__roomlinkJobsHandle = {
    idle: h.idle,
    async stop() {
      g.__roomlinkJobsHandle = undefined;
      if (timer) clearInterval(timer);
      await h.stop();
    },
  };
  return g.__roomlinkJobsHandle;
}
