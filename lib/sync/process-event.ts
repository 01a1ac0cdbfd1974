// Inbound: one Outlook event in one mailbox → create / update / cancel its booking. Always reads the
// event's current state, so duplicate and reordered notifications converge; our own writes are echoes.
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, bookingStatuses, customers, eventLinks, integrationRooms, rooms, type Booking, type BookingStatus, type EventLink, type Integration, type RecurrenceRule } from "@/db/schema";
import { cancelBooking, createBooking, isBookingError, updateBooking } from "@/lib/bookings/service";
import { formatRange } from "@/lib/bookings/time";
import { getIntegration } from "@/lib/integrations";
import { BOOKING_PROP_EXPAND, ourBookingId } from "./booking-to-event";
import { EVENT_SELECT, eventToFields, sameBookingContent, seriesZone, shapeFlags, withShapeFlags, type GraphEvent, type InboundFields } from "./event-to-booking";
import { inboundContext } from "./inbound-context";
import { callGraph, isNotFound } from "./graph-access";
import { answerAsRoom, type MeetingResponse } from "./respond";
import { applySeriesOccurrences, cancelSeries, openOccurrences, recurrenceToRule, unsupportedRecurrence } from "./series";
import { applySeriesEdit } from "./series-edit";
import { rewriteChangedSeries, rewriteIfChangedInOutlook } from "./outbound-series";
import { applySeriesPattern } from "./series-pattern";
import { DELETING, eventPath } from "./paths";
import { enqueueDelta } from "./lifecycle-job";
import { logSync } from "./sync-log";
import { DELETE_LOCKED, deleteLocked, refusalComment, updateBlocked } from "./update-rules";

export const eventJobLockKey = (integrationId: string, mailbox: string, eventId: string) => `event|${integrationId}|${mailbox.toLowerCase()}|${eventId}`;

export interface EventJob { integrationId: string; mailbox: string; eventId: string }

export { eventPath } from "./paths";

/** Application mode: the room behind the mailbox; delegated: the integration's inbound room. */
export async function roomForMailbox(integration: Integration, mailbox: string): Promise<string | null> {
  if (integration.mode === "delegated") return integration.inboundRoomId;
  const db = await getDb();
  const [row] = await db.select({ roomId: integrationRooms.roomId }).from(integrationRooms)
    .where(and(eq(integrationRooms.integrationId, integration.id), sql`lower(${integrationRooms.mailboxUpn}) = lower(${mailbox})`));
  return row?.roomId ?? null;
}

export async function findLink(integrationId: string, mailbox: string, eventId: string): Promise<EventLink | undefined> {
  const db = await getDb();
  const [link] = await db.select().from(eventLinks)
    .where(and(eq(eventLinks.integrationId, integrationId), sql`lower(${eventLinks.mailbox}) = lower(${mailbox})`, eq(eventLinks.eventId, eventId)));
  return link;
}

