import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { bookings, rooms, type BookingStatus } from "@/db/schema";
import { must } from "@/lib/invariant";
import { dayForRooms, listRoomsPage } from "./queries";
import { ensureStatuses, type StatusKey } from "./test-fixtures";

describe.each(testDbKinds)("the day view's rooms on %s", (kind) => {
  let t: TestDb;
  let st: Record<StatusKey, BookingStatus>;
  beforeAll(async () => {
    t = await createTestDb(kind);
    st = await ensureStatuses(t.db);
    // 30 rooms in buildings A/B/C, capacity 2..60; room 30 inactive; one booking per room on 2026-11-23.
    const made = await t.db
      .insert(rooms)
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          name: `D ${String(i + 1).padStart(2, "0")}`,
          capacity: (i + 1) * 2,
          building: ["A", "B", "C"][i % 3],
          active: i !== 29,
          timeZone: "Europe/Amsterdam",
        })),
      )
      .returning();
    await t.db.insert(bookings).values(
      made.map((r, i) => ({
        roomId: r.id,
        startAt: new Date(Date.UTC(2026, 10, 23, 8 + (i % 8))),
        endAt: new Date(Date.UTC(2026, 10, 23, 9 + (i % 8))),
        title: `Day ${r.name}`,
        statusId: st.confirmed.id,
      })),
    );
  });
  afterAll(() => t?.close());

  it("shows a page of active rooms with only their bookings, filtered by building, seats and name", async () => {
    const first = await dayForRooms("2026-11-23", { limit: 20 }, {}, t.db);
    expect(first.totalRooms).toBe(29);
    expect(first.rooms.map((r) => r.name)).toEqual(
      Array.from({ length: 20 }, (_, i) => `D ${String(i + 1).padStart(2, "0")}`),
    );
    expect(first.bookings.map((b) => b.title).sort()).toEqual(first.rooms.map((r) => `Day ${r.name}`).sort());
    expect(first.buildings).toEqual(["A", "B", "C"]);
    const second = await dayForRooms("2026-11-23", { limit: 20, offset: 20 }, {}, t.db);
    expect(second.rooms.map((r) => r.name)).toEqual(Array.from({ length: 9 }, (_, i) => `D ${String(i + 21)}`));
    expect(second.bookings).toHaveLength(9);

    const b = await dayForRooms("2026-11-23", { building: "B", minCapacity: 40 }, {}, t.db);
    // Building B: rooms 2, 5, 8, …; capacity ≥ 40 means room ≥ 20: 20, 23, 26, 29.
    expect(b.rooms.map((r) => r.name)).toEqual(["D 20", "D 23", "D 26", "D 29"]);
    expect(b.totalRooms).toBe(4);
    const named = await dayForRooms("2026-11-23", { q: "d 1" }, {}, t.db);
    expect(named.rooms.map((r) => r.name)).toEqual([
      "D 10",
      "D 11",
      "D 12",
      "D 13",
      "D 14",
      "D 15",
      "D 16",
      "D 17",
      "D 18",
      "D 19",
    ]);
    const none = await dayForRooms("2026-11-23", { q: "nothing" }, {}, t.db);
    expect(none).toMatchObject({ totalRooms: 0, rooms: [], bookings: [] });
    expect(must(first.rooms[0], "a room").active).toBe(true);
  });

  it("pages the rooms admin list, active rooms first, searching name and building", async () => {
    const first = await listRoomsPage({ limit: 10 }, t.db);
    expect(first.total).toBe(30);
    expect(first.rows.map((r) => r.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `D ${String(i + 1).padStart(2, "0")}`),
    );
    const last = await listRoomsPage({ limit: 10, offset: 20 }, t.db);
    // The inactive room comes after every active one.
    expect(last.rows.at(-1)).toMatchObject({ name: "D 30", active: false });
    const seen = [...first.rows, ...(await listRoomsPage({ limit: 10, offset: 10 }, t.db)).rows, ...last.rows];
    expect(new Set(seen.map((r) => r.id)).size).toBe(30);
    expect((await listRoomsPage({ q: "d 2" }, t.db)).total).toBe(10);
    expect((await listRoomsPage({ q: "c" }, t.db)).rows.map((r) => r.building)).toEqual(Array(10).fill("C"));
  });
});
