// Unit checks of every patterned recurrence type against dates computed independently with plain
// Date arithmetic, plus the throttle's 10,000-per-10-minutes window.
import { describe, expect, it } from "vitest";
import { must } from "@/lib/invariant";
import { calendarView } from "./calendar-view";
import { EventStore } from "./events-store";
import { emptyState } from "./model";
import { MAX_PER_WINDOW, Throttle, WINDOW_MS } from "./throttle";

const owner = { id: "u1", displayName: "Ada", mail: "ada@x.test" };

function dates(recurrence: Record<string, unknown>, start: string, from = "2040-01-01", to = "2043-01-01"): string[] {
  const store = new EventStore(emptyState(), "t");
  store.create(owner, {
    subject: "x",
    start: { dateTime: start, timeZone: "UTC" },
    end: { dateTime: start.replace("T10", "T11"), timeZone: "UTC" },
    recurrence,
  });
  return calendarView(store, "u1", Date.parse(`${from}T00:00:00Z`), Date.parse(`${to}T00:00:00Z`)).map((i) =>
    new Date(i.startMs).toISOString().slice(0, 10),
  );
}

const utc = (y: number, m0: number, d: number) => new Date(Date.UTC(y, m0, d));
const iso = (d: Date) => d.toISOString().slice(0, 10);
function nthWeekday(y: number, m0: number, weekday: number, n: number): string {
  if (n < 0) {
    const d = utc(y, m0 + 1, 0);
    while (d.getUTCDay() !== weekday) d.setUTCDate(d.getUTCDate() - 1);
    return iso(d);
  }
  const d = utc(y, m0, 1);
  while (d.getUTCDay() !== weekday) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCDate(d.getUTCDate() + 7 * (n - 1));
  return iso(d);
}

