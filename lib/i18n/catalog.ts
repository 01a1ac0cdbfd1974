// All message areas in one catalogue. Each feature adds its own file under messages/ and one line here.
import common from "./messages/common";
import bookings from "./messages/bookings";
import admin from "./messages/admin";
import integrations from "./messages/integrations";
import sandbox from "./messages/sandbox";
import jobs from "./messages/jobs";
import syncLog from "./messages/sync-log";
import mail from "./messages/mail";
import sandboxSecret from "./messages/sandbox-secret";
import type { Locale } from "./define";
import { icuFormatter, type FormatFn, type MessageParams } from "./icu";

export const catalog = {
  common,
  bookings,
  admin,
  integrations,
  sandbox,
  jobs,
  syncLog,
  mail,
  sandboxSecret,
} as const;

type Catalog = typeof catalog;
export type Area = keyof Catalog;
export type MessageKey<A extends Area> = keyof Catalog[A]["en"] & string;

const formatters = new Map<string, { own: FormatFn; en: FormatFn }>();

/** `t(key, params)` for one area in one language (ICU messages; a key missing in Dutch shows in English). */
export function translator<A extends Area>(locale: Locale, area: A) {
  const id = `${locale}:${area}`;
  let f = formatters.get(id);
  if (!f) {
    const en = icuFormatter("en", catalog[area].en);
    f = { own: locale === "en" ? en : icuFormatter(locale, catalog[area][locale]), en };
    formatters.set(id, f);
  }
  const { own, en } = f;
  const messages = catalog[area][locale] as Record<string, string>;
  return (key: MessageKey<A>, params?: MessageParams) => (key in messages ? own(key, params) : en(key, params));
}
