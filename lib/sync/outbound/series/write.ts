// lib/sync/outbound/series/ — a booking group written to Outlook as one recurring meeting: creating
// the master and linking its instances (write.ts), moving (move.ts), content edits (content.ts) and
// removing occurrences (remove.ts).
// A Roomlink series reaches Outlook as one recurring meeting (a series master with its recurrence),
// as Outlook users expect: one meeting to open, and one invitation for a room in delegated mode.
// The master's instances are linked to the occurrence bookings by original start; slots Roomlink does
// not book (skipped for a clash, cancelled, not yet in a create-on status) are deleted from the
// series, and occurrences that differ from the pattern (moved, retitled, a date in the template) are
// patched into exceptions. A series cut off at its lookahead and extended later continues as a further
// master from its first new date. An occurrence that cannot be matched (its slot was deleted earlier,
// or it sits in another room) is written by the caller as a single event.
import { and, asc, eq, gt, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { getDb } from "@/db/client";
import {
  bookings,
  eventLinks,
  recurrenceGroups,
  rooms,
  seriesLinks,
  type Booking,
  type Integration,
  type RecurrenceGroup,
  type SeriesLink,
} from "@/db/schema";
import { setBookingCustomFields } from "@/lib/bookings/service";
import { utcToLocal } from "@/lib/bookings/time";
import { graphTime } from "@/lib/graph/time";
import { callGraph, isNotFound } from "@/lib/sync/graph-access";
import type { Placement } from "@/lib/sync/outbound/targets";
import { checkRoomAnswer, type GraphWritten } from "@/lib/sync/outbound/room-answer";
import { eventPath } from "@/lib/sync/paths";
import { instanceOriginal, type Instance } from "@/lib/sync/instances";
import { logSync } from "@/lib/sync/sync-log";
import {
  contentKey,
  deleteEvent,
  dropMaster,
  eventRenderer,
  instancesAround,
  ruleToRecurrence,
  serialised,
  shownStatusIds,
} from "./shared";
import { sameMailbox } from "@/lib/sync/mailbox";

type GraphMaster = GraphWritten & { iCalUId?: string };

/**
 * Write booking `b` (an occurrence of a Roomlink series, in a create-on status, not yet linked) as part
 * of an Outlook series, with the rest of its group that is not written yet. Returns false when `b`
 * belongs in a single event instead: not a Roomlink series occurrence, moved to another room, its
 * slot already past in an earlier master, or the only one left to write.
 */
export async function writeInSeries(integration: Integration, place: Placement, b: Booking): Promise<boolean> {
  if (!b.recurrenceGroupId || b.source !== "roomlink" || !b.originalStartAt) return false;
  const db = await getDb();
  const [group] = await db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, b.recurrenceGroupId));
  if (!group || group.roomId !== b.roomId) return false;
  return serialised(`${integration.id}|${group.id}|${place.mailbox.toLowerCase()}`, async () => {
    const isLinked = async () =>
      (
        await db
          .select({ id: eventLinks.id })
          .from(eventLinks)
          .where(and(eq(eventLinks.bookingId, b.id), eq(eventLinks.integrationId, integration.id)))
      ).length > 0;
    if (await isLinked()) return true; // written meanwhile by another occurrence's job
    const mine = and(
      eq(seriesLinks.integrationId, integration.id),
      eq(seriesLinks.groupId, group.id),
      sameMailbox(seriesLinks.mailbox, place.mailbox),
    );
    // A master left incomplete (a failure or crash between writing and linking, or another worker process
    // still at it) is finished first: linking is idempotent, so two writers at once do no harm.
    for (const m of (await db.select().from(seriesLinks).where(mine)).filter((x) => !x.complete)) {
      const range = and(
        gte(bookings.originalStartAt, m.firstOriginalAt),
        lte(bookings.originalStartAt, m.lastOriginalAt),
      );
      await writeMaster(integration, place, group, await unwritten(integration, group, range), m);
    }
    if (await isLinked()) return true;
    const complete = await db.select().from(seriesLinks).where(mine);
    const after = complete.reduce<Date | null>((a, m) => (!a || m.lastOriginalAt > a ? m.lastOriginalAt : a), null);
    if (after && b.originalStartAt! <= after) return false;
    const candidates = await unwritten(
      integration,
      group,
      after ? gt(bookings.originalStartAt, after) : sql`${bookings.originalStartAt} is not null`,
    );
    if (candidates.length < 2 || !candidates.some((c) => c.id === b.id)) return false;
    return (await writeMaster(integration, place, group, candidates)).has(b.id);
  });
}

