// Expands a recurring booking's pattern into concrete UTC occurrences, keeping the wall-clock time
// fixed in the series' zone across DST (the room's, or an Outlook series' own zone). Caps at 150 occurrences / a 180-day lookahead (yearly
// series: a year per interval plus a week) and says so.
import { DateTime } from "luxon";
import * as rrulePkg from "rrule";
import type { Options, Weekday } from "rrule";
import type { RecurrenceRule } from "@/db/schema";
import { must } from "@/lib/invariant";
import { BookingError } from "./errors";
import { MONTH_MAX_DAYS } from "./messages";
import { localToUtc } from "./time";
import { capNote, openEndedNote, type TruncationNote } from "./truncation";

export const MAX_OCCURRENCES = 150;
/** Open-ended series are materialised this far ahead of their first date (yearly: see lookaheadDays). */
export const LOOKAHEAD_DAYS = 180;

/**
 * How far ahead an open-ended series is booked, at creation and by the nightly extension. 180 days
 * would leave a yearly series with its first occurrence only, so yearly gets one year per interval
 * plus a week (366 × interval + 7 days): the gap between two occurrences of any yearly pattern
 * (14 March, the first Monday of September, 29 February: the 28th outside leap years) fits in it,
 * so the next occurrence is always booked.
 */
export function lookaheadDays(rule: Pick<RecurrenceRule, "frequency" | "interval">): number {
  return rule.frequency === "yearly" ? 366 * rule.interval + 7 : LOOKAHEAD_DAYS;
}

export interface Occurrence {
  index: number;
  /** Local date YYYY-MM-DD in the room's zone. */
  localDate: string;
  startAt: Date;
  endAt: Date;
}

export interface Truncation {
  reason: "cap" | "open_ended";
  /** What was left out and why, said in the reader's language (truncationNoteText). */
  note: TruncationNote;
  /** Last local date that has an occurrence. */
  lastDate: string;
  /** End of the last materialised occurrence: recurrence_groups.truncatedAt. */
  truncatedAt: Date;
}

export interface ExpandInput {
  rule: RecurrenceRule;
  /** First local date YYYY-MM-DD and start time HH:mm, in `timeZone`. */
  firstDate: string;
  startTime: string;
  durationMinutes: number;
  timeZone: string;
  /** Open-ended series only: materialise up to this local date (default firstDate + lookaheadDays(rule)). */
  lookaheadUntil?: string;
  /**
   * Whole local days (an all-day series): each occurrence runs from its date's midnight to the
   * midnight round(durationMinutes / 1440) days later in `timeZone`, 23 or 25 hours on DST days.
   */
  allDay?: boolean;
}

// rrule ships a UMD "main" and an ESM "module": Node's ESM loader (tsx scripts) sees only a default
// export, bundlers and vitest see named ones. Accept both.
const RRule: typeof rrulePkg.RRule =
  (rrulePkg as { RRule?: typeof rrulePkg.RRule }).RRule ??
  (rrulePkg as unknown as { default: typeof rrulePkg }).default.RRule;

const WEEKDAYS: Weekday[] = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];
// Weekdays reach this only after validateRule checked them (1 to 7).
const isoWeekday = (n: number): Weekday => must(WEEKDAYS[n - 1], `ISO weekday ${n}`);

const WEEK_INDEXES = [1, 2, 3, 4, -1];

