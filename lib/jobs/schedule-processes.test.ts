// The schedule across real processes on the PostgreSQL server (the embedded database is one
// process's, locked): two `npm run worker` processes, then two app processes (lib/startup.ts with
// JOBS_IN_APP) reconcile each of two integrations exactly once per round, with nobody pressing
// "Reconcile now". The sandbox tenant and the webhook listener stay in this process.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, gt, sql } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { integrations, jobs, scheduleRounds, syncLog } from "@/db/schema";
import { env } from "@/lib/env";
import { must } from "@/lib/invariant";
import { SCHEDULE_RECONCILE } from "@/lib/jobs";
import { syncWorld, worldDatabaseUrl, type SyncWorld } from "@/lib/sync/test-world";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";

const PERIOD_MINUTES = 0.025; // 1.5 s rounds
const TSX = path.resolve("node_modules/.bin/tsx");

// Skipped, not empty, without DATABASE_URL: a file with no suite fails the run.
describe.skipIf(!testDbKinds.includes("server"))("schedule across processes (server)", () => {
  const kind = "server";
  let w: SyncWorld;
  let dbUrl: string;
  let second: string;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    await w.jobs.idle();
    await w.jobs.stop(); // this process is the web app with JOBS_IN_APP=false: it runs no jobs
    dbUrl = await worldDatabaseUrl(w);
    // A second active integration on the same credentials, with no rooms: its reconcile is quick.
    const [row] = await w.t.db.select().from(integrations).where(eq(integrations.id, w.integrationId));
    const { id: _id, ...copy } = row!;
    const [made] = await w.t.db
      .insert(integrations)
      .values({ ...copy, name: "Second" })
      .returning({ id: integrations.id });
    second = made!.id;
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  function start(script: string, extra: Record<string, string> = {}): ChildProcess {
    return spawn(TSX, [script], {
      env: {
        ...process.env,
        ...extra,
        DATABASE_URL: dbUrl,
        RECONCILE_EVERY_MINUTES: String(PERIOD_MINUTES),
        LOG_LEVEL: "warn",
        SANDBOX: "off",
        DEMO_MODE: "false",
        APP_BASE_URL: env.baseUrl,
        SANDBOX_AUTHORITY_HOST: w.sb.authorityHost,
        SANDBOX_GRAPH_BASE_URL: w.sb.graphBaseUrl,
        SANDBOX_CA_FILE: w.sb.caFile,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  const stopAll = (ps: ChildProcess[]) =>
    Promise.all(
      ps.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null) return resolve();
            p.once("exit", () => resolve());
            p.kill("SIGTERM");
          }),
      ),
    );

  async function layout(scripts: { script: string; env?: Record<string, string> }[]) {
    const since = new Date();
    const { lastLog } = must(
      (await w.t.db.select({ lastLog: sql<number>`coalesce(max(${syncLog.id}), 0)::int` }).from(syncLog))[0],
      "max(sync_log.id)",
    );
    const { lastJob } = must(
      (await w.t.db.select({ lastJob: sql<number>`coalesce(max(${jobs.id}), 0)::int` }).from(jobs))[0],
      "max(jobs.id)",
    );
    const ps = scripts.map((s) => start(s.script, s.env));
    const reconcilesOf = (id: string) =>
      w.t.db
        .select()
        .from(syncLog)
        .where(and(eq(syncLog.integrationId, id), eq(syncLog.action, "reconcile"), gt(syncLog.id, Number(lastLog))));
    try {
      // Start-up (tsx, migrations) takes a few seconds; then at least three rounds.
      await w.waitFor(
        async () => (await reconcilesOf(w.integrationId)).length >= 3 && (await reconcilesOf(second)).length >= 3,
        60_000,
      );
    } finally {
      await stopAll(ps);
    }
    const rounds = (
      await w.t.db.select().from(scheduleRounds).where(eq(scheduleRounds.name, SCHEDULE_RECONCILE))
    ).filter((r) => r.startedAt >= since);
    const owners = new Set(rounds.map((r) => r.claimedBy));
    const perIntegration = async (id: string) =>
      (
        await w.t.db
          .select()
          .from(jobs)
          .where(
            and(
              eq(jobs.name, "sync.reconcile"),
              gt(jobs.id, Number(lastJob)),
              sql`${jobs.payload}->>'integrationId' = ${id}`,
            ),
          )
      ).length;
    return {
      rounds,
      owners,
      jobs: [await perIntegration(w.integrationId), await perIntegration(second)],
      logs: [(await reconcilesOf(w.integrationId)).length, (await reconcilesOf(second)).length],
    };
  }

  const expectOncePerRound = (r: Awaited<ReturnType<typeof layout>>) => {
    expect(r.rounds.every((x) => x.outcome === "ok")).toBe(true);
    for (let n = 0; n < 2; n++) {
      // A process stopped mid-round may leave that round's job unrun; never a second one for a round.
      expect(r.jobs[n]).toBeLessThanOrEqual(r.rounds.length);
      expect(r.jobs[n]).toBeGreaterThanOrEqual(r.rounds.length - 1);
      expect(r.logs[n]).toBeLessThanOrEqual(r.rounds.length);
    }
  };

  it("two separate worker processes: each round once, each integration reconciled once per round", async () => {
    const r = await layout([{ script: "scripts/worker.ts" }, { script: "scripts/worker.ts" }]);
    expectOncePerRound(r);
  }, 90_000);

  it("two app processes with in-app workers: the same", async () => {
    const app = { script: "lib/jobs/testing/app-process.ts", env: { JOBS_IN_APP: "true" } };
    const r = await layout([app, app]);
    expectOncePerRound(r);
  }, 90_000);
});
