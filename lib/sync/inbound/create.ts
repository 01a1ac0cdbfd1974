// Inbound create: an Outlook event not linked yet becomes a booking (a series master: a booking group),
// and the room answers for it.
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  bookingStatuses,
  customers,
  eventLinks,
  type BookingStatus,
  type Integration,
  type RecurrenceRule,
} from "@/db/schema";
import { createBooking, isBookingError } from "@/lib/bookings/service";
import { shapeFlags, type GraphEvent, type InboundFields } from "./event-to-booking";
import { answerAsRoom, type MeetingResponse } from "@/lib/sync/respond";
import { applySeriesOccurrences } from "@/lib/sync/inbound/series/occurrences";
import { logSync, refusalOf } from "@/lib/sync/sync-log";
import { eventJobLockKey, type InboundBase as Base } from "./lookup";
import { ignored, refused, type InboundOutcome } from "./outcome";
import { sameAddress, sameMailbox } from "@/lib/sync/mailbox";

export async function created(
  integration: Integration,
  roomId: string,
  ev: GraphEvent,
  f: InboundFields,
  base: Base,
  rule: RecurrenceRule | null,
  ruleZone: string | undefined,
): Promise<InboundOutcome> {
  const db = await getDb();
  const [customer] = f.organizerEmail
    ? await db.select({ id: customers.id }).from(customers).where(sameAddress(customers.email, f.organizerEmail))
    : [];
  const statusId = (customer && integration.inboundStatusWithCustomerId) || integration.inboundStatusId;
  if (!statusId) {
    await logSync({
      ...base,
      action: "create",
      outcome: "skipped",
      code: "no_inbound_status",
    });
    return ignored("no-status");
  }
  let bookingId: string;
  let statusIdNow: string;
  try {
    const id = await db.transaction(async (tx) => {
      // Notification jobs, delta and reconcile may meet on one event: serialise on it, then re-check.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${eventJobLockKey(integration.id, base.mailbox, ev.id)}))`,
      );
      const [existing] = await tx
        .select({ id: eventLinks.id })
        .from(eventLinks)
        .where(
          and(
            eq(eventLinks.integrationId, integration.id),
            sameMailbox(eventLinks.mailbox, base.mailbox),
            eq(eventLinks.eventId, ev.id),
          ),
        );
      if (existing) return null;
      const r = await createBooking(
        {
          roomId,
          title: f.title,
          statusId,
          customerId: customer?.id ?? null,
          organizerEmail: f.organizerEmail,
          attendeeCount: f.attendeeCount,
          startAt: f.startAt,
          endAt: f.endAt,
          flags: shapeFlags(f),
          recurrence: rule,
          recurrenceTimeZone: ruleZone,
          customFields: {
            [integration.bookingIdField]: ev.id,
            ...(f.teamsLink ? { [integration.teamsLinkField]: f.teamsLink } : {}),
          },
        },
        { actor: "system:sync", source: "outlook", db: tx },
      );
      const b = r.bookings[0]!;
      await tx.insert(eventLinks).values({
        integrationId: integration.id,
        bookingId: b.id,
        mailbox: base.mailbox,
        eventId: ev.id,
        iCalUId: ev.iCalUId ?? null,
        seriesMasterId: ev.seriesMasterId ?? null,
        seenChangeKey: ev.changeKey ?? null,
      });
      await logSync({ ...base, bookingId: b.id, action: "create", outcome: "ok", message: f.title }, tx);
      return { id: b.id, groupId: r.group?.id ?? null, statusId: b.statusId };
    });
    if (!id) return ignored("duplicate");
    bookingId = id.id;
    statusIdNow = id.statusId;
    if (id.groupId) await applySeriesOccurrences(integration, base.mailbox, ev, id.groupId);
  } catch (e) {
    if (!isBookingError(e)) throw e;
    await logSync({
      ...base,
      action: "create",
      outcome: "rejected",
      code: "refused",
      params: { reason: refusalOf(e) },
    });
    // The decline's comment is what the organizer reads in Outlook: the same words as the log.
    await answerAsRoom(integration, base.mailbox, ev, "decline", e.message);
    return refused("declined");
  }
  const answer = await wantedAnswer(statusIdNow);
  if (answer) await answerAsRoom(integration, base.mailbox, ev, answer);
  return { kind: "created", bookingId };
}

export async function wantedAnswer(statusId: string): Promise<MeetingResponse | null> {
  const db = await getDb();
  const [st] = await db.select().from(bookingStatuses).where(eq(bookingStatuses.id, statusId));
  return answerForStatus(st);
}

/** The room's answer a booking in this status calls for: tentative while awaiting approval. */
export function answerForStatus(st: BookingStatus | undefined): MeetingResponse | null {
  if (!st || st.isCancelled || st.isRejected) return null; // the outbound job answers for those
  return st.needsApproval ? "tentativelyAccept" : "accept";
}