async function fetchEvent(integration: Integration, mailbox: string, eventId: string): Promise<GraphEvent | null> {
  try {
    return await callGraph(integration, mailbox, (c) => c.api(eventPath(mailbox, eventId)).select(EVENT_SELECT).expand(BOOKING_PROP_EXPAND).get() as Promise<GraphEvent>);
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

export async function processEvent(job: EventJob, prefetched?: GraphEvent | null): Promise<string> {
  const integration = await getIntegration(job.integrationId);
  const base = { integrationId: integration.id, direction: "inbound" as const, mailbox: job.mailbox, eventId: job.eventId };
  // Deactivated meanwhile (late deliveries, queued work): Outlook no longer feeds Roomlink. A re-consent
  // in progress keeps its activation and its work, as outbound does.
  if (integration.state !== "active" && integration.state !== "needs_attention" && !integration.activatedAt) {
    await logSync({ ...base, action: "event", outcome: "skipped", message: "The integration is not active: this Outlook change was not applied." });
    return "inactive";
  }
  const roomId = await roomForMailbox(integration, job.mailbox);
  if (!roomId) {
    await logSync({ ...base, action: "event", outcome: "skipped", message: `No Roomlink room is mapped to ${job.mailbox}.` });
    return "unmapped";
  }
  const link = await findLink(integration.id, job.mailbox, job.eventId);
  // Delta items carry no extended properties: an unknown event is re-read to see if it is ours (a
  // cancelled one needs no re-read: ours or not, it is never booked).
  const ev = prefetched !== undefined && (link || prefetched === null || prefetched.isCancelled) ? prefetched : await fetchEvent(integration, job.mailbox, job.eventId);
  if (!ev && link?.writtenChangeKey === DELETING) return "echo";
  // A cancelled meeting stays on a room's calendar with isCancelled (RemoveCanceledMeetings $false,
  // https://learn.microsoft.com/powershell/module/exchange/set-calendarprocessing): as good as deleted,
  // and never booked anew. A cancelled occurrence of an Outlook series is applied through its master.
  if (ev?.isCancelled && !link && ev.seriesMasterId && (ev.type === "occurrence" || ev.type === "exception")) {
    return cancelledOccurrence(integration, ev.seriesMasterId, base);
  }
  if (!ev || ev.isCancelled) return removed(integration, link, base);
  if (!link && ourBookingId(ev)) {
    // Written by the outbound job, which links it itself. A series we wrote: Graph notifies its master for
    // a change to any occurrence (one deleted in Outlook, say), and delta says which.
    // A master whose times or pattern were changed in Outlook is written again as booked.
    if (ev.type === "seriesMaster" && !(await rewriteIfChangedInOutlook(integration, job.mailbox, ev))) await enqueueDelta(integration.id, job.mailbox);
    return "ours";
  }
  if (link && ev.changeKey && ev.changeKey === link.writtenChangeKey) {
    await logSync({ ...base, bookingId: link.bookingId, action: "event", outcome: "skipped", message: "Our own change (echo)." });
    return "echo";
  }
  if (link && ev.changeKey && ev.changeKey === link.seenChangeKey) return "duplicate";
  // Occurrences and exceptions of an Outlook series are applied through their master (Graph notifies the
  // master). An exception of a series Roomlink wrote is linked to its own booking: an edit made to it in
  // Outlook applies to that booking alone, as for a single event.
  if (ev.type === "occurrence" || (ev.type === "exception" && !link?.seriesMasterId)) return "recurring";
  const ctx = await inboundContext(integration, roomId);
  let rule: RecurrenceRule | null = null;
  if (ev.type === "seriesMaster") {
    rule = ev.recurrence ? recurrenceToRule(ev.recurrence) : null;
    if (!rule) {
      await logSync({ ...base, action: "event", outcome: "skipped", message: unsupportedRecurrence(ev.recurrence) });
      return "recurring";
    }
  }
  const fields = eventToFields(ev, ctx);
  return link ? updated(integration, link, ev, fields, base) : created(integration, roomId, ev, fields, base, rule, rule ? seriesZone(ev, ctx.roomZone) : undefined);
}

/** An occurrence left on the calendar as cancelled: its booking follows the master's instances again. */
async function cancelledOccurrence(integration: Integration, masterId: string, base: Base): Promise<string> {
  const masterLink = await findLink(integration.id, base.mailbox, masterId);
  if (!masterLink) return "nothing";
  const db = await getDb();
  const [b] = await db.select({ groupId: bookings.recurrenceGroupId }).from(bookings).where(eq(bookings.id, masterLink.bookingId));
  const master = b?.groupId ? await fetchEvent(integration, base.mailbox, masterId) : null;
  if (!b?.groupId || !master) return "nothing";
  if (master.isCancelled) return removed(integration, masterLink, { ...base, eventId: masterId });
  return (await applySeriesOccurrences(integration, base.mailbox, master, b.groupId)) ? "cancelled" : "unchanged";
}

type Base = { integrationId: string; direction: "inbound"; mailbox: string; eventId: string };

async function created(
  integration: Integration, roomId: string, ev: GraphEvent, f: InboundFields, base: Base, rule: RecurrenceRule | null, ruleZone: string | undefined,
): Promise<string> {
  const db = await getDb();
  const [customer] = f.organizerEmail
    ? await db.select({ id: customers.id }).from(customers).where(sql`lower(${customers.email}) = lower(${f.organizerEmail})`)
    : [];
  const statusId = (customer && integration.inboundStatusWithCustomerId) || integration.inboundStatusId;
  if (!statusId) {
    await logSync({ ...base, action: "create", outcome: "skipped", message: "No inbound status is configured: set one on the inbound screen." });
    return "no-status";
  }
  let bookingId: string;
  try {
    const id = await db.transaction(async (tx) => {
      // Notification jobs, delta and reconcile may meet on one event: serialise on it, then re-check.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${eventJobLockKey(integration.id, base.mailbox, ev.id)}))`);
      const [existing] = await tx.select({ id: eventLinks.id }).from(eventLinks)
        .where(and(eq(eventLinks.integrationId, integration.id), sql`lower(${eventLinks.mailbox}) = lower(${base.mailbox})`, eq(eventLinks.eventId, ev.id)));
      if (existing) return null;
      const r = await createBooking(
        {
          roomId, title: f.title, statusId, customerId: customer?.id ?? null, organizerEmail: f.organizerEmail, attendeeCount: f.attendeeCount,
          startAt: f.startAt, endAt: f.endAt, flags: shapeFlags(f), recurrence: rule, recurrenceTimeZone: ruleZone,
          customFields: { [integration.bookingIdField]: ev.id, ...(f.teamsLink ? { [integration.teamsLinkField]: f.teamsLink } : {}) },
        },
        { actor: "system:sync", source: "outlook", db: tx },
      );
      const b = r.bookings[0]!;
      await tx.insert(eventLinks).values({
        integrationId: integration.id, bookingId: b.id, mailbox: base.mailbox, eventId: ev.id, iCalUId: ev.iCalUId ?? null,
        seriesMasterId: ev.seriesMasterId ?? null, seenChangeKey: ev.changeKey ?? null,
      });
      await logSync({ ...base, bookingId: b.id, action: "create", outcome: "ok", message: f.title }, tx);
      return { id: b.id, groupId: r.group?.id ?? null };
    });
    if (!id) return "duplicate";
    bookingId = id.id;
    if (id.groupId) await applySeriesOccurrences(integration, base.mailbox, ev, id.groupId);
  } catch (e) {
    if (!isBookingError(e)) throw e;
    await logSync({ ...base, action: "create", outcome: "rejected", message: e.message });
    // The decline's comment is what the organizer reads in Outlook: the same words as the log.
    await answerAsRoom(integration, base.mailbox, ev, "decline", e.message);
    return "declined";
  }
  const [b] = await db.select({ statusId: bookings.statusId }).from(bookings).where(eq(bookings.id, bookingId));
  const answer = b && (await wantedAnswer(b.statusId));
  if (answer) await answerAsRoom(integration, base.mailbox, ev, answer);
  return "created";
}

async function wantedAnswer(statusId: string): Promise<MeetingResponse | null> {
  const db = await getDb();
  const [st] = await db.select().from(bookingStatuses).where(eq(bookingStatuses.id, statusId));
  return answerForStatus(st);
}

/** The room's answer a booking in this status calls for: tentative while awaiting approval. */
export function answerForStatus(st: BookingStatus | undefined): MeetingResponse | null {
  if (!st || st.isCancelled || st.isRejected) return null; // the outbound job answers for those
  return st.needsApproval ? "tentativelyAccept" : "accept";
}

/** Whether an Outlook event still shows what is booked: nothing for Roomlink to apply. */
export function sameAsBooked(integration: Integration, b: Pick<Booking, "startAt" | "endAt" | "title" | "attendeeCount" | "customFields" | "flags">, f: InboundFields): boolean {
  const teams = f.teamsLink ?? undefined;
  const flags = withShapeFlags(b.flags, f);
  return b.startAt.getTime() === f.startAt.getTime() && b.endAt.getTime() === f.endAt.getTime() && b.title === f.title
    && b.attendeeCount === f.attendeeCount && (teams === undefined || b.customFields[integration.teamsLinkField] === teams)
    && flags.length === b.flags.length && flags.every((x) => b.flags.includes(x));
}

/** After a change was applied (or Outlook came back to what is booked): answer again if a refusal left the room tentative. */
async function answerAgain(integration: Integration, mailbox: string, ev: GraphEvent, statusId: string | undefined): Promise<void> {
  const answer = statusId ? await wantedAnswer(statusId) : null;
  if (answer) await answerAsRoom(integration, mailbox, ev, answer);
}

/**
 * An Outlook change Roomlink did not apply: the room answers tentative, with why and what stays
 * booked, so the organizer sees the room is not confirmed for the new time. (Declining would take
 * the room off the meeting, and so cancel the booking we keep.) Our answer gives the event a new
 * changeKey: if the event still shows what we judged, that changeKey counts as seen, so the answer's
 * echo is not judged (and answered) again; a change made meanwhile is judged as usual.
 */
async function refuseInOutlook(integration: Integration, link: EventLink, ctx: Base, ev: GraphEvent, comment: string): Promise<void> {
  if (!(await answerAsRoom(integration, ctx.mailbox, ev, "tentativelyAccept", comment))) return;
  await logSync({ ...ctx, bookingId: link.bookingId, action: "answer", outcome: "ok", message: `Tentative, with the comment: ${comment}` });
  const now = await fetchEvent(integration, ctx.mailbox, ev.id);
  if (!now?.changeKey || !sameBookingContent(now, ev)) return;
  const db = await getDb();
  await db.update(eventLinks).set({ seenChangeKey: now.changeKey, updatedAt: new Date() }).where(eq(eventLinks.id, link.id));
}

async function bookedRange(b: Booking): Promise<string> {
  const db = await getDb();
  const [room] = await db.select({ timeZone: rooms.timeZone }).from(rooms).where(eq(rooms.id, b.roomId));
  return formatRange(b.startAt, b.endAt, room?.timeZone ?? "UTC");
}

async function updated(integration: Integration, link: EventLink, ev: GraphEvent, f: InboundFields, base: Base): Promise<string> {
  const db = await getDb();
  const seen = () => db.update(eventLinks).set({ seenChangeKey: ev.changeKey ?? null, updatedAt: new Date() }).where(eq(eventLinks.id, link.id));
  const [b] = await db.select().from(bookings).where(eq(bookings.id, link.bookingId));
  if (!b) return "gone";
  if (ev.type === "seriesMaster" && b.recurrenceGroupId) return updatedSeries(integration, link, ev, f, b.recurrenceGroupId, base, seen);
  const ctx = { ...base, bookingId: b.id };
  const moved = b.startAt.getTime() !== f.startAt.getTime() || b.endAt.getTime() !== f.endAt.getTime();
  if (sameAsBooked(integration, b, f)) {
    await seen();
    await answerAgain(integration, base.mailbox, ev, b.statusId);
    return "unchanged";
  }
  const blocked = updateBlocked(integration, b.statusId);
  if (blocked) {
    await seen();
    await logSync({ ...ctx, action: "update", outcome: "skipped", message: blocked.log });
    // A new title alone needs no answer; a new time the room is not booked for does.
    if (moved) await refuseInOutlook(integration, link, base, ev, refusalComment(blocked.organizer, await bookedRange(b)));
    return "locked";
  }
  try {
    await db.transaction(async (tx) => {
      await updateBooking(
        {
          id: b.id,
          patch: {
            title: f.title, startAt: f.startAt, endAt: f.endAt, attendeeCount: f.attendeeCount, flags: withShapeFlags(b.flags, f),
            customFields: { ...b.customFields, ...(f.teamsLink ? { [integration.teamsLinkField]: f.teamsLink } : {}) },
          },
        },
        { actor: "system:sync", source: "outlook", skipValidation: integration.ignoreValidationOnUpdate, db: tx },
      );
      await tx.update(eventLinks).set({ seenChangeKey: ev.changeKey ?? null, updatedAt: new Date() }).where(eq(eventLinks.id, link.id));
      await logSync({ ...ctx, action: "update", outcome: "ok", message: f.title }, tx);
    });
  } catch (e) {
    if (!isBookingError(e)) throw e;
    await seen();
    await logSync({ ...ctx, action: "update", outcome: "rejected", message: `Change refused, original time kept: ${e.message}` });
    await refuseInOutlook(integration, link, base, ev, refusalComment(e.message, await bookedRange(b)));
    return "rejected";
  }
  await answerAgain(integration, base.mailbox, ev, b.statusId);
  return "updated";
}

/** A series master changed: the series-level edit first, then its occurrences (cancelled / moved ones). */
async function updatedSeries(
  integration: Integration, link: EventLink, ev: GraphEvent, f: InboundFields, groupId: string, base: Base, seen: () => Promise<unknown>,
): Promise<string> {
  // Time, length, subject first (the occurrences move as one), then a new pattern's new dates.
  const edit = await applySeriesEdit(integration, base.mailbox, ev, f, groupId);
  const pattern = edit.kind === "refused" ? edit : await applySeriesPattern(integration, base.mailbox, ev, groupId);
  if (pattern.kind === "refused") {
    // Every occurrence stays where it was: matching Outlook's moved or dropped instances would cancel them.
    await seen();
    await refuseInOutlook(integration, link, base, ev, refusalComment(pattern.reason, "at the series' original times"));
    return pattern.outcome === "skipped" ? "locked" : "rejected";
  }
  const changed = await applySeriesOccurrences(integration, base.mailbox, ev, groupId);
  await seen();
  await answerAgain(integration, base.mailbox, ev, (await openOccurrences(groupId))[0]?.statusId);
  return edit.kind === "changed" || pattern.kind === "changed" || changed ? "updated" : "unchanged";
}

async function removed(integration: Integration, link: EventLink | undefined, base: Base): Promise<string> {
  if (!link) return "nothing";
  if (await rewriteChangedSeries(integration, link)) return "rewritten";
  const db = await getDb();
  const [b] = await db.select().from(bookings).where(eq(bookings.id, link.bookingId));
  if (!b) return "gone";
  const ctx = { ...base, bookingId: b.id };
  // An Outlook series is linked through its master: gone, the series goes. An occurrence of a series
  // Roomlink wrote is linked on its own: gone, only its booking goes.
  if (b.recurrenceGroupId && !link.seriesMasterId) {
    const { cancelled, kept } = await cancelSeries(integration, b.recurrenceGroupId);
    if (kept) {
      await logSync({ ...ctx, action: "cancel", outcome: cancelled ? "ok" : "skipped", message: `${cancelled} occurrence(s) cancelled, ${kept} kept: ${DELETE_LOCKED}` });
      return cancelled ? "cancelled" : "locked";
    }
    await db.delete(eventLinks).where(eq(eventLinks.id, link.id));
    await logSync({ ...ctx, action: "cancel", outcome: "ok", message: `${cancelled} occurrence(s) cancelled` });
    return "cancelled";
  }
  if (deleteLocked(integration, b.statusId)) {
    await logSync({ ...ctx, action: "cancel", outcome: "skipped", message: DELETE_LOCKED });
    return "locked";
  }
  await db.transaction(async (tx) => {
    const [st] = await tx.select().from(bookingStatuses).where(eq(bookingStatuses.id, b.statusId));
    // A rejected request leaves the meeting because we declined it: keep it rejected.
    if (!st?.isCancelled && !st?.isRejected) {
      await cancelBooking({ id: b.id, scope: "single" }, { actor: "system:sync", source: "outlook", db: tx });
    }
    await tx.delete(eventLinks).where(eq(eventLinks.id, link.id));
    await logSync({ ...ctx, action: "cancel", outcome: "ok" }, tx);
  });
  return "cancelled";
}
