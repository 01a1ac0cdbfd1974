// The admin's zone on the server: the cookie the browser set (lib/time/zone.ts), else UTC.
import { cookies } from "next/headers";
import { getLocale } from "@/lib/i18n/server";
import { TZ_COOKIE, zoneOr } from "./zone";
import type { TimeContext } from "./format";

export async function getTimeZone(): Promise<string> {
  return zoneOr((await cookies()).get(TZ_COOKIE)?.value);
}

/** Language and zone, for formatting times on the server exactly as the browser will. */
export async function getTimeContext(): Promise<TimeContext & { detected: boolean }> {
  const [locale, jar] = await Promise.all([getLocale(), cookies()]);
  const raw = jar.get(TZ_COOKIE)?.value;
  return { locale, zone: zoneOr(raw), detected: raw !== undefined };
}
