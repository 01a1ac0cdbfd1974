// Mapping an Outlook event (as Graph returns it) to booking fields. Privacy (seed 004): only the
// title, start, end, organizer, attendee count and Teams link are kept — never body or attachments;
// a private meeting's subject not even that, unless the admin opted in.
import { PRIVATE_TITLE } from "@/lib/bookings/private-title";
import { DateTime } from "luxon";
import { graphTime, ianaZone } from "@/lib/graph/time";
import { ALL_DAY_FLAG } from "@/lib/bookings/policies";
import type { GraphDateTime, GraphEvent } from "@/lib/graph/types";

export { EVENT_SELECT, type GraphAttendee, type GraphDateTime, type GraphEvent } from "@/lib/graph/types";

/**
 * The zone a series' pattern is expressed in: the range's recurrenceTimeZone ("the time zone that
 * applies to the recurrence", https://learn.microsoft.com/graph/api/resources/recurrencerange), else
 * the zone the organizer created the master in, else its start's zone; `fallback` (the room's) last.
 * Expanding the rule in any other zone moves its wall-clock times whenever the two zones change
 * DST on different dates.
 */
export function seriesZone(
  master: Pick<GraphEvent, "recurrence" | "originalStartTimeZone" | "start">,
  fallback: string,
): string {
  const range = master.recurrence?.range as { recurrenceTimeZone?: string } | undefined;
  return (
    ianaZone(range?.recurrenceTimeZone) ??
    ianaZone(master.originalStartTimeZone) ??
    (master.start.timeZone && master.start.timeZone !== "UTC" ? ianaZone(master.start.timeZone) : null) ??
    fallback
  );
}

/**
 * An all-day meeting's days as the room's local days. Graph returns all-day events midnight to
 * midnight in the response's zone whatever zone they were made in ("by design",
 * https://github.com/microsoftgraph/microsoft-graph-docs/issues/1802), so only the dates count: a
 * UTC midnight is not the room's midnight.
 */
export function allDayRange(start: GraphDateTime, end: GraphDateTime, zone: string): { startAt: Date; endAt: Date } {
  const first = DateTime.fromISO(start.dateTime.slice(0, 10), { zone }).startOf("day");
  let last = DateTime.fromISO(end.dateTime.slice(0, 10), { zone }).startOf("day");
  if (!first.isValid || !last.isValid) throw new Error(`unparseable all-day dates ${start.dateTime} ${end.dateTime}`);
  if (last <= first) last = first.plus({ days: 1 });
  return { startAt: first.toJSDate(), endAt: last.toJSDate() };
}

/** What the mapping needs to know besides the event: the room's zone and which addresses are rooms. */
export interface InboundContext {
  /** The Roomlink room's zone: an all-day meeting books its local days. */
  roomZone: string;
  /** Room and room-list addresses, lower case: never counted as people. */
  roomAddresses: ReadonlySet<string>;
  /** The admin's "Show subjects of private meetings" (off: a private meeting's title is "Private meeting"). */
  showPrivateSubjects: boolean;
}

const NO_CONTEXT: InboundContext = { roomZone: "UTC", roomAddresses: new Set(), showPrivateSubjects: false };

/** Stored as the title of a private meeting; the flag `private` makes lists show it in the reader's language. */
export const PRIVATE_FLAG = "private";
export { ALL_DAY_FLAG };

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
  /** Books the room's whole local day(s): not judged by bookable hours or length. */
  allDay: boolean;
  /** Private or confidential: the subject was kept out of Roomlink. */
  hidden: boolean;
}

/** Private and confidential meetings (event.sensitivity) keep their subject out of Roomlink. */
export const isPrivate = (ev: Pick<GraphEvent, "sensitivity">) =>
  ev.sensitivity === "private" || ev.sensitivity === "confidential";

export function eventToFields(ev: GraphEvent, ctx: InboundContext = NO_CONTEXT): InboundFields {
  const organizerEmail = ev.organizer?.emailAddress?.address?.trim() || null;
  const organizerName = ev.organizer?.emailAddress?.name?.trim() || null;
  const subject = ev.subject?.trim() ?? "";
  const subjectReplaced = !!organizerName && (subject === organizerName || subject.startsWith(`${organizerName} `));
  // People, not rooms or equipment: Outlook lets a room be invited as a required or optional
  // attendee, so its type does not tell; the tenant's room addresses do. The organizer attends too.
  const organizer = organizerEmail?.toLowerCase();
  const people = (ev.attendees ?? []).filter((a) => {
    const address = a.emailAddress?.address?.trim().toLowerCase();
    return a.type !== "resource" && !(address && (ctx.roomAddresses.has(address) || address === organizer));
  }).length;
  const hidden = isPrivate(ev) && !ctx.showPrivateSubjects;
  const allDay = ev.isAllDay === true;
  const when = allDay
    ? allDayRange(ev.start, ev.end, ctx.roomZone)
    : { startAt: graphTime(ev.start), endAt: graphTime(ev.end) };
  return {
    title: hidden ? PRIVATE_TITLE : subject || organizerName || "Outlook meeting",
    ...when,
    organizerEmail,
    organizerName,
    attendeeCount: Math.max(1, people + 1),
    teamsLink: ev.onlineMeeting?.joinUrl ?? null,
    subjectReplaced: !hidden && subjectReplaced,
    allDay,
    hidden,
  };
}

/** The booking flags an event's shape calls for (sync-rule flags; validation flags are added on write). */
export function shapeFlags(f: Pick<InboundFields, "subjectReplaced" | "allDay" | "hidden">): string[] {
  return [
    ...(f.subjectReplaced ? ["subject_replaced"] : []),
    ...(f.allDay ? [ALL_DAY_FLAG] : []),
    ...(f.hidden ? [PRIVATE_FLAG] : []),
  ];
}

/** A booking's flags with the event's shape flags brought up to date, other flags kept. */
export function withShapeFlags(
  flags: string[],
  f: Pick<InboundFields, "subjectReplaced" | "allDay" | "hidden">,
): string[] {
  const shape = new Set(["subject_replaced", ALL_DAY_FLAG, PRIVATE_FLAG]);
  return [...new Set([...flags.filter((x) => !shape.has(x)), ...shapeFlags(f)])];
}

/** Whether two reads of an event carry the same booking-relevant content (our own answer changes only its changeKey). */
export function sameBookingContent(a: GraphEvent, b: GraphEvent): boolean {
  const x = eventToFields(a);
  const y = eventToFields(b);
  return (
    x.title === y.title &&
    x.startAt.getTime() === y.startAt.getTime() &&
    x.endAt.getTime() === y.endAt.getTime() &&
    x.attendeeCount === y.attendeeCount &&
    x.teamsLink === y.teamsLink &&
    x.allDay === y.allDay &&
    (a.sensitivity ?? null) === (b.sensitivity ?? null) &&
    JSON.stringify(a.recurrence ?? null) === JSON.stringify(b.recurrence ?? null)
  );
}
