// Both webhook routes as an attacker on the internet meets them (no sign-in in front of them):
// malformed, oversized (also streamed without Content-Length), forged and replayed bodies, and
// floods of made-up subscription ids. Bounded: fixed seeds and sizes, a few seconds per kind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { forgedNotifications, inboxNotifications, integrations, subscriptions, syncLog } from "@/db/schema";
import { seal } from "@/lib/crypto/seal";
import { forgetSubscriptions } from "@/lib/sync/webhook/intake";
import { POST as notify } from "./notify/[id]/route";
import { POST as lifecycle } from "./lifecycle/[id]/route";
import { syncLogText } from "@/lib/i18n/sync-log";

const SECRET = "fuzz-client-state";
const routes = { notify, lifecycle } as const;

/** A deterministic generator, so a failure is reproducible. */
function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** A body that yields `total` bytes in 64 KiB chunks and counts how much was pulled. */
function streamOf(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const counter = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (counter.pulled >= total) return c.close();
      counter.pulled += chunk.byteLength;
      c.enqueue(chunk);
    },
  });
  return { body, counter };
}

describe.each(testDbKinds)("webhook routes under attack (%s)", (kind) => {
  let t: TestDb;
  let integrationId: string;
  beforeAll(async () => {
    forgetSubscriptions();
    t = await createAppTestDb(kind);
    const [i] = await t.db
      .insert(integrations)
      .values({ name: "Fuzz", mode: "application", state: "active" })
      .returning();
    integrationId = i!.id;
    await t.db.insert(subscriptions).values({
      integrationId,
      graphId: "sub-fuzz",
      resource: "/users/room@x/events",
      mailbox: "room@x",
      clientStateSealed: seal(SECRET, "subscription:sub-fuzz:client-state"),
      expiresAt: new Date(Date.now() + 3600_000),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (route: keyof typeof routes, body: BodyInit | null, headers: Record<string, string> = {}) =>
    routes[route](
      new Request(`http://localhost/api/graph/${route}/${integrationId}`, {
        method: "POST",
        body,
        headers,
        duplex: "half",
      } as RequestInit),
      { params: Promise.resolve({ id: integrationId }) },
    );

  for (const route of ["notify", "lifecycle"] as const) {
    it(`${route}: a 12 MB body streamed without Content-Length is refused after reading ~1 MiB`, async () => {
      const { body, counter } = streamOf(12 * 1024 * 1024);
      const res = await post(route, body);
      expect(res.status).toBe(413);
      expect(counter.pulled).toBeLessThan(1024 * 1024 + 3 * 64 * 1024);
    });

    it(`${route}: a declared oversize body is refused before any of it is read`, async () => {
      const { body, counter } = streamOf(12 * 1024 * 1024);
      const res = await post(route, body, { "content-length": String(12 * 1024 * 1024) });
      expect(res.status).toBe(413);
      expect(counter.pulled).toBeLessThanOrEqual(2 * 64 * 1024);
    });

    it(`${route}: malformed bodies get 400, never 5xx`, async () => {
      const r = rng(route === "notify" ? 7 : 11);
      const bodies: (BodyInit | null)[] = [
        null,
        "",
        "null",
        "[]",
        "{}",
        '{"value":null}',
        '{"value":{}}',
        '{"value":[null]}',
        '{"value":[{"subscriptionId":""}]}',
        JSON.stringify({
          value: Array.from({ length: 1001 }, () => ({
            subscriptionId: "s",
            changeType: "updated",
            lifecycleEvent: "missed",
          })),
        }),
        "[".repeat(100_000),
        new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]),
        '{"value":[{"subscriptionId":"s","clientState":' + '"x"'.padEnd(600, "x") + "}]}",
      ];
      for (let i = 0; i < 40; i++)
        bodies.push(new Uint8Array(Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256))));
      for (const b of bodies) expect([400, 202]).toContain((await post(route, b)).status);
      // Nothing of that reached the inbox.
      expect(
        await t.db.select().from(inboxNotifications).where(eq(inboxNotifications.integrationId, integrationId)),
      ).toHaveLength(0);
    });
  }

  it("a POST naming 1,000 made-up subscriptions is answered in one lookup, and cheaper the second time", async () => {
    const body = JSON.stringify({
      value: Array.from({ length: 1000 }, (_, i) => ({
        subscriptionId: `made-up-${i}`,
        clientState: "x",
        changeType: "updated",
        resource: "Users/a/Events/b",
      })),
    });
    const started = performance.now();
    expect((await post("notify", body)).status).toBe(202);
    const first = performance.now() - started;
    const again = performance.now();
    expect((await post("notify", body)).status).toBe(202);
    const second = performance.now() - again;
    // Was one query per id: 0.6-1.4 s on the server database.
    expect(first).toBeLessThan(500);
    expect(second).toBeLessThan(first + 50);
  });

  it("a flood of forged notifications is one counted sync-log line, not one per forgery", async () => {
    const forged = (n: number) => ({
      subscriptionId: "sub-fuzz",
      clientState: `guess-${n}`,
      changeType: "updated",
      resource: `Users/room@x/Events/E${n}`,
      resourceData: { id: `E${n}` },
    });
    for (let round = 0; round < 5; round++) {
      expect(
        (await post("notify", JSON.stringify({ value: Array.from({ length: 60 }, (_, i) => forged(round * 60 + i)) })))
          .status,
      ).toBe(202);
    }
    const lines = await t.db.select().from(syncLog).where(eq(syncLog.integrationId, integrationId));
    expect(lines.filter((l) => l.action === "notification.forged")).toHaveLength(1);
    expect(syncLogText(lines[0]!, "en")).toMatch(
      /^300 notifications for subscription sub-fuzz carried a wrong clientState and were discarded since \d\d:\d\d UTC$/,
    );
    expect(syncLogText(lines[0]!, "nl")).toMatch(
      /^300 meldingen voor abonnement sub-fuzz hadden een verkeerde clientState/,
    );
    const [counter] = await t.db
      .select()
      .from(forgedNotifications)
      .where(eq(forgedNotifications.integrationId, integrationId));
    expect(counter!.count).toBe(300);
    expect(
      await t.db.select().from(inboxNotifications).where(eq(inboxNotifications.integrationId, integrationId)),
    ).toHaveLength(0);
  });

  it("a replayed genuine notification is stored once", async () => {
    const body = JSON.stringify({
      value: [
        {
          subscriptionId: "sub-fuzz",
          clientState: SECRET,
          changeType: "updated",
          resource: "Users/room@x/Events/R1",
          resourceData: { id: "R1", "@odata.etag": 'W/"1"' },
        },
      ],
    });
    for (let i = 0; i < 5; i++) expect((await post("notify", body)).status).toBe(202);
    expect(
      await t.db.select().from(inboxNotifications).where(eq(inboxNotifications.integrationId, integrationId)),
    ).toHaveLength(1);
  });
});
