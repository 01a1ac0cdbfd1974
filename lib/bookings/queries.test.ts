import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDbKinds, type TestDb } from "@/db/testing";
import type { BookingStatus } from "@/db/schema";
import { bookingHistory, dayAcrossRooms, getBooking, listBookings, listRoomsWithPolicies, roomWeek } from "./queries";
import { cancelBooking, createBooking } from "./service";
import { ensureStatuses, firstBooking, makeCustomer, makeRoom, type StatusKey } from "./test-fixtures";

const actor = { id: "u-1", name: "Anna Admin" };
const now = new Date("2026-11-20T09:00:00Z");

describe.each(testDbKinds)("booking queries on %s", (kind) => {
  let t: TestDb;
  let st: Record<StatusKey, BookingStatus>;
  beforeAll(async () => {
    t = await createTestDb(kind);
    st = await ensureStatuses(t.db);
  });
  afterAll(() => t?.close());

  it("serves a room's week, a day across rooms, the filtered list and one booking's form", async () => {
    const opts = { actor, db: t.db, now };
    const a = await makeRoom(t.db, { name: "Q Amstel" });
    const b = await makeRoom(t.db, { name: "Q Boardroom" });
    const jan = await makeCustomer(t.db, "Jan de Vries");
    const mk = (roomId: string, date: string, startTime: string, title: string, extra = {}) =>
      createBooking(
        {
          roomId,
          date,
          startTime,
          endTime: `${String(Number(startTime.slice(0, 2)) + 1).padStart(2, "0")}:00`,
          title,
          statusId: st.confirmed.id,
          ...extra,
        },
        opts,
      );
    const mon = firstBooking(await mk(a.id, "2026-11-23", "09:00", "Monday 50% review", { customerId: jan.id }));
    await mk(a.id, "2026-11-29", "10:00", "Sunday");
    await mk(a.id, "2026-11-30", "10:00", "Next week");
    await mk(b.id, "2026-11-23", "14:00", "Board");
    const gone = firstBooking(await mk(b.id, "2026-11-23", "16:00", "Cancelled one"));
    await cancelBooking({ id: gone.id }, opts);

    const week = await roomWeek(a.id, "2026-11-26", {}, t.db);
    expect(week!.days).toEqual([
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
    ]);
    expect(week!.bookings.map((x) => [x.title, x.local.date, x.local.startTime, x.statusName])).toEqual([
      ["Monday 50% review", "2026-11-23", "09:00", "Confirmed"],
      ["Sunday", "2026-11-29", "10:00", "Confirmed"],
    ]);

    const day = await dayAcrossRooms("2026-11-23", {}, t.db);
    expect(
      day.bookings.filter((x) => x.roomName.startsWith("Q ")).map((x) => `${x.roomName} ${x.local.startTime}`),
    ).toEqual(["Q Amstel 09:00", "Q Boardroom 14:00"]);
    const withCancelled = await dayAcrossRooms("2026-11-23", { includeCancelled: true }, t.db);
    expect(withCancelled.bookings.some((x) => x.title === "Cancelled one" && x.isCancelled)).toBe(true);

    expect((await listBookings({ q: "50%" }, t.db)).rows.map((x) => x.title)).toEqual(["Monday 50% review"]);
    expect((await listBookings({ q: "vries" }, t.db)).rows.map((x) => x.customerName)).toEqual(["Jan de Vries"]);
    const paged = await listBookings(
      { roomId: a.id, from: "2026-11-23", to: "2026-11-30", pageSize: 2, page: 2 },
      t.db,
    );
    expect(paged).toMatchObject({ total: 3, pages: 2, page: 2 });
    expect(paged.rows.map((x) => x.title)).toEqual(["Next week"]);
    expect((await listBookings({ statusId: st.cancelled.id, roomId: b.id }, t.db)).rows.map((x) => x.title)).toEqual([
      "Cancelled one",
    ]);

    const one = await getBooking(mon.id, t.db);
    expect(one!.form).toMatchObject({
      roomId: a.id,
      date: "2026-11-23",
      startTime: "09:00",
      endTime: "10:00",
      customerId: jan.id,
      version: 1,
    });
    expect(await getBooking("00000000-0000-4000-8000-000000000000", t.db)).toBeNull();

    expect((await bookingHistory(gone.id, t.db)).map((h) => [h.action, h.actorName])).toEqual([
      ["cancelled", "Anna Admin"],
      ["created", "Anna Admin"],
    ]);
    const withPolicies = await listRoomsWithPolicies(t.db);
    expect(withPolicies.find((r) => r.id === a.id)?.policy).toMatchObject({ maxDurationMinutes: 240 });
    await expect(listBookings({ from: "yesterday" }, t.db)).rejects.toThrow("“yesterday” is not a valid date");
  });
});
