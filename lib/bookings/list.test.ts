import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { eq } from "drizzle-orm";
import { bookings, rooms, type BookingStatus } from "@/db/schema";
import { must } from "@/lib/invariant";
import { cursorOf, listBookingsPage, parseCursor, pickerLabel, searchPickerOptions, TOTAL_CAP } from "./list";
import { ensureStatuses, makeCustomer, makeRoom, type StatusKey } from "./test-fixtures";

describe.each(testDbKinds)("the keyset booking list on %s", (kind) => {
  let t: TestDb;
  let st: Record<StatusKey, BookingStatus>;
  const ids: string[] = [];
  let roomA = "";
  let jan = "";
  beforeAll(async () => {
    t = await createTestDb(kind);
    st = await ensureStatuses(t.db);
    // 3 rooms × 20 bookings; every 5 bookings share one start (the keyset must break the tie by room name, then id).
    const made = [
      await makeRoom(t.db, { name: "K Cedar" }),
      await makeRoom(t.db, { name: "K Aspen" }),
      await makeRoom(t.db, { name: "K Birch" }),
    ];
    roomA = must(made[1], "room K Aspen").id;
    jan = (await makeCustomer(t.db, "Jan de Vries")).id;
    const rows = [];
    for (let i = 0; i < 60; i++) {
      const start = new Date(Date.UTC(2026, 10, 2 + Math.floor(i / 15), 9));
      rows.push({
        roomId: must(made[i % 3], "a room").id,
        startAt: start,
        endAt: new Date(start.getTime() + 3_600_000),
        title: i === 7 ? "Quarterly 50% review" : `Meeting ${i}`,
        statusId: i === 13 ? st.cancelled.id : st.confirmed.id,
        customerId: i === 21 ? jan : null,
        organizerEmail: i === 30 ? "ops@contoso.test" : null,
        notes: i === 44 ? "Bring the projector" : null,
      });
    }
    for (const r of await t.db.insert(bookings).values(rows).returning({ id: bookings.id })) ids.push(r.id);
  });
  afterAll(() => t?.close());

  it("walks every page forward and back without losing or repeating a row, also when starts are equal", async () => {
    const seen: string[] = [];
    let page = await listBookingsPage({ pageSize: 7 }, t.db);
    expect(page.prev).toBeNull();
    const pages = [page];
    seen.push(...page.rows.map((r) => r.id));
    while (page.next) {
      page = await listBookingsPage({ pageSize: 7, after: page.next }, t.db);
      pages.push(page);
      seen.push(...page.rows.map((r) => r.id));
    }
    // 60 minus the cancelled one, each exactly once, in (start, room name, id) order.
    expect(seen).toHaveLength(59);
    expect(new Set(seen).size).toBe(59);
    const all = pages.flatMap((p) => p.rows);
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [must(all[i - 1], "the row before"), must(all[i], "the row")];
      const cmp =
        a.startAt.getTime() - b.startAt.getTime() || a.roomName.localeCompare(b.roomName) || (a.id < b.id ? -1 : 1);
      expect(cmp).toBeLessThan(0);
    }
    expect(pages).toHaveLength(9);
    expect(must(pages.at(-1), "the last page").rows).toHaveLength(3);

    // Backwards from the end reaches the same pages.
    const back: string[] = [];
    let p = await listBookingsPage({ pageSize: 7, last: true }, t.db);
    expect(p.next).toBeNull();
    back.unshift(...p.rows.map((r) => r.id));
    while (p.prev) {
      p = await listBookingsPage({ pageSize: 7, before: p.prev }, t.db);
      back.unshift(...p.rows.map((r) => r.id));
    }
    expect(back).toEqual(seen);
    // The last page is full (7), going backwards from the end.
    expect((await listBookingsPage({ pageSize: 7, last: true }, t.db)).rows).toHaveLength(7);
    // The page before a page is the page that led to it.
    const firstPage = must(pages[0], "the first page");
    const second = await listBookingsPage({ pageSize: 7, after: must(firstPage.next, "its next cursor") }, t.db);
    const again = await listBookingsPage(
      { pageSize: 7, before: must(second.prev, "the second page's prev cursor") },
      t.db,
    );
    expect(again.rows.map((r) => r.id)).toEqual(firstPage.rows.map((r) => r.id));
    expect(again.prev).toBeNull();
  });

  it("counts up to a cap and says when there are more", async () => {
    const page = await listBookingsPage({ pageSize: 5 }, t.db);
    expect(page).toMatchObject({ total: 59, totalCapped: false });
    expect((await listBookingsPage({ includeCancelled: true }, t.db)).total).toBe(60);
    expect(TOTAL_CAP).toBe(1000);
  });

  it("searches title, organizer, notes and the customer, wildcards taken literally, with filters", async () => {
    const titles = async (q: string) => (await listBookingsPage({ q }, t.db)).rows.map((r) => r.title);
    expect(await titles("50%")).toEqual(["Quarterly 50% review"]);
    expect(await titles("5_%")).toEqual([]);
    expect(await titles("OPS@contoso")).toEqual(["Meeting 30"]);
    expect(await titles("projector")).toEqual(["Meeting 44"]);
    expect(await titles("vries")).toEqual(["Meeting 21"]);
    expect(await titles("Meeting 13")).toEqual([]); // cancelled: hidden unless asked for
    // Same start and room: their order is by id, so compare sorted.
    expect((await listBookingsPage({ q: "Meeting 1", roomId: roomA }, t.db)).rows.map((r) => r.title).sort()).toEqual([
      "Meeting 1",
      "Meeting 10",
      "Meeting 16",
      "Meeting 19",
    ]);
    const found = await listBookingsPage({ q: "meeting", pageSize: 4 }, t.db);
    expect(found).toMatchObject({ total: 58, totalCapped: false, prev: null });
  });

  it("reads a malformed cursor as the first page", async () => {
    expect(parseCursor("not-a-cursor")).toBeNull();
    expect(parseCursor(Buffer.from('["x","y","z"]').toString("base64url"))).toBeNull();
    const first = await listBookingsPage({ pageSize: 3 }, t.db);
    expect((await listBookingsPage({ pageSize: 3, after: "garbage" }, t.db)).rows.map((r) => r.id)).toEqual(
      first.rows.map((r) => r.id),
    );
    const row = must(first.rows[0], "a row");
    expect(parseCursor(cursorOf(row))).toEqual({ start: row.startAt, room: row.roomName, id: row.id });
  });

  it("pickers search rooms and customers instead of listing all", async () => {
    expect((await searchPickerOptions("room", "birch", 20, t.db)).map((o) => o.label)).toEqual(["K Birch"]);
    expect((await searchPickerOptions("room", "K ", 2, t.db)).map((o) => o.label)).toEqual(["K Aspen", "K Birch"]);
    expect((await searchPickerOptions("customer", "VRIES", 20, t.db)).map((o) => o.id)).toEqual([jan]);
    const dormant = await makeRoom(t.db, { name: "K Dormant" });
    await t.db.update(rooms).set({ active: false }).where(eq(rooms.id, dormant.id));
    expect((await searchPickerOptions("room", "dormant", 20, t.db)).map((o) => o.label)).toEqual(["K Dormant"]);
    expect(await searchPickerOptions("activeRoom", "dormant", 20, t.db)).toEqual([]);
    expect((await searchPickerOptions("activeRoom", "aspen", 20, t.db)).map((o) => o.label)).toEqual(["K Aspen"]);
    expect(await pickerLabel("room", roomA, t.db)).toEqual({ id: roomA, label: "K Aspen" });
    expect(await pickerLabel("customer", undefined, t.db)).toBeNull();
  });
});
