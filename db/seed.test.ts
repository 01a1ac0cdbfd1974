import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq, isNotNull } from "drizzle-orm";
import { verifyPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import { utcToLocal } from "@/lib/bookings/time";
import {
  auditLog,
  bookingStatuses,
  bookings,
  customers,
  recurrenceGroups,
  roomPolicies,
  rooms,
  templates,
  users,
} from "./schema";
import { seedDemo } from "./seed";
import { createTestDb, testDbKinds, type TestDb } from "./testing";
import { must } from "@/lib/invariant";

// Thursday 26 Nov 2026: the current week starts Monday 23 Nov.
const now = new Date("2026-11-26T12:00:00Z");

describe.each(testDbKinds)("demo seed on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.close());

  it("fills an empty database once, and never twice", async () => {
    const first = await seedDemo(t.db, { now });
    expect(first).toMatchObject({
      seeded: true,
      admin: { email: env.DEMO_ADMIN_EMAIL },
      viewer: { email: "viewer@roomlink.test" },
    });

    const u = await t.db.select().from(users).orderBy(asc(users.email));
    expect(u.map((x) => [x.email, x.role])).toEqual([
      [env.DEMO_ADMIN_EMAIL, "admin"],
      ["viewer@roomlink.test", "viewer"],
    ]);
    expect(await verifyPassword(env.DEMO_ADMIN_PASSWORD, must(u[0], "seeded admin").passwordHash)).toBe(true);

    const r = await t.db.select().from(rooms).orderBy(asc(rooms.name));
    expect(r.map((x) => `${x.name} (${x.capacity})`)).toEqual([
      "Auditorium (80)",
      "Boardroom (10)",
      "Focus 1 (2)",
      "Focus 2 (2)",
      "Projectruimte (6)",
      "Studio (4)",
      "Zaal Amstel (12)",
    ]);
    expect(r.every((x) => x.timeZone === "Europe/Amsterdam")).toBe(true);
    const [audi] = await t.db
      .select()
      .from(roomPolicies)
      .innerJoin(rooms, eq(rooms.id, roomPolicies.roomId))
      .where(eq(rooms.name, "Auditorium"));
    expect(must(audi, "Auditorium policy").room_policies.requiresApproval).toBe(true);

    const s = await t.db.select().from(bookingStatuses).orderBy(asc(bookingStatuses.sortOrder));
    expect(s.map((x) => [x.key, x.nameNl, x.blocksRoom])).toEqual([
      ["option", "Optie", true],
      ["request", "Aanvraag", true],
      ["confirmed", "Bevestigd", true],
      ["rejected", "Afgewezen", false],
      ["cancelled", "Geannuleerd", false],
    ]);
    expect(await t.db.select().from(customers)).toHaveLength(8);
    expect(await t.db.select().from(templates)).toHaveLength(1);

    const b = await t.db
      .select()
      .from(bookings)
      .innerJoin(rooms, eq(rooms.id, bookings.roomId))
      .orderBy(asc(bookings.startAt));
    expect(b).toHaveLength(15 + 8);
    const thisWeek = b.filter((x) => x.bookings.startAt < new Date("2026-11-29T23:00:00Z"));
    const local = thisWeek.map((x) => utcToLocal(x.bookings.startAt, x.rooms.timeZone));
    // Weekdays only, office hours, from this week's Monday.
    expect(must(local[0], "first booking this week").date).toBe("2026-11-23");
    expect(local.every((l) => l.weekday <= 5 && l.time >= "09:00" && l.time <= "17:00")).toBe(true);
    const series = await t.db.select().from(bookings).where(isNotNull(bookings.recurrenceGroupId));
    expect(series).toHaveLength(8);
    const [group] = await t.db.select().from(recurrenceGroups);
    expect(group).toMatchObject({
      firstStartLocal: "2026-11-23T09:00",
      rule: { frequency: "weekly", weekdays: [1], count: 8 },
    });
    expect((await t.db.select().from(auditLog).where(eq(auditLog.entityType, "booking"))).length).toBe(23);

    const again = await seedDemo(t.db, { now });
    expect(again.seeded).toBe(false);
    expect(await t.db.select().from(bookings)).toHaveLength(23);
    expect(await t.db.select().from(users)).toHaveLength(2);
  });

  it("seeds once when two starts race on an empty database", async () => {
    const fresh = await createTestDb(kind);
    try {
      const results = await Promise.all([seedDemo(fresh.db, { now }), seedDemo(fresh.db, { now })]);
      expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
      expect(await fresh.db.select().from(rooms)).toHaveLength(7);
    } finally {
      await fresh.close();
    }
  });
});
