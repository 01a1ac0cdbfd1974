// `npm run bench:ui`: the admin UI at volume (issue 13). Seeds scripts/seed-volume.ts's dataset
// (1,000 rooms, 100,000 bookings over a year, 1,000 subscriptions, 50,000 sync-log rows) into a
// scratch database on the PostgreSQL server, builds into .next-ui, starts `next start` on loopback
// against it, signs in over HTTP as the seeded admin and fetches each admin page several times:
// TTFB (headers) and full load, p50/p95, HTML bytes; then 8 concurrent day views; the server's peak
// RSS (process tree) over the whole run. One JSON line per figure on stdout. Drops its database and
// stops its server at the end. Knobs (env): BENCH_SKIP_BUILD=1 (reuse .next-ui), BENCH_PG_URL,
// BENCH_SAMPLES (7), BENCH_KEEP_DB=1.
import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { seedVolume } from "./seed-volume";

const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 7);
const DIST = process.env.BENCH_DIST_DIR ?? ".next-ui";
const NODE = process.execPath;
const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");
const T0 = Date.now();
const log = (msg: string) => process.stderr.write(`[bench:ui +${((Date.now() - T0) / 1000).toFixed(0)}s] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ bench: "ui", ...o })}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Fetched {
  status: number;
  ttfbMs: number;
  totalMs: number;
  bytes: number;
  body: string;
  setCookies: string[];
  location?: string;
}

function request(
  port: number,
  pathname: string,
  opts: { cookie?: string; method?: string; body?: string; contentType?: string; timeoutMs?: number } = {},
): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t) / 1e6;
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: pathname,
        method: opts.method ?? "GET",
        timeout: opts.timeoutMs ?? 60_000,
        headers: {
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
          ...(opts.body ? { "content-type": opts.contentType ?? "application/x-www-form-urlencoded" } : {}),
          origin: `http://127.0.0.1:${port}`,
          "accept-encoding": "identity",
        },
      },
      (res) => {
        const ttfbMs = ms();
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const buf = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            ttfbMs,
            totalMs: ms(),
            bytes: buf.length,
            body: buf.toString("utf8"),
            setCookies: res.headers["set-cookie"] ?? [],
            location: res.headers.location,
          });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout: ${pathname}`)));
    req.on("error", reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

class Jar {
  private m = new Map<string, string>();
  take(setCookies: string[]) {
    for (const c of setCookies) {
      const [pair] = c.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair && eq > 0) this.m.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  header() {
    return [...this.m].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** RSS (bytes) of a process and all its descendants, from /proc. */
function treeRss(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const status = fs.readFileSync(`/proc/${d}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      rss.set(Number(d), kb * 1024);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  const stack = [rootPid];
  for (let pid = stack.pop(); pid !== undefined; pid = stack.pop()) {
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
const round = (n: number) => Math.round(n * 10) / 10;

function runToEnd(args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<number | null> {
  return new Promise((resolve) => {
    const out = fs.openSync(logFile, "a");
    const p = spawn(NODE, args, { env, stdio: ["ignore", out, out] });
    p.on("exit", (code) => {
      fs.closeSync(out);
      resolve(code);
    });
  });
}

async function build(tmp: string) {
  // Compile, then generate: the deployment's build without its type-check step (which would also
  // rewrite tsconfig.json to include this second dist folder).
  for (const mode of ["compile", "generate"]) {
    const code = await runToEnd(
      [NEXT_BIN, "build", `--experimental-build-mode=${mode}`],
      { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" },
      path.join(tmp, "build.log"),
    );
    if (code !== 0) throw new Error(`next build (${mode}) failed (${String(code)}); see ${tmp}/build.log`);
  }
}

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "roomlink-ui-"));
  const dbName = `roomlink_ui_${process.pid}`;
  const admin = postgres(PG_URL, { max: 1, onnotice: () => undefined });
  let dbCreated = false;
  let server: ChildProcess | undefined;
  let sampler: NodeJS.Timeout | undefined;
  const cleanup = async () => {
    if (sampler) clearInterval(sampler);
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await Promise.race([new Promise((r) => server?.once("exit", r)), sleep(5_000)]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    if (dbCreated && process.env.BENCH_KEEP_DB === "1") log(`scratch database kept: ${dbName}`);
    else if (dbCreated) await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch(() => undefined);
    await admin.end({ timeout: 5 }).catch(() => undefined);
  };
  process.on("SIGINT", () => void cleanup().finally(() => process.exit(130)));
  process.on("SIGTERM", () => void cleanup().finally(() => process.exit(143)));
  try {
    const skipBuild = process.env.BENCH_SKIP_BUILD === "1" && fs.existsSync(path.join(DIST, "BUILD_ID"));
    const tBuild = Date.now();
    if (!skipBuild) await build(tmp);
    log(skipBuild ? `reusing ${DIST}` : `built in ${Math.round((Date.now() - tBuild) / 1000)} s`);

    await admin.unsafe(`create database "${dbName}"`);
    dbCreated = true;
    const dbUrl = new URL(PG_URL);
    dbUrl.pathname = `/${dbName}`;
    process.env.DATABASE_URL = dbUrl.toString();
    process.env.LOG_LEVEL = "silent";
    const { openServer } = await import("@/db/client");
    const { hashPassword } = await import("@/lib/auth/password");
    const handle = await openServer(dbUrl.toString(), { max: 1 });
    await handle.close();
    const tSeed = Date.now();
    const password = randomBytes(12).toString("base64url");
    const sql = postgres(dbUrl.toString(), { max: 1, onnotice: () => undefined });
    const seed = await seedVolume(sql, await hashPassword(password), password);
    await sql.end({ timeout: 5 });
    log(`seeded in ${Math.round((Date.now() - tSeed) / 1000)} s`);

    const port = await freePort();
    const out = fs.openSync(path.join(tmp, "server.log"), "a");
    server = spawn(NODE, [NEXT_BIN, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: process.env.TMPDIR,
        NEXT_TELEMETRY_DISABLED: "1",
        NEXT_DIST_DIR: DIST,
        DATABASE_URL: dbUrl.toString(),
        DATA_DIR: path.join(tmp, "data"),
        AUTH_SECRET: randomBytes(32).toString("hex"),
        ROOMLINK_SEAL_KEY: randomBytes(32).toString("base64"),
        APP_BASE_URL: `http://127.0.0.1:${port}`,
        DEMO_MODE: "false",
        SANDBOX: "off",
        JOBS_IN_APP: "false",
        LOG_LEVEL: "warn",
        PORT: String(port),
      },
      stdio: ["ignore", out, out],
    });
    const pid = server.pid ?? 0;
    let peakRss = 0;
    sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRss(pid))), 100);
    const end = Date.now() + 90_000;
    for (;;) {
      const ok = await request(port, "/api/health", { timeoutMs: 3_000 }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (Date.now() > end || server.exitCode !== null) throw new Error(`the server did not start; see ${tmp}`);
      await sleep(300);
    }
    const idleRss = treeRss(pid);
    log(`server up on ${port}, RSS ${Math.round(idleRss / 2 ** 20)} MB`);

    // Sign in the way the login form does (next-auth credentials with its CSRF token).
    const jar = new Jar();
    const csrf = await request(port, "/api/auth/csrf");
    jar.take(csrf.setCookies);
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const signIn = await request(port, "/api/auth/callback/credentials", {
      method: "POST",
      cookie: jar.header(),
      body: new URLSearchParams({ csrfToken, email: seed.admin.email, password, json: "true" }).toString(),
    });
    jar.take(signIn.setCookies);
    if (!jar.header().includes("session-token")) throw new Error(`sign-in failed: ${signIn.status} ${signIn.body}`);
    const cookie = jar.header();

    const pages: Array<{ page: string; path: string }> = [
      { page: "calendar-day", path: `/calendar?view=day&date=${seed.today}` },
      { page: "calendar-week", path: `/calendar?date=${seed.today}` },
      { page: "bookings-first", path: "/bookings" },
      { page: "bookings-search", path: "/bookings?q=Workshop%2012" },
      { page: "booking", path: `/bookings/${seed.bookingId}` },
      { page: "rooms", path: "/rooms" },
      { page: "inbound-mapping", path: `/integrations/${seed.integrationId}/inbound` },
      { page: "diagnostics", path: `/integrations/${seed.integrationId}/diagnostics` },
      { page: "integration-config", path: `/integrations/${seed.integrationId}/config` },
      { page: "customers", path: "/customers" },
      { page: "policies", path: "/policies" },
    ];
    // The list's last page: old builds page by number, new ones by a cursor link; follow what the page offers.
    const first = await request(port, "/bookings", { cookie });
    const lastHref = /href="(\/bookings\?[^"]*last=1[^"]*)"/.exec(first.body)?.[1];
    const pagesMatch = /(?:Page|Pagina) \d+ (?:of|van) (\d[\d,.]*)/i.exec(first.body);
    const lastPath = lastHref
      ? lastHref.replace(/&amp;/g, "&")
      : `/bookings?page=${Number((pagesMatch?.[1] ?? "1").replace(/[,.]/g, ""))}`;
    pages.splice(3, 0, { page: "bookings-last", path: lastPath });

    let failures = 0;
    for (const p of pages) {
      const ttfb: number[] = [];
      const total: number[] = [];
      let bytes = 0;
      let status = 0;
      await request(port, p.path, { cookie }); // warm-up (compiles nothing in production; fills caches)
      for (let i = 0; i < SAMPLES; i++) {
        const r = await request(port, p.path, { cookie });
        status = r.status;
        bytes = r.bytes;
        if (r.status !== 200) failures++;
        ttfb.push(r.ttfbMs);
        total.push(r.totalMs);
      }
      emit({
        figure: "page",
        page: p.page,
        path: p.path,
        status,
        htmlBytes: bytes,
        ttfbP50Ms: round(pct(ttfb, 50)),
        ttfbP95Ms: round(pct(ttfb, 95)),
        loadP50Ms: round(pct(total, 50)),
        loadP95Ms: round(pct(total, 95)),
        samples: SAMPLES,
      });
    }
    const day = pages[0];
    if (day) {
      const t = Date.now();
      const rs = await Promise.all(Array.from({ length: 8 }, () => request(port, day.path, { cookie })));
      emit({
        figure: "concurrent",
        page: day.page,
        requests: 8,
        wallMs: Date.now() - t,
        loadP50Ms: round(
          pct(
            rs.map((r) => r.totalMs),
            50,
          ),
        ),
        loadMaxMs: round(Math.max(...rs.map((r) => r.totalMs))),
        statuses: [...new Set(rs.map((r) => r.status))],
      });
    }
    await sleep(300);
    emit({
      figure: "server-rss",
      idleMB: Math.round(idleRss / 2 ** 20),
      peakMB: Math.round(peakRss / 2 ** 20),
      machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB`,
    });
    if (failures) {
      log(`${failures} page loads did not answer 200; server log in ${tmp}`);
      return 1;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    return 0;
  } catch (e) {
    log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}; logs in ${tmp}`);
    return 1;
  } finally {
    await cleanup();
  }
}

process.exit(await main());
