// Room-local wall clock <-> UTC instants (luxon, IANA zones), DST-correct, plus the display
// formatters the UI and the booking messages use. Bookings are stored in UTC, shown in the room's zone.
import { DateTime } from "luxon";
import { BookingError } from "./errors";

export type Locale = "en" | "nl";

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isValidZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

/**
 * The UTC instant of a local wall-clock time in `zone`.
 * - A time inside the spring-forward gap does not exist: BookingError `nonexistent_local_time`
 *   (luxon would silently shift it an hour, which would book the wrong slot).
 * - A time in the autumn overlap happens twice: we take the EARLIER instant (still on summer
 *   time), which is what Outlook and most calendars do for an ambiguous wall-clock time.
 */
export function localToUtc(date: string, time: string, zone: string, field = "startTime"): Date {
  if (!DATE_RE.test(date)) throw new BookingError([{ code: "invalid_date", field: "date", params: { date } }]);
  if (!TIME_RE.test(time)) throw new BookingError([{ code: "invalid_time", field, params: { time } }]);
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi] = time.split(":").map(Number);
  const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi }, { zone });
  if (!dt.isValid) throw new BookingError([{ code: "invalid_date", field: "date", params: { date } }]);
  if (dt.toFormat("yyyy-MM-dd HH:mm") !== `${date} ${time}`) {
    throw new BookingError([{ code: "nonexistent_local_time", field, params: { date, time, timeZone: zone } }]);
  }
  // Ambiguous? Try the same wall-clock time with the offset of one hour earlier: if that also
  // reads back as the same wall-clock time and is earlier, it is the first of the two instants.
  const candidates = [dt.offset, dt.minus({ hours: 3 }).offset, dt.plus({ hours: 3 }).offset].map((off) =>
    DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi }, { zone: fixedZone(off) }),
  );
  const same = candidates.filter((c) => c.setZone(zone).toFormat("yyyy-MM-dd HH:mm") === `${date} ${time}`);
  const earliest = same.reduce((a, b) => (b.toMillis() < a.toMillis() ? b : a), dt);
  return earliest.toUTC().toJSDate();
}

function fixedZone(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `UTC${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, "0")}`;
}

/** Wall-clock parts of a UTC instant in the room's zone. */
export function utcToLocal(at: Date, zone: string): { date: string; time: string; weekday: number } {
  const dt = DateTime.fromJSDate(at, { zone });
  return { date: dt.toFormat("yyyy-MM-dd"), time: dt.toFormat("HH:mm"), weekday: dt.weekday };
}

export function toZoned(at: Date, zone: string, locale: Locale = "en"): DateTime {
  return DateTime.fromJSDate(at, { zone }).setLocale(locale === "nl" ? "nl-NL" : "en-GB");
}

/** "10:00" */
export function formatTime(at: Date, zone: string): string {
  return toZoned(at, zone).toFormat("HH:mm");
}

/** "10:00–11:00" (en dash, as on a calendar). */
export function formatTimeRange(start: Date, end: Date, zone: string): string {
  return `${formatTime(start, zone)}–${formatTime(end, zone)}`;
}

/** "Tue 24 Nov" / "di 24 nov" */
export function formatShortDate(at: Date, zone: string, locale: Locale = "en"): string {
  return toZoned(at, zone, locale).toFormat("ccc d LLL").replace(/\./g, "");
}

/** "Tuesday 24 November 2026" / "dinsdag 24 november 2026" */
export function formatLongDate(at: Date, zone: string, locale: Locale = "en"): string {
  return toZoned(at, zone, locale).toFormat("cccc d LLLL yyyy");
}

/** "Tue 24 Nov 10:00–11:00" (end on another day: both dates). */
export function formatRange(start: Date, end: Date, zone: string, locale: Locale = "en"): string {
  const s = toZoned(start, zone, locale);
  const e = toZoned(end, zone, locale);
  if (s.hasSame(e, "day")) return `${formatShortDate(start, zone, locale)} ${formatTimeRange(start, end, zone)}`;
  return `${formatShortDate(start, zone, locale)} ${formatTime(start, zone)} – ${formatShortDate(end, zone, locale)} ${formatTime(end, zone)}`;
}

/** Minutes between two instants (real elapsed time, so a night across DST counts 60 more/less). */
export function minutesBetween(start: Date, end: Date): number {
  return Math.round((end.getTime() - start.getTime()) / 60_000);
}

/** "4 h", "90 min", "1 h 30 min" */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h && m) return `${h} h ${m} min`;
  return h ? `${h} h` : `${m} min`;
}

/** Monday 00:00 (room-local) of the week holding `at`, and the next Monday, as UTC instants. */
export function weekRange(at: Date, zone: string): { start: Date; end: Date } {
  const s = DateTime.fromJSDate(at, { zone }).startOf("week");
  return { start: s.toJSDate(), end: s.plus({ weeks: 1 }).toJSDate() };
}

/** Local day `date` (YYYY-MM-DD) in `zone` as [start, end) UTC instants; 23 or 25 h on DST days. */
export function dayRange(date: string, zone: string): { start: Date; end: Date } {
  const s = DateTime.fromISO(date, { zone }).startOf("day");
  // Query-string dates reach this directly: refuse garbage instead of querying with Invalid Date.
  if (!DATE_RE.test(date) || !s.isValid)
    throw new BookingError([{ code: "invalid_date", field: "date", params: { date } }]);
  return { start: s.toJSDate(), end: s.plus({ days: 1 }).toJSDate() };
}

export function overlaps(a: { startAt: Date; endAt: Date }, b: { startAt: Date; endAt: Date }): boolean {
  // Half-open [start, end): a booking ending at 10:00 and one starting at 10:00 do not clash.
  return a.startAt.getTime() < b.endAt.getTime() && b.startAt.getTime() < a.endAt.getTime();
}
