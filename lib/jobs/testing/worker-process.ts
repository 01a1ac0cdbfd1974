// A sync worker process for the wake-up tests (lib/jobs/wake-processes.test.ts): like
// `npm run worker`, but with the poll interval from WORKER_POLL_MS (long, so that only a wake-up
// explains a quick pickup) and no schedules. Run with tsx and the environment the test gives it;
// stops on SIGTERM after its running jobs.
import { getDb } from "@/db/client";
import { startWorker } from "@/lib/jobs/runner";
import { registerSync } from "@/lib/sync/register";

async function main(): Promise<void> {
  await getDb();
  registerSync();
  const worker = startWorker({ pollMs: Number(process.env.WORKER_POLL_MS ?? 30_000) });
  process.on("SIGTERM", () => {
    worker.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
