// Recurrence: normalizes Graph's patternedRecurrence and expands a series into instances in a window.
// Patterns go through rrule in "floating" time; luxon places each wall time in the series' zone (DST-correct).
import { DateTime } from "luxon";
import * as rrulePkg from "rrule";
import { GraphError } from "./http";
import type { Overrides, Recurrence, StoredEvent } from "./model";
import { toIana } from "./time-zones";

// rrule ships CJS main + ESM module; depending on the loader the named export sits on default.
type RRuleCtor = typeof import("rrule").RRule;
const RRule: RRuleCtor =
  (rrulePkg as unknown as { RRule?: RRuleCtor }).RRule ??
  (rrulePkg as unknown as { default: { RRule: RRuleCtor } }).default.RRule;

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const INDEX: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };
const TYPES = ["daily", "weekly", "absoluteMonthly", "relativeMonthly", "absoluteYearly", "relativeYearly"];

/**
 * An enum field of a pattern or range as text; absent (undefined, null) gives the fallback. A JSON
 * object or array is no enum member: 400, as Graph refuses it.
 */
function enumText(v: unknown, fallback: string): string {
  if (v === undefined || v === null) return fallback;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
  throw new GraphError(400, "ErrorPropertyValidationFailure", "At least one property failed validation.");
}

/**
 * A range's "YYYY-MM-DD" startDate or endDate as numbers. The range dates are not validated on the way
 * in, so a part that is not there reads as NaN (an Invalid Date downstream), as Number(undefined) would.
 */
function dateParts(date: string): [number, number, number] {
  const [y = NaN, m = NaN, d = NaN] = date.split("-").map(Number);
  return [y, m, d];
}

/** Normalizes input to the full shape Graph returns (https://learn.microsoft.com/graph/api/resources/patternedrecurrence). */
export function normalizeRecurrence(input: unknown, start: { utc: string; tz: string }): Recurrence | null {
  if (input === null || input === undefined) return null;
  const r = input as { pattern?: Record<string, unknown>; range?: Record<string, unknown> };
  const p = r.pattern ?? {};
  const g = r.range ?? {};
  const type = enumText(p.type, "");
  if (!TYPES.includes(type))
    throw new GraphError(400, "ErrorPropertyValidationFailure", "At least one property failed validation.");
  const interval = Number(p.interval ?? 1);
  if (!Number.isInteger(interval) || interval < 1)
    throw new GraphError(
      400,
      "ErrorPropertyValidationFailure",
      "The recurrence pattern interval must be a positive integer.",
    );
  const daysOfWeek = Array.isArray(p.daysOfWeek) ? (p.daysOfWeek as unknown[]).map((d) => String(d).toLowerCase()) : [];
  if (daysOfWeek.some((d) => !DAYS.includes(d)))
    throw new GraphError(400, "ErrorPropertyValidationFailure", "At least one property failed validation.");
  if ((type === "weekly" || type.startsWith("relative")) && daysOfWeek.length === 0) {
    throw new GraphError(400, "ErrorPropertyValidationFailure", "DaysOfWeek must be set for this recurrence pattern.");
  }
  // Graph: month (1–12) is required for the yearly types, dayOfMonth (1–31) for the absolute ones.
  const month = Number(p.month ?? 0);
  if (type.endsWith("Yearly") && (!Number.isInteger(month) || month < 1 || month > 12)) {
    throw new GraphError(
      400,
      "ErrorPropertyValidationFailure",
      "Month must be set to a value from 1 to 12 for a yearly recurrence pattern.",
    );
  }
  const dayOfMonth = Number(p.dayOfMonth ?? 0);
  if (type.startsWith("absolute") && (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 31)) {
    throw new GraphError(
      400,
      "ErrorPropertyValidationFailure",
      "DayOfMonth must be set to a value from 1 to 31 for this recurrence pattern.",
    );
  }
  const rangeType = enumText(g.type, "noEnd");
  if (!["endDate", "noEnd", "numbered"].includes(rangeType))
    throw new GraphError(400, "ErrorPropertyValidationFailure", "At least one property failed validation.");
  const tzName = typeof g.recurrenceTimeZone === "string" && g.recurrenceTimeZone ? g.recurrenceTimeZone : undefined;
  const zone = toIana(tzName) ?? start.tz;
  const localStart = DateTime.fromISO(start.utc, { zone: "utc" }).setZone(zone);
  const startDate = typeof g.startDate === "string" && g.startDate ? g.startDate : localStart.toISODate()!;
  if (rangeType === "endDate" && typeof g.endDate !== "string")
    throw new GraphError(400, "ErrorPropertyValidationFailure", "EndDate must be set for an endDate recurrence range.");
  const count = Number(g.numberOfOccurrences ?? 0);
  if (rangeType === "numbered" && (!Number.isInteger(count) || count < 1))
    throw new GraphError(
      400,
      "ErrorPropertyValidationFailure",
      "NumberOfOccurrences must be positive for a numbered recurrence range.",
    );
  return {
    pattern: {
      type: type as Recurrence["pattern"]["type"],
      interval,
      month,
      dayOfMonth,
      daysOfWeek,
      firstDayOfWeek: enumText(p.firstDayOfWeek, "sunday").toLowerCase(),
      index: enumText(p.index, "first").toLowerCase() as Recurrence["pattern"]["index"],
    },
    range: {
      type: rangeType as Recurrence["range"]["type"],
      startDate,
      endDate: rangeType === "endDate" ? String(g.endDate) : "0001-01-01",
      recurrenceTimeZone: tzName ?? zone,
      numberOfOccurrences: rangeType === "numbered" ? count : 0,
    },
  };
}

