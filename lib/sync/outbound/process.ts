// lib/sync/outbound/ — Roomlink → Outlook: the outbox (outbox.ts), which calendars a booking goes to
// (targets.ts), one booking → its event (process.ts, booking-to-event.ts) and the booking page's
// Outlook status (status.ts). Recurring groups as one series master live in outbound/series/.
// Outbound: one booking → its Outlook event in one integration's calendar (application: the room
// mailbox; delegated: the service account's, inviting the room). Outlook-made bookings get the room's answer.
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  bookings,
  bookingStatuses,
  customers,
  eventLinks,
  integrations,
  rooms,
  templates,
  type Booking,
  type BookingStatus,
  type EventLink,
  type Integration,
} from "@/db/schema";
import { setBookingCustomFields } from "@/lib/bookings/service";
import { bookingToEvent } from "./booking-to-event";
import { GraphRequestError } from "@/lib/graph";
import { callGraph, isNotFound } from "@/lib/sync/graph-access";
import { placementFor, roomMappings, writesOutbound, type Placement } from "./targets";
import { enqueueOutbound } from "./outbox";
import { DELETING, eventPath } from "@/lib/sync/paths";
import { writeSeriesContent } from "@/lib/sync/outbound/series/content";
import { moveSeries } from "@/lib/sync/outbound/series/move";
import { removeFromSeries } from "@/lib/sync/outbound/series/remove";
import { writeInSeries } from "@/lib/sync/outbound/series/write";
import { checkRoomAnswer, type GraphWritten, type OutboundBase } from "./room-answer";
import { needsAnswer, respondToMeeting } from "@/lib/sync/respond";
import { logSync } from "@/lib/sync/sync-log";
import type { SyncLogCode } from "@/lib/i18n/sync-log";

type Base = OutboundBase;

/** Without an integration (jobs queued per booking, e.g. by reconcile): one job per integration. */
export async function processOutbound(bookingId: string, integrationId?: string): Promise<void> {
  if (!integrationId) {
    await enqueueOutbound([bookingId]);
    return;
  }
  const db = await getDb();
  const [b] = await db.select().from(bookings).where(eq(bookings.id, bookingId));
  const [integration] = await db
    .select()
    .from(integrations)
    .where(and(eq(integrations.id, integrationId), writesOutbound()));
  if (!b || !integration) return;
  const [status] = await db.select().from(bookingStatuses).where(eq(bookingStatuses.id, b.statusId));
  let [link]: (EventLink | undefined)[] = await db
    .select()
    .from(eventLinks)
    .where(and(eq(eventLinks.bookingId, b.id), eq(eventLinks.integrationId, integration.id)));
  if (b.source === "outlook" && (link || integration.mode === "delegated" || b.recurrenceGroupId)) {
    if (link) await answerForRoom(integration, b, status!, link);
    // Delegated: a linked meeting is the service account's own. An unlinked one came through
    // another integration's calendar: the room already holds it, and inviting it again would double-book it.
    // An Outlook series is linked through its master: its other occurrences (the nightly extension's new
    // dates too) are already on the room's calendar as that series' instances.
    return;
  }
  const place = placementFor(integration, b.roomId, await roomMappings(db, [integration.id], [b.roomId]));
  if (link && (!place || link.mailbox.toLowerCase() !== place.mailbox.toLowerCase())) {
    // Moved to a room this integration writes elsewhere, or not at all: the old event goes.
    await removeEvent(integration, b, link, "moved_room");
    link = undefined;
  }
  if (place) await mirror(integration, place, b, status!, link);
}

/**
 * Approval decided in Roomlink for a meeting booked in Outlook: accept, or decline when rejected.
 * Delegated: the service account answers only an invitation, and only when its answer changes.
 */
