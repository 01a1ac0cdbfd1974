// Message catalogues are defined per feature area; Dutch must have exactly the English keys.
export type Locale = "en" | "nl";
export const LOCALES: Locale[] = ["en", "nl"];
export const LOCALE_COOKIE = "roomlink-locale";

export function defineMessages<const E extends Record<string, string>>(m: { en: E; nl: { [K in keyof E]: string } }) {
  return m;
}

/** Replace {name} placeholders. */
export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (all, k: string) => (k in params ? String(params[k]) : all));
}
