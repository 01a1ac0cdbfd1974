// Graph's times and zones as JavaScript dates: Graph answers in UTC unless asked otherwise, and a zone
// may be a Windows name ("W. Europe Standard Time") or an IANA one. Both directions of the sync use these.
import { DateTime, IANAZone } from "luxon";
import { findIana } from "windows-iana";
import type { GraphDateTime } from "./types";

/**
 * An IANA zone for a Graph zone name (Windows names such as "Eastern Standard Time" included), or
 * null for names no IANA zone stands for (Outlook's "Customized Time Zone", "tzone://Microsoft/Custom").
 */
export function ianaZone(name: string | null | undefined): string | null {
  if (!name) return null;
  if (name === "UTC" || name === "tzone://Microsoft/Utc") return "UTC";
  const iana = findIana(name)[0] ?? name;
  return IANAZone.isValidZone(iana) ? iana : null;
}

/** Graph answers in UTC unless asked otherwise; other zones may be Windows names. */
export function graphTime(t: GraphDateTime): Date {
  const tz = !t.timeZone || t.timeZone === "UTC" ? "UTC" : (ianaZone(t.timeZone) ?? t.timeZone);
  const dt = DateTime.fromISO(t.dateTime, { zone: tz });
  if (!dt.isValid) throw new Error(`unparseable event time ${t.dateTime} ${t.timeZone ?? ""}`);
  return dt.toJSDate();
}