async function answerForRoom(
  integration: Integration,
  b: Booking,
  status: BookingStatus,
  link: EventLink,
): Promise<void> {
  const response =
    status.isRejected || status.isCancelled ? "decline" : status.needsApproval ? "tentativelyAccept" : "accept";
  const comment = status.isRejected
    ? "The booking request was not approved."
    : status.isCancelled
      ? "The booking was cancelled."
      : undefined;
  if (integration.mode === "delegated") {
    type Answered = { id: string; responseStatus?: { response?: string } | null };
    let ev: Answered;
    try {
      ev = await callGraph<Answered>(integration, link.mailbox, (c) =>
        c.api(eventPath(link.mailbox, link.eventId)).select("id,responseStatus").get(),
      );
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (!needsAnswer(integration, ev, response)) return;
  }
  // A declined copy leaves the room calendar: its delete notification is our echo.
  if (response === "decline")
    await (await getDb()).update(eventLinks).set({ writtenChangeKey: DELETING }).where(eq(eventLinks.id, link.id));
  try {
    await respondToMeeting(integration, link.mailbox, link.eventId, response, comment);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  await logSync({
    integrationId: integration.id,
    direction: "outbound",
    action: response,
    outcome: "ok",
    bookingId: b.id,
    eventId: link.eventId,
    mailbox: link.mailbox,
  });
}

/** Delete our event (its delete notification is our echo) and forget the link; the last shown occurrence of a series takes its master along. */
async function removeEvent(integration: Integration, b: Booking, link: EventLink, code?: SyncLogCode): Promise<void> {
  if (await removeFromSeries(integration, link)) return;
  const db = await getDb();
  await db.update(eventLinks).set({ writtenChangeKey: DELETING }).where(eq(eventLinks.id, link.id));
  try {
    await callGraph(integration, link.mailbox, (c) => c.api(eventPath(link.mailbox, link.eventId)).delete());
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  await db.delete(eventLinks).where(eq(eventLinks.id, link.id));
  await logSync({
    integrationId: integration.id,
    direction: "outbound",
    bookingId: b.id,
    mailbox: link.mailbox,
    eventId: link.eventId,
    action: "delete",
    outcome: "ok",
    code,
  });
}

async function mirror(
  integration: Integration,
  place: Placement,
  b: Booking,
  status: BookingStatus,
  link: EventLink | undefined,
  opts: { single?: boolean } = {},
): Promise<void> {
  const db = await getDb();
  const { mailbox } = place;
  const base: Base = { integrationId: integration.id, direction: "outbound", bookingId: b.id, mailbox };
  if (status.isCancelled || status.isRejected || integration.deleteOnStatusIds.includes(status.id)) {
    if (link) await removeEvent(integration, b, link);
    return;
  }
  if (!link && !integration.createOnStatusIds.includes(status.id)) return;
  if (!link && !opts.single && (await writeInSeries(integration, place, b))) return;
  const [room] = await db.select().from(rooms).where(eq(rooms.id, b.roomId));
  const [template] = integration.templateId
    ? await db.select().from(templates).where(eq(templates.id, integration.templateId))
    : [];
  const [customer] = b.customerId ? await db.select().from(customers).where(eq(customers.id, b.customerId)) : [];
  const inRoomCalendar = place.roomAddress === undefined;
  const body = bookingToEvent(integration, b, room!, template ?? null, customer ?? null, {
    status,
    create: !link,
    room: inRoomCalendar ? undefined : { address: place.roomAddress ?? null },
  });
  if (link) {
    // A series occurrence is written with its master; a later job for the same version has nothing to do.
    if (link.seriesMasterId && link.writtenVersion === b.version) return;
    // Every slot of the series moved ("all occurrences" at another time): one write to the master's times.
    if (link.seriesMasterId && (await moveSeries(integration, place, b, link))) return;
    // The same new title (customer, body) on every occurrence: one write to the master.
    if (link.seriesMasterId && (await writeSeriesContent(integration, place, b, link))) return;
    let ev: GraphWritten;
    try {
      ev = await callGraph(
        integration,
        mailbox,
        (c) => c.api(eventPath(mailbox, link.eventId)).patch(body) as Promise<GraphWritten>,
      );
    } catch (e) {
      // Exchange keeps an occurrence between its neighbours' dates: moved further, it leaves the series as an event of its own.
      if (!(link.seriesMasterId && e instanceof GraphRequestError && e.graphCode === "ErrorOccurrenceCrossingBoundary"))
        throw e;
      await removeEvent(integration, b, link, "occurrence_left_series");
      return mirror(integration, place, b, status, undefined, { single: true });
    }
    await db
      .update(eventLinks)
      .set({
        writtenChangeKey: ev.changeKey ?? null,
        seenChangeKey: ev.changeKey ?? null,
        writtenVersion: b.version,
        updatedAt: new Date(),
      })
      .where(eq(eventLinks.id, link.id));
    await logSync({ ...base, eventId: link.eventId, action: "update", outcome: "ok" });
    await checkRoomAnswer(place, room!, ev, base);
    return;
  }
  // Graph returns the existing event for a retried POST with the same transactionId: no double write.
  const ev = await callGraph(
    integration,
    mailbox,
    (c) => c.api(eventPath(mailbox)).post(body) as Promise<GraphWritten>,
  );
  await db.transaction(async (tx) => {
    await tx
      .insert(eventLinks)
      .values({
        integrationId: integration.id,
        bookingId: b.id,
        mailbox,
        eventId: ev.id,
        iCalUId: ev.iCalUId ?? null,
        writtenChangeKey: ev.changeKey ?? null,
        seenChangeKey: ev.changeKey ?? null,
        writtenVersion: b.version,
      })
      .onConflictDoNothing();
    const fields: Record<string, string> = { [integration.bookingIdField]: ev.id };
    if (ev.onlineMeeting?.joinUrl) fields[integration.teamsLinkField] = ev.onlineMeeting.joinUrl;
    await setBookingCustomFields(b.id, fields, { db: tx, actor: "system:sync" });
  });
  await logSync({
    ...base,
    eventId: ev.id,
    action: "create",
    outcome: "ok",
    // The room named as the event's location only: its own Outlook calendar is not booked.
    ...(place.roomAddress === null && { code: "location_only", params: { room: room!.name } }),
  });
  await checkRoomAnswer(place, room!, ev, base);
}
