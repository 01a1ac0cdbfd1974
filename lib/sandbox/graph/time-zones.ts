// Time-zone names and Graph's dateTimeTimeZone shape: Windows <-> IANA (windows-iana), wall time <-> UTC (luxon).
// Graph accepts both Windows and IANA names in `start.timeZone` and `Prefer: outlook.timezone`.
import { DateTime } from "luxon";
import { findIana, findWindows } from "windows-iana";
import { GraphError } from "./http";

/** IANA zone for a Windows or IANA name; undefined when unknown. */
export function toIana(name: string | undefined | null): string | undefined {
  if (!name) return undefined;
  if (/^(utc|coordinated universal time|gmt|etc\/utc|z)$/i.test(name.trim())) return "UTC";
  const [fromWindows] = findIana(name);
  if (fromWindows !== undefined) return fromWindows;
  if (DateTime.now().setZone(name).isValid) return name;
  return undefined;
}

/** Windows name for an IANA zone (mailboxSettings and originalStartTimeZone report Windows names). */
export function toWindows(iana: string): string {
  if (iana === "UTC") return "UTC";
  return findWindows(iana)[0] ?? iana;
}

/** Parses Graph's dateTimeTimeZone input into a UTC instant. */
export function parseDateTimeTimeZone(v: unknown, field: string): { utc: string; tz: string } {
  const o = v as { dateTime?: unknown; timeZone?: unknown } | undefined;
  if (!o || typeof o.dateTime !== "string") {
    throw new GraphError(400, "ErrorInvalidRequest", `The value of the property '${field}' is missing or invalid.`);
  }
  const tzName = typeof o.timeZone === "string" && o.timeZone ? o.timeZone : "UTC";
  const iana = toIana(tzName);
  if (!iana)
    throw new GraphError(
      400,
      "TimeZoneNotSupportedException",
      `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${tzName}'.`,
    );
  // Graph treats dateTime as wall time in timeZone; a trailing Z/offset is ignored in favour of timeZone.
  const wall = o.dateTime.replace(/(Z|[+-]\d\d:?\d\d)$/i, "");
  const dt = DateTime.fromISO(wall, { zone: iana });
  if (!dt.isValid)
    throw new GraphError(
      400,
      "ErrorInvalidRequest",
      `Cannot convert the literal '${o.dateTime}' to the expected type 'Edm.DateTime'.`,
    );
  return { utc: dt.toUTC().toISO(), tz: iana };
}

/** Graph's output shape: 7 fractional digits, no offset, in the requested zone. */
export function formatDateTimeTimeZone(
  utcIso: string,
  zoneName: string | undefined,
): { dateTime: string; timeZone: string } {
  const iana = toIana(zoneName) ?? "UTC";
  const dt = DateTime.fromISO(utcIso, { zone: "utc" }).setZone(iana);
  return {
    dateTime: dt.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS") + "0000",
    timeZone: zoneName && toIana(zoneName) ? zoneName : "UTC",
  };
}

/**
 * An all-day event's start/end as Graph returns them: midnight of the event's own date, labelled with the
 * response's zone (Prefer: outlook.timezone, else UTC) without converting - Microsoft calls this "by
 * design" (https://github.com/microsoftgraph/microsoft-graph-docs/issues/1802).
 */
export function formatAllDay(
  utcIso: string,
  ownZone: string,
  zoneName: string | undefined,
): { dateTime: string; timeZone: string } {
  const date = DateTime.fromISO(utcIso, { zone: "utc" }).setZone(ownZone).toFormat("yyyy-MM-dd");
  return { dateTime: `${date}T00:00:00.0000000`, timeZone: zoneName && toIana(zoneName) ? zoneName : "UTC" };
}

/** True when the instant is 00:00:00.000 wall time in the zone. */
export function isMidnight(utcIso: string, zone: string): boolean {
  const dt = DateTime.fromISO(utcIso, { zone: "utc" }).setZone(zone);
  return dt.hour === 0 && dt.minute === 0 && dt.second === 0 && dt.millisecond === 0;
}

/** Query-string instants (calendarView startDateTime): ISO with or without offset; no offset = UTC. */
export function parseQueryInstant(s: string | null, name: string): number {
  if (!s)
    throw new GraphError(
      400,
      "ErrorInvalidParameter",
      "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
    );
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/i.test(s);
  const dt = DateTime.fromISO(s, { zone: "utc", setZone: hasZone });
  if (!dt.isValid)
    throw new GraphError(400, "ErrorInvalidParameter", `The parameter '${name}' does not have a valid value.`);
  return dt.toMillis();
}

export function isoMs(ms: number): string {
  return new Date(ms).toISOString();
}
