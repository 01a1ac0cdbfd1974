// lib/sync/inbound/ — Outlook → Roomlink: inbox rows become jobs (inbox-pump.ts), lifecycle events
// (lifecycle.ts), one event → its booking (process.ts, event-to-booking.ts, context.ts, update-rules.ts),
// delta rounds and the initial sync (delta*.ts, initial-sync.ts); the room's answer is lib/sync/respond.ts.
// Series masters live in inbound/series/.
// Inbound: one Outlook event in one mailbox → create / update / cancel its booking. Always reads the
// event's current state, so duplicate and reordered notifications converge; our own writes are echoes.
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, type Integration, type RecurrenceRule } from "@/db/schema";
import { ourBookingId } from "@/lib/sync/booking-property";
import { eventToFields, seriesZone, type GraphEvent } from "./event-to-booking";
import { inboundContext, roomAddresses } from "./context";
import { applySeriesOccurrences, recurrenceToRule, unsupportedRecurrence } from "@/lib/sync/inbound/series/occurrences";
import { rewriteIfChangedInOutlook } from "@/lib/sync/inbound/series/repair";
import { DELETING } from "@/lib/sync/paths";
import { enqueueDelta } from "./lifecycle";
import { logSync } from "@/lib/sync/sync-log";
import { created } from "./create";
import { fetchEvent, findLink, inboundLookup, type InboundBase as Base } from "./lookup";
import { removed } from "./remove";
import { updated } from "./update";
import type { EventJob } from "@/lib/sync/jobs";
import { ignored, type InboundOutcome } from "./outcome";

export type { EventJob } from "@/lib/sync/jobs";

export { eventPath } from "@/lib/sync/paths";

export async function processEvent(job: EventJob, prefetched?: GraphEvent | null): Promise<InboundOutcome> {
  const { integration, mappedRoomId, link, mappedMailboxes } = await inboundLookup(
    job.integrationId,
    job.mailbox,
    job.eventId,
  );
  const base = {
    integrationId: integration.id,
    direction: "inbound" as const,
    mailbox: job.mailbox,
    eventId: job.eventId,
  };
  // Deactivated meanwhile (late deliveries, queued work): Outlook no longer feeds Roomlink. A re-consent
  // in progress keeps its activation and its work, as outbound does.
  if (integration.state !== "active" && integration.state !== "needs_attention" && !integration.activatedAt) {
    await logSync({
      ...base,
      action: "event",
      outcome: "skipped",
      code: "integration_inactive",
    });
    return ignored("inactive");
  }
  const roomId = mappedRoomId;
  if (!roomId) {
    await logSync({
      ...base,
      action: "event",
      outcome: "skipped",
      code: "no_room_mapped",
      params: { mailbox: job.mailbox },
    });
    return ignored("unmapped");
  }
  // A delta item is trusted as it came only when it cannot mislead: gone (a re-read answered 404),
  // cancelled (never booked anew), or a linked event at a changeKey we know (our own write, or what we
  // last saw). Anything else is re-read: delta items carry no extended properties, so an unknown event
  // may be ours; and a delta round can read a linked event just before our own write to it, so its copy
  // is older than the booking and applying it would roll the booking back (bench:faults caught that).
  const known = (changeKey: string | undefined) =>
    !!link && !!changeKey && (changeKey === link.writtenChangeKey || changeKey === link.seenChangeKey);
  const trusted =
    prefetched !== undefined && (prefetched === null || prefetched.isCancelled || known(prefetched.changeKey));
  const ev = trusted ? prefetched : await fetchEvent(integration, job.mailbox, job.eventId);
  if (!ev && link?.writtenChangeKey === DELETING) return ignored("echo");
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
    if (ev.type === "seriesMaster" && !(await rewriteIfChangedInOutlook(integration, job.mailbox, ev)))
      await enqueueDelta(integration.id, job.mailbox);
    return ignored("ours");
  }
  if (link && ev.changeKey && ev.changeKey === link.writtenChangeKey) {
    await logSync({
      ...base,
      bookingId: link.bookingId,
      action: "event",
      outcome: "skipped",
      code: "echo",
    });
    return ignored("echo");
  }
  if (link && ev.changeKey && ev.changeKey === link.seenChangeKey) return ignored("duplicate");
  // Occurrences and exceptions of an Outlook series are applied through their master (Graph notifies the
  // master). An exception of a series Roomlink wrote is linked to its own booking: an edit made to it in
  // Outlook applies to that booking alone, as for a single event.
  if (ev.type === "occurrence" || (ev.type === "exception" && !link?.seriesMasterId)) return ignored("recurring");
  const ctx = await inboundContext(integration, roomId, await roomAddresses(integration, mappedMailboxes));
  let rule: RecurrenceRule | null = null;
  if (ev.type === "seriesMaster") {
    rule = ev.recurrence ? recurrenceToRule(ev.recurrence) : null;
    if (!rule) {
      await logSync({ ...base, action: "event", outcome: "skipped", ...unsupportedRecurrence(ev.recurrence) });
      return ignored("recurring");
    }
  }
  const fields = eventToFields(ev, ctx);
  return link
    ? updated(integration, link, ev, fields, base)
    : created(integration, roomId, ev, fields, base, rule, rule ? seriesZone(ev, ctx.roomZone) : undefined);
}

/** An occurrence left on the calendar as cancelled: its booking follows the master's instances again. */
async function cancelledOccurrence(integration: Integration, masterId: string, base: Base): Promise<InboundOutcome> {
  const masterLink = await findLink(integration.id, base.mailbox, masterId);
  if (!masterLink) return ignored("nothing");
  const db = await getDb();
  const [b] = await db
    .select({ groupId: bookings.recurrenceGroupId })
    .from(bookings)
    .where(eq(bookings.id, masterLink.bookingId));
  const master = b?.groupId ? await fetchEvent(integration, base.mailbox, masterId) : null;
  if (!b?.groupId || !master) return ignored("nothing");
  if (master.isCancelled) return removed(integration, masterLink, { ...base, eventId: masterId });
  return (await applySeriesOccurrences(integration, base.mailbox, master, b.groupId))
    ? { kind: "cancelled" }
    : { kind: "unchanged" };
}
