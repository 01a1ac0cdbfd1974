// `tsx scripts/bench-webhook.ts [rate] [seconds]`: webhook acknowledgement through what a deployment
// runs. `next build` (into BENCH_DIST_DIR, default .next-webhook; BENCH_SKIP_BUILD=1 reuses it), a
// scratch database on the PostgreSQL server (BENCH_PG_URL; dropped at the end, also on Ctrl-C), one
// `next start` app with JOBS_IN_APP=false and the lean listener on WEBHOOK_PORT, an integration and
// a subscription seeded, and a bare node:http server doing the same single insert in its own process.
// A load generator in a separate process (scripts/bench-webhook/load.ts) sends Graph-shaped change
// notifications with the subscription's clientState at a fixed rate to each target in turn, after a
// warm-up, counting latency from each request's intended send time. One JSON line per target on
// stdout (`{"bench":"webhook","target":"next-start"|"listener"|"webhook-process"|"bare",…}`), a human
// line on stderr. Targets: the Next route through `next start`; the lean listener inside that app
// (WEBHOOK_PORT); the shipped webhook process (`npm run webhooks`: the listener alone); the bare server.
// Knobs (env): BENCH_RATE (1000), BENCH_SECONDS (15), BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS (64),
// BENCH_TARGETS (next-start,listener,webhook-process,bare), BENCH_TIMEOUT_MS (10000: later is "unanswered"),
// BENCH_KEEP_LOGS=1, BENCH_KEEP_DB=1, BENCH_CPU_PROF=<dir> (the app under `node --cpu-prof`, written when it stops). Arguments override BENCH_RATE and BENCH_SECONDS.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { build, freePort, healthy, NEXT_BIN, NODE, onInterrupt, sleep, until } from "./bench-faults/deploy";
import { Procs, treeRss, type Proc } from "./bench-faults/procs";
import type { LoadOptions, LoadResult } from "./bench-webhook/load";
import { treeCpuMs } from "./bench-webhook/proc-cpu";

// Measured in this order: the cheapest first, so that no target inherits another's backlog.
const TARGETS = ["bare", "webhook-process", "listener", "next-start"] as const;
const DEFAULT_TARGETS = ["next-start", "listener", "webhook-process", "bare"];
type Target = (typeof TARGETS)[number];

const num = (v: string | undefined, dflt: number) => (v === undefined || v === "" ? dflt : Number(v));
const RATE = num(process.argv[2] ?? process.env.BENCH_RATE, 1000);
const SECONDS = num(process.argv[3] ?? process.env.BENCH_SECONDS, 15);
const WARMUP_S = num(process.env.BENCH_WARMUP_SECONDS, 3);
const CONNECTIONS = num(process.env.BENCH_CONNECTIONS, 64);
const TIMEOUT_MS = num(process.env.BENCH_TIMEOUT_MS, 10_000);
const WANTED = (process.env.BENCH_TARGETS ?? DEFAULT_TARGETS.join(",")).split(",").map((s) => s.trim()) as Target[];
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DIST = process.env.BENCH_DIST_DIR ?? ".next-webhook";
const CLIENT_STATE = randomBytes(24).toString("base64url");
const GRAPH_ID = "bench-webhook-subscription";
const MAILBOX = "room@bench.test";
const TENANT = "5a0b9b1c-0d2e-4f3a-8b4c-6d7e8f9a0b1c";

const T0 = Date.now();
const log = (msg: string) =>
  process.stderr.write(`[bench:webhook +${((Date.now() - T0) / 1000).toFixed(0)}s] ${msg}\n`);

interface Figure extends LoadResult {
  target: Target;
  serverRssMaxMb: number;
  /** Server CPU (user + system, whole process tree) over the measured window per answered request. */
  cpuMsPerRequest: number | null;
  stored: number;
}

