// `tsx scripts/bench-webhook.ts [rate] [seconds]`: webhook acknowledgement latency at a sustained
// notification rate through the notify route, next to a bare Node server doing the same single insert.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { createAppTestDb } from "@/db/testing";
import { integrations, subscriptions } from "@/db/schema";
import { seal } from "@/lib/crypto/seal";
import { env } from "@/lib/env";
import { POST } from "@/app/api/graph/notify/[id]/route";

const rate = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 10);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

function serve(handler: (req: Request) => Promise<Response>): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = new Request(new URL(req.url ?? "/", "http://127.0.0.1"), {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      });
      handler(r).then(
        (out) => res.writeHead(out.status).end(),
        () => res.writeHead(500).end(),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    ),
  );
}

async function load(url: string, body: (n: number) => string, secs = seconds): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const lat: number[] = [];
  const total = rate * secs;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      new Promise<void>((resolve) => {
        const t0 = performance.now();
        const data = body(n);
        const req = http.request(
          url,
          {
            method: "POST",
            agent,
            headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data) },
          },
          (res) => {
            res.resume();
            res.on("end", () => {
              lat.push(performance.now() - t0);
              resolve();
            });
          },
        );
        req.on("error", () => resolve());
        req.end(data);
      }),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  return lat;
}

async function main(): Promise<void> {
  const t = await createAppTestDb(env.DATABASE_URL ? "server" : "embedded");
  const [integ] = await t.db
    .insert(integrations)
    .values({ name: "bench", mode: "application", state: "active" })
    .returning();
  const graphId = "bench-sub";
  await t.db.insert(subscriptions).values({
    integrationId: integ!.id,
    graphId,
    resource: "users/room@x/events",
    mailbox: "room@x",
    clientStateSealed: seal("bench-state", `subscription:${graphId}:client-state`),
    expiresAt: new Date(Date.now() + 3600_000),
  });
  const payload = (n: number) =>
    JSON.stringify({
      value: [
        {
          subscriptionId: graphId,
          clientState: "bench-state",
          changeType: "updated",
          resource: `Users/room@x/Events/E${n}`,
          tenantId: "t",
          resourceData: {
            "@odata.type": "#Microsoft.Graph.Event",
            "@odata.id": `Users/room@x/Events/E${n}`,
            "@odata.etag": `W/"${n}"`,
            id: `E${n}`,
          },
        },
      ],
    });
  const route = await serve((req) => POST(req, { params: Promise.resolve({ id: integ!.id }) }));
  // Both servers get the same 2 s warm-up (JIT, connection pool, database caches), not counted.
  await load(route.url, (n) => payload(1_000_000 + n), 2);
  const routeLat = await load(route.url, payload);
  await route.close();
  // Baseline: parse JSON and the same single insert, nothing else.
  const bare = await serve(async (req) => {
    const b = (await req.json()) as {
      value: { subscriptionId: string; changeType: string; resourceData: { id: string; "@odata.etag": string } }[];
    };
    const n = b.value[0]!;
    await t.db
      .execute(sql`insert into inbox_notifications (integration_id, dedupe_key, subscription_id, mailbox, change_type, event_id)
      values (${integ!.id}, ${`bare|${n.resourceData.id}|${n.resourceData["@odata.etag"]}`}, ${n.subscriptionId}, 'room@x', ${n.changeType}, ${n.resourceData.id}) on conflict do nothing`);
    return new Response(null, { status: 202 });
  });
  await load(bare.url, (n) => payload(1_000_000 + n), 2);
  const bareLat = await load(bare.url, payload);
  await bare.close();
  const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms  p99 ${pct(xs, 99).toFixed(1)} ms  (n=${xs.length})`;
  process.stdout.write(
    `database: ${t.kind}, ${rate} notifications/s for ${seconds} s\nnotify route: ${fmt(routeLat)}\nbare node + insert: ${fmt(bareLat)}\nrss: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB\n`,
  );
  await t.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
