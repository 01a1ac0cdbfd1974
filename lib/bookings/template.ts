// Subject/body templates for Outlook events and mails: {{placeholder}} substitution in the
// room's time zone, with unknown placeholders reported (and left visible) rather than dropped.
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
    text.replace(PATTERN, (whole, name: string) => (name in values ? values[name as Placeholder] : whole));
  // Subjects are one line: an empty placeholder must not leave "Meeting –  – Zaal A".
  const subject = fill(template.subject).replace(/\s+/g, " ").trim();
  return { subject, body: fill(template.body), unknown };
}