export function seriesZone(ev: StoredEvent): string {
  return toIana(ev.recurrence?.range.recurrenceTimeZone) ?? ev.start.tz;
}

function floating(dt: DateTime): Date {
  return new Date(Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second));
}

/**
 * EWS DayOfMonth (absoluteMonthly / absoluteYearly): "If for a particular month this value is larger
 * than the number of days in the month, the last day of the month is assumed." Day 29–31 is the last
 * of the days 28…N the month has: 31 → 30 April; a yearly 29 February → 28 February outside leap years.
 */
function dayOfMonth(day: number): Record<string, unknown> {
  return day <= 28
    ? { bymonthday: day }
    : { bymonthday: Array.from({ length: day - 27 }, (_, i) => 28 + i), bysetpos: -1 };
}

function buildRule(ev: StoredEvent, zone: string) {
  const rec = ev.recurrence!;
  const p = rec.pattern;
  const local = DateTime.fromISO(ev.start.utc, { zone: "utc" }).setZone(zone);
  const [y, m, d] = dateParts(rec.range.startDate);
  const dtstart = new Date(Date.UTC(y, m - 1, d, local.hour, local.minute, local.second));
  const weekdays = p.daysOfWeek.map((x) => DAYS.indexOf(x));
  const opts: Record<string, unknown> = {
    dtstart,
    interval: p.interval,
    wkst: Math.max(0, DAYS.indexOf(p.firstDayOfWeek)),
  };
  switch (p.type) {
    case "daily":
      opts.freq = RRule.DAILY;
      break;
    case "weekly":
      opts.freq = RRule.WEEKLY;
      opts.byweekday = weekdays;
      break;
    case "absoluteMonthly":
      opts.freq = RRule.MONTHLY;
      Object.assign(opts, dayOfMonth(p.dayOfMonth || local.day));
      break;
    case "relativeMonthly":
      opts.freq = RRule.MONTHLY;
      opts.byweekday = weekdays;
      opts.bysetpos = INDEX[p.index] ?? 1;
      break;
    case "absoluteYearly":
      opts.freq = RRule.YEARLY;
      opts.bymonth = p.month || local.month;
      Object.assign(opts, dayOfMonth(p.dayOfMonth || local.day));
      break;
    case "relativeYearly":
      opts.freq = RRule.YEARLY;
      opts.bymonth = p.month || local.month;
      opts.byweekday = weekdays;
      opts.bysetpos = INDEX[p.index] ?? 1;
      break;
  }
  if (rec.range.type === "numbered") opts.count = rec.range.numberOfOccurrences;
  if (rec.range.type === "endDate") {
    const [ey, em, ed] = dateParts(rec.range.endDate);
    opts.until = new Date(Date.UTC(ey, em - 1, ed, 23, 59, 59));
  }
  return new RRule(opts);
}

