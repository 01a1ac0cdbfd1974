import { describe, expect, it } from "vitest";
import type { RecurrenceRule } from "@/db/schema";
import { type BookingError } from "./errors";
import { expandRecurrence, LOOKAHEAD_DAYS, lookaheadDays, MAX_OCCURRENCES } from "./recurrence";
import { utcToLocal } from "./time";
import { truncationNoteText } from "./truncation";
import { shiftRule } from "./update-booking";

const AMS = "Europe/Amsterdam";
const expand = (rule: RecurrenceRule, firstDate: string, startTime = "09:00", durationMinutes = 60) =>
  expandRecurrence({ rule, firstDate, startTime, durationMinutes, timeZone: AMS });

describe("expandRecurrence", () => {
  it("keeps a weekly 09:00 at 09:00 local across the March change (UTC moves an hour)", () => {
    const { occurrences, truncated } = expand(
      { frequency: "weekly", interval: 1, weekdays: [2], count: 4 },
      "2026-03-17",
    );
    expect(truncated).toBeNull();
    expect(occurrences.map((o) => o.startAt.toISOString())).toEqual([
      "2026-03-17T08:00:00.000Z",
      "2026-03-24T08:00:00.000Z",
      "2026-03-31T07:00:00.000Z",
      "2026-04-07T07:00:00.000Z",
    ]);
    expect(occurrences.every((o) => utcToLocal(o.startAt, AMS).time === "09:00")).toBe(true);
    expect(occurrences.every((o) => o.endAt.getTime() - o.startAt.getTime() === 3_600_000)).toBe(true);
  });

  it("keeps a Sunday 09:00 series at 09:00 across the last Sunday of October", () => {
    const { occurrences } = expand({ frequency: "weekly", interval: 1, weekdays: [7], count: 3 }, "2026-10-18");
    expect(occurrences.map((o) => o.startAt.toISOString())).toEqual([
      "2026-10-18T07:00:00.000Z",
      "2026-10-25T08:00:00.000Z",
      "2026-11-01T08:00:00.000Z",
    ]);
  });

  it("refuses a series that lands in the spring gap, naming the date", () => {
    expect(() => expand({ frequency: "daily", interval: 1, count: 5 }, "2026-03-27", "02:30")).toThrow(
      /02:30 does not exist on 2026-03-29/,
    );
  });

  it("expands daily with interval and an inclusive until date", () => {
    const { occurrences, truncated } = expand({ frequency: "daily", interval: 2, until: "2026-12-09" }, "2026-12-01");
    expect(occurrences.map((o) => o.localDate)).toEqual([
      "2026-12-01",
      "2026-12-03",
      "2026-12-05",
      "2026-12-07",
      "2026-12-09",
    ]);
    expect(occurrences.map((o) => o.index)).toEqual([0, 1, 2, 3, 4]);
    expect(truncated).toBeNull();
  });

  it("expands weekly on several weekdays every other week", () => {
    const { occurrences } = expand({ frequency: "weekly", interval: 2, weekdays: [1, 3], count: 4 }, "2026-11-23");
    expect(occurrences.map((o) => o.localDate)).toEqual(["2026-11-23", "2026-11-25", "2026-12-07", "2026-12-09"]);
  });

  it("expands monthly by day of month, nth weekday and last weekday", () => {
    expect(
      expand({ frequency: "monthly", interval: 1, monthDay: 15, count: 3 }, "2026-01-15").occurrences.map(
        (o) => o.localDate,
      ),
    ).toEqual(["2026-01-15", "2026-02-15", "2026-03-15"]);
    // Second Tuesday.
    expect(
      expand(
        { frequency: "monthly", interval: 1, monthWeek: { index: 2, weekday: 2 }, count: 3 },
        "2026-01-01",
      ).occurrences.map((o) => o.localDate),
    ).toEqual(["2026-01-13", "2026-02-10", "2026-03-10"]);
    // Last Friday.
    expect(
      expand(
        { frequency: "monthly", interval: 1, monthWeek: { index: -1, weekday: 5 }, count: 3 },
        "2026-01-01",
      ).occurrences.map((o) => o.localDate),
    ).toEqual(["2026-01-30", "2026-02-27", "2026-03-27"]);
    // Outlook's "last day" (any of the seven days) and "first weekday" (any of Monday–Friday).
    expect(
      expand(
        {
          frequency: "monthly",
          interval: 1,
          monthWeek: { index: -1, weekday: 1, anyOf: [1, 2, 3, 4, 5, 6, 7] },
          count: 4,
        },
        "2026-01-31",
      ).occurrences.map((o) => o.localDate),
    ).toEqual(["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]);
    // 1 Aug 2026 is a Saturday, 1 Nov 2026 a Sunday: the first weekday is then the Monday after.
    expect(
      expand(
        { frequency: "monthly", interval: 1, monthWeek: { index: 1, weekday: 1, anyOf: [5, 4, 3, 2, 1] }, count: 4 },
        "2026-08-03",
      ).occurrences.map((o) => o.localDate),
    ).toEqual(["2026-08-03", "2026-09-01", "2026-10-01", "2026-11-02"]);
    // The second weekend day of every March.
    expect(
      expand(
        { frequency: "yearly", interval: 1, month: 3, monthWeek: { index: 2, weekday: 6, anyOf: [6, 7] }, count: 2 },
        "2027-03-07",
      ).occurrences.map((o) => o.localDate),
    ).toEqual(["2027-03-07", "2028-03-05"]);
    // Day 31 falls on the last day of shorter months, as Outlook and Exchange place it (EWS DayOfMonth).
    expect(
      expand({ frequency: "monthly", interval: 1, monthDay: 31, count: 4 }, "2026-01-31").occurrences.map(
        (o) => o.localDate,
      ),
    ).toEqual(["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]);
    // Day 30: 30 January, then 28 February (29 in a leap year), then 30 March.
    expect(
      expand({ frequency: "monthly", interval: 1, monthDay: 30, count: 3 }, "2028-01-30").occurrences.map(
        (o) => o.localDate,
      ),
    ).toEqual(["2028-01-30", "2028-02-29", "2028-03-30"]);
    // Every 2 months on day 29: March, May, July keep the 29th; day 28 and below are unchanged.
    expect(
      expand({ frequency: "monthly", interval: 2, monthDay: 29, count: 3 }, "2027-01-29").occurrences.map(
        (o) => o.localDate,
      ),
    ).toEqual(["2027-01-29", "2027-03-29", "2027-05-29"]);
    expect(
      expand({ frequency: "monthly", interval: 1, monthDay: 28, count: 2 }, "2027-01-28").occurrences.map(
        (o) => o.localDate,
      ),
    ).toEqual(["2027-01-28", "2027-02-28"]);
  });

  it("expands yearly by month + day and by month + nth weekday, checked against plain date arithmetic", () => {
    // Independent: the nth (or last) weekday of a month by walking days with Date.
    const nth = (y: number, m: number, isoWd: number, n: number) => {
      const days: string[] = [];
      for (let d = new Date(Date.UTC(y, m - 1, 1)); d.getUTCMonth() === m - 1; d.setUTCDate(d.getUTCDate() + 1)) {
        if (((d.getUTCDay() + 6) % 7) + 1 === isoWd) days.push(d.toISOString().slice(0, 10));
      }
      return n === -1 ? days.at(-1)! : days[n - 1]!;
    };
    expect(
      expand({ frequency: "yearly", interval: 1, month: 3, monthDay: 14, count: 3 }, "2026-03-14").occurrences.map(
        (o) => o.localDate,
      ),
    ).toEqual(["2026-03-14", "2027-03-14", "2028-03-14"]);
    // Every 2 years on the last Friday of November.
    expect(
      expand(
        { frequency: "yearly", interval: 2, month: 11, monthWeek: { index: -1, weekday: 5 }, count: 3 },
        "2026-01-01",
      ).occurrences.map((o) => o.localDate),
    ).toEqual([nth(2026, 11, 5, -1), nth(2028, 11, 5, -1), nth(2030, 11, 5, -1)]);
    // The first Monday of September: other years, other days of the month.
    expect(
      expand(
        { frequency: "yearly", interval: 1, month: 9, monthWeek: { index: 1, weekday: 1 }, until: "2029-12-31" },
        "2026-01-01",
      ).occurrences.map((o) => o.localDate),
    ).toEqual([2026, 2027, 2028, 2029].map((y) => nth(y, 9, 1, 1)));
    // A first date before the pattern's day starts the series at the pattern's next date.
    expect(
      expand({ frequency: "yearly", interval: 1, month: 3, monthDay: 14, count: 2 }, "2026-11-23").occurrences.map(
        (o) => o.localDate,
      ),
    ).toEqual(["2027-03-14", "2028-03-14"]);
    // 29 February: the 28th outside leap years, as Outlook places it.
    expect(
      expand({ frequency: "yearly", interval: 1, month: 2, monthDay: 29, count: 3 }, "2028-02-29").occurrences.map(
        (o) => o.localDate,
      ),
    ).toEqual(["2028-02-29", "2029-02-28", "2030-02-28"]);
  });

  it("keeps a yearly 09:00 at 09:00 local in winter and summer time", () => {
    // 28 March: a Saturday in 2026 (winter time, clocks change on the 29th), the change day itself in 2027.
    const { occurrences } = expand(
      { frequency: "yearly", interval: 1, month: 3, monthDay: 28, count: 2 },
      "2026-03-28",
    );
    expect(occurrences.map((o) => o.startAt.toISOString())).toEqual([
      "2026-03-28T08:00:00.000Z",
      "2027-03-28T07:00:00.000Z",
    ]);
    expect(occurrences.every((o) => utcToLocal(o.startAt, AMS).time === "09:00")).toBe(true);
  });

  it("books an open-ended yearly series a year per interval plus a week ahead, so its next occurrence is booked", () => {
    expect(lookaheadDays({ frequency: "yearly", interval: 1 })).toBe(373);
    expect(lookaheadDays({ frequency: "yearly", interval: 2 })).toBe(739);
    expect(lookaheadDays({ frequency: "weekly", interval: 1 })).toBe(LOOKAHEAD_DAYS);
    const { occurrences, truncated } = expand(
      { frequency: "yearly", interval: 1, month: 3, monthDay: 14 },
      "2026-03-14",
    );
    expect(occurrences.map((o) => o.localDate)).toEqual(["2026-03-14", "2027-03-14"]);
    expect(truncated?.reason).toBe("open_ended");
    expect(truncated?.lastDate).toBe("2027-03-22");
    expect(truncationNoteText(truncated!.note, "en")).toBe(
      "This series has no end date; occurrences are booked 373 days ahead (a year per interval plus a week, so the next occurrence is booked), up to 2027-03-22. After that date the room shows as free: extend the series later.",
    );
    expect(truncationNoteText(truncated!.note, "nl")).toContain(
      "373 dagen vooruit geboekt (een jaar per interval plus een week",
    );
    // The widest gap of a relative pattern: first Monday of September 2025 (1st) to 2026 (7th) is 371 days.
    const rel = expand(
      { frequency: "yearly", interval: 1, month: 9, monthWeek: { index: 1, weekday: 1 } },
      "2025-09-01",
    );
    expect(rel.occurrences.map((o) => o.localDate)).toEqual(["2025-09-01", "2026-09-07"]);
    // Every 3 years: still the next one.
    expect(
      expand({ frequency: "yearly", interval: 3, month: 6, monthDay: 1 }, "2026-06-01").occurrences.map(
        (o) => o.localDate,
      ),
    ).toEqual(["2026-06-01", "2029-06-01"]);
  });

  it(`caps at ${MAX_OCCURRENCES} occurrences and says so`, () => {
    const { occurrences, truncated } = expand({ frequency: "daily", interval: 1, count: 400 }, "2026-01-01");
    expect(occurrences).toHaveLength(MAX_OCCURRENCES);
    expect(truncated?.reason).toBe("cap");
    expect(truncated?.lastDate).toBe("2026-05-30");
    expect(truncationNoteText(truncated!.note, "en")).toBe(
      "This series has more than 150 occurrences; only 150 of them, up to 2026-05-30, are booked. After that date the room shows as free: extend the series later.",
    );
    expect(truncationNoteText(truncated!.note, "nl")).toContain("alleen 150 daarvan");
  });

  it("books exactly 150 without a truncation note", () => {
    const { occurrences, truncated } = expand({ frequency: "daily", interval: 1, count: 150 }, "2026-01-01");
    expect(occurrences).toHaveLength(150);
    expect(truncated).toBeNull();
  });

  it("truncates an open-ended series to the 180-day lookahead and says so", () => {
    const { occurrences, truncated } = expand({ frequency: "weekly", interval: 1, weekdays: [1] }, "2026-01-05");
    expect(truncated?.reason).toBe("open_ended");
    expect(truncated?.lastDate).toBe("2026-07-04");
    expect(truncationNoteText(truncated!.note, "en")).toMatch(
      /no end date; occurrences are booked 180 days ahead, up to 2026-07-04/,
    );
    expect(occurrences.at(-1)?.localDate).toBe("2026-06-29");
  });

  it("leaves a day set ('the first weekday') as it is when the series moves, and moves a single weekday", () => {
    expect(
      shiftRule({ frequency: "monthly", interval: 1, monthWeek: { index: 1, weekday: 1, anyOf: [1, 2, 3, 4, 5] } }, 2)
        .monthWeek,
    ).toEqual({ index: 1, weekday: 1, anyOf: [1, 2, 3, 4, 5] });
    expect(shiftRule({ frequency: "monthly", interval: 1, monthWeek: { index: 1, weekday: 1 } }, 2).monthWeek).toEqual({
      index: 1,
      weekday: 3,
    });
  });

  it("rejects patterns that cannot work, on the recurrence field", () => {
    const bad = (rule: RecurrenceRule) => {
      try {
        expand(rule, "2026-01-05");
      } catch (e) {
        return e as BookingError;
      }
      throw new Error("expected a BookingError");
    };
    expect(bad({ frequency: "weekly", interval: 1, weekdays: [], count: 3 })).toMatchObject({
      code: "weekdays_required",
      field: "recurrence",
    });
    expect(bad({ frequency: "monthly", interval: 1, count: 3 })).toMatchObject({ code: "month_day_required" });
    expect(bad({ frequency: "daily", interval: 1, until: "2026-01-01" })).toMatchObject({ code: "until_before_start" });
    expect(bad({ frequency: "daily", interval: 0, count: 2 }).message).toBe(
      "The interval must be a whole number from 1 to 99",
    );
  });

  it("rejects yearly patterns without a valid month or day, with specific messages in English and Dutch", () => {
    const bad = (rule: RecurrenceRule) => {
      try {
        expand(rule, "2026-01-05");
      } catch (e) {
        return (e as BookingError).issues[0]!;
      }
      throw new Error("expected a BookingError");
    };
    expect(bad({ frequency: "yearly", interval: 1, monthDay: 14, count: 3 })).toMatchObject({
      code: "month_required",
      field: "recurrence",
      message: "Pick the month the series repeats in",
      messageNl: "Kies de maand waarin de reeks terugkomt",
    });
    expect(bad({ frequency: "yearly", interval: 1, month: 13, monthDay: 14, count: 3 })).toMatchObject({
      code: "invalid_value",
      message: "The month must be a whole number from 1 (January) to 12 (December)",
      messageNl: "De maand moet een heel getal van 1 (januari) tot 12 (december) zijn",
    });
    expect(bad({ frequency: "yearly", interval: 1, month: 0, monthDay: 14, count: 3 }).code).toBe("invalid_value");
    expect(bad({ frequency: "yearly", interval: 1, month: 3, count: 3 })).toMatchObject({ code: "month_day_required" });
    expect(bad({ frequency: "yearly", interval: 1, month: 4, monthDay: 31, count: 3 })).toMatchObject({
      code: "day_not_in_month",
      message: "April has no day 31: pick day 1 to 30",
      messageNl: "april heeft geen dag 31: kies dag 1 tot en met 30",
    });
    expect(bad({ frequency: "yearly", interval: 1, month: 2, monthDay: 30, count: 3 }).message).toBe(
      "February has no day 30: pick day 1 to 29",
    );
    expect(bad({ frequency: "yearly", interval: 1, month: 3, monthDay: 0.5, count: 3 }).message).toBe(
      "The day of the month must be a whole number from 1 to 31",
    );
    expect(
      bad({ frequency: "yearly", interval: 1, month: 3, monthWeek: { index: 5 as 1, weekday: 1 }, count: 3 }).message,
    ).toBe("The weekday of the month must be the first, second, third, fourth or last Monday to Sunday");
    // Stored daily / weekly / monthly rules stay valid: none of them needs a month.
    expect(
      expand({ frequency: "monthly", interval: 1, monthDay: 31, count: 1 }, "2026-01-31").occurrences,
    ).toHaveLength(1);
  });
});

describe("shiftRule (a series moved by days)", () => {
  it("moves a yearly date as a date, and a yearly nth weekday by its weekday", () => {
    expect(shiftRule({ frequency: "yearly", interval: 1, month: 3, monthDay: 30, count: 3 }, 3)).toEqual({
      frequency: "yearly",
      interval: 1,
      month: 4,
      monthDay: 2,
      count: 3,
    });
    expect(shiftRule({ frequency: "yearly", interval: 1, month: 12, monthDay: 30 }, 5)).toMatchObject({
      month: 1,
      monthDay: 4,
    });
    expect(shiftRule({ frequency: "yearly", interval: 1, month: 3, monthDay: 1 }, -1)).toMatchObject({
      month: 2,
      monthDay: 29,
    });
    expect(
      shiftRule({ frequency: "yearly", interval: 1, month: 11, monthWeek: { index: -1, weekday: 5 } }, 1),
    ).toMatchObject({ month: 11, monthWeek: { index: -1, weekday: 6 } });
    // Monthly keeps its clamped day.
    expect(shiftRule({ frequency: "monthly", interval: 1, monthDay: 30 }, 3)).toMatchObject({ monthDay: 31 });
  });
});
