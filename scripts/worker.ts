// `tsx scripts/worker.ts`: a separate sync worker process (inbox/outbox pumps, Graph jobs, reconcile
// schedule) against the PostgreSQL server in DATABASE_URL; run several to spread load over machines.
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { log as rootLog } from "@/lib/log";
import { startSyncJobs } from "@/lib/sync/register";

const log = rootLog.child({ area: "worker", pid: process.pid });

async function main(): Promise<void> {
  if (!env.DATABASE_URL) {
    // The embedded database belongs to the app process (one PGlite per directory, locked).
    log.fatal(
      "DATABASE_URL is not set: a separate worker needs the PostgreSQL server the app uses. The app runs its own worker with the embedded database.",
    );
    process.exit(2);
  }
  await getDb();
  const jobs = startSyncJobs();
  log.info("sync worker started");
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "sync worker stopping: finishing running jobs");
    // Jobs not finished in time keep their lease and are re-run by another worker: nothing is lost.
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    jobs.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, "worker stop failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  log.fatal({ err }, "sync worker failed to start");
  process.exit(1);
});
