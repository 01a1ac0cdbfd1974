// The deployment the burst bench measures: a standalone sandbox tenant, a scratch database on the
// PostgreSQL server, one `next start` app that runs no jobs (JOBS_IN_APP=false) and one separate
// `scripts/worker.ts` process (optionally under `node --cpu-prof`), the Outlook "people" on their own
// app registration (scripts/bench-faults/sandbox.ts) and the world of scripts/bench-faults/world.ts.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { build, freePort, healthy, NEXT_BIN, NODE, sleep, until } from "../bench-faults/deploy";
import type { Procs, Proc } from "../bench-faults/procs";
import { SandboxClient, type SandboxInfo } from "../bench-faults/sandbox";
import type { World } from "../bench-faults/world";

/** The same second build folder as bench:faults (outside type check and lint); `npm run bench` may name it. */
export const DIST = process.env.BENCH_DIST_DIR ?? ".next-bench";

// Other benches import these from here (bench:webhook).
export { freePort, healthy, NEXT_BIN, NODE, sleep, until };

export interface Deployment {
  sb: SandboxClient;
  world: World;
  organizers: string[];
  worker: Proc;
  app: Proc;
  sandbox: Proc;
  /** The scratch database, for the bench's own read-only queries (postgres-js). */
  sql: postgres.Sql;
  /** Stops the worker gracefully (its CPU profile, if any, is written on exit). */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface DeployOptions {
  tmp: string;
  pgUrl: string;
  rooms: number;
  skipBuild: boolean;
  /** Directory for the worker's `--cpu-prof` output; none: no profile. */
  cpuProfDir?: string;
  log: (msg: string) => void;
}

export async function deploy(procs: Procs, o: DeployOptions): Promise<Deployment> {
  // Undone in reverse order (the database is dropped after every connection to it closed).
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    if (!(o.skipBuild && fs.existsSync(path.join(DIST, "BUILD_ID")))) {
      const t = Date.now();
      await build(procs, DIST);
      o.log(`built in ${Math.round((Date.now() - t) / 1000)} s`);
    } else o.log(`reusing ${DIST}`);

    const baseEnv: NodeJS.ProcessEnv = {
      NODE_ENV: "production",
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: process.env.TMPDIR,
      NEXT_TELEMETRY_DISABLED: "1",
      DATA_DIR: path.join(o.tmp, "data"),
      LOG_LEVEL: "warn",
    };
    const sandboxPort = await freePort();
    let info: SandboxInfo | undefined;
    const sandbox = procs.start(
      "sandbox",
      NODE,
      ["--import", "tsx", "scripts/sandbox.ts"],
      { ...baseEnv, SANDBOX_PORT: String(sandboxPort), SANDBOX_STATE_DIR: path.join(o.tmp, "sandbox") },
      (line) => {
        if (!info && line.startsWith("{")) info = JSON.parse(line) as SandboxInfo;
      },
    );
    const sandboxInfo = await until("sandbox start", 60_000, () => Promise.resolve(info));
    const sb = new SandboxClient(sandboxInfo);
    cleanups.push(() => sb.close());
    await sb.registerBenchApp();

    const dbName = `roomlink_burst_${process.pid}`;
    const admin = postgres(o.pgUrl, { max: 1, onnotice: () => undefined });
    cleanups.push(() => admin.end({ timeout: 5 }));
    await admin.unsafe(`create database "${dbName}"`);
    cleanups.push(async () => {
      if (process.env.BENCH_KEEP_DB === "1") o.log(`scratch database kept: ${dbName}`);
      else await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    });
    const dbUrl = new URL(o.pgUrl);
    dbUrl.pathname = `/${dbName}`;
    const shared: NodeJS.ProcessEnv = {
      ...baseEnv,
      DATABASE_URL: dbUrl.toString(),
      AUTH_SECRET: randomBytes(32).toString("hex"),
      ROOMLINK_SEAL_KEY: randomBytes(32).toString("base64"),
      DEMO_MODE: "false",
      SANDBOX: "off",
      SANDBOX_AUTHORITY_HOST: new URL(sandboxInfo.authority).origin,
      SANDBOX_GRAPH_BASE_URL: sandboxInfo.graphBaseUrl,
      SANDBOX_CA_FILE: sandboxInfo.caFile,
    };
    // This process writes with the app's own modules: same database, seal key and cloud.
    for (const k of [
      "DATABASE_URL",
      "ROOMLINK_SEAL_KEY",
      "SANDBOX_AUTHORITY_HOST",
      "SANDBOX_GRAPH_BASE_URL",
      "SANDBOX_CA_FILE",
    ])
      process.env[k] = shared[k];
    process.env.DEMO_MODE = "false";
    process.env.SANDBOX = "off";
    process.env.DATA_DIR = path.join(o.tmp, "bench-data");
    process.env.LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "silent"; // stdout is the JSON lines'
    const { setUpWorld } = await import("../bench-faults/world");
    const world = await setUpWorld(sb, o.rooms, `b${process.pid}`);
    cleanups.push(() => world.close()); // run in reverse: before the database is dropped
    const sql = postgres(dbUrl.toString(), { max: 2, onnotice: () => undefined });
    cleanups.push(() => sql.end({ timeout: 5 }));

    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    const app = procs.start("app", NODE, [NEXT_BIN, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
      ...shared,
      NEXT_DIST_DIR: DIST,
      PORT: String(port),
      APP_BASE_URL: appUrl,
      JOBS_IN_APP: "false",
    });
    await until("app health", 90_000, () => healthy(port));
    const prof = o.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${o.cpuProfDir}`] : [];
    const worker = procs.start("worker", NODE, [...prof, "--import", "tsx", "scripts/worker.ts"], {
      ...shared,
      JOBS_IN_APP: "false",
    });
    o.log(`app on ${appUrl} (JOBS_IN_APP=false), 1 worker process${o.cpuProfDir ? " (cpu profile)" : ""}`);
    await world.activate(appUrl);
    await until("initial sync", 180_000, () => world.initialSyncDone(), 500);
    o.log(`active: ${o.rooms} rooms, initial sync done`);
    const organizers = sandboxInfo.users.filter((u) => !sandboxInfo.rooms.includes(u));
    if (!organizers.length) throw new Error("the sandbox has no users to organize meetings");
    return {
      sb,
      world,
      organizers,
      worker,
      app,
      sandbox,
      sql,
      stopWorker: () => procs.stop(worker, 20_000),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
