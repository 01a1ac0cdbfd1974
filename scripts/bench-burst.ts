// `tsx scripts/bench-burst.ts`: sync latency through what a deployment runs (issue 13). A standalone
// sandbox tenant, a scratch database on the PostgreSQL server, `next build` + one `next start` app with
// JOBS_IN_APP=false (it only answers Graph's webhooks) and one separate `scripts/worker.ts` process
// (the worker as `npm run worker` runs it: 1 s poll, LISTEN roomlink_jobs), 10 mapped rooms, activated
// (the sandbox's subscriptions deliver to the app). Load comes from this process:
//
// - burst: N meetings (300, then 1,000) created at once in Outlook by the sandbox's people inviting
//   the rooms; per meeting, the event's createdDateTime → its booking committed (seen by a 25 ms poll
//   of the database); p50/p99/max, the drain time (first meeting created → last booking committed),
//   lost (a meeting without a booking) and duplicated (more than one) — both must be 0.
// - outbound: bookings saved one at a time through lib/bookings/service in this process, against the
//   same database: the booking's transaction adds the outbox row and NOTIFY roomlink_jobs, as the app's
//   server action does, so the worker process is woken at commit exactly as by an app write. Latency:
//   commit → the room event's createdDateTime in the sandbox.
//
// One JSON line per figure on stdout, each starting with {"bench":. Progress on stderr. Knobs (env):
// BENCH_BURSTS (300,1000), BENCH_OUTBOUND (40), BENCH_ROOMS (10), BENCH_SKIP_BUILD=1 (reuse
// .next-bench, or BENCH_DIST_DIR), BENCH_PG_URL, BENCH_CPU_PROF=<dir> (the worker under node --cpu-prof; the profile is
// written when it stops), BENCH_KEEP_LOGS=1, BENCH_KEEP_DB=1.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { onInterrupt } from "./bench-faults/deploy";
import { Procs } from "./bench-faults/procs";
import { deploy, type Deployment } from "./bench-burst/deploy";
import { burst, burstDays, outbound } from "./bench-burst/measure";

const BURSTS = (process.env.BENCH_BURSTS ?? "300,1000")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
const OUTBOUND = Number(process.env.BENCH_OUTBOUND ?? 40);
const ROOMS = Number(process.env.BENCH_ROOMS ?? 10);
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const T0 = Date.now();
const log = (msg: string) => process.stderr.write(`[bench:burst +${((Date.now() - T0) / 1000).toFixed(0)}s] ${msg}\n`);
const line = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "roomlink-burst-"));
  const procs = new Procs(tmp);
  let d: Deployment | undefined;
  let failed = true;
  const cleanup = async () => {
    await procs.stopAll().catch(() => undefined);
    await d?.close().catch(() => undefined);
    if (failed || process.env.BENCH_KEEP_LOGS) log(`process logs kept in ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  };
  onInterrupt(procs, cleanup, log);
  try {
    const cpuProfDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
    if (cpuProfDir) fs.mkdirSync(cpuProfDir, { recursive: true });
    d = await deploy(procs, {
      tmp,
      pgUrl: PG_URL,
      rooms: ROOMS,
      skipBuild: process.env.BENCH_SKIP_BUILD === "1",
      cpuProfDir,
      log,
    });
    let bad = 0;
    let day = 2;
    for (const n of BURSTS) {
      const r = await burst(d, n, { firstDay: day, log });
      day += burstDays(n, ROOMS);
      line(r);
      bad += r.lost + r.duplicated;
    }
    if (OUTBOUND > 0) {
      const r = await outbound(d, OUTBOUND, { firstDay: day, log });
      line({ ...r, worker: "scripts/worker.ts, 1 s poll, woken by NOTIFY at the booking's commit" });
      bad += r.lost;
    }
    if (cpuProfDir) {
      await d.stopWorker();
      log(`worker CPU profile in ${cpuProfDir}`);
    }
    failed = bad > 0;
    return failed ? 1 : 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench:burst failed: ${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
