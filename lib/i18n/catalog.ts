// All message areas in one catalogue. Each feature adds its own file under messages/ and one line here.
import common from "./messages/common";
import bookings from "./messages/bookings";
import admin from "./messages/admin";
import integrations from "./messages/integrations";
import sandbox from "./messages/sandbox";
import jobs from "./messages/jobs";
import { format, type Locale } from "./define";

export const catalog = {
  common,
  bookings,
  admin,
  integrations,
  sandbox,
  jobs,
} as const;

type Catalog = typeof catalog;
export type Area = keyof Catalog;
export type MessageKey<A extends Area> = keyof Catalog[A]["en"] & string;

export function translator<A extends Area>(locale: Locale, area: A) {
  const messages = catalog[area][locale] as Record<string, string>;
  const fallback = catalog[area].en as Record<string, string>;
  return (key: MessageKey<A>, params?: Record<string, string | number>) =>
    format(messages[key] ?? fallback[key] ?? key, params);
}
