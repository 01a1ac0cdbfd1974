// `npm run bench:faults`: the fault suite (issue 16) through what a deployment runs. `next build` into
// .next-bench, two `next start` apps behind a loopback balancer, two `scripts/worker.ts` processes, a
// standalone sandbox tenant (`scripts/sandbox.ts`), all on a scratch database on the PostgreSQL
// server. While Outlook meetings (the sandbox's Graph, as a person) and Roomlink bookings (the booking
// service, as the app writes them) keep coming, faults follow each other: duplicate + reordered
// notifications, a 429 storm (70 %, then 100 %), a 403 storm on one room (application access policy),
// a Graph outage (503), a webhook outage longer than Graph's delivery retry window, 3 × SIGKILL of an
// app mid-flood, SIGKILL of a worker mid-job. Then the load stops and the bench waits (bounded) until
// every room calendar event and every Roomlink booking agree, repaired by the app's own schedule —
// the bench never reconciles. The full report on stderr, one JSON line per figure on stdout; exit 1 if anything is lost, duplicated,
// wrong, stuck or processed twice. Knobs (env): BENCH_SKIP_BUILD=1 (reuse the build), BENCH_DIST_DIR (.next-bench),
// BENCH_PG_URL, BENCH_CONVERGE_SECONDS (300), BENCH_KEEP_LOGS=1, BENCH_KEEP_DB=1.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startBalancer, type Balancer } from "./bench-faults/balancer";
import { compare, type Comparison } from "./bench-faults/compare";
import { build, freePort, healthy, NEXT_BIN, NODE, onInterrupt, sleep, until } from "./bench-faults/deploy";
import { measureUploads, type MemoryRound } from "./bench-faults/memory";
import { Procs, type Proc } from "./bench-faults/procs";
import { gt, SandboxClient, type RoomEvent, type SandboxInfo } from "./bench-faults/sandbox";

const ROOMS = 3;
const RECONCILE_EVERY_MINUTES = 1;
/** Graph's notification retry window is 4 h; the sandbox scales it (and its back-off) by this. */
const SANDBOX_TIME_SCALE = 0.003;
const DELIVERY_RETRY_WINDOW_S = Math.round(4 * 3600 * SANDBOX_TIME_SCALE);
const PHASES = {
  warmS: 10,
  duplicatesS: 30,
  throttle70S: 20,
  throttle100S: 15,
  accessDeniedS: 75,
  graphOutageS: 40,
  webhookOutageS: DELIVERY_RETRY_WINDOW_S + 15,
  appKills: 3,
  workerKills: 1,
};
const CONVERGE_S = Number(process.env.BENCH_CONVERGE_SECONDS ?? 300);
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DIST = process.env.BENCH_DIST_DIR ?? ".next-bench";

