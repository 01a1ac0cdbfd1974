// A whole-series content change (title, body, customer) written to the master in one call.
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, eventLinks, seriesLinks, type Booking, type Integration } from "@/db/schema";
import { graphTime } from "@/lib/graph/time";
import { callGraph } from "@/lib/sync/graph-access";
import type { Placement } from "@/lib/sync/outbound/targets";
import { eventPath } from "@/lib/sync/paths";
import { logSync } from "@/lib/sync/sync-log";
import { contentKey, eventRenderer, instancesAround, serialised, shownStatusIds } from "./shared";
import { sameMailbox } from "@/lib/sync/mailbox";

/**
 * A change to what every shown occurrence of a written series shows (title, body, customer; an
 * "all occurrences" edit in Roomlink): one write to the master instead of one per occurrence (a change
 * of the series' times is moveSeries). Exceptions, which keep their own content, and occurrences at
 * other times are written one by one. Returns false when
 * the change is not one for the whole series (the caller writes this occurrence alone).
 */
export async function writeSeriesContent(
  integration: Integration,
  place: Placement,
  b: Booking,
  link: { id: string; seriesMasterId: string | null },
): Promise<boolean> {
  if (!link.seriesMasterId) return false;
  const masterId = link.seriesMasterId;
  const db = await getDb();
  const { mailbox } = place;
  const [series] = await db
    .select()
    .from(seriesLinks)
    .where(
      and(
        eq(seriesLinks.integrationId, integration.id),
        eq(seriesLinks.masterEventId, masterId),
        sameMailbox(seriesLinks.mailbox, mailbox),
      ),
    );
  if (!series?.complete) return false;
  const bodyOf = await eventRenderer(integration, place, b.roomId);
  // Every occurrence's job of an "all occurrences" edit meets here: the first writes the series, the others find it written.
  return serialised(`${integration.id}|${masterId}|${mailbox.toLowerCase()}`, async () => {
    const [now] = await db
      .select({ writtenVersion: eventLinks.writtenVersion })
      .from(eventLinks)
      .where(eq(eventLinks.id, link.id));
    if (!now || now.writtenVersion === b.version) return true;
    const [current] = await db
      .select({ contentKey: seriesLinks.contentKey })
      .from(seriesLinks)
      .where(eq(seriesLinks.id, series.id));
    const wanted = contentKey(await bodyOf(b));
    if (wanted === current?.contentKey) return false; // the master already shows it: a change of this occurrence only
    const shown = await shownStatusIds(integration, false);
    const rows = await db
      .select({ link: eventLinks, b: bookings })
      .from(eventLinks)
      .innerJoin(bookings, eq(bookings.id, eventLinks.bookingId))
      .where(
        and(
          eq(eventLinks.integrationId, integration.id),
          eq(eventLinks.seriesMasterId, masterId),
          sameMailbox(eventLinks.mailbox, mailbox),
          shown.length ? inArray(bookings.statusId, shown) : sql`false`,
        ),
      );
    const mine = rows.find((r) => r.link.id === link.id);
    if (!mine) return false;
    const bodies = new Map<string, Record<string, unknown>>();
    for (const r of rows) bodies.set(r.b.id, await bodyOf(r.b));
    if (rows.some((r) => contentKey(bodies.get(r.b.id)!) !== wanted)) return false; // occurrences differ: not a whole-series change
    const { start: _s, end: _e, ...content } = bodies.get(mine.b.id)!;
    await callGraph(integration, mailbox, (c) => c.api(eventPath(mailbox, masterId)).patch(content));
    await db.update(seriesLinks).set({ contentKey: wanted }).where(eq(seriesLinks.id, series.id));
    const byId = new Map(rows.map((r) => [r.link.eventId, r]));
    let own = 0;
    for (const inst of await instancesAround(
      integration,
      mailbox,
      masterId,
      series.firstOriginalAt,
      series.lastOriginalAt,
    )) {
      const r = byId.get(inst.id);
      if (!r) continue;
      let changeKey = inst.changeKey ?? null;
      const moved =
        graphTime(inst.start).getTime() !== r.b.startAt.getTime() ||
        graphTime(inst.end).getTime() !== r.b.endAt.getTime();
      if (inst.type === "exception" || moved) {
        const ev = await callGraph(
          integration,
          mailbox,
          (c) => c.api(eventPath(mailbox, inst.id)).patch(bodies.get(r.b.id)!) as Promise<{ changeKey?: string }>,
        );
        changeKey = ev.changeKey ?? null;
        own++;
      }
      await db
        .update(eventLinks)
        .set({
          writtenVersion: r.b.version,
          writtenChangeKey: changeKey,
          seenChangeKey: changeKey,
          updatedAt: new Date(),
        })
        .where(eq(eventLinks.id, r.link.id));
    }
    await logSync({
      integrationId: integration.id,
      direction: "outbound",
      action: "update-series",
      outcome: "ok",
      bookingId: b.id,
      eventId: masterId,
      mailbox,
      code: "series_content",
      params: { own },
    });
    return true;
  });
}
