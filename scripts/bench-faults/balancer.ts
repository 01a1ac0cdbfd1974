// The loopback load balancer in front of the `next start` processes: the base URL the integration
// registers, so the sandbox's notifications reach whichever app is alive (as behind a deployment's
// proxy). It also injects the network's faults on the webhook paths: duplicate deliveries, reordering
// (each notification held a random 0–1.5 s), and an endpoint outage (503 on /api/graph/*).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface BalancerStats {
  forwarded: number;
  duplicatesSent: number;
  reordered: number;
  refusedInOutage: number;
  backendErrors: number;
}

export interface Balancer {
  url: string;
  port: number;
  mode: { duplicate: boolean; reorder: boolean; outage: boolean };
  stats: BalancerStats;
  close(): Promise<void>;
}

const MAX_BODY = 2 * 1024 * 1024; // notifications are small; the memory figure is measured against an app directly

function forward(
  port: number,
  req: http.IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: `127.0.0.1:${port}`, "content-length": String(body.length) };
    delete headers["transfer-encoding"];
    const out = http.request(
      { host: "127.0.0.1", port, method: req.method, path: req.url, headers, timeout: 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      },
    );
    out.on("timeout", () => out.destroy(new Error("backend timeout")));
    out.on("error", reject);
    out.end(body);
  });
}

export function startBalancer(backends: () => number[]): Promise<Balancer> {
  const stats: BalancerStats = { forwarded: 0, duplicatesSent: 0, reordered: 0, refusedInOutage: 0, backendErrors: 0 };
  const mode = { duplicate: false, reorder: false, outage: false };
  let rr = 0;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  /** Round robin over the live backends; a refused connection tries the next one. */
  async function send(req: http.IncomingMessage, body: Buffer) {
    const ports = backends();
    let lastErr: unknown = new Error("no backend");
    for (let i = 0; i < ports.length; i++) {
      const port = ports[(rr + i) % ports.length];
      if (port === undefined) continue;
      try {
        const r = await forward(port, req, body);
        rr = (rr + i + 1) % Math.max(1, ports.length);
        stats.forwarded++;
        return r;
      } catch (e) {
        stats.backendErrors++;
        lastErr = e;
      }
    }
    throw lastErr;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const webhook = (req.url ?? "").startsWith("/api/graph/");
      const notification = webhook && req.method === "POST" && !(req.url ?? "").includes("validationToken");
      if (webhook && mode.outage) {
        stats.refusedInOutage++;
        res.writeHead(503, { "retry-after": "10" }).end();
        return;
      }
      const go = () =>
        send(req, body).then(
          (r) => {
            const h = { ...r.headers };
            delete h["transfer-encoding"];
            delete h.connection;
            res.writeHead(r.status, h).end(r.body);
            if (notification && mode.duplicate && r.status < 300) {
              // The same POST again, once or twice, a little later: Graph delivers at least once.
              const copies = Math.random() < 0.3 ? 2 : 1;
              for (let c = 0; c < copies; c++)
                later(300 + Math.random() * 2_700, () => {
                  stats.duplicatesSent++;
                  void send(req, body).catch(() => undefined);
                });
            }
          },
          () => res.writeHead(502).end(),
        );
      if (notification && mode.reorder) {
        stats.reordered++;
        later(Math.random() * 1_500, () => void go());
      } else void go();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        mode,
        stats,
        close: () =>
          new Promise<void>((r) => {
            for (const t of timers) clearTimeout(t);
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    }),
  );
}
