// Peak RSS of a `next start` process while N clients POST 12 MB to the webhook at once, with and
// without Content-Length (the route must refuse while the body streams, not after buffering it).
import http from "node:http";
import { treeRss } from "./procs";

const MB = 1024 * 1024;

export interface MemoryRound {
  concurrent: number;
  contentLength: boolean;
  baselineMb: number;
  peakMb: number;
  riseMb: number;
  statuses: Record<string, number>;
  seconds: number;
}

function post(port: number, path: string, bytes: number, withLength: boolean): Promise<string> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (s: string) => {
      if (!settled) {
        settled = true;
        resolve(s);
      }
    };
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (withLength) headers["content-length"] = String(bytes);
    const req = http.request({ host: "127.0.0.1", port, method: "POST", path, headers, timeout: 60_000 }, (res) => {
      res.resume();
      res.on("end", () => done(String(res.statusCode)));
      res.on("error", () => done(String(res.statusCode)));
    });
    req.on("timeout", () => {
      req.destroy();
      done("timeout");
    });
    req.on("error", () => done("reset"));
    const chunk = Buffer.alloc(64 * 1024, 0x20); // whitespace: a valid JSON prefix that never ends
    chunk.write('{"value":[');
    let sent = 0;
    const pump = () => {
      while (sent < bytes && !req.destroyed) {
        const n = Math.min(chunk.length, bytes - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          req.once("drain", pump);
          return;
        }
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

export async function measureUploads(
  pid: number,
  port: number,
  path: string,
  concurrent: number,
  withLength: boolean,
): Promise<MemoryRound> {
  await new Promise((r) => setTimeout(r, 2_000)); // let the previous round's garbage settle
  const baseline = treeRss(pid);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, treeRss(pid));
  }, 25);
  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: concurrent }, () => post(port, path, 12 * MB, withLength)));
  await new Promise((r) => setTimeout(r, 500));
  clearInterval(sampler);
  peak = Math.max(peak, treeRss(pid));
  const statuses: Record<string, number> = {};
  for (const s of results) statuses[s] = (statuses[s] ?? 0) + 1;
  return {
    concurrent,
    contentLength: withLength,
    baselineMb: Math.round(baseline / MB),
    peakMb: Math.round(peak / MB),
    riseMb: Math.round((peak - baseline) / MB),
    statuses,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  };
}
