// Subject/body templates for Outlook events and mails: {{placeholder}} substitution in the
// room's time zone, with unknown placeholders reported (and left visible) rather than dropped, and
// empty values leaving no stray labels, brackets or separators (the rule is above tidy()).
import type { Booking, BookingStatus, Customer, Room, Template } from "@/db/schema";
import { formatLongDate, formatTime, type Locale } from "./time";

export const TEMPLATE_PLACEHOLDERS = [
  "title",
  "room",
  "start",
  "end",
  "date",
  "customer",
  "organisation",
  "organizer",
  "attendees",
  "status",
] as const;
export type Placeholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

const PATTERN = /\{\{\s*([a-zA-Z_][\w.-]*)\s*\}\}/g;

/** Placeholder names in `text` that the renderer does not know, in order of first use. */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(TEMPLATE_PLACEHOLDERS);
  return [...new Set([...text.matchAll(PATTERN)].flatMap(([, name]) => (name && !known.has(name) ? [name] : [])))];
}

export interface RenderedTemplate {
  subject: string;
  body: string;
  /** Placeholders found in the template that have no value: fix the template. */
  unknown: string[];
}

export function renderTemplate(
  template: Pick<Template, "subject" | "body">,
  booking: Pick<Booking, "title" | "startAt" | "endAt" | "attendeeCount" | "organizerEmail">,
  room: Pick<Room, "name" | "timeZone">,
  customer: Pick<Customer, "name" | "organisation"> | null,
  opts: { status?: Pick<BookingStatus, "name" | "nameNl"> | null; locale?: Locale } = {},
): RenderedTemplate {
  const locale = opts.locale ?? "en";
  const values: Record<Placeholder, string> = {
    title: booking.title,
    room: room.name,
    start: formatTime(booking.startAt, room.timeZone),
    end: formatTime(booking.endAt, room.timeZone),
    date: formatLongDate(booking.startAt, room.timeZone, locale),
    customer: customer?.name ?? "",
    organisation: customer?.organisation ?? "",
    organizer: booking.organizerEmail ?? "",
    attendees: String(booking.attendeeCount),
    status: (locale === "nl" ? opts.status?.nameNl : null) ?? opts.status?.name ?? "",
  };
  const unknown = unknownPlaceholders(`${template.subject}\n${template.body}`);
  const fill = (text: string) =>
    text.replace(PATTERN, (whole, name: string) => (name in values ? values[name as Placeholder] || EMPTY : whole));
  // Subjects are one line: an empty placeholder must not leave "Meeting –  – Zaal A".
  const subject = tidy(fill(template.subject)).replace(/\s+/g, " ").trim();
  const body = template.body
    .split("\n")
    .filter((line) => !onlyEmptyValues(line, values))
    .map((line) => tidy(fill(line)))
    .join("\n");
  return { subject, body, unknown };
}

// Empty values, the one rule for the preview and the Outlook event (both render here):
// 1. A body line whose placeholders are all empty is left out with its label ("Klant: {{customer}}").
// 2. Brackets holding only empty placeholders, separators and spaces go: "Jan ({{organisation}})" → "Jan".
// 3. An empty placeholder takes one separator (, ; / | · • - – —) with it: the one before it if there
//    is one, else the one after. "{{title}} – {{customer}}" → "Title"; "{{customer}}, {{organizer}}" →
//    "jan@…". A colon is a label's, not a separator: it stays unless rule 1 drops its line.
// 4. Spaces doubled by a removal collapse to one; the line is trimmed but keeps its own indentation.
const EMPTY = "\u0000";
const SEP = "[,;/|·•\\-–—]";
const EMPTY_BRACKETS = new RegExp(`\\s*[(\\[](?=[^()\\[\\]]*\\u0000)(?:\\s|\\u0000|${SEP})*[)\\]]`, "g");
const SEP_BEFORE = new RegExp(`\\s*${SEP}[^\\S\\n]*\\u0000`, "g");
const SEP_AFTER = new RegExp(`\\u0000[^\\S\\n]*${SEP}[^\\S\\n]*`, "g");

/** The line has placeholders and every one of them is known and empty (rule 1). */
function onlyEmptyValues(line: string, values: Record<Placeholder, string>): boolean {
  const names = [...line.matchAll(PATTERN)].map(([, name]) => name!);
  return names.length > 0 && names.every((n) => n in values && values[n as Placeholder] === "");
}

function tidy(line: string): string {
  const indent = /^[^\S\n]*/.exec(line)![0];
  const text = line
    .replace(EMPTY_BRACKETS, "")
    .replace(SEP_BEFORE, "")
    .replace(SEP_AFTER, "")
    .replaceAll(EMPTY, "")
    .replace(/(\S)[^\S\n]{2,}/g, "$1 ")
    .trim();
  return text ? indent + text : "";
}