/** Occurrences of the group in its room, in a create-on status, not written to this integration yet, in `range`. */
async function unwritten(integration: Integration, group: RecurrenceGroup, range: SQL | undefined): Promise<Booking[]> {
  const db = await getDb();
  const writable = await shownStatusIds(integration, true);
  return db
    .select()
    .from(bookings)
    .where(
      and(
        eq(bookings.recurrenceGroupId, group.id),
        eq(bookings.roomId, group.roomId),
        eq(bookings.source, "roomlink"),
        writable.length ? inArray(bookings.statusId, writable) : sql`false`,
        range,
        sql`not exists (select 1 from ${eventLinks} l where l.booking_id = ${bookings.id} and l.integration_id = ${integration.id})`,
      ),
    )
    .orderBy(asc(bookings.originalStartAt));
}

/**
 * Write a master for `candidates` (or finish `existing`, an incomplete one: its instances in its range
 * are matched again), link its instances and mark it complete. Returns the ids of the bookings linked.
 */
async function writeMaster(
  integration: Integration,
  place: Placement,
  group: RecurrenceGroup,
  candidates: Booking[],
  existing?: SeriesLink,
): Promise<Set<string>> {
  const db = await getDb();
  const { mailbox } = place;
  if (!existing && !candidates.length) return new Set();
  const first = candidates[0];
  const last = candidates[candidates.length - 1];
  const tz = group.timeZone;
  const render = await eventRenderer(integration, place, group.roomId);

  let master: GraphMaster;
  let row: { id: string };
  if (existing) {
    try {
      master = await callGraph(
        integration,
        mailbox,
        (c) =>
          c
            .api(eventPath(mailbox, existing.masterEventId))
            .select("id,changeKey,iCalUId,onlineMeeting,attendees")
            .get() as Promise<GraphMaster>,
      );
    } catch (e) {
      if (!isNotFound(e)) throw e;
      await dropMaster(integration, mailbox, existing.masterEventId, existing.id); // deleted in Outlook meanwhile
      return new Set();
    }
    row = existing;
  } else {
    // The master: the first occurrence's content at the pattern's wall-clock time, in the room's zone.
    const startLocal = DateTime.fromJSDate(first!.originalStartAt!, { zone: tz });
    const local = (d: DateTime) => ({ dateTime: d.toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: tz });
    const body = await render(first!, true);
    Object.assign(body, {
      start: local(startLocal),
      end: local(startLocal.plus({ minutes: group.durationMinutes })),
      recurrence: ruleToRecurrence(
        group.rule,
        utcToLocal(first!.originalStartAt!, tz),
        utcToLocal(last!.originalStartAt!, tz).date,
        tz,
      ),
      // A retried write returns the same master (Graph's idempotent create).
      transactionId: `series:${group.id}:${first!.originalStartAt!.toISOString()}`,
    });
    master = await callGraph(integration, mailbox, (c) => c.api(eventPath(mailbox)).post(body) as Promise<GraphMaster>);
    await checkRoomAnswer(place, (await db.select().from(rooms).where(eq(rooms.id, group.roomId)))[0]!, master, {
      integrationId: integration.id,
      direction: "outbound",
      bookingId: first!.id,
      mailbox,
    });
    // Recorded before linking: a failure from here on leaves an incomplete master, finished by the next try.
    await db
      .insert(seriesLinks)
      .values({
        integrationId: integration.id,
        groupId: group.id,
        mailbox,
        masterEventId: master.id,
        firstOriginalAt: first!.originalStartAt!,
        lastOriginalAt: last!.originalStartAt!,
        contentKey: contentKey(await render(first!)),
      })
      .onConflictDoNothing();
    [row] = (await db
      .select({ id: seriesLinks.id })
      .from(seriesLinks)
      .where(
        and(
          eq(seriesLinks.integrationId, integration.id),
          eq(seriesLinks.masterEventId, master.id),
          sameMailbox(seriesLinks.mailbox, mailbox),
        ),
      )) as [{ id: string }];
  }
  const from = existing?.firstOriginalAt ?? first!.originalStartAt!;
  const to = existing?.lastOriginalAt ?? last!.originalStartAt!;
  // Each instance's own content is compared with what the master shows for it.
  const model =
    first ??
    (
      await db
        .select()
        .from(bookings)
        .where(eq(bookings.recurrenceGroupId, group.id))
        .orderBy(asc(bookings.originalStartAt))
        .limit(1)
    )[0]!;

  const instances = await instancesAround(integration, mailbox, master.id, from, to);
  // Instances already linked (another worker finished this master meanwhile) are left as they are.
  const linked = new Set(
    (
      await db
        .select({ eventId: eventLinks.eventId })
        .from(eventLinks)
        .where(and(eq(eventLinks.integrationId, integration.id), eq(eventLinks.seriesMasterId, master.id)))
    ).map((l) => l.eventId),
  );
  const byOriginal = new Map(candidates.map((c) => [c.originalStartAt!.getTime(), c]));
  const links: { b: Booking; inst: Instance; changeKey: string | null }[] = [];
  let removed = 0;
  for (const inst of instances.filter((i) => !linked.has(i.id))) {
    const original = instanceOriginal(inst);
    const c = byOriginal.get(original);
    if (!c) {
      // A slot Roomlink does not book: it leaves the series.
      await deleteEvent(integration, mailbox, inst.id);
      removed++;
      continue;
    }
    byOriginal.delete(original);
    // Content of its own (moved, retitled, a date in the template): written into an exception.
    const own = await render(c);
    const fromMaster = await render({
      ...model,
      startAt: c.originalStartAt!,
      endAt: new Date(c.originalStartAt!.getTime() + group.durationMinutes * 60_000),
    });
    const sameAsMaster =
      JSON.stringify(own) === JSON.stringify({ ...fromMaster, start: own.start, end: own.end }) &&
      graphTime(inst.start).getTime() === c.startAt.getTime() &&
      graphTime(inst.end).getTime() === c.endAt.getTime();
    let changeKey = inst.changeKey ?? null;
    if (!sameAsMaster) {
      const ev = await callGraph(
        integration,
        mailbox,
        (cl) => cl.api(eventPath(mailbox, inst.id)).patch(own) as Promise<{ changeKey?: string }>,
      );
      changeKey = ev.changeKey ?? null;
    }
    links.push({ b: c, inst, changeKey });
  }

  const joinUrl = master.onlineMeeting?.joinUrl;
  await db.transaction(async (tx) => {
    for (const l of links) {
      await tx
        .insert(eventLinks)
        .values({
          integrationId: integration.id,
          bookingId: l.b.id,
          mailbox,
          eventId: l.inst.id,
          iCalUId: l.inst.iCalUId ?? master.iCalUId ?? null,
          seriesMasterId: master.id,
          writtenChangeKey: l.changeKey,
          seenChangeKey: l.changeKey,
          writtenVersion: l.b.version,
        })
        .onConflictDoNothing();
      const fields: Record<string, string> = { [integration.bookingIdField]: l.inst.id };
      if (joinUrl) fields[integration.teamsLinkField] = joinUrl;
      await setBookingCustomFields(l.b.id, fields, { db: tx, actor: "system:sync" });
    }
    await tx.update(seriesLinks).set({ complete: true }).where(eq(seriesLinks.id, row.id));
  });
  const unmatched = byOriginal.size;
  await logSync({
    integrationId: integration.id,
    direction: "outbound",
    action: "create-series",
    outcome: "ok",
    bookingId: model.id,
    eventId: master.id,
    mailbox,
    code: "series_written",
    params: { existing: existing ? "yes" : "no", count: links.length, removed, separate: unmatched },
  });
  return new Set(links.map((l) => l.b.id));
}
