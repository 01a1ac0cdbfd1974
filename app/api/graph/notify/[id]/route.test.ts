// Notify route: handshake echo, forged clientState discarded and counted, duplicates deduped to one
// inbox row, bad JSON 400, oversize 413 — on every test database kind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { inboxNotifications, integrations, subscriptions, syncLog } from "@/db/schema";
import { seal } from "@/lib/crypto/seal";
import { forgetSubscriptions } from "@/lib/sync/webhook/intake";
import { POST } from "./route";

const SECRET = "s3cret-client-state";

async function seedSubscription(t: TestDb, graphId: string) {
  const [integ] = await t.db
    .insert(integrations)
    .values({ name: "Test", mode: "application", state: "active" })
    .returning();
  await t.db.insert(subscriptions).values({
    integrationId: integ!.id,
    graphId,
    resource: "/users/room@x/events",
    mailbox: "room@x",
    clientStateSealed: seal(SECRET, `subscription:${graphId}:client-state`),
    expiresAt: new Date(Date.now() + 3600_000),
  });
  return integ!;
}

const call = (id: string, body: BodyInit | null, query = "", headers: Record<string, string> = {}) =>
  POST(new Request(`http://localhost/api/graph/notify/${id}${query}`, { method: "POST", body, headers }), {
    params: Promise.resolve({ id }),
  });

const note = (graphId: string, clientState: string, eventId = "AAMk-1", etag = 'W/"1"') => ({
  subscriptionId: graphId,
  clientState,
  changeType: "updated",
  resource: `Users/room@x/Events/${eventId}`,
  tenantId: "t",
  resourceData: {
    "@odata.type": "#Microsoft.Graph.Event",
    "@odata.id": `Users/room@x/Events/${eventId}`,
    "@odata.etag": etag,
    id: eventId,
  },
});

describe.each(testDbKinds)("notify route (%s)", (kind) => {
  let t: TestDb;
  // Each kind is a new database with the same subscription ids: nothing cached from the last one.
  beforeAll(async () => {
    forgetSubscriptions();
    t = await createAppTestDb(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  it("echoes the validation token as text/plain and nothing else", async () => {
    const token = "Validation: <script>alert(1)</script> & more";
    const res = await call("x", null, `?validationToken=${encodeURIComponent(token)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(token);
  });

  it("persists a valid notification once, however often Graph delivers it", async () => {
    const integ = await seedSubscription(t, "sub-dup");
    const body = JSON.stringify({ value: [note("sub-dup", SECRET), note("sub-dup", SECRET)] });
    expect((await call(integ.id, body)).status).toBe(202);
    expect((await call(integ.id, body)).status).toBe(202);
    const rows = await t.db.select().from(inboxNotifications).where(eq(inboxNotifications.integrationId, integ.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ eventId: "AAMk-1", mailbox: "room@x", changeType: "updated", processedAt: null });
    // "Last notification" is written after the answer.
    await expect
      .poll(
        async () =>
          (await t.db.select().from(subscriptions).where(eq(subscriptions.graphId, "sub-dup")))[0]!.lastNotificationAt,
      )
      .not.toBeNull();
  });

  it("discards a forged clientState, never stores it, and counts it in the sync log", async () => {
    const integ = await seedSubscription(t, "sub-forged");
    const res = await call(integ.id, JSON.stringify({ value: [note("sub-forged", "guess", "AAMk-2")] }));
    expect(res.status).toBe(202);
    expect(
      await t.db.select().from(inboxNotifications).where(eq(inboxNotifications.integrationId, integ.id)),
    ).toHaveLength(0);
    const logs = await t.db.select().from(syncLog).where(eq(syncLog.integrationId, integ.id));
    expect(logs.map((l) => l.action)).toEqual(["notification.forged"]);
  });

  it("discards a notification for another integration's subscription", async () => {
    await seedSubscription(t, "sub-other");
    const mine = await seedSubscription(t, "sub-mine");
    await call(mine.id, JSON.stringify({ value: [note("sub-other", SECRET, "AAMk-3")] }));
    expect(
      await t.db.select().from(inboxNotifications).where(eq(inboxNotifications.integrationId, mine.id)),
    ).toHaveLength(0);
  });

  it("answers 400 to bad JSON or a wrong shape and 413 to an oversize body", async () => {
    expect((await call("x", "{not json")).status).toBe(400);
    expect((await call("x", JSON.stringify({ value: [{ nope: 1 }] }))).status).toBe(400);
    expect((await call("x", "x".repeat(1024 * 1024 + 1))).status).toBe(413);
    expect((await call("x", "{}", "", { "content-length": String(5 * 1024 * 1024) })).status).toBe(413);
  });
});
