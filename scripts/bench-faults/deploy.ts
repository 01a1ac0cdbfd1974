// What the benches that run a deployment share (bench:faults, bench:burst): free ports, bounded waits,
// the app's health check, `next build` into a second dist folder, and Ctrl-C / exit handling that ends
// every process they started.
import http from "node:http";
import net from "node:net";
import path from "node:path";
import type { Procs } from "./procs";

export const NODE = process.execPath;
export const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function until<T>(
  what: string,
  ms: number,
  fn: () => Promise<T | undefined | null | false>,
  everyMs = 250,
) {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e; // not yet
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s: ${what} (${String(last)})`);
    await sleep(everyMs);
  }
}

export function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/api/health", timeout: 3_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode === 200));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

/**
 * Compile, then generate into `dist`: the deployment's build without its type-check step (types are
 * CI's gate, and the type check would also rewrite tsconfig.json to include this second dist folder).
 */
export async function build(procs: Procs, dist: string): Promise<void> {
  for (const mode of ["compile", "generate"]) {
    const p = procs.start(`build-${mode}`, NODE, [NEXT_BIN, "build", `--experimental-build-mode=${mode}`], {
      ...process.env,
      NEXT_DIST_DIR: dist,
      NEXT_TELEMETRY_DISABLED: "1",
    });
    const code = await Promise.race([p.exited, sleep(15 * 60_000).then(() => "timeout" as const)]);
    if (code !== 0) {
      await procs.kill(p);
      throw new Error(`next build (${mode}) failed: ${String(code)}; see ${p.logFile}`);
    }
  }
}

/** Ctrl-C / SIGTERM run `cleanup` once and exit 130; any exit kills what is still running. */
export function onInterrupt(procs: Procs, cleanup: () => Promise<void>, log: (msg: string) => void): void {
  let interrupted = false;
  const onSignal = (sig: string) => {
    if (interrupted) return;
    interrupted = true;
    log(`${sig}: stopping every process the bench started`);
    void cleanup().finally(() => process.exit(130));
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("exit", () => procs.killAllNow());
}
