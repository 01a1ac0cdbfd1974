// The diagnostics chart's figures: per hour over the last 24 hours, this integration only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { inboxNotifications, integrations, syncLog } from "@/db/schema";
import { must } from "@/lib/invariant";
import { syncVolume24h } from "./sync-volume";

describe.each(testDbKinds)("sync volume (%s)", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createAppTestDb(kind);
  });
  afterAll(() => t?.close());

  it("counts notifications, bookings changed and failures per hour, with the median latency", async () => {
    const [mine, other] = await t.db
      .insert(integrations)
      .values([{ name: "A" }, { name: "B" }])
      .returning();
    const id = must(mine, "integration").id;
    const now = new Date("2026-12-08T14:20:00Z");
    const at = (h: number, m = 0) => new Date(Date.UTC(2026, 11, 8, h, m));
    const booking = "7d1f4c1e-2b9a-4c55-9d1e-0a6b1c2d3e4f";
    await t.db.insert(syncLog).values([
      { integrationId: id, at: at(13, 5), direction: "inbound", action: "create", outcome: "ok", bookingId: booking },
      { integrationId: id, at: at(13, 50), direction: "outbound", action: "update", outcome: "ok", bookingId: booking },
      { integrationId: id, at: at(13, 55), direction: "inbound", action: "create", outcome: "failed" },
      { integrationId: id, at: at(13, 56), direction: "reconcile", action: "round", outcome: "ok" }, // no booking
      { integrationId: id, at: at(9), direction: "inbound", action: "create", outcome: "failed" },
      { integrationId: id, at: new Date("2026-12-07T13:00:00Z"), direction: "inbound", action: "x", outcome: "failed" },
      { integrationId: must(other, "other").id, at: at(13), direction: "inbound", action: "x", outcome: "failed" },
    ]);
    const note = (n: number, received: Date, ms: number | null) => ({
      integrationId: id,
      dedupeKey: `k${n}`,
      subscriptionId: "s",
      mailbox: "zaal@x.test",
      changeType: "updated",
      eventId: `e${n}`,
      receivedAt: received,
      processedAt: ms === null ? null : new Date(received.getTime() + ms),
    });
    await t.db
      .insert(inboxNotifications)
      .values([note(1, at(13, 1), 400), note(2, at(13, 2), 800), note(3, at(13, 3), 3000), note(4, at(14, 10), null)]);

    const hours = await syncVolume24h(id, now);
    expect(hours).toHaveLength(24);
    expect(hours[0]?.at.toISOString()).toBe("2026-12-07T15:00:00.000Z");
    expect(hours.at(-1)?.at.toISOString()).toBe("2026-12-08T14:00:00.000Z");
    const byHour = (h: number) => hours.find((x) => x.at.getTime() === at(h).getTime());
    expect(byHour(13)).toMatchObject({ received: 3, changed: 2, failed: 1, latencyMs: 800 });
    expect(byHour(14)).toMatchObject({ received: 1, changed: 0, failed: 0, latencyMs: null });
    expect(byHour(9)).toMatchObject({ received: 0, failed: 1 });
    expect(hours.reduce((s, h) => s + h.failed, 0)).toBe(2); // yesterday 13:00 and the other integration left out
  });
});
