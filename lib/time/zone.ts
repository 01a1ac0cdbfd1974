// The administrator's time zone: every time on every page is shown in it, with its name. Detected
// from the browser on the first visit and kept in a cookie (like the language), changeable in the
// sidebar. Until the browser has said, pages use UTC and say so.
export const TZ_COOKIE = "roomlink-tz";
export const FALLBACK_ZONE = "UTC";

/** An IANA zone this runtime knows ("Europe/Amsterdam", "UTC"); anything else is refused. */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || !zone || zone.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A cookie value as a zone, else the fallback. */
export function zoneOr(value: string | undefined | null): string {
  return isTimeZone(value) ? value : FALLBACK_ZONE;
}
