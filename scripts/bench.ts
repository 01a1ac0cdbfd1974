// `npm run bench [-- name …]`: every benchmark, one after another, each in its own process, through
// what a deployment runs (one `next build` into .next-bench, shared by the benches that start
// `next start`). Prints one JSON line per figure on stdout (`{"bench": …}`), the benches' own progress
// on stderr; exits 1 when a bench fails or misses a correctness check (lost / duplicated bookings).
// Names: webhook burst reconcile ui faults (default: all, in that order). BENCH_OUT=file also writes
// the JSON lines there. The machine line comes first: the figures only mean something next to it.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

interface Bench {
  name: string;
  script: string;
  args: string[];
  env?: Record<string, string>;
  /** Runs on the PostgreSQL server (DATABASE_URL = BENCH_PG_URL) instead of its embedded default. */
  serverDb?: boolean;
}

const BENCHES: Bench[] = [
  { name: "webhook", script: "scripts/bench-webhook.ts", args: [] },
  { name: "burst", script: "scripts/bench-burst.ts", args: [] },
  // On the server database Roomlink runs in its own process, apart from the sandbox: its RSS is the figure.
  { name: "reconcile", script: "scripts/bench-reconcile.ts", args: ["1000", "10000"], serverDb: true },
  { name: "reconcile", script: "scripts/bench-reconcile.ts", args: ["1000", "10000", "answers"], serverDb: true },
  { name: "ui", script: "scripts/bench-ui.ts", args: [] },
  { name: "faults", script: "scripts/bench-faults.ts", args: [] },
];

const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DIST = ".next-bench";
const TSX = path.resolve("node_modules/.bin/tsx");
const out = process.env.BENCH_OUT ? fs.createWriteStream(process.env.BENCH_OUT, { flags: "a" }) : undefined;

function emit(line: string): void {
  process.stdout.write(`${line}\n`);
  out?.write(`${line}\n`);
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

function postgresVersion(): string {
  try {
    return execFileSync("psql", [PG_URL, "-Atc", "show server_version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "unknown";
  }
}

function run(b: Bench, env: Record<string, string>): Promise<{ code: number | null; figures: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(TSX, [b.script, ...b.args], {
      env: {
        ...process.env,
        LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
        ...env,
        ...(b.serverDb ? { DATABASE_URL: PG_URL } : {}),
        ...b.env,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let figures = 0;
    let buf = "";
    child.stdout.on("data", (c: Buffer) => {
      buf += c.toString("utf8");
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line.startsWith('{"bench":')) {
          figures++;
          emit(line);
        } else if (line) process.stderr.write(`[${b.name}] ${line}\n`);
      }
    });
    const stop = (sig: NodeJS.Signals) => child.kill(sig);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    child.on("exit", (code) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve({ code, figures, ms: Date.now() - started });
    });
  });
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
  if (unknown.length) {
    process.stderr.write(
      `unknown bench: ${unknown.join(", ")} (known: ${[...new Set(BENCHES.map((b) => b.name))].join(", ")})\n`,
    );
    return 2;
  }
  const selected = BENCHES.filter((b) => !wanted.length || wanted.includes(b.name));
  const cpus = os.cpus();
  emit(
    JSON.stringify({
      bench: "machine",
      commit: git(["rev-parse", "--short", "HEAD"]),
      dirty: git(["status", "--porcelain"]) !== "",
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? "unknown",
      memoryGb: Math.round(os.totalmem() / 1e9),
      loadAvg1m: Number(os.loadavg()[0]?.toFixed(2)),
      node: process.version,
      postgres: postgresVersion(),
      at: new Date().toISOString(),
    }),
  );
  let failed = 0;
  let built = process.env.BENCH_SKIP_BUILD === "1" && fs.existsSync(path.join(DIST, "BUILD_ID"));
  for (const b of selected) {
    // The first bench that starts `next start` builds .next-bench; the rest reuse it.
    const r = await run(b, { BENCH_DIST_DIR: DIST, BENCH_SKIP_BUILD: built ? "1" : "0", BENCH_PG_URL: PG_URL });
    if (fs.existsSync(path.join(DIST, "BUILD_ID"))) built = true;
    emit(
      JSON.stringify({
        bench: "run",
        name: b.name,
        args: b.args,
        exitCode: r.code,
        figures: r.figures,
        seconds: Math.round(r.ms / 1000),
      }),
    );
    if (r.code !== 0 || r.figures === 0) failed++;
  }
  out?.end();
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
