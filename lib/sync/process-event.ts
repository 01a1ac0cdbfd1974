// Inbound: one Outlook event in one mailbox → create / update / cancel its booking. Always reads the
// event's current state, so duplicate and reordered notifications converge; our own writes are echoes.
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, bookingStatuses, customers, eventLinks, integrationRooms, type EventLink, type Integration, type RecurrenceRule } from "@/db/schema";
import { cancelBooking, createBooking, isBookingError, updateBooking } from "@/lib/bookings/service";
import { getIntegration } from "@/lib/integrations";
import { BOOKING_PROP_EXPAND, ourBookingId } from "./booking-to-event";
import { EVENT_SELECT, eventToFields, type GraphEvent, type InboundFields } from "./event-to-booking";
import { callGraph, isNotFound } from "./graph-access";
import { respondToMeeting } from "./respond";
import { applySeriesOccurrences, recurrenceToRule } from "./series";
import { DELETING, eventPath } from "./paths";
import { logSync } from "./sync-log";

const eventJobLockKey = (integrationId: string, mailbox: string, eventId: string) => `event|${integrationId}|${mailbox.toLowerCase()}|${eventId}`;

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
  const roomId = await roomForMailbox(integration, job.mailbox);
  if (!roomId) {
    await logSync({ ...base, action: "event", outcome: "skipped", message: `No Roomlink room is mapped to ${job.mailbox}.` });
    return "unmapped";
  }
  const link = await findLink(integration.id, job.mailbox, job.eventId);
  // Delta items carry no extended properties: an unknown event is re-read to see if it is ours.
  const ev = prefetched !== undefined && (link || prefetched === null) ? prefetched : await fetchEvent(integration, job.mailbox, job.eventId);
  if (!ev && link?.writtenChangeKey === DELETING) return "echo";
  if (!ev || ev.isCancelled) return removed(integration, link, base);
  if (!link && ourBookingId(ev)) return "ours"; // written by the outbound job, which links it itself
  if (link && ev.changeKey && ev.changeKey === link.writtenChangeKey) {
    await logSync({ ...base, bookingId: link.bookingId, action: "event", outcome: "skipped", message: "Our own change (echo)." });
    return "echo";
  }
  if (link && ev.changeKey && ev.changeKey === link.seenChangeKey) return "duplicate";
  // Occurrences and exceptions are applied through their master (Graph notifies the master).
  if (ev.type === "occurrence" || ev.type === "exception") return "recurring";
  let rule: RecurrenceRule | null = null;
  if (ev.type === "seriesMaster") {
    rule = ev.recurrence ? recurrenceToRule(ev.recurrence) : null;
    if (!rule) {
      await logSync({ ...base, action: "event", outcome: "skipped", message: "This recurrence pattern (yearly) cannot be booked in Roomlink." });
      return "recurring";
    }
  }
  const fields = eventToFields(ev);
  return link ? updated(integration, link, ev, fields, base) : created(integration, roomId, ev, fields, base, rule);
}

type Base = { integrationId: string; direction: "inbound"; mailbox: string; eventId: string };

async function created(integration: Integration, roomId: string, ev: GraphEvent, f: InboundFields, base: Base, rule: RecurrenceRule | null): Promise<string> {
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
          startAt: f.startAt, endAt: f.endAt, flags: f.subjectReplaced ? ["subject_replaced"] : [], recurrence: rule,
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
    if (integration.mode === "application") await respondToMeeting(integration, base.mailbox, ev.id, "decline", e.message);
    return "declined";
  }
  if (integration.mode === "application") {
    const [row] = await db.select({ needsApproval: bookingStatuses.needsApproval }).from(bookings)
      .innerJoin(bookingStatuses, eq(bookings.statusId, bookingStatuses.id)).where(eq(bookings.id, bookingId));
    await respondToMeeting(integration, base.mailbox, ev.id, row?.needsApproval ? "tentativelyAccept" : "accept");
  }
  return "created";
}

async function updated(integration: Integration, link: EventLink, ev: GraphEvent, f: InboundFields, base: Base): Promise<string> {
  const db = await getDb();
  const seen = () => db.update(eventLinks).set({ seenChangeKey: ev.changeKey ?? null, updatedAt: new Date() }).where(eq(eventLinks.id, link.id));
  const [b] = await db.select().from(bookings).where(eq(bookings.id, link.bookingId));
  if (!b) return "gone";
  if (ev.type === "seriesMaster" && b.recurrenceGroupId) {
    const changed = await applySeriesOccurrences(integration, base.mailbox, ev, b.recurrenceGroupId);
    await seen();
    return changed ? "updated" : "unchanged";
  }
  const teams = f.teamsLink ?? undefined;
  const same = b.title === f.title && b.startAt.getTime() === f.startAt.getTime() && b.endAt.getTime() === f.endAt.getTime()
    && b.attendeeCount === f.attendeeCount && (teams === undefined || b.customFields[integration.teamsLinkField] === teams);
  if (same) {
    await seen();
    return "unchanged";
  }
  const ctx = { ...base, bookingId: b.id };
  if (!integration.allowBookingUpdate || integration.lockUpdateStatusIds.includes(b.statusId)) {
    await seen();
    await logSync({ ...ctx, action: "update", outcome: "skipped", message: integration.allowBookingUpdate ? "The booking's status locks it against updates from Outlook." : "Updates from Outlook are switched off." });
    return "locked";
  }
  try {
    await db.transaction(async (tx) => {
      await updateBooking(
        {
          id: b.id,
          patch: {
            title: f.title, startAt: f.startAt, endAt: f.endAt, attendeeCount: f.attendeeCount,
            customFields: { ...b.customFields, ...(teams ? { [integration.teamsLinkField]: teams } : {}) },
          },
        },
        { actor: "system:sync", source: "outlook", skipValidation: integration.ignoreValidationOnUpdate, db: tx },
      );
      await tx.update(eventLinks).set({ seenChangeKey: ev.changeKey ?? null, updatedAt: new Date() }).where(eq(eventLinks.id, link.id));
      await logSync({ ...ctx, action: "update", outcome: "ok", message: f.title }, tx);
    });
  } catch (e) {
    if (!isBookingError(e)) throw e;
    // The original time is kept. Declining would take the room off the meeting (and so cancel it).
    await seen();
    await logSync({ ...ctx, action: "update", outcome: "rejected", message: `Change refused, original time kept: ${e.message}` });
    return "rejected";
  }
  return "updated";
}

async function removed(integration: Integration, link: EventLink | undefined, base: Base): Promise<string> {
  if (!link) return "nothing";
  const db = await getDb();
  const [b] = await db.select().from(bookings).where(eq(bookings.id, link.bookingId));
  if (!b) return "gone";
  const ctx = { ...base, bookingId: b.id };
  if (integration.lockDeleteStatusIds.includes(b.statusId)) {
    await logSync({ ...ctx, action: "cancel", outcome: "skipped", message: "The booking's status locks it against cancellation from Outlook." });
    return "locked";
  }
  await db.transaction(async (tx) => {
    const [st] = await tx.select().from(bookingStatuses).where(eq(bookingStatuses.id, b.statusId));
    // A rejected request leaves the meeting because we declined it: keep it rejected.
    if (!st?.isCancelled && !st?.isRejected) {
      await cancelBooking({ id: b.id, scope: b.recurrenceGroupId ? "all" : "single" }, { actor: "system:sync", source: "outlook", db: tx });
    }
    await tx.delete(eventLinks).where(eq(eventLinks.id, link.id));
    await logSync({ ...ctx, action: "cancel", outcome: "ok" }, tx);
  });
  return "cancelled";
}
