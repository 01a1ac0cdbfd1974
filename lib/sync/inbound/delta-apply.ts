// Applying delta items of one or more calendars: what Roomlink already saw is skipped, new invitations
// are created in bulk (delta-create.ts), the rest goes through processEvent like a notification, with
// series masters and removed events read again first (series/delta.ts).
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookingStatuses, bookings, eventLinks, type Booking, type EventLink, type Integration } from "@/db/schema";
import { mastersOf, readEvents, refKey, writtenByRoomlink, type EventRef } from "@/lib/sync/inbound/series/delta";
import { answerForStatus } from "./create";
import { bulkCreatable, createFromDelta, type NewEvent } from "./delta-create";
import type { DeltaItem } from "./delta-state";
import { eventToFields, type GraphEvent, type InboundFields } from "./event-to-booking";
import { changedBooking } from "./outcome";
import { processEvent } from "./process";
import { needsAnswer } from "@/lib/sync/respond";
import { sameAsBooked } from "./update";

/** What applying delta items did, per mailbox as given: bookings changed, and the first failure. */
export interface Applied {
  changes: Map<string, number>;
  errors: Map<string, unknown>;
}

/**
 * Apply delta items of one or more calendars. Events Roomlink already saw at this changeKey are
 * skipped, invitations new to Roomlink are created in bulk (delta-create.ts); everything else goes
 * through processEvent like a notification: occurrences and exceptions through their series master
 * (read once per master, series/delta.ts), `@removed` of a linked event only after reading it again.
 * A calendar stops at its first failure (its delta link is then not advanced, so the next run reads
 * it again); other calendars go on.
 */
export async function applyDeltaItems(
  integration: Integration,
  pages: { mailbox: string; items: DeltaItem[] }[],
): Promise<Applied> {
  const out: Applied = { changes: new Map(), errors: new Map() };
  const add = (mailbox: string, n: number) => out.changes.set(mailbox, (out.changes.get(mailbox) ?? 0) + n);
  const all = pages.flatMap((p) => {
    add(p.mailbox, 0);
    return p.items.map((item) => ({ mailbox: p.mailbox, item }));
  });
  if (!all.length) return out;
  const links = await linksOf(
    integration.id,
    all.map((x) => x.item.id),
  );
  const linkOf = (mailbox: string, id: string) => links.get(`${mailbox.toLowerCase()}|${id}`);
  const bulk: NewEvent[] = [];
  const touched: { link: LinkRow; ev: GraphEvent; mailbox: string }[] = [];
  const instances: { mailbox: string; item: DeltaItem }[] = [];
  const gone: EventRef[] = [];
  let single: { mailbox: string; item: DeltaItem }[] = [];
  for (const x of all) {
    const link = linkOf(x.mailbox, x.item.id);
    const removed = "@removed" in x.item;
    if (!link && removed) continue; // processEvent: ignored("nothing")
    if (removed) {
      gone.push({ mailbox: x.mailbox, id: x.item.id });
      continue;
    }
    const changeKey = x.item.changeKey;
    if (link && changeKey && changeKey === link.seenChangeKey && changeKey !== link.writtenChangeKey) continue; // "duplicate"
    // An exception of a series Roomlink wrote is linked on its own and applied as such; every other
    // instance (and a master, should one come) is applied through its master below.
    const instance = x.item.type === "occurrence" || x.item.type === "exception" || x.item.type === "seriesMaster";
    if (instance && !(x.item.type === "exception" && link?.seriesMasterId)) {
      instances.push(x);
      continue;
    }
    if (!link && bulkCreatable(x.mailbox, x.item)) bulk.push({ mailbox: x.mailbox, ev: x.item });
    else if (
      link &&
      changeKey &&
      changeKey !== link.writtenChangeKey &&
      x.item.type === "singleInstance" &&
      !x.item.isCancelled
    ) {
      touched.push({ link, ev: x.item, mailbox: x.mailbox });
    } else single.push(x);
  }
  // Linked events with a new changeKey that still show what is booked (a room's answer, an attendee's
  // reply): marked seen in one statement; the rest is judged one by one.
  const unchanged = await markUnchanged(integration, touched);
  single = [
    ...touched.filter((t) => !unchanged.has(t.link.id)).map((t) => ({ mailbox: t.mailbox, item: t.ev })),
    ...single,
  ];
  const created = await createFromDelta(integration, bulk);
  for (const [mailbox, n] of created.created) add(mailbox, n);
  for (const [mailbox, e] of created.errors) out.errors.set(mailbox, e);
  const apply = async (mailbox: string, eventId: string, prefetched: GraphEvent | null | undefined) => {
    if (out.errors.has(mailbox)) return;
    try {
      const outcome = await processEvent({ integrationId: integration.id, mailbox, eventId }, prefetched);
      // Changes made to bookings; refusals (declined, rejected, locked) and skips changed nothing.
      if (changedBooking(outcome)) add(mailbox, 1);
    } catch (e) {
      out.errors.set(mailbox, e);
    }
  };
  for (const x of [...created.rest.map((r) => ({ mailbox: r.mailbox, item: r.ev })), ...single])
    await apply(x.mailbox, x.item.id, x.item);

  // Series masters and removed events, read again (in $batch when many) before they are applied.
  const masters = await mastersOf(integration.id, instances);
  const masterLinks = await linksOf(
    integration.id,
    masters.map((m) => m.id),
  );
  const read = await readEvents(
    integration,
    [...gone, ...masters].filter((r) => !out.errors.has(r.mailbox)),
  );
  for (const [mailbox, e] of read.errors) if (!out.errors.has(mailbox)) out.errors.set(mailbox, e);
  for (const r of gone) {
    // processEvent cancels on null (404) or isCancelled, and updates an event that only left the window.
    if (read.events.has(refKey(r))) await apply(r.mailbox, r.id, read.events.get(refKey(r)));
  }
  for (const m of masters) {
    if (!read.events.has(refKey(m))) continue;
    const ev = read.events.get(refKey(m))!;
    const link = masterLinks.get(refKey(m));
    if (ev && !link && writtenByRoomlink(ev)) continue; // the outbound job links its own series
    if (ev && link && ev.changeKey && ev.changeKey === link.seenChangeKey && ev.changeKey !== link.writtenChangeKey)
      continue;
    // An unknown master is read once more by processEvent (it decides on its own read); a known one is not.
    await apply(m.mailbox, m.id, ev);
  }
  return out;
}

