// Server-side locale: the locale cookie (set by the language switcher), else the browser's preference.
import { cookies, headers } from "next/headers";
import { LOCALE_COOKIE, type Locale } from "./define";
import { translator, type Area } from "./catalog";

export async function getLocale(): Promise<Locale> {
  const c = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (c === "en" || c === "nl") return c;
  const accept = (await headers()).get("accept-language") ?? "";
  return /^nl\b/i.test(accept.trim()) ? "nl" : "en";
}

export async function getT<A extends Area>(area: A) {
  return translator(await getLocale(), area);
}
