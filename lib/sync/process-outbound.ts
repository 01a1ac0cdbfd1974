// Outbound: one booking → its Outlook event(s) per integration that maps the room. Roomlink-made
// bookings are created / updated / deleted in the room calendar; Outlook-made ones get the room's answer.
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  bookings, bookingStatuses, customers, eventLinks, integrationRooms, integrations, rooms, templates,
  type Booking, type BookingStatus, type EventLink, type Integration,
} from "@/db/schema";
import { setBookingCustomFields } from "@/lib/bookings/service";
import { bookingToEvent } from "./booking-to-event";
import { callGraph, isNotFound } from "./graph-access";
import { DELETING, eventPath } from "./paths";
import { respondToMeeting } from "./respond";
import { logSync } from "./sync-log";


type GraphWritten = { id: string; changeKey?: string; iCalUId?: string; onlineMeeting?: { joinUrl?: string } | null };

export async function processOutbound(bookingId: string): Promise<void> {
  const db = await getDb();
  const [b] = await db.select().from(bookings).where(eq(bookings.id, bookingId));
  if (!b) return;
  const [status] = await db.select().from(bookingStatuses).where(eq(bookingStatuses.id, b.statusId));
  const targets = await db
    .select({ integration: integrations, mailbox: integrationRooms.mailboxUpn })
    .from(integrationRooms)
    .innerJoin(integrations, eq(integrations.id, integrationRooms.integrationId))
    .where(and(eq(integrationRooms.roomId, b.roomId), eq(integrations.mode, "application"), inArray(integrations.state, ["active", "needs_attention"])));
  const links = await db.select().from(eventLinks).where(eq(eventLinks.bookingId, b.id));
  for (const { integration, mailbox } of targets) {
    const link = links.find((l) => l.integrationId === integration.id);
    if (b.source === "outlook" && link) await answerForRoom(integration, b, status!, link);
    else await mirror(integration, mailbox, b, status!, link);
  }
}

/** Approval decided in Roomlink for a meeting booked in Outlook: accept, or decline when rejected. */
async function answerForRoom(integration: Integration, b: Booking, status: BookingStatus, link: EventLink): Promise<void> {
  const response = status.isRejected || status.isCancelled ? "decline" : status.needsApproval ? "tentativelyAccept" : "accept";
  const comment = status.isRejected ? "The booking request was not approved." : status.isCancelled ? "The booking was cancelled." : undefined;
  // A declined copy leaves the room calendar: its delete notification is our echo.
  if (response === "decline") await (await getDb()).update(eventLinks).set({ writtenChangeKey: DELETING }).where(eq(eventLinks.id, link.id));
  try {
    await respondToMeeting(integration, link.mailbox, link.eventId, response, comment);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  await logSync({ integrationId: integration.id, direction: "outbound", action: response, outcome: "ok", bookingId: b.id, eventId: link.eventId, mailbox: link.mailbox });
}

async function mirror(integration: Integration, mailbox: string, b: Booking, status: BookingStatus, link: EventLink | undefined): Promise<void> {
  const db = await getDb();
  const base = { integrationId: integration.id, direction: "outbound" as const, bookingId: b.id, mailbox };
  const remove = status.isCancelled || status.isRejected || integration.deleteOnStatusIds.includes(status.id);
  if (remove) {
    if (!link) return;
    await db.update(eventLinks).set({ writtenChangeKey: DELETING }).where(eq(eventLinks.id, link.id));
    try {
      await callGraph(integration, mailbox, (c) => c.api(eventPath(mailbox, link.eventId)).delete());
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    await db.delete(eventLinks).where(eq(eventLinks.id, link.id));
    await logSync({ ...base, eventId: link.eventId, action: "delete", outcome: "ok" });
    return;
  }
  if (!link && !integration.createOnStatusIds.includes(status.id)) return;
  const [room] = await db.select().from(rooms).where(eq(rooms.id, b.roomId));
  const [template] = integration.templateId ? await db.select().from(templates).where(eq(templates.id, integration.templateId)) : [];
  const [customer] = b.customerId ? await db.select().from(customers).where(eq(customers.id, b.customerId)) : [];
  const body = bookingToEvent(integration, b, room!, template ?? null, customer ?? null, { create: !link });
  if (link) {
    const ev = await callGraph(integration, mailbox, (c) => c.api(eventPath(mailbox, link.eventId)).patch(body) as Promise<GraphWritten>);
    await db.update(eventLinks).set({ writtenChangeKey: ev.changeKey ?? null, seenChangeKey: ev.changeKey ?? null, updatedAt: new Date() })
      .where(eq(eventLinks.id, link.id));
    await logSync({ ...base, eventId: link.eventId, action: "update", outcome: "ok" });
    return;
  }
  const ev = await callGraph(integration, mailbox, (c) => c.api(eventPath(mailbox)).post(body) as Promise<GraphWritten>);
  await db.transaction(async (tx) => {
    await tx.insert(eventLinks).values({
      integrationId: integration.id, bookingId: b.id, mailbox, eventId: ev.id, iCalUId: ev.iCalUId ?? null,
      writtenChangeKey: ev.changeKey ?? null, seenChangeKey: ev.changeKey ?? null,
    }).onConflictDoNothing();
    const fields: Record<string, string> = { [integration.bookingIdField]: ev.id };
    if (ev.onlineMeeting?.joinUrl) fields[integration.teamsLinkField] = ev.onlineMeeting.joinUrl;
    await setBookingCustomFields(b.id, fields, { db: tx, actor: "system:sync" });
  });
  await logSync({ ...base, eventId: ev.id, action: "create", outcome: "ok" });
}
