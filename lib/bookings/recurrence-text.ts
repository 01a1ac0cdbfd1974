// A recurrence rule in words for the UI ("Every 2 weeks on Monday and Wednesday, until 31 Jan
// 2027"), in English or Dutch. Client-safe: luxon only.
import { DateTime, Info } from "luxon";
import type { RecurrenceRule } from "@/db/schema";
import type { Locale } from "./messages";

const ORD = {
  en: { 1: "first", 2: "second", 3: "third", 4: "fourth", [-1]: "last" } as Record<number, string>,
  nl: { 1: "eerste", 2: "tweede", 3: "derde", 4: "vierde", [-1]: "laatste" } as Record<number, string>,
};

function joinList(items: string[], locale: Locale): string {
  const last = items.at(-1);
  if (last === undefined || items.length === 1) return last ?? "";
  return `${items.slice(0, -1).join(", ")} ${locale === "nl" ? "en" : "and"} ${last}`;
}

/** "first" … "last" for a week index of the month (1–4, -1); any other index as its number. */
function ordinal(index: number, locale: Locale): string {
  return ORD[locale][index] ?? String(index);
}

/** Outlook's day sets for "the nth … of the month": every day, weekdays, weekend days. */
const DAY_SETS = [
  { days: [1, 2, 3, 4, 5, 6, 7], en: "day", nl: "dag" },
  { days: [1, 2, 3, 4, 5], en: "weekday", nl: "werkdag" },
  { days: [6, 7], en: "weekend day", nl: "weekenddag" },
];

export function describeRule(rule: RecurrenceRule, locale: Locale = "en"): string {
  const loc = locale === "nl" ? "nl-NL" : "en-GB";
  // A weekday outside 1–7 (never valid, but the text must not say "undefined") is shown as its number.
  const weekdayName = (iso: number) => Info.weekdays("long", { locale: loc })[iso - 1] ?? String(iso);
  const anyOf =
    rule.monthWeek?.anyOf && rule.monthWeek.anyOf.length > 1 ? [...new Set(rule.monthWeek.anyOf)].sort() : null;
  // The monthWeek's day: a weekday, or a day set ("weekday", "day", "Monday or Tuesday").
  const dayName = (iso: number) => {
    if (!anyOf || iso !== rule.monthWeek?.weekday) return weekdayName(iso);
    const set = DAY_SETS.find((s) => s.days.join() === anyOf.join());
    return set ? set[locale] : anyOf.map(weekdayName).join(locale === "nl" ? " of " : " or ");
  };
  // A month outside 1–12 (never valid, but the text must not say "undefined") is shown as its number.
  const monthName = (m: number) => Info.months("long", { locale: loc })[m - 1] ?? String(m);
  const n = rule.interval;
  // Without a weekday of the month the rule has a day of the month (validated); 1 as for the month below.
  const monthDay = rule.monthDay ?? 1;
  const nl = locale === "nl";
  let text: string;
  if (rule.frequency === "daily") {
    text = n === 1 ? (nl ? "Elke dag" : "Every day") : nl ? `Elke ${n} dagen` : `Every ${n} days`;
  } else if (rule.frequency === "weekly") {
    const every = n === 1 ? (nl ? "Elke week" : "Every week") : nl ? `Elke ${n} weken` : `Every ${n} weeks`;
    text = `${every} ${nl ? "op" : "on"} ${joinList((rule.weekdays ?? []).map(dayName), locale)}`;
  } else if (rule.frequency === "yearly") {
    const every = n === 1 ? (nl ? "Elk jaar" : "Every year") : nl ? `Elke ${n} jaar` : `Every ${n} years`;
    const month = monthName(rule.month ?? 1);
    // "on 14 March" / "op 14 maart"; "on the last Friday of November" / "op de laatste vrijdag van november".
    const on = rule.monthWeek
      ? nl
        ? `op de ${ordinal(rule.monthWeek.index, locale)} ${dayName(rule.monthWeek.weekday)} van ${month}`
        : `on the ${ordinal(rule.monthWeek.index, locale)} ${dayName(rule.monthWeek.weekday)} of ${month}`
      : `${nl ? "op" : "on"} ${monthDay} ${month}${rule.month === 2 && rule.monthDay === 29 ? (nl ? " (28 februari buiten schrikkeljaren)" : " (28 February outside leap years)") : ""}`;
    text = `${every} ${on}`;
  } else {
    const every = n === 1 ? (nl ? "Elke maand" : "Every month") : nl ? `Elke ${n} maanden` : `Every ${n} months`;
    const on = rule.monthWeek
      ? nl
        ? `op de ${ordinal(rule.monthWeek.index, locale)} ${dayName(rule.monthWeek.weekday)}`
        : `on the ${ordinal(rule.monthWeek.index, locale)} ${dayName(rule.monthWeek.weekday)}`
      : `${nl ? `op de ${monthDay}e` : `on day ${monthDay}`}${monthDay > 28 ? (nl ? " (de laatste dag in kortere maanden)" : " (the last day in shorter months)") : ""}`;
    text = `${every} ${on}`;
  }
  if (rule.until) {
    const d = DateTime.fromISO(rule.until).setLocale(loc).toFormat("d LLL yyyy").replace(/\./g, "");
    text += nl ? `, tot en met ${d}` : `, until ${d}`;
  } else if (rule.count) {
    text += nl ? `, ${rule.count} keer` : `, ${rule.count} times`;
  } else {
    text += nl ? ", zonder einddatum" : ", no end date";
  }
  return text;
}
