// Inbound update: a linked event changed in Outlook → its booking (or series) changed, or the change
// refused with the room answering tentative and why.
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, eventLinks, rooms, type Booking, type EventLink, type Integration } from "@/db/schema";
import { isBookingError, updateBooking } from "@/lib/bookings/service";
import { formatRange } from "@/lib/bookings/time";
import { sameBookingContent, withShapeFlags, type GraphEvent, type InboundFields } from "./event-to-booking";
import { answerAsRoom } from "@/lib/sync/respond";
import { applySeriesOccurrences, openOccurrences } from "@/lib/sync/inbound/series/occurrences";
import { applySeriesEdit } from "@/lib/sync/inbound/series/edit";
import { applySeriesPattern } from "@/lib/sync/inbound/series/pattern";
import { logSync, refusalOf } from "@/lib/sync/sync-log";
import { refusalComment, updateBlocked } from "./update-rules";
import { wantedAnswer } from "./create";
import { fetchEvent, type InboundBase as Base } from "./lookup";
import { ignored, refused, type InboundOutcome } from "./outcome";

/** Whether an Outlook event still shows what is booked: nothing for Roomlink to apply. */
export function sameAsBooked(
  integration: Integration,
  b: Pick<Booking, "startAt" | "endAt" | "title" | "attendeeCount" | "customFields" | "flags">,
  f: InboundFields,
): boolean {
  const teams = f.teamsLink ?? undefined;
  const flags = withShapeFlags(b.flags, f);
  return (
    b.startAt.getTime() === f.startAt.getTime() &&
    b.endAt.getTime() === f.endAt.getTime() &&
    b.title === f.title &&
    b.attendeeCount === f.attendeeCount &&
    (teams === undefined || b.customFields[integration.teamsLinkField] === teams) &&
    flags.length === b.flags.length &&
    flags.every((x) => b.flags.includes(x))
  );
}

/** After a change was applied (or Outlook came back to what is booked): answer again if a refusal left the room tentative. */
async function answerAgain(
  integration: Integration,
  mailbox: string,
  ev: GraphEvent,
  statusId: string | undefined,
): Promise<void> {
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
async function refuseInOutlook(
  integration: Integration,
  link: EventLink,
  ctx: Base,
  ev: GraphEvent,
  comment: string,
): Promise<void> {
  if (!(await answerAsRoom(integration, ctx.mailbox, ev, "tentativelyAccept", comment))) return;
  await logSync({
    ...ctx,
    bookingId: link.bookingId,
    action: "answer",
    outcome: "ok",
    code: "tentative",
    params: { comment },
  });
  const now = await fetchEvent(integration, ctx.mailbox, ev.id);
  if (!now?.changeKey || !sameBookingContent(now, ev)) return;
  const db = await getDb();
  await db
    .update(eventLinks)
    .set({ seenChangeKey: now.changeKey, updatedAt: new Date() })
    .where(eq(eventLinks.id, link.id));
}

async function bookedRange(b: Booking): Promise<string> {
  const db = await getDb();
  const [room] = await db.select({ timeZone: rooms.timeZone }).from(rooms).where(eq(rooms.id, b.roomId));
  return formatRange(b.startAt, b.endAt, room?.timeZone ?? "UTC");
}

export async function updated(
  integration: Integration,
  link: EventLink,
  ev: GraphEvent,
  f: InboundFields,
  base: Base,
): Promise<InboundOutcome> {
  const db = await getDb();
  const seen = () =>
    db
      .update(eventLinks)
      .set({ seenChangeKey: ev.changeKey ?? null, updatedAt: new Date() })
      .where(eq(eventLinks.id, link.id));
  const [b] = await db.select().from(bookings).where(eq(bookings.id, link.bookingId));
  if (!b) return ignored("gone");
  if (ev.type === "seriesMaster" && b.recurrenceGroupId)
    return updatedSeries(integration, link, ev, f, b.recurrenceGroupId, base, seen);
  const ctx = { ...base, bookingId: b.id };
  const moved = b.startAt.getTime() !== f.startAt.getTime() || b.endAt.getTime() !== f.endAt.getTime();
  if (sameAsBooked(integration, b, f)) {
    await seen();
    await answerAgain(integration, base.mailbox, ev, b.statusId);
    return { kind: "unchanged" };
  }
  const blocked = updateBlocked(integration, b.statusId);
  if (blocked) {
    await seen();
    await logSync({ ...ctx, action: "update", outcome: "skipped", code: blocked.log });
    // A new title alone needs no answer; a new time the room is not booked for does.
    if (moved)
      await refuseInOutlook(integration, link, base, ev, refusalComment(blocked.organizer, await bookedRange(b)));
    return refused("locked");
  }
  try {
    await db.transaction(async (tx) => {
      await updateBooking(
        {
          id: b.id,
          patch: {
            title: f.title,
            startAt: f.startAt,
            endAt: f.endAt,
            attendeeCount: f.attendeeCount,
            flags: withShapeFlags(b.flags, f),
            customFields: { ...b.customFields, ...(f.teamsLink ? { [integration.teamsLinkField]: f.teamsLink } : {}) },
          },
        },
        { actor: "system:sync", source: "outlook", skipValidation: integration.ignoreValidationOnUpdate, db: tx },
      );
      await tx
        .update(eventLinks)
        .set({ seenChangeKey: ev.changeKey ?? null, updatedAt: new Date() })
        .where(eq(eventLinks.id, link.id));
      await logSync({ ...ctx, action: "update", outcome: "ok", message: f.title }, tx);
    });
  } catch (e) {
    if (!isBookingError(e)) throw e;
    await seen();
    await logSync({
      ...ctx,
      action: "update",
      outcome: "rejected",
      code: "refused_time_kept",
      params: { reason: refusalOf(e) },
    });
    await refuseInOutlook(integration, link, base, ev, refusalComment(e.message, await bookedRange(b)));
    return refused("rejected");
  }
  await answerAgain(integration, base.mailbox, ev, b.statusId);
  return { kind: "updated", bookingId: b.id };
}

/** A series master changed: the series-level edit first, then its occurrences (cancelled / moved ones). */
async function updatedSeries(
  integration: Integration,
  link: EventLink,
  ev: GraphEvent,
  f: InboundFields,
  groupId: string,
  base: Base,
  seen: () => Promise<unknown>,
): Promise<InboundOutcome> {
  // Time, length, subject first (the occurrences move as one), then a new pattern's new dates.
  const edit = await applySeriesEdit(integration, base.mailbox, ev, f, groupId);
  const pattern = edit.kind === "refused" ? edit : await applySeriesPattern(integration, base.mailbox, ev, groupId);
  if (pattern.kind === "refused") {
    // Every occurrence stays where it was: matching Outlook's moved or dropped instances would cancel them.
    await seen();
    await refuseInOutlook(integration, link, base, ev, refusalComment(pattern.reason, "at the series' original times"));
    return refused(pattern.outcome === "skipped" ? "locked" : "rejected");
  }
  const changed = await applySeriesOccurrences(integration, base.mailbox, ev, groupId);
  await seen();
  await answerAgain(integration, base.mailbox, ev, (await openOccurrences(groupId))[0]?.statusId);
  return edit.kind === "changed" || pattern.kind === "changed" || changed
    ? { kind: "updated", bookingId: link.bookingId }
    : { kind: "unchanged" };
}