/** Problems with a pattern itself (not with the room): field "recurrence". */
export function validateRule(rule: RecurrenceRule, firstDate: string): void {
  function fail(
    code: "weekdays_required" | "month_day_required" | "month_required" | "until_before_start" | "invalid_value",
    detail?: string,
    detailNl?: string,
  ): never {
    throw new BookingError([{ code, field: "recurrence", params: detail ? { detail, detailNl } : {} }]);
  }
  if (!Number.isInteger(rule.interval) || rule.interval < 1 || rule.interval > 99) {
    fail(
      "invalid_value",
      "The interval must be a whole number from 1 to 99",
      "Het interval moet een heel getal van 1 tot 99 zijn",
    );
  }
  if (rule.count !== undefined && (!Number.isInteger(rule.count) || rule.count < 1)) {
    fail("invalid_value", "The number of occurrences must be at least 1", "Het aantal keren moet minstens 1 zijn");
  }
  if (rule.frequency === "weekly" && !rule.weekdays?.length) fail("weekdays_required");
  if (rule.weekdays?.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
    fail("invalid_value", "Weekdays are 1 (Monday) to 7 (Sunday)", "Weekdagen zijn 1 (maandag) tot 7 (zondag)");
  // The most days a month day can be: the month's own length for a yearly rule (29 for February).
  let max = 31;
  if (rule.frequency === "yearly") {
    if (rule.month === undefined || rule.month === null) fail("month_required");
    const days = Number.isInteger(rule.month) ? MONTH_MAX_DAYS[rule.month - 1] : undefined;
    if (days === undefined) {
      fail(
        "invalid_value",
        "The month must be a whole number from 1 (January) to 12 (December)",
        "De maand moet een heel getal van 1 (januari) tot 12 (december) zijn",
      );
    }
    max = days;
  }
  if ((rule.frequency === "monthly" || rule.frequency === "yearly") && !rule.monthDay && !rule.monthWeek)
    fail("month_day_required");
  if (rule.monthDay !== undefined && !rule.monthWeek) {
    if (!Number.isInteger(rule.monthDay) || rule.monthDay < 1 || rule.monthDay > 31) {
      fail(
        "invalid_value",
        "The day of the month must be a whole number from 1 to 31",
        "De dag van de maand moet een heel getal van 1 tot 31 zijn",
      );
    }
    if (rule.monthDay > max) {
      throw new BookingError([
        { code: "day_not_in_month", field: "recurrence", params: { month: rule.month, day: rule.monthDay, max } },
      ]);
    }
  }
  const isWeekday = (d: number) => Number.isInteger(d) && d >= 1 && d <= 7;
  if (
    rule.monthWeek &&
    (!WEEK_INDEXES.includes(rule.monthWeek.index) ||
      !isWeekday(rule.monthWeek.weekday) ||
      (rule.monthWeek.anyOf && !rule.monthWeek.anyOf.every(isWeekday)))
  ) {
    fail(
      "invalid_value",
      "The weekday of the month must be the first, second, third, fourth or last Monday to Sunday",
      "De weekdag van de maand moet de eerste, tweede, derde, vierde of laatste maandag tot en met zondag zijn",
    );
  }
  if (rule.until !== undefined && rule.until < firstDate) fail("until_before_start");
}

/**
 * Day N of the month as Outlook and Exchange count it: "If for a particular month this value is larger
 * than the number of days in the month, the last day of the month is assumed" (EWS DayOfMonth, which
 * Graph's absoluteMonthly / absoluteYearly share). RFC 5545 would skip such months instead, so day 29–31
 * becomes the last of the days 28…N that the month has (BYMONTHDAY=28,…,N;BYSETPOS=-1): 31 → 30 April,
 * 28 or 29 February; a yearly 29 February → 28 February outside leap years.
 */
export function monthDayOptions(day: number): Pick<Options, "bymonthday"> & Partial<Pick<Options, "bysetpos">> {
  if (day <= 28) return { bymonthday: [day] };
  return { bymonthday: Array.from({ length: day - 27 }, (_, i) => 28 + i), bysetpos: [-1] };
}

function floating(date: string, time = "00:00"): Date {
  // A missing part is NaN, so a malformed date gives an Invalid Date (as Date.UTC does for any NaN).
  const [y = NaN, m = NaN, d = NaN] = date.split("-").map(Number);
  const [h = NaN, mi = NaN] = time.split(":").map(Number);
  return new Date(Date.UTC(y, m - 1, d, h, mi));
}

/**
 * Why floating time: rrule.js with a tzid expands in UTC offsets of the first date, so a weekly
 * 09:00 would drift to 08:00 or 10:00 after a DST change. We expand wall-clock dates with no zone
 * (UTC fields = local fields) and only then place each local time in the room's zone with luxon.
 */
export function expandRecurrence(input: ExpandInput): { occurrences: Occurrence[]; truncated: Truncation | null } {
  const { rule, firstDate, startTime, durationMinutes, timeZone } = input;
  validateRule(rule, firstDate);
  const openEnded = rule.until === undefined && rule.count === undefined;
  const ahead = lookaheadDays(rule);
  const lookaheadEnd =
    input.lookaheadUntil ?? DateTime.fromISO(firstDate, { zone: "utc" }).plus({ days: ahead }).toISODate()!;
  const until = rule.until ?? (openEnded ? lookaheadEnd : undefined);

  const opts: Partial<Options> = {
    freq: { daily: RRule.DAILY, weekly: RRule.WEEKLY, monthly: RRule.MONTHLY, yearly: RRule.YEARLY }[rule.frequency],
    interval: rule.interval,
    dtstart: floating(firstDate, startTime),
    wkst: RRule.MO,
  };
  if (rule.count !== undefined) opts.count = rule.count;
  if (until) opts.until = floating(until, "23:59");
  if (rule.frequency === "weekly") opts.byweekday = [...new Set(rule.weekdays)].sort().map(isoWeekday);
  if (rule.frequency === "yearly") opts.bymonth = [rule.month!];
  if (rule.frequency === "monthly" || rule.frequency === "yearly") {
    // Yearly: with bymonth set, rrule takes the nth weekday / day within that month.
    // "The first weekday" / "the last day": the nth of the month's days that fall on any of those weekdays.
    if (rule.monthWeek && (rule.monthWeek.anyOf?.length ?? 0) > 1) {
      opts.byweekday = [...new Set(rule.monthWeek.anyOf)].sort().map(isoWeekday);
      opts.bysetpos = [rule.monthWeek.index];
    } else if (rule.monthWeek) opts.byweekday = [isoWeekday(rule.monthWeek.weekday).nth(rule.monthWeek.index)];
    else Object.assign(opts, monthDayOptions(rule.monthDay!));
  }
  // Ask for one more than the cap so we know whether anything was cut off.
  const dates = new RRule(opts).all((_d, i) => i < MAX_OCCURRENCES + 1);
  if (!dates.length) throw new BookingError([{ code: "recurrence_empty", field: "recurrence" }]);
  const capped = dates.length > MAX_OCCURRENCES;
  const kept = dates.slice(0, MAX_OCCURRENCES);

  const days = Math.max(1, Math.round(durationMinutes / 1440));
  const occurrences = kept.map((d, index) => {
    const localDate = d.toISOString().slice(0, 10);
    if (input.allDay) {
      // startOf("day"): where DST starts at midnight the day begins at 01:00, which localToUtc would refuse.
      const day = DateTime.fromISO(localDate, { zone: timeZone }).startOf("day");
      return { index, localDate, startAt: day.toJSDate(), endAt: day.plus({ days }).startOf("day").toJSDate() };
    }
    const startAt = localToUtc(localDate, d.toISOString().slice(11, 16), timeZone, "startTime");
    return { index, localDate, startAt, endAt: new Date(startAt.getTime() + durationMinutes * 60_000) };
  });
  // `dates` is not empty (checked above), so neither is `occurrences`.
  const last = must(occurrences.at(-1), "the last occurrence");
  let truncated: Truncation | null = null;
  if (capped) {
    truncated = {
      reason: "cap",
      note: capNote(MAX_OCCURRENCES, last.localDate),
      lastDate: last.localDate,
      truncatedAt: last.endAt,
    };
  } else if (openEnded) {
    truncated = {
      reason: "open_ended",
      note: openEndedNote(ahead, lookaheadEnd, rule.frequency === "yearly"),
      lastDate: lookaheadEnd,
      truncatedAt: last.endAt,
    };
  }
  return { occurrences, truncated };
}
