// One behaviour table for both ways Graph's POSTs reach Roomlink: the Next route functions (single-port
// deployments, dev) and the lean listener on WEBHOOK_PORT (lib/sync/webhook/listener.ts), over real
// HTTP. The same rows run against both, so the two paths cannot drift apart (the routes' former own
// tests live here now; webhook-fuzz.test.ts attacks the route functions).
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { inboxNotifications, integrations, subscriptions, syncLog } from "@/db/schema";
import { seal } from "@/lib/crypto/seal";
import { forgetSubscriptions } from "@/lib/sync/webhook/intake";
import { startWebhookListener, type WebhookListener } from "@/lib/sync/webhook/listener";
import { POST as notify } from "./notify/[id]/route";
import { POST as lifecycle } from "./lifecycle/[id]/route";

const SECRET = "paths-client-state";
const MiB = 1024 * 1024;

type Kind = "notify" | "lifecycle";
interface Sent {
  query?: string;
  body?: string | null;
  headers?: Record<string, string>;
  /** Stream this many bytes of whitespace in 64 KiB chunks instead of `body`, stopping at the answer. */
  stream?: { bytes: number; withLength: boolean };
}
interface Got {
  status: number;
  headers: Record<string, string>;
  text: string;
}
interface Target {
  name: string;
  post(kind: Kind, id: string, sent: Sent): Promise<Got>;
}

const chunk = () => Buffer.alloc(64 * 1024, 0x20);

/** The Next route functions, called as Next calls them. */
const nextRoutes: Target = {
  name: "next route",
  async post(kind, id, sent) {
    let body: BodyInit | null = sent.body ?? null;
    const headers = { ...sent.headers };
    if (sent.stream) {
      const { bytes, withLength } = sent.stream;
      let pulled = 0;
      body = new ReadableStream<Uint8Array>({
        pull(c) {
          if (pulled >= bytes) return c.close();
          pulled += 64 * 1024;
          c.enqueue(chunk());
        },
      });
      if (withLength) headers["content-length"] = String(bytes);
    }
    const route = kind === "notify" ? notify : lifecycle;
    const res = await route(
      new Request(`http://localhost/api/graph/${kind}/${id}${sent.query ?? ""}`, {
        method: "POST",
        body,
        headers,
        duplex: "half",
      } as RequestInit),
      { params: Promise.resolve({ id }) },
    );
    return { status: res.status, headers: Object.fromEntries(res.headers), text: await res.text() };
  },
};