const log = (msg: string) => process.stderr.write(`[bench:faults +${((Date.now() - T0) / 1000).toFixed(0)}s] ${msg}\n`);
const T0 = Date.now();

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "roomlink-faults-"));
  const procs = new Procs(tmp);
  const dbName = `roomlink_faults_${process.pid}`;
  const admin = postgres(PG_URL, { max: 1, onnotice: () => undefined });
  let dbCreated = false;
  let balancer: Balancer | undefined;
  let sb: SandboxClient | undefined;
  let closeWorld: (() => Promise<void>) | undefined;
  let failed = true;
  const cleanup = async () => {
    await procs.stopAll().catch(() => undefined);
    await balancer?.close().catch(() => undefined);
    await sb?.close().catch(() => undefined);
    await closeWorld?.().catch(() => undefined);
    if (dbCreated && process.env.BENCH_KEEP_DB === "1") log(`scratch database kept: ${dbName}`);
    else if (dbCreated) await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch(() => undefined);
    await admin.end({ timeout: 5 }).catch(() => undefined);
    if (failed || process.env.BENCH_KEEP_LOGS) log(`process logs kept in ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  };
  onInterrupt(procs, cleanup, log);

  try {
    // ── build ───────────────────────────────────────────────────────────────────────────────────
    const tBuild = Date.now();
    const skipBuild = process.env.BENCH_SKIP_BUILD === "1" && fs.existsSync(path.join(DIST, "BUILD_ID"));
    if (!skipBuild) await build(procs, DIST);
    const buildSeconds = Math.round((Date.now() - tBuild) / 1000);
    log(skipBuild ? "reusing .next-bench" : `built in ${buildSeconds} s`);
    const tRun = Date.now();

    // ── sandbox, database ───────────────────────────────────────────────────────────────────────
    const sandboxPort = await freePort();
    const baseEnv: NodeJS.ProcessEnv = {
      NODE_ENV: "production",
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: process.env.TMPDIR,
      NEXT_TELEMETRY_DISABLED: "1",
      DATA_DIR: path.join(tmp, "data"),
      LOG_LEVEL: "warn",
    };
    let info: SandboxInfo | undefined;
    procs.start(
      "sandbox",
      NODE,
      ["--import", "tsx", "scripts/sandbox.ts"],
      {
        ...baseEnv,
        SANDBOX_PORT: String(sandboxPort),
        SANDBOX_STATE_DIR: path.join(tmp, "sandbox"),
        SANDBOX_TIME_SCALE: String(SANDBOX_TIME_SCALE),
      },
      (line) => {
        if (!info && line.startsWith("{")) info = JSON.parse(line) as SandboxInfo;
      },
    );
    const sandboxInfo = await until("sandbox start", 60_000, () => Promise.resolve(info));
    sb = new SandboxClient(sandboxInfo);
    await sb.registerBenchApp();
    const organizer = sandboxInfo.users[0];
    if (!organizer) throw new Error("the sandbox has no users");

    await admin.unsafe(`create database "${dbName}"`);
    dbCreated = true;
    const dbUrl = new URL(PG_URL);
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
      RECONCILE_EVERY_MINUTES: String(RECONCILE_EVERY_MINUTES),
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
    process.env.DATA_DIR = path.join(tmp, "bench-data");
    process.env.LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "silent"; // stdout is the JSON's
    const { setUpWorld, BOOKING_PROP_EXPAND, LEASE_MS, ourBookingId } = await import("./bench-faults/world");
    const world = await setUpWorld(sb, ROOMS, String(process.pid));
    closeWorld = world.close;
    log(`world ready: integration ${world.integrationId}, rooms ${world.rooms.map((r) => r.upn).join(", ")}`);

    // ── apps behind the balancer, workers ───────────────────────────────────────────────────────
    const appPorts = [await freePort(), await freePort()];
    const apps: (Proc | undefined)[] = [undefined, undefined];
    const alive = new Set<number>();
    balancer = await startBalancer(() => appPorts.filter((_, i) => alive.has(i)));
    const lb = balancer;
    const startApp = async (i: number) => {
      const port = appPorts[i];
      if (port === undefined) throw new Error(`no port for app ${i}`);
      apps[i] = procs.start(`app${i}`, NODE, [NEXT_BIN, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
        ...shared,
        NEXT_DIST_DIR: DIST,
        PORT: String(port),
        APP_BASE_URL: lb.url,
        JOBS_IN_APP: "true",
      });
      await until(`app ${i} health`, 90_000, () => healthy(port));
      alive.add(i);
    };
    const killApp = async (i: number) => {
      const p = apps[i];
      alive.delete(i);
      if (p) await procs.kill(p);
    };
    const workers: (Proc | undefined)[] = [undefined, undefined];
    const startWorker = (i: number) => {
      workers[i] = procs.start(`worker${i}`, NODE, ["--import", "tsx", "scripts/worker.ts"], {
        ...shared,
        JOBS_IN_APP: "false",
      });
    };
    log("starting 2 apps");
    await Promise.all([startApp(0), startApp(1)]);
    startWorker(0);
    startWorker(1);
    log(`apps on ${appPorts.join(", ")} behind ${lb.url}; 2 workers`);
    await world.activate(lb.url);
    await until("initial sync", 120_000, () => world.initialSyncDone(), 500);
    log("active, initial sync done");

    // ── load ────────────────────────────────────────────────────────────────────────────────────
    const load = {
      outlookCreated: 0,
      outlookMoved: 0,
      roomlinkCreated: 0,
      roomlinkMoved: 0,
      failedOps: 0,
    };
    type Item = { id: string; room: number; base: number; offset: number };
    const meetings: Item[] = [];
    const ownBookings: Item[] = [];
    let slotSeq = 0;
    const slot = () => {
      const n = slotSeq++;
      const k = Math.floor(n / ROOMS);
      const d = new Date();
      d.setUTCDate(d.getUTCDate() + 2 + Math.floor(k / 9));
      d.setUTCHours(7 + (k % 9), 0, 0, 0);
      return { room: n % ROOMS, base: d.getTime() };
    };
    const at = (it: Item) => ({
      start: new Date(it.base + it.offset * 60_000),
      end: new Date(it.base + (it.offset + 30) * 60_000),
    });
    const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(Math.random() * xs.length)];
    const roomOf = (n: number) => {
      const r = world.rooms[n];
      if (!r) throw new Error(`no room ${n}`);
      return r;
    };
    let opSeq = 0;
    const outlookOp = async (mayMove = true) => {
      const it = pick(meetings);
      if (mayMove && it && Math.random() < 0.2) {
        it.offset = (it.offset + 15) % 45;
        const { start, end } = at(it);
        await sb?.graph("PATCH", `/users/${organizer}/events/${it.id}`, { start: gt(start), end: gt(end) });
        load.outlookMoved++;
        return;
      }
      const s = slot();
      const item: Item = { id: "", room: s.room, base: s.base, offset: 0 };
      const { start, end } = at(item);
      const ev = await sb?.graph<{ id: string }>("POST", `/users/${organizer}/events`, {
        subject: `Faults meeting ${++opSeq}`,
        start: gt(start),
        end: gt(end),
        attendees: [{ type: "resource", emailAddress: { address: roomOf(s.room).upn } }],
      });
      if (!ev) return;
      item.id = ev.id;
      meetings.push(item);
      load.outlookCreated++;
    };
    const roomlinkOp = async (mayMove = true) => {
      const it = pick(ownBookings);
      if (mayMove && it && Math.random() < 0.2) {
        it.offset = (it.offset + 15) % 45;
        const { start, end } = at(it);
        await world.moveBooking(it.id, start, end);
        load.roomlinkMoved++;
        return;
      }
      const s = slot();
      const item: Item = { id: "", room: s.room, base: s.base, offset: 0 };
      const { start, end } = at(item);
      item.id = await world.createBooking(roomOf(s.room), `Faults booking ${++opSeq}`, start, end);
      ownBookings.push(item);
      load.roomlinkCreated++;
    };
    let loadOn = true;
    const loop = async (op: () => Promise<void>, everyMs: number) => {
      for (let n = 0; loadOn && n < 2_000; n++) {
        await op().catch(() => load.failedOps++);
        await sleep(everyMs);
      }
    };
    const loops = [loop(() => outlookOp(), 1_500), loop(() => roomlinkOp(), 1_500)];
    const flood = (outlook: number, roomlink: number) =>
      Promise.all([
        ...Array.from({ length: outlook }, () => outlookOp(false).catch(() => load.failedOps++)),
        ...Array.from({ length: roomlink }, () => roomlinkOp(false).catch(() => load.failedOps++)),
      ]);

    // ── faults, one after the other ─────────────────────────────────────────────────────────────
    const faults: Record<string, unknown> = {};
    await sleep(PHASES.warmS * 1000);
    log("duplicate + reordered notifications");
    lb.mode.duplicate = true;
    lb.mode.reorder = true;
    await sleep(PHASES.duplicatesS * 1000);
    lb.mode.duplicate = false;
    lb.mode.reorder = false;

    log("429 storm: 70 %, then 100 %");
    await sb.faults({ rate429: 0.7 });
    await sleep(PHASES.throttle70S * 1000);
    await sb.faults({ rate429: 1 });
    await sleep(PHASES.throttle100S * 1000);
    await sb.faults({ rate429: 0 });

    const denied = roomOf(0).upn;
    log(`403 storm on ${denied} (application access policy) for ${PHASES.accessDeniedS} s`);
    await sb.control("PUT", `apps/${sandboxInfo.clientId}/access-policy`, {
      accessRight: "DenyAccess",
      mailboxes: [denied],
    });
    await sleep(PHASES.accessDeniedS * 1000);
    await sb.control("DELETE", `apps/${sandboxInfo.clientId}/access-policy`);

    log(`Graph outage (503) for ${PHASES.graphOutageS} s`);
    await sb.faults({ rate503: 1 });
    await sleep(PHASES.graphOutageS * 1000);
    await sb.faults({ rate503: 0 });

    log(
      `webhook outage for ${PHASES.webhookOutageS} s (Graph's delivery retry window here: ${DELIVERY_RETRY_WINDOW_S} s)`,
    );
    const outageFrom = Date.now();
    lb.mode.outage = true;
    await sleep(PHASES.webhookOutageS * 1000);
    lb.mode.outage = false;
    // Notifications whose retries ran out while the endpoint was down: only delta can bring them back.
    faults.webhookOutageNotificationsGivenUp = await sb.deliveriesGivenUp(outageFrom).catch(() => null);

    const kills: { what: string; at: string; runningJob?: string }[] = [];
    let lastKillAt = 0;
    for (let k = 0; k < PHASES.appKills; k++) {
      const i = k % 2;
      log(`SIGKILL app ${i} mid-flood (${k + 1}/${PHASES.appKills})`);
      const f = flood(12, 6);
      await sleep(400);
      await killApp(i);
      lastKillAt = Date.now();
      kills.push({ what: `app${i}`, at: new Date(lastKillAt).toISOString() });
      await f;
      await startApp(i);
      await sleep(5_000);
    }
    // A slow Graph (every mailbox request held 400 ms) keeps jobs running long enough to be caught mid-job.
    await sb.faults({ latencyMs: 400 });
    for (let k = 0; k < PHASES.workerKills; k++) {
      log(`SIGKILL a worker mid-job (${k + 1}/${PHASES.workerKills})`);
      const f = flood(10, 10);
      const caught = await until(
        "a job running on a worker",
        30_000,
        async () => {
          for (const [i, w] of workers.entries()) {
            const job = w && (await world.runningJobOf(w.pid));
            if (w && job) return { i, w, job };
          }
          return undefined;
        },
        20,
      ).catch(() => undefined);
      const i = caught?.i ?? 0;
      const victim = caught?.w ?? workers[0];
      if (victim) await procs.kill(victim);
      lastKillAt = Date.now();
      kills.push({
        what: `worker${i}`,
        at: new Date(lastKillAt).toISOString(),
        runningJob: caught ? `${caught.job.id} ${caught.job.name}` : "none seen running",
      });
      await f;
      startWorker(i);
    }
    await sb.faults({ latencyMs: 0 });
    faults.kills = kills;

    // ── converge ────────────────────────────────────────────────────────────────────────────────
    loadOn = false;
    await Promise.all(loops);
    const loadStoppedAt = Date.now();
    log(`load stopped; waiting up to ${CONVERGE_S} s for Outlook and Roomlink to agree`);
    const from = new Date(Date.now() - 24 * 3600_000);
    const to = new Date(Date.now() + 120 * 24 * 3600_000);
    const snapshot = async (): Promise<Comparison> => {
      const eventsByRoom = new Map<string, RoomEvent[]>();
      for (const r of world.rooms)
        eventsByRoom.set(r.upn.toLowerCase(), (await sb?.calendar(r.upn, from, to, BOOKING_PROP_EXPAND)) ?? []);
      return compare(world.rooms, eventsByRoom, await world.bookingRows(), await world.links(), (ev) =>
        ourBookingId(ev),
      );
    };
    let result: Comparison | undefined;
    let convergedAt: number | undefined;
    for (const end = Date.now() + CONVERGE_S * 1000; Date.now() < end; await sleep(3_000)) {
      result = await snapshot().catch(() => undefined);
      if (!result) continue;
      const agree = result.lost === 0 && result.duplicated === 0 && result.wrong === 0;
      if (agree && (await world.unprocessed()) === 0) {
        convergedAt = Date.now();
        break;
      }
    }
    result ??= await snapshot();
    log(convergedAt ? `agreed after ${((convergedAt - loadStoppedAt) / 1000).toFixed(0)} s` : "did not converge");
    // Let running work settle a moment before judging the queue.
    await sleep(3_000);
    const jobsAtEnd = await world.jobFigures();
    const twice = await world.createdTwice();
    const leaseLost = countInLogs(tmp, "lease lost while running");
    const stuck = jobsAtEnd.dead + jobsAtEnd.running_expired + jobsAtEnd.pending_overdue;

    // ── memory: concurrent 12 MB webhook bodies against one `next start` ────────────────────────
    const memory: MemoryRound[] = [];
    const app0 = apps[0];
    const port0 = appPorts[0];
    if (app0 && port0 !== undefined) {
      for (const concurrent of [20, 40])
        for (const withLength of [true, false]) {
          log(`memory: ${concurrent} × 12 MB ${withLength ? "with" : "without"} Content-Length`);
          memory.push(
            await measureUploads(app0.pid, port0, `/api/graph/notify/${world.integrationId}`, concurrent, withLength),
          );
        }
    }

    const out = {
      bench: "faults",
      parameters: {
        rooms: ROOMS,
        apps: 2,
        workers: 2,
        jobsInApp: true,
        reconcileEveryMinutes: RECONCILE_EVERY_MINUTES,
        jobLeaseSeconds: LEASE_MS / 1000,
        sandboxTimeScale: SANDBOX_TIME_SCALE,
        graphDeliveryRetryWindowSeconds: DELIVERY_RETRY_WINDOW_S,
        phases: PHASES,
        convergeLimitSeconds: CONVERGE_S,
        database: "postgresql server (scratch database)",
      },
      load: { ...load, benchGraphRetries: sb.retries },
      faults: { ...faults, balancer: lb.stats },
      result: {
        lost: result.lost,
        duplicated: result.duplicated,
        wrong: result.wrong,
        stuckJobs: stuck,
        // A doubled effect, one piece of work run by two workers at once, or a worker that kept running
        // a job after losing its lease to another one.
        processedTwice: twice.doubled + twice.concurrent + leaseLost,
        secondsToConverge: convergedAt ? Math.round((convergedAt - loadStoppedAt) / 1000) : null,
        secondsToConvergeAfterLastKill: convergedAt ? Math.round((convergedAt - lastKillAt) / 1000) : null,
        converged: convergedAt !== undefined,
        eventsCompared: result.events,
        bookingsCompared: result.bookings,
        jobs: jobsAtEnd,
        processedTwiceDetail: {
          doubledEffects: twice.doubled,
          concurrentRuns: twice.concurrent,
          leaseLostWarnings: leaseLost,
          rerunsAfterLeaseExpiry: twice.reruns,
          cases: twice.cases,
        },
        cases: result.cases,
        deadJobs: jobsAtEnd.dead ? await world.deadJobs() : [],
      },
      memory,
      seconds: {
        build: buildSeconds,
        run: Math.round((Date.now() - tRun) / 1000),
        total: Math.round((Date.now() - T0) / 1000),
      },
    };
    // The whole report for a person on stderr; one JSON line per figure on stdout (`npm run bench`).
    process.stderr.write(`${JSON.stringify(out, null, 2)}\n`);
    const r = out.result;
    const line = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ bench: "faults", ...o })}\n`);
    line({
      figure: "correctness",
      lost: r.lost,
      duplicated: r.duplicated,
      wrong: r.wrong,
      stuckJobs: r.stuckJobs,
      processedTwice: r.processedTwice,
      converged: r.converged,
      secondsToConverge: r.secondsToConverge,
      secondsToConvergeAfterLastKill: r.secondsToConvergeAfterLastKill,
      eventsCompared: r.eventsCompared,
      bookingsCompared: r.bookingsCompared,
    });
    for (const m of memory) line({ figure: "upload-memory", ...m });
    const bad = result.lost + result.duplicated + result.wrong + stuck + twice.doubled + twice.concurrent + leaseLost;
    failed = bad > 0 || !convergedAt;
    return failed ? 1 : 0;
  } finally {
    await cleanup();
  }
}

function countInLogs(dir: string, needle: string): number {
  let n = 0;
  for (const f of fs.readdirSync(dir)) {
    if (!/^\d+-(app|worker)\d\.log$/.test(f)) continue;
    n += fs.readFileSync(path.join(dir, f), "utf8").split(needle).length - 1;
  }
  return n;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench:faults failed: ${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
