// Yearly series: Graph's absoluteYearly / relativeYearly as Roomlink rules (recurrenceToRule), and
// end to end against the sandbox: an Outlook yearly series on a room becomes a booking group whose
// occurrences are Outlook's instances; a yearly series booked in Roomlink reaches the room calendar.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { bookings, recurrenceGroups, syncLog, type Booking } from "@/db/schema";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { createBooking } from "@/lib/bookings/service";
import { truncationText } from "@/lib/bookings/truncation";
import { syncLogText } from "@/lib/i18n/sync-log";
import { must } from "@/lib/invariant";
import { recurrenceToRule, unsupportedRecurrence } from "./occurrences";
import { at, gt, type Ev } from "@/lib/sync/test-events";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const ymd = (d: Date) => d.toISOString().slice(0, 10);
/** The nth (1–4) or last (-1) `weekday` (0 = Sunday) of a month, by walking its days: no rrule. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  const days: string[] = [];
  for (
    let d = new Date(Date.UTC(year, month - 1, 1));
    d.getUTCMonth() === month - 1;
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    if (d.getUTCDay() === weekday) days.push(ymd(d));
  }
  return n === -1 ? days.at(-1)! : days[n - 1]!;
}
/** A day `offset` days ahead at 09:00 UTC that is not 29 February (a yearly date every year). */
function yearlyStart(offset: number): Date {
  const d = at(offset, 9);
  return d.getUTCMonth() === 1 && d.getUTCDate() === 29 ? at(offset + 1, 9) : d;
}

describe("recurrenceToRule: yearly patterns", () => {
  it("maps absoluteYearly and relativeYearly with their month, day, index and range", () => {
    expect(
      recurrenceToRule({
        pattern: { type: "absoluteYearly", interval: 1, month: 3, dayOfMonth: 14 },
        range: { type: "noEnd", startDate: "2027-03-14" },
      }),
    ).toEqual({ frequency: "yearly", interval: 1, month: 3, monthDay: 14 });
    expect(
      recurrenceToRule({
        pattern: { type: "relativeYearly", interval: 2, month: 11, daysOfWeek: ["Friday"], index: "last" },
        range: { type: "endDate", startDate: "2026-11-27", endDate: "2034-12-31" },
      }),
    ).toEqual({
      frequency: "yearly",
      interval: 2,
      month: 11,
      monthWeek: { index: -1, weekday: 5 },
      until: "2034-12-31",
    });
    // index is optional in Graph and means "first".
    expect(
      recurrenceToRule({
        pattern: { type: "relativeYearly", interval: 1, month: 9, daysOfWeek: ["monday"] },
        range: { type: "numbered", numberOfOccurrences: 4 },
      }),
    ).toEqual({ frequency: "yearly", interval: 1, month: 9, monthWeek: { index: 1, weekday: 1 }, count: 4 });
  });

  it("maps Outlook's day sets ('the first weekday', 'the last day') to the nth of any of those days", () => {
    expect(
      recurrenceToRule({
        pattern: { type: "relativeYearly", interval: 1, month: 3, daysOfWeek: ["tuesday", "monday"], index: "first" },
        range: { type: "noEnd" },
      }),
    ).toEqual({ frequency: "yearly", interval: 1, month: 3, monthWeek: { index: 1, weekday: 1, anyOf: [1, 2] } });
    expect(
      recurrenceToRule({
        pattern: { type: "relativeMonthly", interval: 1, daysOfWeek: DAYS, index: "last" },
        range: { type: "numbered", numberOfOccurrences: 3 },
      }),
    ).toEqual({
      frequency: "monthly",
      interval: 1,
      monthWeek: { index: -1, weekday: 1, anyOf: [1, 2, 3, 4, 5, 6, 7] },
      count: 3,
    });
  });

  it("gives null for yearly patterns Roomlink cannot book, and the log says why", () => {
    // Graph always sends the month of a yearly pattern; without one (or 0, its "unset") there is no rule.
    expect(
      recurrenceToRule({
        pattern: { type: "absoluteYearly", interval: 1, month: 0, dayOfMonth: 14 },
        range: { type: "noEnd" },
      }),
    ).toBeNull();
    expect(
      recurrenceToRule({ pattern: { type: "absoluteYearly", interval: 1, dayOfMonth: 14 }, range: { type: "noEnd" } }),
    ).toBeNull();
    expect(
      recurrenceToRule({
        pattern: { type: "absoluteYearly", interval: 1, month: 3, dayOfMonth: 0 },
        range: { type: "noEnd" },
      }),
    ).toBeNull();
    const hourly = unsupportedRecurrence({ pattern: { type: "hourly" }, range: { type: "noEnd" } });
    expect(syncLogText({ ...hourly, message: null }, "en")).toBe(
      "This recurrence pattern (hourly) cannot be booked in Roomlink.",
    );
  });
});

