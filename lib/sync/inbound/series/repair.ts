// Inbound repair of a series Roomlink wrote: moved, re-patterned or emptied in Outlook, it is written
// again as booked (its master dropped, its bookings queued outbound). Called by inbound/process.ts.
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { eventLinks, recurrenceGroups, type Integration, type SeriesLink } from "@/db/schema";
import { utcToLocal } from "@/lib/bookings/time";
import { type GraphDateTime } from "@/lib/sync/inbound/event-to-booking";
import { graphTime } from "@/lib/graph/time";
import { isNotFound } from "@/lib/sync/graph-access";
import { enqueueOutbound } from "@/lib/sync/outbound/outbox";
import {
  completeSeries,
  dropMaster,
  instancesAround,
  ruleToRecurrence,
  type LinkRef,
} from "@/lib/sync/outbound/series/shared";
import type { GraphRecurrence } from "./occurrences";
import { logSync } from "@/lib/sync/sync-log";
import { sameMailbox } from "@/lib/sync/mailbox";

/**
 * A series Roomlink wrote was moved or given another pattern in Outlook (Exchange then makes new
 * occurrences and drops the old ones). Its bookings are Roomlink's: they are kept, and the series is
 * written again as booked, replacing the changed one.
 */
async function rewriteSeries(integration: Integration, series: SeriesLink): Promise<void> {
  const db = await getDb();
  const bookingIds = (
    await db
      .select({ bookingId: eventLinks.bookingId })
      .from(eventLinks)
      .where(
        and(
          eq(eventLinks.integrationId, integration.id),
          eq(eventLinks.seriesMasterId, series.masterEventId),
          sameMailbox(eventLinks.mailbox, series.mailbox),
        ),
      )
  ).map((l) => l.bookingId);
  await dropMaster(integration, series.mailbox, series.masterEventId, series.id);
  await enqueueOutbound(bookingIds, undefined, integration.id);
  await logSync({
    integrationId: integration.id,
    direction: "inbound",
    action: "series-changed",
    outcome: "rejected",
    bookingId: bookingIds[0] ?? null,
    eventId: series.masterEventId,
    mailbox: series.mailbox,
    code: "series_rewritten",
  });
}

/**
 * Graph notifies a series' master for any change to it. For a series Roomlink wrote, a master whose
 * times or pattern are no longer what Roomlink wrote was changed in Outlook: written again (see
 * rewriteSeries). Returns true when it was.
 */
export async function rewriteIfChangedInOutlook(
  integration: Integration,
  mailbox: string,
  ev: { id: string; start?: GraphDateTime; recurrence?: GraphRecurrence | null },
): Promise<boolean> {
  const series = await completeSeries(integration, ev.id, mailbox);
  if (!series || !ev.start) return false;
  const db = await getDb();
  const [group] = await db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, series.groupId));
  if (!group) return false;
  const wrote = ruleToRecurrence(
    group.rule,
    utcToLocal(series.firstOriginalAt, group.timeZone),
    utcToLocal(series.lastOriginalAt, group.timeZone).date,
    group.timeZone,
  );
  // Start and pattern only: Roomlink's own "all occurrences" edits change its instances, never these.
  const same =
    graphTime(ev.start).getTime() === series.firstOriginalAt.getTime() &&
    ev.recurrence?.pattern.type === wrote.pattern.type &&
    (ev.recurrence.pattern.interval ?? 1) === wrote.pattern.interval &&
    ev.recurrence.range.endDate === wrote.range.endDate;
  if (same) return false;
  await rewriteSeries(integration, series);
  return true;
}

/**
 * An instance of a series Roomlink wrote left Outlook (delta reported it removed). One occurrence
 * deleted there cancels its booking (the caller does that); when none of the series' other linked
 * instances is left either, the series itself was changed in Outlook and is written again.
 */
export async function rewriteChangedSeries(integration: Integration, link: LinkRef): Promise<boolean> {
  if (!link.seriesMasterId) return false;
  const masterId = link.seriesMasterId;
  const db = await getDb();
  const series = await completeSeries(integration, masterId, link.mailbox);
  if (!series) return false;
  const others = (
    await db
      .select({ eventId: eventLinks.eventId })
      .from(eventLinks)
      .where(
        and(
          eq(eventLinks.integrationId, integration.id),
          eq(eventLinks.seriesMasterId, masterId),
          sameMailbox(eventLinks.mailbox, link.mailbox),
        ),
      )
  ).filter((l) => l.eventId !== link.eventId);
  if (!others.length) return false;
  let current: Set<string>;
  try {
    const day = 86_400_000;
    current = new Set(
      (
        await instancesAround(
          integration,
          link.mailbox,
          masterId,
          new Date(series.firstOriginalAt.getTime() - 7 * day),
          new Date(series.lastOriginalAt.getTime() + 7 * day),
        )
      ).map((i) => i.id),
    );
  } catch (e) {
    if (isNotFound(e)) return false; // the whole series was deleted in Outlook: its bookings are cancelled
    throw e;
  }
  if (others.some((o) => current.has(o.eventId))) return false;
  await rewriteSeries(integration, series);
  return true;
}
