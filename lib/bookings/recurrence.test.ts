import { describe, expect, it } from "vitest";
import type { RecurrenceRule } from "@/db/schema";
import { BookingError } from "./errors";
import { expandRecurrence, MAX_OCCURRENCES } from "./recurrence";
import { utcToLocal } from "./time";

const AMS = "Europe/Amsterdam";
const expand = (rule: RecurrenceRule, firstDate: string, startTime = "09:00", durationMinutes = 60) =>
  expandRecurrence({ rule, firstDate, startTime, durationMinutes, timeZone: AMS });

describe("expandRecurrence", () => {
  it("keeps a weekly 09:00 at 09:00 local across the March change (UTC moves an hour)", () => {
    const { occurrences, truncated } = expand({ frequency: "weekly", interval: 1, weekdays: [2], count: 4 }, "2026-03-17");
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
    expect(occurrences.map((o) => o.localDate)).toEqual(["2026-12-01", "2026-12-03", "2026-12-05", "2026-12-07", "2026-12-09"]);
    expect(occurrences.map((o) => o.index)).toEqual([0, 1, 2, 3, 4]);
    expect(truncated).toBeNull();
  });

  it("expands weekly on several weekdays every other week", () => {
    const { occurrences } = expand({ frequency: "weekly", interval: 2, weekdays: [1, 3], count: 4 }, "2026-11-23");
    expect(occurrences.map((o) => o.localDate)).toEqual(["2026-11-23", "2026-11-25", "2026-12-07", "2026-12-09"]);
  });

  it("expands monthly by day of month, nth weekday and last weekday", () => {
    expect(expand({ frequency: "monthly", interval: 1, monthDay: 15, count: 3 }, "2026-01-15").occurrences.map((o) => o.localDate))
      .toEqual(["2026-01-15", "2026-02-15", "2026-03-15"]);
    // Second Tuesday.
    expect(expand({ frequency: "monthly", interval: 1, monthWeek: { index: 2, weekday: 2 }, count: 3 }, "2026-01-01").occurrences.map((o) => o.localDate))
      .toEqual(["2026-01-13", "2026-02-10", "2026-03-10"]);
    // Last Friday.
    expect(expand({ frequency: "monthly", interval: 1, monthWeek: { index: -1, weekday: 5 }, count: 3 }, "2026-01-01").occurrences.map((o) => o.localDate))
      .toEqual(["2026-01-30", "2026-02-27", "2026-03-27"]);
    // Day 31 skips short months rather than moving.
    expect(expand({ frequency: "monthly", interval: 1, monthDay: 31, count: 3 }, "2026-01-31").occurrences.map((o) => o.localDate))
      .toEqual(["2026-01-31", "2026-03-31", "2026-05-31"]);
  });

  it(`caps at ${MAX_OCCURRENCES} occurrences and says so`, () => {
    const { occurrences, truncated } = expand({ frequency: "daily", interval: 1, count: 400 }, "2026-01-01");
    expect(occurrences).toHaveLength(MAX_OCCURRENCES);
    expect(truncated?.reason).toBe("cap");
    expect(truncated?.lastDate).toBe("2026-05-30");
    expect(truncated?.note).toBe(
      "This series has more than 150 occurrences; only 150 of them, up to 2026-05-30, are booked. After that date the room shows as free: extend the series later.",
    );
    expect(truncated?.noteNl).toContain("alleen 150 daarvan");
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
    expect(truncated?.note).toMatch(/no end date; occurrences are booked 180 days ahead, up to 2026-07-04/);
    expect(occurrences.at(-1)?.localDate).toBe("2026-06-29");
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
    expect(bad({ frequency: "weekly", interval: 1, weekdays: [], count: 3 })).toMatchObject({ code: "weekdays_required", field: "recurrence" });
    expect(bad({ frequency: "monthly", interval: 1, count: 3 })).toMatchObject({ code: "month_day_required" });
    expect(bad({ frequency: "daily", interval: 1, until: "2026-01-01" })).toMatchObject({ code: "until_before_start" });
    expect(bad({ frequency: "daily", interval: 0, count: 2 }).message).toBe("The interval must be a whole number from 1 to 99");
  });
});
