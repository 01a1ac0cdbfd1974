import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { bookings, recurrenceGroups, type BookingStatus } from "@/db/schema";
import { createTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { createBooking, extendAllSeries, extendSeries } from "./service";
import { ensureStatuses, makeRoom, type StatusKey } from "./test-fixtures";
import { utcToLocal } from "./time";
import { truncationText } from "./truncation";

const actor = { id: "u-1", name: "Anna Admin" };

describe.each(testDbKinds)("extending cut-off series on %s", (kind) => {
  let t: TestDb;
  let st: Record<StatusKey, BookingStatus>;
  beforeAll(async () => {
    t = await createTestDb(kind);
    st = await ensureStatuses(t.db);
  });
  afterAll(() => t?.close());

  it("rolls an open-ended every-other-week series forward to 180 days from today", async () => {
    const room = await makeRoom(t.db);
    const {
      bookings: first,
      group,
      truncated,
    } = await createBooking(
      {
        roomId: room.id,
        date: "2026-01-05",
        startTime: "09:00",
        endTime: "10:00",
        title: "Biweekly",
        statusId: st.confirmed.id,
        recurrence: { frequency: "weekly", interval: 2, weekdays: [1] },
      },
      { actor, db: t.db, now: new Date("2026-01-01T00:00:00Z") },
    );
    expect(truncated?.reason).toBe("open_ended");
    expect(first.at(-1)!.occurrenceIndex).toBe(12);
    expect(utcToLocal(first.at(-1)!.startAt, room.timeZone).date).toBe("2026-06-22");

    const res = await extendSeries(group!.id, {
      actor: "system:sync",
      db: t.db,
      now: new Date("2026-04-01T10:00:00Z"),
    });
    // Horizon 2026-09-28; the fortnightly phase continues from 22 Jun.
    expect(res.created.map((b) => utcToLocal(b.startAt, room.timeZone).date)).toEqual([
      "2026-07-06",
      "2026-07-20",
      "2026-08-03",
      "2026-08-17",
      "2026-08-31",
      "2026-09-14",
      "2026-09-28",
    ]);
    expect(res.created.map((b) => b.occurrenceIndex)).toEqual([13, 14, 15, 16, 17, 18, 19]);
    expect(
      res.created.every((b) => utcToLocal(b.startAt, room.timeZone).time === "09:00" && b.title === "Biweekly"),
    ).toBe(true);
    const [g] = await t.db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, group!.id));
    expect(truncationText(g!, "en")).toMatch(/up to 2026-09-28/);
    expect(truncationText(g!, "nl")).toMatch(
      /geen einddatum; datums zijn 180 dagen vooruit geboekt, tot en met 2026-09-28/,
    );
    expect(g).toMatchObject({ truncationCode: "open_ended", truncationNote: null, truncationNoteNl: null });

    // Running again the same day adds nothing.
    expect(
      (await extendSeries(group!.id, { actor: "system:sync", db: t.db, now: new Date("2026-04-01T11:00:00Z") }))
        .created,
    ).toEqual([]);
  });

  it("keeps an open-ended yearly series one year and a week ahead: the next occurrence is always booked", async () => {
    const room = await makeRoom(t.db);
    const {
      bookings: first,
      group,
      truncated,
    } = await createBooking(
      {
        roomId: room.id,
        date: "2026-03-14",
        startTime: "10:00",
        endTime: "12:00",
        title: "Yearly",
        statusId: st.confirmed.id,
        recurrence: { frequency: "yearly", interval: 1, month: 3, monthDay: 14 },
      },
      { actor, db: t.db, now: new Date("2026-01-01T00:00:00Z") },
    );
    expect(truncated?.reason).toBe("open_ended");
    expect(first.map((b) => utcToLocal(b.startAt, room.timeZone).date)).toEqual(["2026-03-14", "2027-03-14"]);

    // Until 14 March 2028 is within 373 days of today there is nothing to add...
    expect(
      (await extendSeries(group!.id, { actor: "system:sync", db: t.db, now: new Date("2026-09-01T10:00:00Z") }))
        .created,
    ).toEqual([]);
    expect(
      (await extendSeries(group!.id, { actor: "system:sync", db: t.db, now: new Date("2027-03-06T10:00:00Z") }))
        .created,
    ).toEqual([]);
    // ...from 7 March 2027 (373 days before 14 March 2028) the one after the next is booked, at the same wall time.
    const res = await extendSeries(group!.id, {
      actor: "system:sync",
      db: t.db,
      now: new Date("2027-03-07T10:00:00Z"),
    });
    expect(
      res.created.map((b) => [
        utcToLocal(b.startAt, room.timeZone).date,
        utcToLocal(b.startAt, room.timeZone).time,
        b.occurrenceIndex,
      ]),
    ).toEqual([["2028-03-14", "10:00", 2]]);
    const [g] = await t.db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, group!.id));
    expect(truncationText(g!, "en")).toMatch(
      /booked 373 days ahead \(a year per interval plus a week, so the next occurrence is booked\), up to 2028-03-14/,
    );
  });

  it("books the rest of a capped series and clears its note when complete", async () => {
    const room = await makeRoom(t.db);
    const now = new Date("2026-01-01T00:00:00Z");
    const { group, truncated } = await createBooking(
      {
        roomId: room.id,
        date: "2026-01-01",
        startTime: "12:00",
        endTime: "12:30",
        title: "Daily",
        statusId: st.option.id,
        recurrence: { frequency: "daily", interval: 1, count: 170 },
      },
      { actor, db: t.db, now },
    );
    expect(truncated?.reason).toBe("cap");
    const res = await extendSeries(group!.id, { actor, db: t.db, now });
    expect(res.created).toHaveLength(20);
    expect(res.truncated).toBeNull();
    const all = await t.db
      .select()
      .from(bookings)
      .where(eq(bookings.recurrenceGroupId, group!.id))
      .orderBy(asc(bookings.startAt));
    expect(all).toHaveLength(170);
    expect(all.map((b) => b.occurrenceIndex)).toEqual([...Array(170).keys()]);
    expect(utcToLocal(all.at(-1)!.startAt, room.timeZone).date).toBe("2026-06-19");
    const [g] = await t.db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, group!.id));
    expect(g).toMatchObject({ truncatedAt: null, truncationNote: null, truncationCode: null });
  });

  it("the nightly pass extends every truncated series, reports a clash by series and carries on", async () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const a = await makeRoom(t.db);
    const b = await makeRoom(t.db);
    const open = await createBooking(
      {
        roomId: a.id,
        date: "2026-01-05",
        startTime: "09:00",
        endTime: "10:00",
        title: "Weekly stand-up",
        statusId: st.confirmed.id,
        recurrence: { frequency: "weekly", interval: 1, weekdays: [1] },
      },
      { actor, db: t.db, now },
    );
    const capped = await createBooking(
      {
        roomId: b.id,
        date: "2026-01-01",
        startTime: "12:00",
        endTime: "12:30",
        title: "Lunch",
        statusId: st.confirmed.id,
        recurrence: { frequency: "daily", interval: 1, count: 160 },
      },
      { actor, db: t.db, now },
    );
    // Somebody books room B on a day the capped series still has to reach (occurrence 155 → 2026-06-04).
    await createBooking(
      {
        roomId: b.id,
        date: "2026-06-04",
        startTime: "12:00",
        endTime: "13:00",
        title: "Board lunch",
        statusId: st.confirmed.id,
      },
      { actor, db: t.db, now },
    );

    const res = await extendAllSeries({ actor: "system:sync", db: t.db, now: new Date("2026-03-01T02:00:00Z") });
    expect(res.groups).toBeGreaterThanOrEqual(2);
    expect(res.refused.map((r) => r.groupId)).toContain(capped.group!.id);
    expect(res.refused.find((r) => r.groupId === capped.group!.id)!.message).toMatch(/Board lunch|booked/);
    const weekly = await t.db.select().from(bookings).where(eq(bookings.recurrenceGroupId, open.group!.id));
    // 180 days from 1 March reaches late August: more Mondays than the 26 booked on creation.
    expect(weekly.length).toBeGreaterThan(open.bookings.length);
    expect(res.created).toBe(weekly.length - open.bookings.length);
  });
});
