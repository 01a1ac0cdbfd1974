// `tsx scripts/worker.ts`: a separate sync worker process (inbox/outbox pumps, Graph jobs, reconcile
// schedule) against the PostgreSQL server in DATABASE_URL; run several to spread load over machines.
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { log as rootLog } from "@/lib/log";
import { startSyncJobs } from "@/lib/sync/register";
import { startWebhookListener } from "@/lib/sync/webhook/listener";

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
  // WEBHOOK_PORT set: this worker also takes Graph's POSTs (lib/sync/webhook/listener.ts).
  const listener = env.WEBHOOK_PORT ? await startWebhookListener({ port: env.WEBHOOK_PORT }) : undefined;
  log.info({ webhookPort: listener?.port }, "sync worker started");
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "sync worker stopping: finishing running jobs");
    // Jobs not finished in time keep their lease and are re-run by another worker: nothing is lost.
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    // The listener takes no new webhooks (running ones finish; Graph retries the rest) while the jobs finish.
    Promise.all([listener?.close(), jobs.stop()]).then(
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
