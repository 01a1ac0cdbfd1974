"use server";
// Change the zone times are shown in (the sidebar's zone picker); the browser's own zone is set the
// same way on the first visit.
import { cookies } from "next/headers";
import { isTimeZone, TZ_COOKIE } from "./zone";

export async function setTimeZone(zone: string): Promise<boolean> {
  if (!isTimeZone(zone)) return false;
  (await cookies()).set(TZ_COOKIE, zone, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
  return true;
}
