// A private or confidential Outlook meeting is stored under a neutral title with the `private` flag
// (its subject never reaches Roomlink, seed 004); each reader sees that title in their language.
import type { Locale } from "@/lib/i18n/define";

export const PRIVATE_TITLE = "Private meeting";
const PRIVATE_TITLES: Record<Locale, string> = { en: PRIVATE_TITLE, nl: "Privé-afspraak" };

export function titleFor(b: { title: string; flags: string[] }, locale: Locale): string {
  return b.flags.includes("private") && b.title === PRIVATE_TITLE ? PRIVATE_TITLES[locale] : b.title;
}

export function withLocalTitles<T extends { title: string; flags: string[] }>(rows: T[], locale: Locale): T[] {
  return rows.map((r) => ({ ...r, title: titleFor(r, locale) }));
}
