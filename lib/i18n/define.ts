// Message catalogues are defined per feature area; Dutch must have exactly the English keys.
// Messages are ICU MessageFormat (lib/i18n/icu.ts): `{name}`, `{count, plural, one {…} other {…}}`.
export type Locale = "en" | "nl";
export const LOCALES: Locale[] = ["en", "nl"];
export const LOCALE_COOKIE = "roomlink-locale";

export function defineMessages<const E extends Record<string, string>>(m: { en: E; nl: { [K in keyof E]: string } }) {
  return m;
}
