import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, sql } from "drizzle-orm";
import { auditLog, bookings, recurrenceGroups, type Booking, type BookingStatus } from "@/db/schema";
import { must } from "@/lib/invariant";
import { createTestDb, testDbKinds, type TestDb } from "@/db/testing";
import {
  BookingError,
  cancelBooking,
  changeBookingStatus,
  createBooking,
  onBookingWritten,
  updateBooking,
} from "./service";
import { ensureStatuses, firstBooking, makeCustomer, makeRoom, nth, rejection, type StatusKey } from "./test-fixtures";
import { utcToLocal } from "./time";

const actor = { id: "u-1", name: "Anna Admin" };
// A Monday well inside the 90-day window of `now`.
const now = new Date("2026-11-20T09:00:00Z");

describe.each(testDbKinds)("booking service on %s", (kind) => {
  let t: TestDb;
  let st: Record<StatusKey, BookingStatus>;
  const opts = () => ({ actor, db: t.db, now });
  let unhook: (() => void) | null = null;

  beforeAll(async () => {
    t = await createTestDb(kind);
    st = await ensureStatuses(t.db);
  });
  afterAll(() => t?.close());
  afterEach(() => {
    unhook?.();
    unhook = null;
  });

  const rowsOf = (roomId: string) =>
    t.db.select().from(bookings).where(eq(bookings.roomId, roomId)).orderBy(asc(bookings.startAt));

  it("creates, refuses a clash with its message, and frees the room on cancel", async () => {
    const room = await makeRoom(t.db, { name: `Zaal A ${kind}` });
    const jan = await makeCustomer(t.db);
    const base = {
      roomId: room.id,
      date: "2026-11-24",
      title: "Kick-off",
      statusId: st.confirmed.id,
      attendeeCount: 4,
    };
    const first = firstBooking(
      await createBooking({ ...base, startTime: "10:00", endTime: "11:00", customerId: jan.id }, opts()),
    );
    expect(first).toMatchObject({ version: 1, source: "roomlink", createdBy: "Anna Admin" });
    expect(first.startAt.toISOString()).toBe("2026-11-24T09:00:00.000Z");

    // Touching is fine.
    await createBooking({ ...base, startTime: "11:00", endTime: "12:00", title: "After" }, opts());

    const err = await rejection(
      createBooking({ ...base, startTime: "10:30", endTime: "11:30", title: "Clash" }, opts()),
    );
    expect(err.code).toBe("conflict");
    expect(err.field).toBe("startTime");
    expect(err.message).toContain(`Zaal A ${kind} is booked 10:00–11:00 on Tue 24 Nov by Jan de Vries (Confirmed)`);
    expect(err.messageNl).toContain("is bezet van 10:00–11:00 op di 24 nov door Jan de Vries (Bevestigd)");
    expect((await rowsOf(room.id)).map((b) => b.title)).toEqual(["Kick-off", "After"]);

    const cancelled = firstBooking(await cancelBooking({ id: first.id, version: 1 }, opts()));
    expect(cancelled).toMatchObject({ statusId: st.cancelled.id, version: 2 });
    const retry = firstBooking(
      await createBooking({ ...base, startTime: "10:30", endTime: "11:00", title: "Clash" }, opts()),
    );
    expect(retry.title).toBe("Clash");
    expect(await rowsOf(room.id)).toHaveLength(3);
  });

  it("refuses policy breaks with every message at once, and skipValidation flags instead", async () => {
    const room = await makeRoom(t.db, {
      capacity: 8,
      policy: { maxDurationMinutes: 120, minLeadMinutes: 120, advanceDays: 90 },
    });
    const input = {
      roomId: room.id,
      date: "2026-11-24",
      startTime: "09:00",
      endTime: "13:00",
      title: "Long",
      statusId: st.option.id,
      attendeeCount: 12,
    };
    const err = await rejection(createBooking(input, opts()));
    expect(err.issues.map((i) => [i.code, i.field])).toEqual([
      ["max_duration", "endTime"],
      ["capacity", "attendeeCount"],
    ]);
    expect(err.fieldErrors()).toEqual({
      endTime: `The maximum duration for ${room.name} is 2 h`,
      attendeeCount: `${room.name} holds 8 people; 12 attendees requested`,
    });
    expect(await rowsOf(room.id)).toHaveLength(0);

    const b = firstBooking(
      await createBooking(input, { ...opts(), actor: "system:sync", source: "outlook", skipValidation: true }),
    );
    expect(b.flags.sort()).toEqual(["validation:capacity", "validation:max_duration"]);
    expect(b.source).toBe("outlook");
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, b.id));
    expect(audit).toMatchObject({ actor: "system:sync", action: "created", before: null });
  });

  it("rejects a whole series naming the clashing dates, then books it once the room is free", async () => {
    const room = await makeRoom(t.db);
    const blocker = firstBooking(
      await createBooking(
        {
          roomId: room.id,
          date: "2026-12-08",
          startTime: "09:30",
          endTime: "10:30",
          title: "Blocker",
          statusId: st.option.id,
        },
        opts(),
      ),
    );
    const series = {
      roomId: room.id,
      date: "2026-11-24",
      startTime: "09:00",
      endTime: "10:00",
      title: "Weekly",
      statusId: st.confirmed.id,
      recurrence: { frequency: "weekly" as const, interval: 1, weekdays: [2], count: 4 },
    };
    const err = await rejection(createBooking(series, opts()));
    expect(err.code).toBe("series_conflict");
    expect(nth(err.issues, 0).message).toBe(
      `The series cannot be booked: ${room.name} is already taken on Tue 8 Dec. Change the time or skip those dates`,
    );
    expect(nth(err.issues, 1).code).toBe("conflict");
    expect(await t.db.select().from(recurrenceGroups).where(eq(recurrenceGroups.roomId, room.id))).toHaveLength(0);

    await changeBookingStatus({ id: blocker.id, statusId: st.rejected.id }, opts());
    const res = await createBooking(series, opts());
    expect(res.bookings.map((b) => [b.occurrenceIndex, utcToLocal(b.startAt, room.timeZone).date])).toEqual([
      [0, "2026-11-24"],
      [1, "2026-12-01"],
      [2, "2026-12-08"],
      [3, "2026-12-15"],
    ]);
    expect(res.group).toMatchObject({ firstStartLocal: "2026-11-24T09:00", durationMinutes: 60, truncatedAt: null });
    // Reinstating the rejected blocker must now fail: the series holds the slot.
    const back = await rejection(changeBookingStatus({ id: blocker.id, statusId: st.option.id }, opts()));
    expect(back.code).toBe("conflict");
  });

  it("edits a series: single becomes an exception, following splits, all moves the rest", async () => {
    const room = await makeRoom(t.db);
    const { bookings: occ, group } = await createBooking(
      {
        roomId: room.id,
        date: "2026-11-23",
        startTime: "09:00",
        endTime: "10:00",
        title: "Stand-up",
        statusId: st.confirmed.id,
        recurrence: { frequency: "weekly", interval: 1, weekdays: [1], count: 5 },
      },
      opts(),
    );
    const local = (b: Booking) =>
      `${utcToLocal(b.startAt, room.timeZone).date} ${utcToLocal(b.startAt, room.timeZone).time}`;

    // single: occurrence 1 moves to 14:00, keeps its index and original start.
    const moved = firstBooking(
      await updateBooking(
        { id: nth(occ, 1).id, version: 1, scope: "single", patch: { startTime: "14:00", endTime: "15:00" } },
        opts(),
      ),
    );
    expect(moved).toMatchObject({ occurrenceIndex: 1, recurrenceGroupId: group!.id, version: 2 });
    expect(moved.originalStartAt?.toISOString()).toBe(nth(occ, 1).startAt.toISOString());
    expect(local(moved)).toBe("2026-11-30 14:00");

    // following from occurrence 3: 3 and 4 move to 11:00 in a new series; 0-2 stay.
    const { bookings: following } = await updateBooking(
      {
        id: nth(occ, 3).id,
        version: 1,
        scope: "following",
        patch: { startTime: "11:00", endTime: "12:00", title: "Late stand-up" },
      },
      opts(),
    );
    expect(following.map(local)).toEqual(["2026-12-14 11:00", "2026-12-21 11:00"]);
    const newGroup = nth(following, 0).recurrenceGroupId!;
    expect(newGroup).not.toBe(group!.id);
    expect(following.map((b) => b.occurrenceIndex)).toEqual([0, 1]);
    const oldG = must(
      (await t.db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, group!.id)))[0],
      "the series' group",
    );
    expect(oldG.rule).toMatchObject({ until: "2026-12-13" });
    expect(oldG.rule.count).toBeUndefined();

    // all (of the original series): 0-2 get the new title; the exception's time is overridden.
    await updateBooking(
      {
        id: nth(occ, 0).id,
        version: 1,
        scope: "all",
        patch: { title: "Daily sync", startTime: "08:30", endTime: "09:30" },
      },
      opts(),
    );
    const rows = await rowsOf(room.id);
    expect(rows.map((b) => [b.title, local(b)])).toEqual([
      ["Daily sync", "2026-11-23 08:30"],
      ["Daily sync", "2026-11-30 08:30"],
      ["Daily sync", "2026-12-07 08:30"],
      ["Late stand-up", "2026-12-14 11:00"],
      ["Late stand-up", "2026-12-21 11:00"],
    ]);
    const g = must(
      (await t.db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, group!.id)))[0],
      "the series' group",
    );
    expect(g.firstStartLocal).toBe("2026-11-23T08:30");
    // A series-wide move moves where the series puts each occurrence: none is left an exception.
    expect(rows.slice(0, 3).map((b) => b.originalStartAt?.toISOString())).toEqual(
      rows.slice(0, 3).map((b) => b.startAt.toISOString()),
    );

    // cancel all of the new series keeps the rows.
    await cancelBooking({ id: nth(following, 0).id, scope: "all" }, opts());
    const after = await t.db.select().from(bookings).where(eq(bookings.recurrenceGroupId, newGroup));
    expect(after.map((b) => b.statusId)).toEqual([st.cancelled.id, st.cancelled.id]);
  });

  it("moves a series from an instant on: occurrences before it keep their time and are not re-validated", async () => {
    // A lead time the first (past) occurrence could never meet again.
    const room = await makeRoom(t.db, { policy: { minLeadMinutes: 60 } });
    const { bookings: occ, group } = await createBooking(
      {
        roomId: room.id,
        date: "2026-11-16",
        startTime: "09:00",
        endTime: "10:00",
        title: "Weekly",
        statusId: st.confirmed.id,
        recurrence: { frequency: "weekly", interval: 1, weekdays: [1], count: 4 },
      },
      { ...opts(), now: new Date("2026-11-01T00:00:00Z") },
    );
    const local = (b: Booking) =>
      `${utcToLocal(b.startAt, room.timeZone).date} ${utcToLocal(b.startAt, room.timeZone).time}`;
    const startAt = new Date(nth(occ, 1).startAt.getTime() + 2 * 3600_000);
    const { bookings: moved } = await updateBooking(
      {
        id: nth(occ, 1).id,
        scope: "all",
        from: now,
        patch: { startAt, endAt: new Date(startAt.getTime() + 90 * 60_000) },
      },
      opts(),
    );
    expect(moved.map(local)).toEqual(["2026-11-23 11:00", "2026-11-30 11:00", "2026-12-07 11:00"]);
    expect((await rowsOf(room.id)).map(local)).toEqual(["2026-11-16 09:00", ...moved.map(local)]);
    // The series itself (what Outlook's master describes) moved: its first slot too.
    const g = must(
      (await t.db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, group!.id)))[0],
      "the series' group",
    );
    expect([g.firstStartLocal, g.durationMinutes]).toEqual(["2026-11-16T11:00", 90]);
  });

  it("lets only one of two simultaneous bookings of the same slot through", async () => {
    const room = await makeRoom(t.db);
    const input = {
      roomId: room.id,
      date: "2026-11-27",
      startTime: "10:00",
      endTime: "11:00",
      title: "Race",
      statusId: st.confirmed.id,
    };
    const results = await Promise.allSettled([createBooking(input, opts()), createBooking(input, opts())]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(BookingError);
    expect(await rowsOf(room.id)).toHaveLength(1);
  });

  it("stores a weekly series across the October change at 09:00 local each week", async () => {
    const room = await makeRoom(t.db);
    const { bookings: occ } = await createBooking(
      {
        roomId: room.id,
        date: "2026-10-19",
        startTime: "09:00",
        endTime: "10:00",
        title: "Across DST",
        statusId: st.confirmed.id,
        recurrence: { frequency: "weekly", interval: 1, weekdays: [1], count: 3 },
      },
      { ...opts(), now: new Date("2026-10-01T00:00:00Z") },
    );
    const back = await t.db
      .select()
      .from(bookings)
      .where(eq(bookings.recurrenceGroupId, nth(occ, 0).recurrenceGroupId!))
      .orderBy(asc(bookings.startAt));
    expect(back.map((b) => b.startAt.toISOString())).toEqual([
      "2026-10-19T07:00:00.000Z",
      "2026-10-26T08:00:00.000Z",
      "2026-11-02T08:00:00.000Z",
    ]);
  });

  it("moving a whole weekly series a day later moves its weekday in the rule too", async () => {
    const room = await makeRoom(t.db);
    const { bookings: occ, group } = await createBooking(
      {
        roomId: room.id,
        date: "2026-11-23",
        startTime: "11:00",
        endTime: "12:00",
        title: "Mondays",
        statusId: st.confirmed.id,
        recurrence: { frequency: "weekly", interval: 1, weekdays: [1], until: "2026-12-07" },
      },
      opts(),
    );
    const { bookings: moved } = await updateBooking(
      { id: nth(occ, 0).id, scope: "all", patch: { date: "2026-11-24" } },
      opts(),
    );
    expect(moved.map((b) => utcToLocal(b.startAt, room.timeZone))).toMatchObject([
      { date: "2026-11-24", time: "11:00", weekday: 2 },
      { date: "2026-12-01", weekday: 2 },
      { date: "2026-12-08", weekday: 2 },
    ]);
    const g = must(
      (await t.db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, group!.id)))[0],
      "the series' group",
    );
    expect(g.rule).toEqual({ frequency: "weekly", interval: 1, weekdays: [2], until: "2026-12-08" });
    expect(g.firstStartLocal).toBe("2026-11-24T11:00");
  });

  it("refuses a stale version and writes audit rows with before and after", async () => {
    const room = await makeRoom(t.db);
    const b = firstBooking(
      await createBooking(
        {
          roomId: room.id,
          date: "2026-11-25",
          startTime: "13:00",
          endTime: "14:00",
          title: "Review",
          statusId: st.option.id,
        },
        opts(),
      ),
    );
    await updateBooking({ id: b.id, version: 1, patch: { title: "Design review" } }, opts());
    const stale = await rejection(updateBooking({ id: b.id, version: 1, patch: { title: "Mine" } }, opts()));
    expect(stale).toMatchObject({ code: "stale_version", field: "version" });
    expect(stale.message).toMatch(/Someone else changed this booking/);
    const [row] = await t.db.select().from(bookings).where(eq(bookings.id, b.id));
    expect(row).toMatchObject({ title: "Design review", version: 2 });

    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "booking"), eq(auditLog.entityId, b.id)))
      .orderBy(asc(auditLog.id));
    expect(audit.map((a) => [a.action, a.actor, a.actorName])).toEqual([
      ["created", "u-1", "Anna Admin"],
      ["updated", "u-1", "Anna Admin"],
    ]);
    expect(nth(audit, 1).before).toMatchObject({ title: "Review", version: 1 });
    expect(nth(audit, 1).after).toMatchObject({ title: "Design review", version: 2 });
  });

  it("runs hooks inside the write's transaction: their writes commit or roll back with it", async () => {
    const room = await makeRoom(t.db);
    await t.db.execute(sql`create table if not exists test_outbox (booking_id uuid, kind text)`);
    const seen: string[] = [];
    unhook = (() => {
      const off = onBookingWritten(async ({ tx, kind, after }) => {
        seen.push(kind);
        await tx.execute(sql`insert into test_outbox values (${after.id}, ${kind})`);
        if (after.title === "explode") throw new Error("outbox full");
      });
      return off;
    })();
    const b = firstBooking(
      await createBooking(
        {
          roomId: room.id,
          date: "2026-11-26",
          startTime: "10:00",
          endTime: "11:00",
          title: "Hooked",
          statusId: st.option.id,
        },
        opts(),
      ),
    );
    await expect(updateBooking({ id: b.id, patch: { title: "explode" } }, opts())).rejects.toThrow("outbox full");
    await cancelBooking({ id: b.id }, opts());
    const outbox = await t.db.execute(sql`select kind from test_outbox where booking_id = ${b.id}`);
    const kinds = ((outbox as { rows?: Array<{ kind: string }> }).rows ?? (outbox as Array<{ kind: string }>)).map(
      (r) => r.kind,
    );
    expect(kinds).toEqual(["created", "cancelled"]);
    expect(seen).toEqual(["created", "updated", "cancelled"]);
    const [row] = await t.db.select().from(bookings).where(eq(bookings.id, b.id));
    expect(row).toMatchObject({ title: "Hooked", version: 2, statusId: st.cancelled.id });
    // The failed update left no audit row either.
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, b.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["cancelled", "created"]);
  });
});
