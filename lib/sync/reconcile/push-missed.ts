// Outbound drift repaired by reconcile: bookings Outlook should hold but never received, and cancelled
// ones whose event it still holds, queued again for the outbound job of this integration.
import { and, eq, gt, gte, inArray, or, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, bookingStatuses, eventLinks, integrationRooms, jobs, type Integration } from "@/db/schema";
import { enqueueOutbound } from "@/lib/sync/outbound/outbox";
import { JOB_OUTBOUND } from "@/lib/sync/jobs";
import { DELETING } from "@/lib/sync/paths";
import { syncWindow } from "@/lib/sync/inbound/delta-state";

/**
 * Repair outbound drift: bookings Outlook should hold but never received (a job lost, a room mapped
 * or a status added to "create on" later), and cancelled ones whose event it still holds. Queued
 * for this integration only; the outbound job decides from the booking's state what to write.
 */
export async function pushMissed(integration: Integration): Promise<number> {
  const db = await getDb();
  const mapped = (
    await db
      .select({ roomId: integrationRooms.roomId })
      .from(integrationRooms)
      .where(eq(integrationRooms.integrationId, integration.id))
  ).map((r) => r.roomId);
  const roomIds = [
    ...new Set([
      ...mapped,
      ...(integration.mode === "delegated" && integration.inboundRoomId ? [integration.inboundRoomId] : []),
    ]),
  ];
  if (!roomIds.length) return 0;
  const win = syncWindow();
  const hasLink = sql`exists (select 1 from ${eventLinks} l where l.booking_id = ${bookings.id} and l.integration_id = ${integration.id})`;
  // A job that already failed for good waits on diagnostics for a retry; another would fail the same way.
  const deadJob = sql`exists (select 1 from ${jobs} j where j.name = ${JOB_OUTBOUND} and j.key = ${bookings.id}::text || ${`|${integration.id}`} and j.state = 'dead')`;
  const unlinked = integration.createOnStatusIds.length
    ? await db
        .select({ id: bookings.id })
        .from(bookings)
        .where(
          and(
            inArray(bookings.roomId, roomIds),
            inArray(bookings.statusId, integration.createOnStatusIds),
            gte(bookings.startAt, win.start),
            eq(bookings.source, "roomlink"),
            sql`not ${hasLink}`,
            sql`not ${deadJob}`,
          ),
        )
    : [];
  // Still linked (not being deleted) while cancelled, rejected or in a delete status: the event should
  // be gone (ours) or declined (a meeting booked in Outlook; delegated: only the account's invitations
  // are answered, its own meetings stay, so those are left alone).
  const gone = or(eq(bookingStatuses.isCancelled, true), eq(bookingStatuses.isRejected, true));
  const stale = await db
    .select({ id: bookings.id })
    .from(bookings)
    .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
    .innerJoin(eventLinks, and(eq(eventLinks.bookingId, bookings.id), eq(eventLinks.integrationId, integration.id)))
    .where(
      and(
        gt(bookings.endAt, new Date()),
        sql`${eventLinks.writtenChangeKey} is distinct from ${DELETING}`,
        sql`not ${deadJob}`,
        or(
          and(
            eq(bookings.source, "roomlink"),
            integration.deleteOnStatusIds.length
              ? or(gone, inArray(bookings.statusId, integration.deleteOnStatusIds))
              : gone,
          ),
          integration.mode === "application" ? and(eq(bookings.source, "outlook"), gone) : sql`false`,
        ),
      ),
    );
  const ids = [...new Set([...unlinked, ...stale].map((r) => r.id))];
  return ids.length ? enqueueOutbound(ids, undefined, integration.id) : 0;
}
