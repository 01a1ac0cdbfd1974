"use server";
// Switch the UI language: a cookie for this browser, and the signed-in user's saved preference.
import { cookies } from "next/headers";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { currentUser } from "@/lib/auth/session";
import { LOCALE_COOKIE, type Locale } from "./define";

export async function setLocale(locale: Locale): Promise<void> {
  if (locale !== "en" && locale !== "nl") return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
  const user = await currentUser();
  if (user) await (await getDb()).update(users).set({ locale }).where(eq(users.id, user.id));
}
