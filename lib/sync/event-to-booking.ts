// Mapping an Outlook event (as Graph returns it) to booking fields. Privacy (seed 004): only the
// title, start, end, organizer, attendee count and Teams link are kept — never body or attachments.
import { DateTime } from "luxon";
import { findIana } from "windows-iana";
import type { GraphRecurrence } from "./series";

export interface GraphDateTime { dateTime: string; timeZone?: string }
export interface GraphAttendee { type?: string; emailAddress?: { address?: string; name?: string }; status?: { response?: string } }

/** The event fields we ask Graph for: nothing else is fetched, so nothing else can be stored. */
export const EVENT_SELECT = [
  "id", "subject", "start", "end", "organizer", "attendees", "isCancelled", "changeKey", "iCalUId",
  "seriesMasterId", "type", "onlineMeeting", "responseStatus", "lastModifiedDateTime",
  "recurrence",
].join(",");

export interface GraphEvent {
  id: string;
  subject?: string | null;
  start: GraphDateTime;
  end: GraphDateTime;
  organizer?: { emailAddress?: { address?: string; name?: string } };
  attendees?: GraphAttendee[];
  isCancelled?: boolean;
  changeKey?: string;
  iCalUId?: string;
  seriesMasterId?: string | null;
  type?: "singleInstance" | "occurrence" | "exception" | "seriesMaster";
  onlineMeeting?: { joinUrl?: string } | null;
  lastModifiedDateTime?: string;
  singleValueExtendedProperties?: { id: string; value: string }[];
  recurrence?: GraphRecurrence | null;
  /** The mailbox owner's answer: "organizer" when the room's own calendar holds an event it organizes. */
  responseStatus?: { response?: string } | null;
}

/** Graph answers in UTC unless asked otherwise; other zones may be Windows names. */
export function graphTime(t: GraphDateTime): Date {
  const tz = !t.timeZone || t.timeZone === "UTC" ? "UTC" : (findIana(t.timeZone)[0] ?? t.timeZone);
  const dt = DateTime.fromISO(t.dateTime, { zone: tz });
  if (!dt.isValid) throw new Error(`unparseable event time ${t.dateTime} ${t.timeZone ?? ""}`);
  return dt.toJSDate();
}

export interface InboundFields {
  title: string;
  startAt: Date;
  endAt: Date;
  organizerEmail: string | null;
  organizerName: string | null;
  attendeeCount: number;
  teamsLink: string | null;
  /** The room copy's subject is just the organizer's name (AddOrganizerToSubject / DeleteSubject). */
  subjectReplaced: boolean;
}

export function eventToFields(ev: GraphEvent): InboundFields {
  const organizerEmail = ev.organizer?.emailAddress?.address?.trim() || null;
  const organizerName = ev.organizer?.emailAddress?.name?.trim() || null;
  const subject = ev.subject?.trim() ?? "";
  const subjectReplaced = !!organizerName && (subject === organizerName || subject.startsWith(`${organizerName} `));
  // People, not rooms or equipment; the organizer attends too.
  const people = (ev.attendees ?? []).filter((a) => a.type !== "resource").length;
  return {
    title: subject || organizerName || "Outlook meeting",
    startAt: graphTime(ev.start),
    endAt: graphTime(ev.end),
    organizerEmail,
    organizerName,
    attendeeCount: Math.max(1, people + 1),
    teamsLink: ev.onlineMeeting?.joinUrl ?? null,
    subjectReplaced,
  };
}

/** Whether two reads of an event carry the same booking-relevant content (our own answer changes only its changeKey). */
export function sameBookingContent(a: GraphEvent, b: GraphEvent): boolean {
  const x = eventToFields(a);
  const y = eventToFields(b);
  return x.title === y.title && x.startAt.getTime() === y.startAt.getTime() && x.endAt.getTime() === y.endAt.getTime()
    && x.attendeeCount === y.attendeeCount && x.teamsLink === y.teamsLink && JSON.stringify(a.recurrence ?? null) === JSON.stringify(b.recurrence ?? null);
}
