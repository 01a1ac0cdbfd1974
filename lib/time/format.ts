// One way to show times, the same on the server and in the browser: always in an explicit zone
// (the admin's), never the runtime's local zone, and one date format per language
// ("Tue, 8 Dec 2026" / "di 8 dec 2026", 24-hour times). A date-only value (a secret's expiry
// entered as 3 Jun 2027) is a calendar date, not an instant: it shows as that date in every zone.
import { DateTime, Duration } from "luxon";
import type { Locale } from "@/lib/i18n/define";

export interface TimeContext {
  locale: Locale;
  zone: string;
}

const tag = (locale: Locale) => (locale === "nl" ? "nl-NL" : "en-GB");

const DATE: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", year: "numeric" };
const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
const TIME_SECONDS: Intl.DateTimeFormatOptions = { ...TIME, second: "2-digit" };

function inZone(at: Date | string | number, ctx: TimeContext): DateTime {
  const d = at instanceof Date ? at : new Date(at);
  return DateTime.fromJSDate(d, { zone: ctx.zone }).setLocale(tag(ctx.locale));
}

/** "Tue, 8 Dec 2026" in the context's zone. */
export function formatDate(at: Date | string | number, ctx: TimeContext): string {
  return inZone(at, ctx).toLocaleString(DATE);
}

/** "14:05" (or "14:05:09") in the context's zone. */
export function formatTime(at: Date | string | number, ctx: TimeContext, opts: { seconds?: boolean } = {}): string {
  return inZone(at, ctx).toLocaleString(opts.seconds ? TIME_SECONDS : TIME);
}

/** "Tue, 8 Dec 2026, 14:05" in the context's zone. */
export function formatDateTime(at: Date | string | number, ctx: TimeContext, opts: { seconds?: boolean } = {}): string {
  return `${formatDate(at, ctx)}, ${formatTime(at, ctx, opts)}`;
}

/**
 * A calendar date ("2027-06-03", or an instant stored for it): the date itself, in any zone. An
 * instant is read in UTC, where such dates are stored (yyyy-mm-dd at a UTC time of that day).
 */
export function formatDateOnly(value: Date | string, locale: Locale): string {
  return dateOnlyValue(value)
    ? DateTime.fromISO(dateOnlyValue(value) as string, { zone: "UTC" })
        .setLocale(tag(locale))
        .toLocaleString(DATE)
    : "";
}

/** "2027-06-03" of a date-only value (a string as entered, or the UTC date of a stored instant). */
export function dateOnlyValue(value: Date | string | null | undefined): string | null {
  if (!value) return null;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = DateTime.fromJSDate(value instanceof Date ? value : new Date(value), { zone: "UTC" });
  return d.isValid ? d.toISODate() : null;
}

/** The zone as people name it: "Europe/Amsterdam", "UTC". */
export function zoneName(zone: string): string {
  return zone === "Etc/UTC" || zone === "Etc/GMT" ? "UTC" : zone;
}

/** The zone's current offset, "UTC+1" / "UTC". */
export function zoneOffset(zone: string, at: Date = new Date()): string {
  const off = DateTime.fromJSDate(at, { zone }).offset;
  if (!off) return "UTC";
  const h = Math.trunc(Math.abs(off) / 60);
  const m = Math.abs(off) % 60;
  return `UTC${off < 0 ? "−" : "+"}${h}${m ? `:${String(m).padStart(2, "0")}` : ""}`;
}

/** Minutes as the largest whole units: 2880 → { days: 2 }, 90 → { hours: 1, minutes: 30 }. */
export function durationParts(minutes: number): { days: number; hours: number; minutes: number } {
  const d = Duration.fromObject({ minutes: Math.max(0, Math.round(minutes)) }).shiftTo("days", "hours", "minutes");
  return { days: d.days, hours: d.hours, minutes: d.minutes };
}
