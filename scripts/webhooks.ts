// `tsx scripts/webhooks.ts` (`npm run webhooks`): a process that only takes Graph's webhooks — the
// lean listener (lib/sync/webhook/listener.ts) on WEBHOOK_PORT against the PostgreSQL server in
// DATABASE_URL, nothing else: no Next, no pages, no worker loop. Its small heap keeps the
// acknowledgement fast under load (a listener inside `next start` shares the page server's event
// loop and garbage collector: p99 several times higher at 1,000/s, docs/PERFORMANCE.md). The reverse
// proxy sends `/api/graph/` here; workers are woken across processes by NOTIFY on each inbox insert.
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { log as rootLog } from "@/lib/log";
import { startWebhookListener } from "@/lib/sync/webhook/listener";

const log = rootLog.child({ area: "webhooks", pid: process.pid });

async function main(): Promise<void> {
  if (!env.DATABASE_URL || !env.WEBHOOK_PORT) {
    log.fatal(
      "A webhook process needs DATABASE_URL (the PostgreSQL server the app and workers use) and WEBHOOK_PORT (the port the reverse proxy sends /api/graph/ to). With the embedded database the app takes webhooks itself.",
    );
    process.exit(2);
  }
  await getDb();
  const listener = await startWebhookListener({ port: env.WEBHOOK_PORT });
  log.info({ webhookPort: listener.port }, "webhook process started");
  process.stdout.write(`ready ${listener.port}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "webhook process stopping: answering the requests under way");
    // Graph retries whatever is not answered: nothing is lost by stopping.
    listener.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, "webhook process stop failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  log.fatal({ err }, "webhook process failed to start");
  process.exit(1);
});
