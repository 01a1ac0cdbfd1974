// The webhook bench's baseline, in its own process: a bare node:http server that reads the body,
// parses the JSON and does the same single insert into the inbox (postgres-js, one statement), then
// answers 202. No validation, no clientState check, no framework: the floor the real paths are held
// against (within 2×). Env: BARE_DATABASE_URL, BARE_PORT; prints "ready <port>" on stdout.
import http from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";

interface Note {
  subscriptionId: string;
  changeType: string;
  resourceData: { id: string; "@odata.etag": string };
}

const sql = postgres(process.env.BARE_DATABASE_URL ?? "", { max: 10, onnotice: () => undefined });
const integrationId = process.env.BARE_INTEGRATION_ID ?? "";

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const n = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { value: Note[] }).value[0];
    if (!n) return void res.writeHead(400).end();
    const key = `bare|${n.subscriptionId}|${n.changeType}|${n.resourceData.id}|${n.resourceData["@odata.etag"]}`;
    sql`insert into inbox_notifications (integration_id, dedupe_key, subscription_id, mailbox, change_type, event_id, kind)
        values (${integrationId}, ${key}, ${n.subscriptionId}, 'room@bench', ${n.changeType}, ${n.resourceData.id}, 'change')
        on conflict (dedupe_key) do nothing`.then(
      () => res.writeHead(202).end(),
      () => res.writeHead(503).end(),
    );
  });
});

server.listen(Number(process.env.BARE_PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => {
  server.close();
  void sql.end({ timeout: 2 }).finally(() => process.exit(0));
});