/** One target: the load generator in its own process; the server's RSS and CPU sampled from /proc. */
async function measure(procs: Procs, target: Target, url: string, server: Proc, sql: postgres.Sql): Promise<Figure> {
  const prefix = `${target}-${process.pid}`;
  const opts: LoadOptions = {
    url,
    rate: RATE,
    seconds: SECONDS,
    warmupSeconds: WARMUP_S,
    subscriptionId: GRAPH_ID,
    clientState: CLIENT_STATE,
    tenantId: TENANT,
    mailbox: MAILBOX,
    prefix,
    timeoutMs: TIMEOUT_MS,
    connections: CONNECTIONS,
  };
  let out: LoadResult | undefined;
  const gen = procs.start(
    `load-${target}`,
    NODE,
    ["--import", "tsx", "scripts/bench-webhook/load.ts", JSON.stringify(opts)],
    { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production" },
    (line) => {
      if (line.startsWith("{")) out = JSON.parse(line) as LoadResult;
    },
  );
  // RSS over the whole run (warm-up included: memory is what it is); CPU over the measured window.
  let rssMax = treeRss(server.pid);
  let cpuFrom: number | undefined;
  const warmEnd = Date.now() + 50 + WARMUP_S * 1000 + 500; // the generator's own start-up included
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, treeRss(server.pid));
    if (cpuFrom === undefined && Date.now() >= warmEnd) cpuFrom = treeCpuMs(server.pid);
  }, 100);
  const code = await gen.exited;
  clearInterval(sampler);
  const cpuTo = treeCpuMs(server.pid);
  if (code !== 0 || !out)
    throw new Error(`the load generator for ${target} failed (${String(code)}); see ${gen.logFile}`);
  const like = `AAMkAD${prefix}-%`;
  const [row] = await sql<
    { n: number }[]
  >`select count(*)::int as n from inbox_notifications where event_id like ${like}`;
  return {
    target,
    ...out,
    serverRssMaxMb: Math.round(rssMax / 1024 / 1024),
    cpuMsPerRequest:
      cpuFrom === undefined || !out.answered ? null : Math.round(((cpuTo - cpuFrom) / out.answered) * 100) / 100,
    stored: row?.n ?? 0,
  };
}

/** Until the server is idle again (under 5 % of a core for a second; at most 60 s): requests the load generator gave up on may still be running there. */
async function settle(server: Proc): Promise<void> {
  const end = Date.now() + 60_000;
  for (let before = treeCpuMs(server.pid); Date.now() < end;) {
    await sleep(1_000);
    const now = treeCpuMs(server.pid);
    if (now - before < 50) return;
    before = now;
  }
  log("the server was still busy 60 s after the load stopped");
}

/** Whether the answer carries the proxy's nonce Content-Security-Policy (next.config's static headers have none). */
async function probeProxy(url: string): Promise<boolean> {
  const res = await fetch(url, { method: "POST" });
  await res.text();
  if (res.status !== 200) throw new Error(`the validation probe got ${res.status}`);
  return res.headers.has("content-security-policy");
}