type LinkRow = Pick<EventLink, "id" | "bookingId" | "seenChangeKey" | "writtenChangeKey" | "seriesMasterId">;

async function linksOf(integrationId: string, eventIds: string[]): Promise<Map<string, LinkRow>> {
  const db = await getDb();
  const out = new Map<string, LinkRow>();
  const ids = [...new Set(eventIds)];
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .select({
        id: eventLinks.id,
        bookingId: eventLinks.bookingId,
        mailbox: eventLinks.mailbox,
        eventId: eventLinks.eventId,
        seenChangeKey: eventLinks.seenChangeKey,
        writtenChangeKey: eventLinks.writtenChangeKey,
        seriesMasterId: eventLinks.seriesMasterId,
      })
      .from(eventLinks)
      .where(and(eq(eventLinks.integrationId, integrationId), inArray(eventLinks.eventId, ids.slice(i, i + 1000))));
    for (const r of rows) out.set(`${r.mailbox.toLowerCase()}|${r.eventId}`, r);
  }
  return out;
}

/**
 * Of linked single events with a new changeKey, those processEvent would find "unchanged" with
 * nothing to answer (same content as booked, the room's answer already the one its status calls
 * for): their changeKey is stored as seen in one statement. Returns their link ids.
 */
async function markUnchanged(
  integration: Integration,
  touched: { link: LinkRow; ev: GraphEvent }[],
): Promise<Set<string>> {
  const out = new Set<string>();
  if (!touched.length) return out;
  const db = await getDb();
  const statuses = new Map((await db.select().from(bookingStatuses)).map((s) => [s.id, s]));
  const booked = new Map<string, Booking>();
  const ids = [...new Set(touched.map((t) => t.link.bookingId))];
  for (let i = 0; i < ids.length; i += 1000) {
    for (const b of await db
      .select()
      .from(bookings)
      .where(inArray(bookings.id, ids.slice(i, i + 1000))))
      booked.set(b.id, b);
  }
  const seen: { id: string; changeKey: string }[] = [];
  for (const { link, ev } of touched) {
    const b = booked.get(link.bookingId);
    if (!b || b.recurrenceGroupId) continue;
    let f: InboundFields;
    try {
      f = eventToFields(ev);
    } catch {
      continue;
    }
    if (!sameAsBooked(integration, b, f)) continue;
    const answer = answerForStatus(statuses.get(b.statusId));
    if (answer && needsAnswer(integration, ev, answer)) continue;
    seen.push({ id: link.id, changeKey: ev.changeKey! });
    out.add(link.id);
  }
  for (let i = 0; i < seen.length; i += 1000) {
    const rows = sql.join(
      seen.slice(i, i + 1000).map((x) => sql`(${x.id}::uuid, ${x.changeKey}::text)`),
      sql`, `,
    );
    await db.execute(
      sql`update ${eventLinks} l set seen_change_key = v.ck, updated_at = now() from (values ${rows}) as v(id, ck) where l.id = v.id`,
    );
  }
  return out;
}