describe("recurrence patterns", () => {
  it("daily every 3 days, numbered", () => {
    const expected = [0, 3, 6, 9].map((k) => iso(utc(2040, 0, 30 + k)));
    expect(
      dates(
        {
          pattern: { type: "daily", interval: 3 },
          range: { type: "numbered", startDate: "2040-01-30", numberOfOccurrences: 4 },
        },
        "2040-01-30T10:00:00",
      ),
    ).toEqual(expected);
  });

  it("weekly every 2 weeks on Tue+Thu with firstDayOfWeek monday, until an end date", () => {
    const expected: string[] = [];
    for (const base of [utc(2040, 0, 2), utc(2040, 0, 16), utc(2040, 0, 30)]) {
      // Mondays 2 weeks apart
      expected.push(iso(new Date(base.getTime() + 86_400_000)), iso(new Date(base.getTime() + 3 * 86_400_000)));
    }
    const got = dates(
      {
        pattern: { type: "weekly", interval: 2, daysOfWeek: ["tuesday", "thursday"], firstDayOfWeek: "monday" },
        range: { type: "endDate", startDate: "2040-01-03", endDate: "2040-02-02" },
      },
      "2040-01-03T10:00:00",
    );
    expect(got).toEqual(expected);
  });

  it("absoluteMonthly on the 15th every 2 months", () => {
    const expected = [0, 2, 4].map((k) => iso(utc(2040, k, 15)));
    expect(
      dates(
        {
          pattern: { type: "absoluteMonthly", interval: 2, dayOfMonth: 15 },
          range: { type: "numbered", startDate: "2040-01-15", numberOfOccurrences: 3 },
        },
        "2040-01-15T10:00:00",
      ),
    ).toEqual(expected);
  });

  it("relativeMonthly on the second Wednesday", () => {
    const expected = [0, 1, 2, 3].map((m) => nthWeekday(2040, m, 3, 2));
    expect(
      dates(
        {
          pattern: { type: "relativeMonthly", interval: 1, daysOfWeek: ["wednesday"], index: "second" },
          range: { type: "numbered", startDate: "2040-01-01", numberOfOccurrences: 4 },
        },
        `${must(expected[0], "first date")}T10:00:00`,
      ),
    ).toEqual(expected);
  });

  it("absoluteMonthly on day 31 falls on the last day of shorter months (EWS DayOfMonth)", () => {
    expect(
      dates(
        {
          pattern: { type: "absoluteMonthly", interval: 1, dayOfMonth: 31 },
          range: { type: "numbered", startDate: "2041-01-31", numberOfOccurrences: 5 },
        },
        "2041-01-31T10:00:00",
      ),
    ).toEqual(["2041-01-31", "2041-02-28", "2041-03-31", "2041-04-30", "2041-05-31"]);
  });

  it("absoluteYearly on 29 Feb falls on 28 Feb outside leap years, and relativeYearly on the last Monday of May, no end", () => {
    expect(
      dates(
        {
          pattern: { type: "absoluteYearly", interval: 1, month: 2, dayOfMonth: 29 },
          range: { type: "noEnd", startDate: "2040-02-29" },
        },
        "2040-02-29T10:00:00",
        "2040-01-01",
        "2043-01-01",
      ),
    ).toEqual(["2040-02-29", "2041-02-28", "2042-02-28"]);
    const expected = [2040, 2041, 2042].map((y) => nthWeekday(y, 4, 1, -1));
    expect(
      dates(
        {
          pattern: { type: "relativeYearly", interval: 1, month: 5, daysOfWeek: ["monday"], index: "last" },
          range: { type: "noEnd", startDate: "2040-01-01" },
        },
        `${must(expected[0], "first date")}T10:00:00`,
      ),
    ).toEqual(expected);
  });

  it("yearly patterns need a month 1–12 and absolute ones a dayOfMonth 1–31, as Graph documents; the event reads back Graph's full shape", () => {
    const range = { type: "numbered", startDate: "2040-03-14", numberOfOccurrences: 2 };
    expect(() =>
      dates({ pattern: { type: "absoluteYearly", interval: 1, dayOfMonth: 14 }, range }, "2040-03-14T10:00:00"),
    ).toThrow(/Month must be set/);
    expect(() =>
      dates(
        { pattern: { type: "relativeYearly", interval: 1, month: 13, daysOfWeek: ["monday"] }, range },
        "2040-03-14T10:00:00",
      ),
    ).toThrow(/Month must be set/);
    expect(() =>
      dates({ pattern: { type: "absoluteYearly", interval: 1, month: 3 }, range }, "2040-03-14T10:00:00"),
    ).toThrow(/DayOfMonth must be set/);
    expect(() =>
      dates({ pattern: { type: "absoluteMonthly", interval: 1, dayOfMonth: 32 }, range }, "2040-03-14T10:00:00"),
    ).toThrow(/DayOfMonth must be set/);
    const store = new EventStore(emptyState(), "t");
    const ev = store.create(owner, {
      subject: "x",
      start: { dateTime: "2040-03-14T10:00:00", timeZone: "UTC" },
      end: { dateTime: "2040-03-14T11:00:00", timeZone: "UTC" },
      recurrence: { pattern: { type: "absoluteYearly", interval: 1, month: 3, dayOfMonth: 14 }, range },
    }) as { recurrence: unknown };
    expect(ev.recurrence).toMatchObject({
      pattern: {
        type: "absoluteYearly",
        interval: 1,
        month: 3,
        dayOfMonth: 14,
        daysOfWeek: [],
        firstDayOfWeek: "sunday",
        index: "first",
      },
      range: { type: "numbered", startDate: "2040-03-14", endDate: "0001-01-01", numberOfOccurrences: 2 },
    });
  });
});

describe("throttle", () => {
  it("allows 4 concurrent and 10,000 per 10 minutes per app + mailbox", () => {
    const t = new Throttle();
    const held = [1, 2, 3, 4].map(() => t.acquire("app", "mb", 0));
    expect(held.every((h) => h.ok)).toBe(true);
    expect(t.acquire("app", "mb", 0)).toMatchObject({
      ok: false,
      message: expect.stringContaining("MailboxConcurrency") as unknown,
    });
    expect(t.acquire("app", "other", 0).ok).toBe(true);
    for (const h of held) if (h.ok) h.release();
    for (let i = 4; i < MAX_PER_WINDOW; i++) {
      const a = t.acquire("app", "mb", 1000);
      if (a.ok) a.release();
      else throw new Error("early 429");
    }
    const over = t.acquire("app", "mb", 2000);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.retryAfterSeconds).toBe(WINDOW_MS / 1000 - 2);
    expect(t.acquire("app", "mb", WINDOW_MS + 1001).ok).toBe(true);
  });
});