async function main(): Promise<number> {
  const unknown = WANTED.filter((t) => !TARGETS.includes(t));
  if (unknown.length) throw new Error(`unknown BENCH_TARGETS: ${unknown.join(", ")} (known: ${TARGETS.join(", ")})`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "roomlink-webhook-"));
  const procs = new Procs(tmp);
  const dbName = `roomlink_wh_${process.pid}`;
  const admin = postgres(PG_URL, { max: 1, onnotice: () => undefined });
  let dbCreated = false;
  let failed = true;
  let closeSeedDb: (() => Promise<void>) | undefined;
  let sql: postgres.Sql | undefined;
  const cleanup = async () => {
    await procs.stopAll().catch(() => undefined);
    await sql?.end({ timeout: 5 }).catch(() => undefined);
    await closeSeedDb?.().catch(() => undefined);
    if (dbCreated && process.env.BENCH_KEEP_DB === "1") log(`scratch database kept: ${dbName}`);
    else if (dbCreated) await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch(() => undefined);
    await admin.end({ timeout: 5 }).catch(() => undefined);
    if (failed || process.env.BENCH_KEEP_LOGS === "1") log(`process logs kept in ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  };
  onInterrupt(procs, cleanup, (msg) => log(`${msg} and dropping ${dbName}`));

  try {
    const skipBuild = process.env.BENCH_SKIP_BUILD === "1" && fs.existsSync(path.join(DIST, "BUILD_ID"));
    if (skipBuild) log(`reusing ${DIST}`);
    else {
      const t = Date.now();
      await build(procs, DIST);
      log(`built ${DIST} in ${Math.round((Date.now() - t) / 1000)} s`);
    }

    // ── scratch database, migrated and seeded with the app's own modules ──────────────────────────
    await admin.unsafe(`create database "${dbName}"`);
    dbCreated = true;
    const dbUrl = new URL(PG_URL);
    dbUrl.pathname = `/${dbName}`;
    const sealKey = randomBytes(32).toString("base64");
    process.env.ROOMLINK_SEAL_KEY = sealKey;
    process.env.LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "silent"; // stdout is the JSON lines'
    process.env.DATA_DIR = path.join(tmp, "bench-data");
    const { openServer } = await import("@/db/client");
    const { integrations, subscriptions } = await import("@/db/schema");
    const { seal } = await import("@/lib/crypto/seal");
    const seeded = await openServer(dbUrl.toString(), { max: 1 });
    closeSeedDb = seeded.close;
    const [integ] = await seeded.db
      .insert(integrations)
      .values({ name: "Webhook bench", mode: "application", state: "active", tenantId: TENANT })
      .returning();
    if (!integ) throw new Error("the bench integration was not created");
    await seeded.db.insert(subscriptions).values({
      integrationId: integ.id,
      graphId: GRAPH_ID,
      resource: `users/${MAILBOX}/events`,
      mailbox: MAILBOX,
      clientStateSealed: seal(CLIENT_STATE, `subscription:${GRAPH_ID}:client-state`),
      expiresAt: new Date(Date.now() + 3 * 86_400_000),
    });
    await seeded.close();
    closeSeedDb = undefined;
    sql = postgres(dbUrl.toString(), { max: 1, onnotice: () => undefined });

    // ── servers: `next start` (+ listener in the same process), the bare baseline ─────────────────
    const [appPort, webhookPort] = [await freePort(), await freePort()];
    const prof = process.env.BENCH_CPU_PROF
      ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`]
      : [];
    const app = procs.start(
      "app",
      NODE,
      [...prof, NEXT_BIN, "start", "--port", String(appPort), "--hostname", "127.0.0.1"],
      {
        NODE_ENV: "production",
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: process.env.TMPDIR,
        NEXT_TELEMETRY_DISABLED: "1",
        NEXT_DIST_DIR: DIST,
        DATA_DIR: path.join(tmp, "data"),
        LOG_LEVEL: "warn",
        DATABASE_URL: dbUrl.toString(),
        AUTH_SECRET: randomBytes(32).toString("hex"),
        ROOMLINK_SEAL_KEY: sealKey,
        DEMO_MODE: "false",
        SANDBOX: "off",
        JOBS_IN_APP: "false",
        PORT: String(appPort),
        APP_BASE_URL: `http://127.0.0.1:${appPort}`,
        WEBHOOK_PORT: String(webhookPort),
      },
    );
    await until("app health", 90_000, () => healthy(appPort));
    let barePort: number | undefined;
    const bare = procs.start(
      "bare",
      NODE,
      ["--import", "tsx", "scripts/bench-webhook/bare.ts"],
      {
        NODE_ENV: "production",
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        BARE_DATABASE_URL: dbUrl.toString(),
        BARE_INTEGRATION_ID: integ.id,
      },
      (line) => {
        if (line.startsWith("ready ")) barePort = Number(line.slice(6));
      },
    );
    const bareReady = await until("bare server", 30_000, () => Promise.resolve(barePort));
    // The shipped webhook process (`npm run webhooks`): the listener alone, no Next, no worker loop.
    let onlyPort: number | undefined;
    const only = WANTED.includes("webhook-process")
      ? procs.start(
          "webhook-process",
          NODE,
          ["--import", "tsx", "scripts/webhooks.ts"],
          {
            NODE_ENV: "production",
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            DATA_DIR: path.join(tmp, "data-only"),
            LOG_LEVEL: "warn",
            DATABASE_URL: dbUrl.toString(),
            ROOMLINK_SEAL_KEY: sealKey,
            AUTH_SECRET: randomBytes(32).toString("hex"),
            DEMO_MODE: "false",
            SANDBOX: "off",
            WEBHOOK_PORT: String(await freePort()),
          },
          (line) => {
            if (line.startsWith("ready ")) onlyPort = Number(line.slice(6));
          },
        )
      : undefined;
    if (only) await until("webhook process", 60_000, () => Promise.resolve(onlyPort));
    log(`app on ${appPort} (listener on ${webhookPort}), bare on ${bareReady}; database ${dbName}`);

    // proxy.ts's matcher skips api/graph: its nonce CSP on a webhook answer would mean it ran.
    const proxyRan = await probeProxy(`http://127.0.0.1:${appPort}/api/graph/notify/${integ.id}?validationToken=probe`);
    const urls: Record<Target, { url: string; server: Proc }> = {
      "next-start": { url: `http://127.0.0.1:${appPort}/api/graph/notify/${integ.id}`, server: app },
      listener: { url: `http://127.0.0.1:${webhookPort}/api/graph/notify/${integ.id}`, server: app },
      bare: { url: `http://127.0.0.1:${bareReady}/notify`, server: bare },
      "webhook-process": {
        url: `http://127.0.0.1:${onlyPort ?? 0}/api/graph/notify/${integ.id}`,
        server: only ?? bare,
      },
    };
    const figures: Figure[] = [];
    for (const target of TARGETS.filter((t) => WANTED.includes(t))) {
      log(`${target}: ${RATE}/s for ${WARMUP_S} s warm-up + ${SECONDS} s over ${CONNECTIONS} connections`);
      const f = await measure(procs, target, urls[target].url, urls[target].server, sql);
      figures.push(f);
      process.stdout.write(
        `${JSON.stringify({
          bench: "webhook",
          target,
          rate: RATE,
          seconds: SECONDS,
          sent: f.sent,
          answered: f.answered,
          unanswered: f.unanswered,
          errored: f.errored,
          p50Ms: f.p50Ms,
          p99Ms: f.p99Ms,
          maxMs: f.maxMs,
          serverRssMaxMb: f.serverRssMaxMb,
          cpuMsPerRequest: f.cpuMsPerRequest,
          stored: f.stored,
          statuses: f.statuses,
          generatorLagMaxMs: f.generatorLagMaxMs,
          connections: CONNECTIONS,
          ...(target === "next-start" ? { proxyRan } : {}),
          warmupSeconds: WARMUP_S,
          database: "postgresql server (scratch database)",
        })}\n`,
      );
      await settle(urls[target].server);
    }
    const bareFig = figures.find((f) => f.target === "bare");
    for (const f of figures) {
      const vsBare =
        bareFig && f !== bareFig ? `, ${(f.p99Ms / Math.max(0.1, bareFig.p99Ms)).toFixed(1)}× bare p99` : "";
      log(
        `${f.target.padEnd(10)} ${RATE}/s: p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, max ${f.maxMs} ms${vsBare}; ` +
          `${f.answered}/${f.sent} answered, ${f.unanswered} unanswered, ${f.errored} errored; ` +
          `${f.cpuMsPerRequest ?? "?"} ms CPU/request; server RSS max ${f.serverRssMaxMb} MB`,
      );
    }
    failed = false;
    return 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench:webhook failed: ${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
