// Lifecycle route: handshake echo, forged clientState discarded, lifecycle events persisted once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { inboxNotifications, integrations, subscriptions } from "@/db/schema";
import { seal } from "@/lib/crypto/seal";
import { forgetSubscriptions } from "@/lib/sync/webhook/intake";
import { POST } from "./route";

const SECRET = "lifecycle-secret";
const call = (id: string, body: BodyInit | null, query = "") =>
  POST(new Request(`http://localhost/api/graph/lifecycle/${id}${query}`, { method: "POST", body }), {
    params: Promise.resolve({ id }),
  });

describe.each(testDbKinds)("lifecycle route (%s)", (kind) => {
  let t: TestDb;
  // Each kind is a new database with the same subscription ids: nothing cached from the last one.
  beforeAll(async () => {
    forgetSubscriptions();
    t = await createAppTestDb(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  it("echoes the validation token as text/plain", async () => {
    const res = await call("x", null, "?validationToken=abc%20def");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("abc def");
  });

  it("persists each lifecycle event once and drops forged ones", async () => {
    const [integ] = await t.db
      .insert(integrations)
      .values({ name: "L", mode: "application", state: "active" })
      .returning();
    await t.db.insert(subscriptions).values({
      integrationId: integ!.id,
      graphId: "life-1",
      resource: "/users/r@x/events",
      mailbox: "r@x",
      clientStateSealed: seal(SECRET, "subscription:life-1:client-state"),
      expiresAt: new Date(Date.now() + 3600_000),
    });
    const ev = (lifecycleEvent: string, clientState = SECRET) => ({
      subscriptionId: "life-1",
      clientState,
      lifecycleEvent,
      subscriptionExpirationDateTime: "2026-11-23T10:00:00Z",
      tenantId: "t",
    });
    const body = JSON.stringify({
      value: [ev("missed"), ev("reauthorizationRequired"), ev("subscriptionRemoved", "forged")],
    });
    expect((await call(integ!.id, body)).status).toBe(202);
    expect((await call(integ!.id, body)).status).toBe(202);
    const rows = await t.db.select().from(inboxNotifications).where(eq(inboxNotifications.integrationId, integ!.id));
    expect(rows.map((r) => r.kind).sort()).toEqual(["missed", "reauthorizationRequired"]);
    expect((await call(integ!.id, JSON.stringify({ value: [{ ...ev("nonsense") }] }))).status).toBe(400);
  });
});