describe.each(testDbKinds)("yearly series against the sandbox (%s)", (kind) => {
  let w: SyncWorld;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const room = (n: number) => w.rooms[n]!;
  const book = (subject: string, start: Date, roomUpn: string, recurrence: Record<string, unknown>) =>
    w.graph.api(`/users/${w.organizer}/events`).post({
      subject,
      start: gt(start),
      end: gt(new Date(start.getTime() + 3600_000)),
      attendees: [{ type: "resource", emailAddress: { address: roomUpn } }],
      recurrence,
    }) as Promise<Ev>;
  const live = async (roomId: string, title: string) =>
    (await w.bookingsOf(roomId)).filter((b) => b.title === title && b.statusId !== w.statuses.cancelled.id);
  const booked = (roomId: string, title: string, n: number) =>
    w.waitFor(async () => {
      const r = await live(roomId, title);
      return r.length === n ? r : null;
    });
  const groupOf = async (b: Booking) =>
    (await w.t.db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, b.recurrenceGroupId!)))[0]!;
  /** Outlook's own instances of the organizer's series, as UTC ISO start times. */
  const instanceStarts = async (id: string, from: Date, to: Date) => {
    const page = (await w.graph
      .api(
        `/users/${w.organizer}/events/${id}/instances?startDateTime=${from.toISOString()}&endDateTime=${to.toISOString()}`,
      )
      .get()) as {
      value: { start: { dateTime: string } }[];
    };
    return page.value.map((i) => new Date(`${i.start.dateTime.replace(/Z$/, "")}Z`).toISOString()).sort();
  };
  const roomAnswer = async (id: string, upn: string) =>
    ((await w.graph.api(`/users/${w.organizer}/events/${id}`).get()) as Ev).attendees.find(
      (a) => a.emailAddress.address.toLowerCase() === upn.toLowerCase(),
    )?.status?.response;

  it("an Outlook absoluteYearly series on a room becomes a yearly booking group on Outlook's dates, and the room accepts", async () => {
    const first = yearlyStart(20);
    const [y, m, d] = [first.getUTCFullYear(), first.getUTCMonth() + 1, first.getUTCDate()];
    const ev = await book("Jaarvergadering", first, room(0).upn, {
      pattern: { type: "absoluteYearly", interval: 1, month: m, dayOfMonth: d },
      range: { type: "numbered", startDate: ymd(first), numberOfOccurrences: 3, recurrenceTimeZone: "UTC" },
    });
    const rows = await booked(room(0).room.id, "Jaarvergadering", 3);
    const expected = [y, y + 1, y + 2].map((yy) => `${yy}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
    expect(rows.map((b) => ymd(b.startAt))).toEqual(expected);
    // The bookings sit exactly on Outlook's instances (placed by the series' UTC time, not the room's wall clock).
    const outlook = await instanceStarts(ev.id, at(0, 0), new Date(Date.UTC(y + 3, 0, 1)));
    expect(outlook).toHaveLength(3);
    await w.waitFor(async () => {
      const now = await live(room(0).room.id, "Jaarvergadering");
      return JSON.stringify(now.map((b) => b.startAt.toISOString()).sort()) === JSON.stringify(outlook);
    });
    expect(new Set(rows.map((b) => b.recurrenceGroupId)).size).toBe(1);
    const g = await groupOf(rows[0]!);
    expect(g.rule).toEqual({ frequency: "yearly", interval: 1, month: m, monthDay: d, count: 3 });
    expect(g.truncatedAt).toBeNull();
    await w.waitFor(async () => (await roomAnswer(ev.id, room(0).upn)) === "accepted");
    // Nothing in the room's mailbox was skipped as an unbookable pattern (the old "yearly cannot be booked").
    const skipped = await w.t.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.mailbox, room(0).upn), eq(syncLog.outcome, "skipped")));
    expect(skipped.filter((l) => /cannot be booked/.test(syncLogText(l, "en")))).toEqual([]);
  });

  it("an Outlook relativeYearly series (every 2 years, nth weekday, end date) is booked on the nth weekday of its month", async () => {
    const first = at(25, 9);
    const [y, m, d, wd] = [first.getUTCFullYear(), first.getUTCMonth() + 1, first.getUTCDate(), first.getUTCDay()];
    const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const n = d + 7 > daysInMonth ? -1 : Math.ceil(d / 7);
    const index = { 1: "first", 2: "second", 3: "third", 4: "fourth", [-1]: "last" }[n]!;
    await book("Lustrum", first, room(1).upn, {
      pattern: { type: "relativeYearly", interval: 2, month: m, daysOfWeek: [DAYS[wd]], index },
      range: { type: "endDate", startDate: ymd(first), endDate: `${y + 4}-12-31`, recurrenceTimeZone: "UTC" },
    });
    const rows = await booked(room(1).room.id, "Lustrum", 3);
    expect(rows.map((b) => ymd(b.startAt))).toEqual([y, y + 2, y + 4].map((yy) => nthWeekday(yy, m, wd, n)));
    expect(ymd(rows[0]!.startAt)).toBe(ymd(first));
    const g = await groupOf(rows[0]!);
    expect(g.rule).toEqual({
      frequency: "yearly",
      interval: 2,
      month: m,
      monthWeek: { index: n, weekday: wd === 0 ? 7 : wd },
      until: `${y + 4}-12-31`,
    });
  });

  it("an open-ended Outlook yearly series books its next occurrence too (a year and a week ahead) and the group says so", async () => {
    const first = yearlyStart(30);
    const ev = await book("Forever yearly", first, room(0).upn, {
      pattern: { type: "absoluteYearly", interval: 1, month: first.getUTCMonth() + 1, dayOfMonth: first.getUTCDate() },
      range: { type: "noEnd", startDate: ymd(first), recurrenceTimeZone: "UTC" },
    });
    const rows = await booked(room(0).room.id, "Forever yearly", 2);
    expect(rows.map((b) => ymd(b.startAt))).toEqual([
      ymd(first),
      `${first.getUTCFullYear() + 1}${ymd(first).slice(4)}`,
    ]);
    const g = await groupOf(rows[0]!);
    expect(g.truncatedAt).not.toBeNull();
    expect(truncationText(g, "en")).toMatch(
      /no end date; occurrences are booked 373 days ahead \(a year per interval plus a week/,
    );
    await w.waitFor(async () => (await roomAnswer(ev.id, room(0).upn)) === "accepted");
  });

  it("an Outlook series on 'the last day of every month' is booked on each month's last day", async () => {
    const near = at(40, 9);
    // The last day of that month, and of the two after it, by plain date arithmetic.
    const last = (k: number) => new Date(Date.UTC(near.getUTCFullYear(), near.getUTCMonth() + 1 + k, 0, 9));
    await book("Month end close", last(0), room(1).upn, {
      pattern: { type: "relativeMonthly", interval: 1, daysOfWeek: DAYS, index: "last" },
      range: { type: "numbered", startDate: ymd(last(0)), numberOfOccurrences: 3, recurrenceTimeZone: "UTC" },
    });
    const rows = await booked(room(1).room.id, "Month end close", 3);
    expect(rows.map((b) => ymd(b.startAt))).toEqual([ymd(last(0)), ymd(last(1)), ymd(last(2))]);
    const [group] = await w.t.db
      .select()
      .from(recurrenceGroups)
      .where(eq(recurrenceGroups.id, rows[0]!.recurrenceGroupId!));
    expect(group!.rule.monthWeek).toEqual({ index: -1, weekday: 1, anyOf: [1, 2, 3, 4, 5, 6, 7] });
  });

  /** Day 31 of the first 31-day month at least `offset` days ahead (09:00 UTC), and the series' next `n` dates as Outlook places them. */
  const day31 = (offset: number, n: number) => {
    const near = at(offset, 9);
    let y = near.getUTCFullYear(),
      m = near.getUTCMonth() + 1;
    const daysIn = (yy: number, mm: number) => new Date(Date.UTC(yy, mm, 0)).getUTCDate();
    while (daysIn(y, m) < 31) [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
    // Plain date arithmetic: day 31, or the month's last day when it has fewer.
    const dates = Array.from({ length: n }, (_, k) => {
      const yy = y + Math.floor((m - 1 + k) / 12),
        mm = ((m - 1 + k) % 12) + 1;
      return ymd(new Date(Date.UTC(yy, mm - 1, Math.min(31, daysIn(yy, mm)))));
    });
    return { first: new Date(Date.UTC(y, m - 1, 31, 9)), dates };
  };

  it("an Outlook series on day 31 of every month is booked on the last day of shorter months, where Outlook puts it", async () => {
    const { first, dates } = day31(130, 4);
    expect(dates.some((d) => !d.endsWith("-31"))).toBe(true);
    const ev = await book("Maandafsluiting 31e", first, room(1).upn, {
      pattern: { type: "absoluteMonthly", interval: 1, dayOfMonth: 31 },
      range: { type: "numbered", startDate: ymd(first), numberOfOccurrences: 4, recurrenceTimeZone: "UTC" },
    });
    const rows = await booked(room(1).room.id, "Maandafsluiting 31e", 4);
    expect(rows.map((b) => ymd(b.startAt))).toEqual(dates);
    const outlook = await instanceStarts(ev.id, at(0, 0), new Date(Date.parse(dates.at(-1)!) + 2 * 86_400_000));
    expect(outlook.map((s) => s.slice(0, 10))).toEqual(dates);
    expect((await groupOf(rows[0]!)).rule).toMatchObject({ frequency: "monthly", monthDay: 31 });
  });

  it("a Roomlink series on day 31 reaches Outlook as one series with every booked date, none removed", async () => {
    const { first, dates } = day31(200, 4);
    const { bookings: rows } = await createBooking(
      {
        roomId: room(0).room.id,
        title: "Roomlink day 31",
        statusId: w.statuses.confirmed.id,
        startAt: first,
        endAt: new Date(first.getTime() + 3600_000),
        recurrence: { frequency: "monthly", interval: 1, monthDay: 31, count: 4 },
      },
      { actor: { id: w.admin.id, name: w.admin.name } },
    );
    expect(rows.map((b) => ymd(b.startAt))).toEqual(dates);
    const eventId = await w.waitFor(
      async () =>
        (
          await w.t.db
            .select()
            .from(bookings)
            .where(eq(bookings.id, rows.at(-1)!.id))
        )[0]!.customFields.external_id,
    );
    const occ = (await w.graph.api(`/users/${room(0).upn}/events/${eventId}`).get()) as { seriesMasterId: string };
    const page = (await w.graph
      .api(
        `/users/${room(0).upn}/events/${occ.seriesMasterId}/instances?startDateTime=${at(0, 0).toISOString()}&endDateTime=${new Date(Date.parse(dates.at(-1)!) + 2 * 86_400_000).toISOString()}`,
      )
      .get()) as {
      value: { start: { dateTime: string } }[];
    };
    expect(page.value.map((i) => i.start.dateTime.slice(0, 10)).sort()).toEqual(dates);
    // Nothing had to be taken out of the Outlook series: Roomlink and Outlook agree on every date.
    const [written] = await w.t.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.mailbox, room(0).upn), eq(syncLog.action, "create-series"), eq(syncLog.outcome, "ok")))
      .then((log) => log.filter((l) => rows.some((b) => b.id === l.bookingId)));
    expect(syncLogText(written!, "en")).toBe("Written as one Outlook series of 4 occurrences.");
  });

  it("a yearly series booked in Roomlink reaches the room calendar as one yearly Outlook series", async () => {
    const first = yearlyStart(50);
    const { bookings: rows, group } = await createBooking(
      {
        roomId: room(0).room.id,
        title: "Roomlink yearly",
        statusId: w.statuses.confirmed.id,
        startAt: first,
        endAt: new Date(first.getTime() + 3600_000),
        recurrence: {
          frequency: "yearly",
          interval: 1,
          month: first.getUTCMonth() + 1,
          monthDay: first.getUTCDate(),
          count: 2,
        },
      },
      { actor: { id: w.admin.id, name: w.admin.name } },
    );
    expect(group?.rule.frequency).toBe("yearly");
    expect(rows.map((b) => ymd(b.startAt))).toEqual([
      ymd(first),
      `${first.getUTCFullYear() + 1}${ymd(first).slice(4)}`,
    ]);
    let masterId: string | undefined;
    for (const b of rows) {
      const eventId = await w.waitFor(
        async () => (await w.t.db.select().from(bookings).where(eq(bookings.id, b.id)))[0]!.customFields.external_id,
      );
      const ev = (await w.graph.api(`/users/${room(0).upn}/events/${eventId}`).get()) as {
        type: string;
        seriesMasterId: string;
        start: { dateTime: string };
      };
      expect(ev.type).toBe("occurrence");
      masterId ??= ev.seriesMasterId;
      expect(ev.seriesMasterId).toBe(masterId);
      expect(new Date(`${ev.start.dateTime.replace(/Z$/, "")}Z`).getTime()).toBe(b.startAt.getTime());
    }
    const master = (await w.graph
      .api(`/users/${room(0).upn}/events/${must(masterId, "the series master id")}`)
      .get()) as {
      recurrence: { pattern: { type: string; month: number; dayOfMonth: number } };
    };
    expect(master.recurrence.pattern).toMatchObject({
      type: "absoluteYearly",
      month: first.getUTCMonth() + 1,
      dayOfMonth: first.getUTCDate(),
    });
  });
});
