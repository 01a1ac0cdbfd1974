// The webhook bench's load generator, run as its own process (`node --import tsx load.ts '<json>'`)
// so that its own work never shares an event loop or a core's time slice with the server it measures.
// Sends Graph-shaped change notifications at a fixed rate: request n is due at start + n / rate, and
// its latency is counted from that intended time to the end of the answer, so a server that stalls
// pays for every request it delayed (no coordinated omission). The first `warmupSeconds` are sent
// but not counted. Prints one JSON object (LoadResult) on stdout.
import http from "node:http";

export interface LoadOptions {
  url: string;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  subscriptionId: string;
  clientState: string;
  tenantId: string;
  mailbox: string;
  /** Makes every event id (and so every inbox row) of this run unique. */
  prefix: string;
  /** A request not answered this long after its intended send time is counted as unanswered. */
  timeoutMs: number;
  /** Concurrent connections (Graph delivers over several). */
  connections: number;
}

export interface LoadResult {
  sent: number;
  answered: number;
  unanswered: number;
  errored: number;
  statuses: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Scheduled send time minus actual send time at its worst: the generator's own lag. */
  generatorLagMaxMs: number;
  measuredFrom: number;
  measuredTo: number;
}

/** The body Graph POSTs for one changed event (a batch of one, as Outlook resources mostly arrive). */
export function changeNotification(o: LoadOptions, n: number): string {
  const eventId = `AAMkAD${o.prefix}-${n}`;
  const resource = `Users/${o.mailbox}/Events/${eventId}`;
  return JSON.stringify({
    value: [
      {
        subscriptionId: o.subscriptionId,
        subscriptionExpirationDateTime: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        changeType: "updated",
        resource,
        resourceData: {
          "@odata.type": "#Microsoft.Graph.Event",
          "@odata.id": resource,
          "@odata.etag": `W/"DwAAABYAAAB${n}"`,
          id: eventId,
        },
        clientState: o.clientState,
        tenantId: o.tenantId,
      },
    ],
  });
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0) : 0;
const round = (x: number) => Math.round(x * 10) / 10;

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const target = new URL(o.url);
  const total = Math.round(o.rate * (o.warmupSeconds + o.seconds));
  const warm = Math.round(o.rate * o.warmupSeconds);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let answered = 0;
  let unanswered = 0;
  let errored = 0;
  let lagMax = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now() + 50;
  const count = (n: number, what: "answered" | "unanswered" | "errored", status: string, ms = 0) => {
    if (n < warm) return;
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (what === "answered") {
      answered++;
      latencies.push(ms);
    } else if (what === "unanswered") unanswered++;
    else errored++;
  };
  const send = (n: number, due: number) =>
    new Promise<void>((resolve) => {
      const body = changeNotification(o, n);
      let settled = false;
      const settle = (what: "answered" | "unanswered" | "errored", status: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        count(n, what, status, performance.now() - due);
        resolve();
      };
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          agent,
          headers: { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            const code = res.statusCode ?? 0;
            settle(code >= 200 && code < 300 ? "answered" : "errored", String(code));
          });
        },
      );
      const timer = setTimeout(
        () => {
          settle("unanswered", "timeout");
          req.destroy();
        },
        Math.max(0, due + o.timeoutMs - performance.now()),
      );
      req.on("error", (err: NodeJS.ErrnoException) => settle("errored", err.code ?? "error"));
      req.end(body);
    });
  for (let n = 0; n < total; n++) {
    const due = start + (n * 1000) / o.rate;
    const wait = due - performance.now();
    // Sleep only when more than a millisecond ahead; otherwise send what is due (catching up if late).
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    lagMax = n >= warm ? Math.max(lagMax, performance.now() - due) : lagMax;
    pending.push(send(n, due));
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    sent: total - warm,
    answered,
    unanswered,
    errored,
    statuses,
    p50Ms: round(pct(latencies, 50)),
    p99Ms: round(pct(latencies, 99)),
    maxMs: round(latencies[latencies.length - 1] ?? 0),
    generatorLagMaxMs: round(lagMax),
    measuredFrom: Math.round(performance.timeOrigin + start + o.warmupSeconds * 1000),
    measuredTo: Math.round(performance.timeOrigin + start + (o.warmupSeconds + o.seconds) * 1000),
  };
}

const arg = process.argv[2];
if (arg && process.argv[1]?.endsWith("load.ts")) {
  runLoad(JSON.parse(arg) as LoadOptions).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (err: unknown) => {
      process.stderr.write(`load generator failed: ${String((err as Error)?.stack ?? err)}\n`);
      process.exit(1);
    },
  );
}
