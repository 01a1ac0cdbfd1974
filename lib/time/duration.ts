// A number of minutes in words ("2880" → "2 days", "90" → "1 hour 30 minutes"), in the reader's language.
import type { MessageKey } from "@/lib/i18n/catalog";
import { durationParts } from "./format";

type T = (key: MessageKey<"common">, params?: Record<string, string | number>) => string;

export function formatMinutes(minutes: number, t: T): string {
  const p = durationParts(minutes);
  const parts: string[] = [];
  if (p.days) parts.push(t("time.days", { n: p.days }));
  if (p.hours) parts.push(t("time.hours", { n: p.hours }));
  if (p.minutes || !parts.length) parts.push(t("time.minutes", { n: p.minutes }));
  return parts.join(" ");
}