export interface Instance {
  /** Original start (UTC ISO, ms precision) — the occurrence's identity. */
  original: string;
  startUtc: string;
  endUtc: string;
  cancelled: boolean;
  exception?: Overrides;
}

/** Instances of a series overlapping [fromMs, toMs); cancelled ones flagged (delta reports them removed). */
export function expandSeries(ev: StoredEvent, fromMs: number, toMs: number): Instance[] {
  if (!ev.recurrence) return [];
  const zone = seriesZone(ev);
  const duration = Date.parse(ev.end.utc) - Date.parse(ev.start.utc);
  const rule = buildRule(ev, zone);
  const pad = 2 * 86_400_000;
  const after = floating(DateTime.fromMillis(fromMs - duration - pad, { zone }));
  const before = floating(DateTime.fromMillis(toMs + pad, { zone }));
  const out: Instance[] = [];
  for (const f of rule.between(after, before, true)) {
    const wall = DateTime.fromObject(
      {
        year: f.getUTCFullYear(),
        month: f.getUTCMonth() + 1,
        day: f.getUTCDate(),
        hour: f.getUTCHours(),
        minute: f.getUTCMinutes(),
        second: f.getUTCSeconds(),
      },
      { zone },
    );
    const original = wall.toUTC().toISO()!;
    const exc = ev.exceptions[original]?.overrides;
    const s = exc?.start?.utc ?? original;
    const e = exc?.end?.utc ?? new Date(Date.parse(original) + duration).toISOString();
    if (Date.parse(s) < toMs && Date.parse(e) > fromMs) {
      out.push({
        original,
        startUtc: new Date(Date.parse(s)).toISOString(),
        endUtc: new Date(Date.parse(e)).toISOString(),
        cancelled: ev.cancelled.includes(original),
        exception: exc,
      });
    }
  }
  return out;
}

/**
 * Exchange keeps a moved occurrence strictly between the days of its neighbours (EWS's
 * ErrorOccurrenceCrossingBoundary; Outlook: "Cannot reschedule an occurrence of a recurring
 * appointment if it skips over a later occurrence"): whether starting `original` at `newStartUtc`
 * would reach or pass the day of the previous or the next occurrence.
 */
export function crossesNeighbour(ev: StoredEvent, original: string, newStartUtc: string): boolean {
  const zone = seriesZone(ev);
  const ms = Date.parse(original);
  const span = 800 * 86_400_000; // wide enough for yearly neighbours
  const others = expandSeries(ev, ms - span, ms + span).filter((i) => !i.cancelled && i.original !== original);
  const prev = others.filter((i) => i.original < original).at(-1);
  const next = others.find((i) => i.original > original);
  const day = (iso: string) => DateTime.fromISO(iso, { zone }).toISODate()!;
  const d = day(newStartUtc);
  return (prev !== undefined && day(prev.startUtc) >= d) || (next !== undefined && day(next.startUtc) <= d);
}

/** Whether `original` is a real occurrence of the series (ids of non-occurrences answer 404). */
export function isOccurrence(ev: StoredEvent, original: string): boolean {
  const ms = Date.parse(original);
  if (Number.isNaN(ms) || !ev.recurrence) return false;
  const duration = Date.parse(ev.end.utc) - Date.parse(ev.start.utc);
  return expandSeries({ ...ev, exceptions: {} }, ms, ms + Math.max(duration, 1)).some((i) => i.original === original);
}
