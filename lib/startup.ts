// Server start-up, in order: refuse unsafe production settings, open and migrate the database,
// seed the demo, start the embedded sandbox tenant, wire the sync engine into lib/jobs and start the worker
// loop (or, with JOBS_IN_APP=false, only the outbox hook). Called from instrumentation.ts.
import path from "node:path";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { getDb, type Db } from "@/db/client";

export async function startRoomlink(): Promise<void> {
  const started = Date.now();
  if (env.NODE_ENV === "production" && env.DATABASE_URL && env.demoMode) {
    throw new Error(
      "Roomlink refuses to start: DEMO_MODE is on in production with a database server. Remove DEMO_MODE=true.",
    );
  }
  const db = await getDb();
  await refuseDemoPasswordInProduction(db);
  const lines: string[] = [];
  if (env.demoMode) {
    const { seedDemo } = await import("@/db/seed");
    const demo = await seedDemo(db);
    lines.push(`Demo sign-in: ${demo.admin.email} / ${demo.admin.password}  (read-only: ${demo.viewer.email})`);
  }
  if (env.sandboxEmbedded) {
    const { startEmbeddedSandbox } = await import("@/lib/sandbox/server");
    const sandbox = await startEmbeddedSandbox({
      port: env.SANDBOX_PORT,
      stateDir: env.SANDBOX_STATE_DIR ?? path.resolve(env.DATA_DIR, "sandbox"),
      seed: "demo",
      timeScale: env.SANDBOX_TIME_SCALE,
    });
    lines.push(
      `Sandbox tenant: ${sandbox.origin}  (tenant ${sandbox.tenantId}, client ${sandbox.clientId}; create a client secret at ${env.baseUrl}/sandbox)`,
    );
  }
  if ((env.demoMode || env.sandboxEmbedded) && !env.SMTP_URL) lines.push(await startDemoMailCatcher());
  if (env.JOBS_IN_APP) {
    // The sync engine wired into lib/jobs, then the worker loop (inbox/outbox pumps, Graph jobs,
    // reconcile and nightly schedules).
    const { startSyncJobs } = await import("@/lib/sync/register");
    startSyncJobs();
  } else {
    // Separate worker processes do the work; bookings written here must still fill the outbox.
    const { registerOutboxHook } = await import("@/lib/sync/outbound/outbox");
    registerOutboxHook();
  }
  if (env.WEBHOOK_PORT) {
    // Graph's POSTs on their own port, without Next in front (lib/sync/webhook/listener.ts).
    const { startWebhookListener } = await import("@/lib/sync/webhook/listener");
    const listener = await startWebhookListener({ port: env.WEBHOOK_PORT });
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void listener.close());
  }
  log.info({ ms: Date.now() - started, demo: env.demoMode, database: env.databaseKind }, "roomlink started");
  if (lines.length)
    process.stdout.write(`\n  Roomlink is ready at ${env.baseUrl}\n${lines.map((l) => `  ${l}\n`).join("")}\n`);
}

/** Problem e-mails without SMTP_URL go to a local catcher, read on Sandbox → Sent e-mail (lib/mail/catcher.ts). */
async function startDemoMailCatcher(): Promise<string> {
  try {
    const { startEmbeddedMailCatcher } = await import("@/lib/mail/catcher");
    await startEmbeddedMailCatcher({ file: path.resolve(env.DATA_DIR, "mail", "caught.json") });
    return `Mail catcher: no SMTP_URL, so e-mails Roomlink sends are kept at ${env.baseUrl}/sandbox/mail`;
  } catch (err) {
    log.warn(
      { err, area: "mail" },
      "demo mail catcher not started (smtp-server is a devDependency); e-mail goes to the log",
    );
    return "Mail catcher: not started (see the log); without SMTP_URL e-mail only goes to the log";
  }
}

async function refuseDemoPasswordInProduction(db: Db): Promise<void> {
  if (env.NODE_ENV !== "production" || env.demoMode) return;
  const { users } = await import("@/db/schema");
  const { verifyPassword } = await import("@/lib/auth/password");
  const accounts = await db.select({ email: users.email, hash: users.passwordHash }).from(users);
  for (const a of accounts) {
    if (await verifyPassword(env.DEMO_ADMIN_PASSWORD, a.hash)) {
      throw new Error(
        `Roomlink refuses to start: ${a.email} still has the demo password. Change it before running in production.`,
      );
    }
  }
}