/** A raw node:http request; a streamed body stops being written once the answer arrives. */
function request(
  port: number,
  method: string,
  path: string,
  sent: Omit<Sent, "query"> = {},
): Promise<Got & { written: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...sent.headers };
    if (sent.stream?.withLength) headers["content-length"] = String(sent.stream.bytes);
    let written = 0;
    let answered = false;
    const req = http.request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => {
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers as Record<string, string>,
          text: Buffer.concat(parts).toString("utf8"),
          written,
        });
      });
    });
    req.on("error", (err) => {
      if (!answered) reject(err);
    });
    if (!sent.stream) {
      req.end(sent.body ?? undefined);
      return;
    }
    const { bytes } = sent.stream;
    const pump = () => {
      while (!answered && written < bytes) {
        written += 64 * 1024;
        if (!req.write(chunk())) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

function listenerTarget(get: () => WebhookListener): Target {
  return {
    name: "listener",
    post: (kind, id, sent) => request(get().port, "POST", `/api/graph/${kind}/${id}${sent.query ?? ""}`, sent),
  };
}

const note = (graphId: string, clientState: string, eventId: string) => ({
  subscriptionId: graphId,
  clientState,
  changeType: "updated",
  resource: `Users/room@x/Events/${eventId}`,
  tenantId: "t",
  resourceData: {
    "@odata.type": "#Microsoft.Graph.Event",
    "@odata.id": `Users/room@x/Events/${eventId}`,
    "@odata.etag": 'W/"1"',
    id: eventId,
  },
});

describe.each(testDbKinds)("webhook paths (%s)", (kind) => {
  let t: TestDb;
  let listener: WebhookListener;
  beforeAll(async () => {
    forgetSubscriptions();
    t = await createAppTestDb(kind);
    listener = await startWebhookListener({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await listener.close();
    await t.close();
  });

  /** Each target and test gets its own integration and subscription: rows never cross. */
  let seq = 0;
  async function seed(): Promise<{ id: string; graphId: string }> {
    const graphId = `paths-${++seq}`;
    const [integ] = await t.db
      .insert(integrations)
      .values({ name: `Paths ${seq}`, mode: "application", state: "active" })
      .returning();
    await t.db.insert(subscriptions).values({
      integrationId: integ!.id,
      graphId,
      resource: "/users/room@x/events",
      mailbox: "room@x",
      clientStateSealed: seal(SECRET, `subscription:${graphId}:client-state`),
      expiresAt: new Date(Date.now() + 3600_000),
    });
    return { id: integ!.id, graphId };
  }
  const inbox = (id: string) => t.db.select().from(inboxNotifications).where(eq(inboxNotifications.integrationId, id));

  for (const target of [nextRoutes, listenerTarget(() => listener)]) {
    describe(target.name, () => {
      for (const k of ["notify", "lifecycle"] as const) {
        it(`${k}: echoes the validation token as text/plain, nosniff, never cached`, async () => {
          const token = "Validation: <script>alert(1)</script> & more";
          const got = await target.post(k, "x", { query: `?validationToken=${encodeURIComponent(token)}` });
          expect(got.status).toBe(200);
          expect(got.headers["content-type"]).toMatch(/^text\/plain/);
          expect(got.headers["x-content-type-options"]).toBe("nosniff");
          expect(got.headers["cache-control"]).toBe("no-store");
          expect(got.text).toBe(token);
        });

        it(`${k}: 413 for a body declared over 1 MiB`, async () => {
          const got = await target.post(k, "x", { stream: { bytes: 12 * MiB, withLength: true } });
          expect(got.status).toBe(413);
        });

        it(`${k}: 413 for a body over 1 MiB streamed without Content-Length`, async () => {
          const got = await target.post(k, "x", { stream: { bytes: 12 * MiB, withLength: false } });
          expect(got.status).toBe(413);
        });

        it(`${k}: 400 for bad JSON and for a wrong shape`, async () => {
          expect((await target.post(k, "x", { body: "{not json" })).status).toBe(400);
          expect((await target.post(k, "x", { body: JSON.stringify({ value: [{ nope: 1 }] }) })).status).toBe(400);
        });
      }

      it("notify: stores a valid notification once, however often Graph delivers it", async () => {
        const { id, graphId } = await seed();
        const body = JSON.stringify({ value: [note(graphId, SECRET, "AAMk-1"), note(graphId, SECRET, "AAMk-1")] });
        const got = await target.post("notify", id, { body, headers: { "content-type": "application/json" } });
        expect(got.status).toBe(202);
        expect(got.text).toBe("");
        expect((await target.post("notify", id, { body })).status).toBe(202);
        const rows = await inbox(id);
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          eventId: "AAMk-1",
          mailbox: "room@x",
          changeType: "updated",
          processedAt: null,
        });
        // "Last notification" is written after the answer.
        await expect
          .poll(
            async () =>
              (await t.db.select().from(subscriptions).where(eq(subscriptions.graphId, graphId)))[0]!
                .lastNotificationAt,
          )
          .not.toBeNull();
      });

      it("notify: 503 when the inbox cannot be written, so that Graph delivers again", async () => {
        const { id, graphId } = await seed();
        const body = JSON.stringify({ value: [note(graphId, SECRET, "U-1")] });
        await t.db.execute(sql`alter table inbox_notifications rename to inbox_notifications_away`);
        try {
          expect((await target.post("notify", id, { body })).status).toBe(503);
        } finally {
          await t.db.execute(sql`alter table inbox_notifications_away rename to inbox_notifications`);
        }
        expect((await target.post("notify", id, { body })).status).toBe(202);
        expect(await inbox(id)).toHaveLength(1);
      });

      it("notify: a wrong clientState is answered 202, never stored, and counted", async () => {
        const { id, graphId } = await seed();
        const got = await target.post("notify", id, {
          body: JSON.stringify({ value: [note(graphId, "guess", "F-1")] }),
        });
        expect(got.status).toBe(202);
        expect(await inbox(id)).toHaveLength(0);
        const lines = await t.db.select().from(syncLog).where(eq(syncLog.integrationId, id));
        expect(lines.map((l) => l.action)).toEqual(["notification.forged"]);
      });

      it("notify: another integration's subscription is answered 202 and not stored", async () => {
        const other = await seed();
        const mine = await seed();
        const got = await target.post("notify", mine.id, {
          body: JSON.stringify({ value: [note(other.graphId, SECRET, "O-1")] }),
        });
        expect(got.status).toBe(202);
        expect(await inbox(mine.id)).toHaveLength(0);
        expect(await inbox(other.id)).toHaveLength(0);
      });

      it("lifecycle: stores each lifecycle event once, drops a forged one, refuses an unknown one", async () => {
        const { id, graphId } = await seed();
        const ev = (lifecycleEvent: string, clientState = SECRET) => ({
          subscriptionId: graphId,
          clientState,
          lifecycleEvent,
          subscriptionExpirationDateTime: "2026-11-23T10:00:00Z",
          tenantId: "t",
        });
        const body = JSON.stringify({
          value: [ev("missed"), ev("reauthorizationRequired"), ev("subscriptionRemoved", "forged")],
        });
        expect((await target.post("lifecycle", id, { body })).status).toBe(202);
        expect((await target.post("lifecycle", id, { body })).status).toBe(202);
        expect((await inbox(id)).map((r) => r.kind).sort()).toEqual(["missed", "reauthorizationRequired"]);
        expect((await target.post("lifecycle", id, { body: JSON.stringify({ value: [ev("nonsense")] }) })).status).toBe(
          400,
        );
      });
    });
  }
});
