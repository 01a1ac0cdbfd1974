// Why a series' occurrences stop short of its end (capped at 150, or no end date and booked ahead),
// stored as a code + params on recurrence_groups and said in the reader's language. Groups stored
// before codes keep their English and Dutch note columns, shown as they are.
import type { RecurrenceGroup, TruncationCode, TruncationParams } from "@/db/schema";
import { translator } from "@/lib/i18n/catalog";
import type { Locale } from "./messages";

export interface TruncationNote {
  code: TruncationCode;
  params: TruncationParams;
}

/** A series with more than `max` occurrences: `max` booked, the last on `lastDate` (YYYY-MM-DD). */
export const capNote = (max: number, lastDate: string): TruncationNote => ({ code: "cap", params: { max, lastDate } });

/** No end date: occurrences booked `days` ahead, up to `lastDate`; a yearly series says why a year and a week. */
export const openEndedNote = (days: number, lastDate: string, yearly: boolean): TruncationNote => ({
  code: "open_ended",
  params: { days, lastDate, yearly: yearly ? "yes" : "no" },
});

/** An Outlook series with more than `max` occurrences ahead: those up to `lastDate` are booked. */
export const capAheadNote = (max: number, lastDate: string): TruncationNote => ({
  code: "cap_ahead",
  params: { max, lastDate },
});

const KEYS = { cap: "trunc.cap", open_ended: "trunc.openEnded", cap_ahead: "trunc.capAhead" } as const;

export function truncationNoteText(note: TruncationNote, locale: Locale): string {
  return translator(locale, "bookings")(KEYS[note.code], note.params);
}

/** A group's note in `locale`: from its code, else the stored note of that language; null when it has none. */
export function truncationText(
  g: Pick<RecurrenceGroup, "truncationCode" | "truncationParams" | "truncationNote" | "truncationNoteNl">,
  locale: Locale,
): string | null {
  if (g.truncationCode && g.truncationCode in KEYS)
    return truncationNoteText({ code: g.truncationCode, params: g.truncationParams ?? {} }, locale);
  return (locale === "nl" ? g.truncationNoteNl : null) ?? g.truncationNote;
}

/** The columns a truncation note is stored in (all four, so a new note replaces an older one). */
export function truncationColumns(note: TruncationNote | null) {
  return {
    truncationCode: note?.code ?? null,
    truncationParams: note?.params ?? null,
    truncationNote: null,
    truncationNoteNl: null,
  };
}
