import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { integrationRooms, integrations, rooms, subscriptions, syncLog, type Integration } from "@/db/schema";
import { must } from "@/lib/invariant";
import { roomProblem, roomsView } from "./diagnostics";
import { diagnosticsStamp } from "./stamp";

const now = new Date("2026-12-01T12:00:00Z");

describe.each(testDbKinds)("diagnostics rooms at volume on %s", (kind) => {
  let t: TestDb;
  let i: Integration;
  beforeAll(async () => {
    t = await createAppTestDb(kind);
    const [made] = await t.db
      .insert(integrations)
      .values({ name: "Volume", mode: "application", state: "active", clientId: "app-1" })
      .returning();
    i = must(made, "the integration");
    const rs = await t.db
      .insert(rooms)
      .values(Array.from({ length: 120 }, (_, n) => ({ name: `V ${String(n).padStart(3, "0")}`, capacity: 4 })))
      .returning();
    const mapped = await t.db
      .insert(integrationRooms)
      .values(
        rs.map((r, n) => ({
          integrationId: i.id,
          mailboxUpn: `v${String(n).padStart(3, "0")}@contoso.test`,
          roomId: r.id,
          accessStatus: n === 70 ? "ErrorAccessDenied" : "ok",
        })),
      )
      .returning();
    // Every room subscribed except room 90; room 100's subscription expired, room 110's failed.
    await t.db.insert(subscriptions).values(
      mapped
        .filter((_, n) => n !== 90)
        .map((m) => {
          const n = Number(m.mailboxUpn.slice(1, 4));
          return {
            integrationId: i.id,
            integrationRoomId: m.id,
            graphId: `g-${n}`,
            resource: "x",
            // Mailbox case differs from the mapping: matched case-insensitively.
            mailbox: m.mailboxUpn.toUpperCase(),
            clientStateSealed: "s",
            expiresAt: new Date(now.getTime() + (n === 100 ? -60_000 : 86_400_000)),
            lastError: n === 110 ? "Graph said no" : null,
          };
        }),
    );
  });
  afterAll(() => t?.close());

  it("sums up every mailbox, then pages them problems first and searches mailbox or room", async () => {
    const v = await roomsView(i, { limit: 10 }, now);
    expect(v.summary).toEqual({
      total: 120,
      problems: 4,
      denied: 1,
      noSubscription: 1,
      expired: 1,
      failing: 1,
      replaced: 0,
    });
    expect(v.matching).toBe(120);
    expect(v.rows.slice(0, 4).map((r) => r.mailbox)).toEqual([
      "v070@contoso.test",
      "v090@contoso.test",
      "v100@contoso.test",
      "v110@contoso.test",
    ]);
    expect(v.rows[4]?.mailbox).toBe("v000@contoso.test");
    expect(v.rows[4]?.subscription?.graphId).toBe("g-0");
    expect(v.denied).toEqual(["v070@contoso.test"]);
    // Every row exactly once over the pages.
    const seen: string[] = [];
    for (let offset = 0; offset < 120; offset += 50)
      seen.push(...(await roomsView(i, { offset, limit: 50 }, now)).rows.map((r) => r.mailbox));
    expect(new Set(seen).size).toBe(120);
    const found = await roomsView(i, { q: "V 07" }, now);
    expect(found.rows.map((r) => r.room)).toEqual([
      "V 070",
      "V 071",
      "V 072",
      "V 073",
      "V 074",
      "V 075",
      "V 076",
      "V 077",
      "V 078",
      "V 079",
    ]);
    expect(found.summary.total).toBe(120);
    // The help follows the rows shown: the denied mailbox is on the first page (problems first), not on the second.
    expect((await roomsView(i, { offset: 50, limit: 50 }, now)).denied).toEqual([]);
  });

  it("names what needs the admin per row", () => {
    const base = { mailbox: "m", label: "m", room: "r", access: "ok", replaced: null, invited: false };
    const sub = { graphId: "g", expiresAt: new Date(now.getTime() + 1000), lastNotificationAt: null, lastError: null };
    expect(roomProblem({ ...base, subscription: sub }, now)).toBeNull();
    expect(roomProblem({ ...base, access: "ErrorAccessDenied", subscription: sub }, now)).toBe("denied");
    expect(roomProblem({ ...base, subscription: null }, now)).toBe("noSubscription");
    expect(roomProblem({ ...base, invited: true, access: null, subscription: null }, now)).toBeNull();
    expect(roomProblem({ ...base, subscription: { ...sub, expiresAt: now } }, now)).toBe("expired");
    expect(roomProblem({ ...base, subscription: { ...sub, lastError: "x" } }, now)).toBe("failing");
  });

  it("changes its stamp only when what the page shows changed", async () => {
    const a = await diagnosticsStamp(i.id);
    expect(a).toMatch(/^[\w-]{16}$/);
    expect(await diagnosticsStamp(i.id)).toBe(a);
    await t.db.insert(syncLog).values({ integrationId: i.id, direction: "inbound", action: "create", outcome: "ok" });
    expect(await diagnosticsStamp(i.id)).not.toBe(a);
    expect(await diagnosticsStamp("00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
