// Removing an occurrence of a series Roomlink wrote: the instance alone, or the whole master when no
// occurrence is left to show.
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, eventLinks, seriesLinks, type Integration } from "@/db/schema";
import { logSync } from "@/lib/sync/sync-log";
import { dropMaster, serialised, shownStatusIds } from "./shared";
import { sameMailbox } from "@/lib/sync/mailbox";

/**
 * An occurrence of a written series leaves Outlook. When no occurrence of the master is still to be
 * shown (every linked booking cancelled, rejected or in a delete-on status), the whole master goes in
 * one call; otherwise only this instance. Returns false when the link is not part of a series.
 */
export async function removeFromSeries(
  integration: Integration,
  link: { id: string; mailbox: string; eventId: string; seriesMasterId: string | null; bookingId: string },
): Promise<boolean> {
  if (!link.seriesMasterId) return false;
  const masterId = link.seriesMasterId;
  return serialised(`${integration.id}|${masterId}|${link.mailbox.toLowerCase()}`, () =>
    removeOccurrence(integration, { ...link, seriesMasterId: masterId }),
  );
}

async function removeOccurrence(
  integration: Integration,
  link: { id: string; mailbox: string; eventId: string; seriesMasterId: string; bookingId: string },
): Promise<boolean> {
  const db = await getDb();
  // Cancelled together, the occurrences' jobs meet here: the first takes the master and every link along.
  const [current] = await db.select({ id: eventLinks.id }).from(eventLinks).where(eq(eventLinks.id, link.id));
  if (!current) return true;
  const [series] = await db
    .select({ id: seriesLinks.id })
    .from(seriesLinks)
    .where(
      and(
        eq(seriesLinks.integrationId, integration.id),
        eq(seriesLinks.masterEventId, link.seriesMasterId),
        sameMailbox(seriesLinks.mailbox, link.mailbox),
      ),
    );
  if (!series) return false; // an Outlook-made series: its instances are not ours to delete
  const shown = await shownStatusIds(integration, false);
  const [still] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(eventLinks)
    .innerJoin(bookings, eq(bookings.id, eventLinks.bookingId))
    .where(
      and(
        eq(eventLinks.integrationId, integration.id),
        eq(eventLinks.seriesMasterId, link.seriesMasterId),
        sameMailbox(eventLinks.mailbox, link.mailbox),
        sql`${eventLinks.id} <> ${link.id}`,
        shown.length ? inArray(bookings.statusId, shown) : sql`false`,
      ),
    );
  if (still && still.n > 0) return false;
  await dropMaster(integration, link.mailbox, link.seriesMasterId, series.id);
  await logSync({
    integrationId: integration.id,
    direction: "outbound",
    action: "delete-series",
    outcome: "ok",
    bookingId: link.bookingId,
    eventId: link.seriesMasterId,
    mailbox: link.mailbox,
    code: "series_emptied",
  });
  return true;
}
