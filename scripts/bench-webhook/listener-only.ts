// The webhook bench's "listener outside Next" target: only the lean listener (no worker loop, no
// Next) in its own process, on DATABASE_URL, so the listener's own cost can be told apart from the
// app process it normally shares. Env: WEBHOOK_PORT; prints "ready <port>" on stdout.
import { getDb } from "@/db/client";
import { startWebhookListener } from "@/lib/sync/webhook/listener";

async function main(): Promise<void> {
  await getDb();
  const listener = await startWebhookListener({ port: Number(process.env.WEBHOOK_PORT ?? 0), host: "127.0.0.1" });
  process.stdout.write(`ready ${listener.port}\n`);
  process.on("SIGTERM", () => void listener.close().finally(() => process.exit(0)));
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
