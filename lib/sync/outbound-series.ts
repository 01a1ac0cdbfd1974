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
  bookings, bookingStatuses, customers, eventLinks, recurrenceGroups, rooms, seriesLinks, templates,
  type Booking, type Customer, type Integration, type RecurrenceGroup, type RecurrenceRule, type SeriesLink,
} from "@/db/schema";
import { setBookingCustomFields } from "@/lib/bookings/service";
import { utcToLocal } from "@/lib/bookings/time";
import { GraphRequestError } from "@/lib/graph";
import { bookingToEvent } from "./booking-to-event";
import { graphTime, type GraphDateTime } from "./event-to-booking";
import { callGraph, isNotFound } from "./graph-access";
import type { Placement } from "./outbound-targets";
import { enqueueOutbound } from "./outbox";
import { checkRoomAnswer, type GraphWritten } from "./process-outbound";
import { DELETING, eventPath } from "./paths";
import { instanceOriginal, listInstances, type GraphRecurrence, type Instance } from "./series";
import { logSync } from "./sync-log";

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const INDEX_NAMES: Record<number, string> = { 1: "first", 2: "second", 3: "third", 4: "fourth", [-1]: "last" };

/**
 * Our rule as Graph's patterned recurrence over [first, last] (local dates in `timeZone`). The range
 * always ends on the last date Roomlink booked: a series cut off at its lookahead ends there in
 * Outlook too, and a count is replaced by the date it reaches.
 */
export function ruleToRecurrence(rule: RecurrenceRule, first: { date: string; weekday: number }, lastDate: string, timeZone: string): GraphRecurrence & { range: { recurrenceTimeZone: string } } {
  const interval = Math.max(1, rule.interval);
  const day = (d: number) => DAYS[d - 1]!;
  let pattern: GraphRecurrence["pattern"] & { firstDayOfWeek?: string };
  if (rule.frequency === "daily") pattern = { type: "daily", interval };
  else if (rule.frequency === "weekly") {
    const weekdays = rule.weekdays?.length ? [...new Set(rule.weekdays)].sort() : [first.weekday];
    pattern = { type: "weekly", interval, daysOfWeek: weekdays.map(day), firstDayOfWeek: "monday" };
  } else {
    const yearly = rule.frequency === "yearly";
    const month = yearly ? { month: rule.month } : {};
    pattern = rule.monthWeek
      ? { type: yearly ? "relativeYearly" : "relativeMonthly", interval, ...month, daysOfWeek: (rule.monthWeek.anyOf?.length ? [...new Set(rule.monthWeek.anyOf)].sort() : [rule.monthWeek.weekday]).map(day), index: INDEX_NAMES[rule.monthWeek.index] }
      : { type: yearly ? "absoluteYearly" : "absoluteMonthly", interval, ...month, dayOfMonth: rule.monthDay };
  }
  return { pattern, range: { type: "endDate", startDate: first.date, endDate: lastDate, recurrenceTimeZone: timeZone } };
}


/** What an event shows apart from its times: equal keys, equal content. */
export function contentKey(body: Record<string, unknown>): string {
  const { start: _s, end: _e, ...rest } = body;
  return JSON.stringify(rest);
}
type GraphMaster = GraphWritten & { iCalUId?: string };

/** One series write at a time per integration, group and mailbox in this process (occurrence jobs run 4 at once). */
const running = new Map<string, Promise<unknown>>();
async function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
  while (running.has(key)) await running.get(key)!.catch(() => undefined);
  const p = fn();
  running.set(key, p);
  try {
    return await p;
  } finally {
    running.delete(key);
  }
}

/**
 * Statuses whose occurrences Outlook shows: not cancelled, rejected or delete-on. To be written in the
 * first place an occurrence also needs a create-on status (`forCreate`).
 */
async function shownStatusIds(integration: Integration, forCreate: boolean): Promise<string[]> {
  const db = await getDb();
  const all = await db.select().from(bookingStatuses);
  return all.filter((s) => (!forCreate || integration.createOnStatusIds.includes(s.id)) && !s.isCancelled && !s.isRejected && !integration.deleteOnStatusIds.includes(s.id)).map((s) => s.id);
}

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
    const isLinked = async () => (await db.select({ id: eventLinks.id }).from(eventLinks).where(and(eq(eventLinks.bookingId, b.id), eq(eventLinks.integrationId, integration.id)))).length > 0;
    if (await isLinked()) return true; // written meanwhile by another occurrence's job
    const mine = and(eq(seriesLinks.integrationId, integration.id), eq(seriesLinks.groupId, group.id), sql`lower(${seriesLinks.mailbox}) = lower(${place.mailbox})`);
    // A master left incomplete (a failure or crash between writing and linking, or another worker process
    // still at it) is finished first: linking is idempotent, so two writers at once do no harm.
    for (const m of (await db.select().from(seriesLinks).where(mine)).filter((x) => !x.complete)) {
      const range = and(gte(bookings.originalStartAt, m.firstOriginalAt), lte(bookings.originalStartAt, m.lastOriginalAt));
      await writeMaster(integration, place, group, await unwritten(integration, group, range), m);
    }
    if (await isLinked()) return true;
    const complete = await db.select().from(seriesLinks).where(mine);
    const after = complete.reduce<Date | null>((a, m) => (!a || m.lastOriginalAt > a ? m.lastOriginalAt : a), null);
    if (after && b.originalStartAt! <= after) return false;
    const candidates = await unwritten(integration, group, after ? gt(bookings.originalStartAt, after) : sql`${bookings.originalStartAt} is not null`);
    if (candidates.length < 2 || !candidates.some((c) => c.id === b.id)) return false;
    return (await writeMaster(integration, place, group, candidates)).has(b.id);
  });
}

/** Occurrences of the group in its room, in a create-on status, not written to this integration yet, in `range`. */
async function unwritten(integration: Integration, group: RecurrenceGroup, range: SQL | undefined): Promise<Booking[]> {
  const db = await getDb();
  const writable = await shownStatusIds(integration, true);
  return db.select().from(bookings).where(and(
    eq(bookings.recurrenceGroupId, group.id), eq(bookings.roomId, group.roomId), eq(bookings.source, "roomlink"),
    writable.length ? inArray(bookings.statusId, writable) : sql`false`, range,
    sql`not exists (select 1 from ${eventLinks} l where l.booking_id = ${bookings.id} and l.integration_id = ${integration.id})`,
  )).orderBy(asc(bookings.originalStartAt));
}

/**
 * Write a master for `candidates` (or finish `existing`, an incomplete one: its instances in its range
 * are matched again), link its instances and mark it complete. Returns the ids of the bookings linked.
 */
/**
 * What Roomlink writes for a booking of `roomId` in this integration's calendar (bookingToEvent with
 * the room, template and customers loaded once): `create` adds our id, transactionId and Teams request.
 */
async function eventRenderer(integration: Integration, place: Placement, roomId: string): Promise<(b: Booking, create?: boolean) => Promise<Record<string, unknown>>> {
  const db = await getDb();
  const [room] = await db.select().from(rooms).where(eq(rooms.id, roomId));
  const [template] = integration.templateId ? await db.select().from(templates).where(eq(templates.id, integration.templateId)) : [];
  const known = new Map<string, Customer | null>();
  const customerOf = async (id: string | null) => {
    if (!id) return null;
    if (!known.has(id)) known.set(id, (await db.select().from(customers).where(eq(customers.id, id)))[0] ?? null);
    return known.get(id)!;
  };
  const target = place.roomAddress === undefined ? undefined : { address: place.roomAddress ?? null };
  return async (b, create = false) => bookingToEvent(integration, b, room!, template ?? null, await customerOf(b.customerId), { create, room: target });
}

async function writeMaster(integration: Integration, place: Placement, group: RecurrenceGroup, candidates: Booking[], existing?: SeriesLink): Promise<Set<string>> {
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
      master = await callGraph(integration, mailbox, (c) => c.api(eventPath(mailbox, existing.masterEventId)).select("id,changeKey,iCalUId,onlineMeeting,attendees").get() as Promise<GraphMaster>);
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
      start: local(startLocal), end: local(startLocal.plus({ minutes: group.durationMinutes })),
      recurrence: ruleToRecurrence(group.rule, utcToLocal(first!.originalStartAt!, tz), utcToLocal(last!.originalStartAt!, tz).date, tz),
      // A retried write returns the same master (Graph's idempotent create).
      transactionId: `series:${group.id}:${first!.originalStartAt!.toISOString()}`,
    });
    master = await callGraph(integration, mailbox, (c) => c.api(eventPath(mailbox)).post(body) as Promise<GraphMaster>);
    await checkRoomAnswer(place, (await db.select().from(rooms).where(eq(rooms.id, group.roomId)))[0]!, master, { integrationId: integration.id, direction: "outbound", bookingId: first!.id, mailbox });
    // Recorded before linking: a failure from here on leaves an incomplete master, finished by the next try.
    await db.insert(seriesLinks).values({
      integrationId: integration.id, groupId: group.id, mailbox, masterEventId: master.id,
      firstOriginalAt: first!.originalStartAt!, lastOriginalAt: last!.originalStartAt!,
      contentKey: contentKey(await render(first!)),
    }).onConflictDoNothing();
    [row] = await db.select({ id: seriesLinks.id }).from(seriesLinks)
      .where(and(eq(seriesLinks.integrationId, integration.id), eq(seriesLinks.masterEventId, master.id), sql`lower(${seriesLinks.mailbox}) = lower(${mailbox})`)) as [{ id: string }];
  }
  const from = existing?.firstOriginalAt ?? first!.originalStartAt!;
  const to = existing?.lastOriginalAt ?? last!.originalStartAt!;
  // Each instance's own content is compared with what the master shows for it.
  const model = first ?? (await db.select().from(bookings).where(eq(bookings.recurrenceGroupId, group.id)).orderBy(asc(bookings.originalStartAt)).limit(1))[0]!;

  const instances = await instancesAround(integration, mailbox, master.id, from, to);
  // Instances already linked (another worker finished this master meanwhile) are left as they are.
  const linked = new Set((await db.select({ eventId: eventLinks.eventId }).from(eventLinks)
    .where(and(eq(eventLinks.integrationId, integration.id), eq(eventLinks.seriesMasterId, master.id)))).map((l) => l.eventId));
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
    const fromMaster = await render({ ...model, startAt: c.originalStartAt!, endAt: new Date(c.originalStartAt!.getTime() + group.durationMinutes * 60_000) });
    const sameAsMaster = JSON.stringify(own) === JSON.stringify({ ...fromMaster, start: own.start, end: own.end })
      && graphTime(inst.start).getTime() === c.startAt.getTime() && graphTime(inst.end).getTime() === c.endAt.getTime();
    let changeKey = inst.changeKey ?? null;
    if (!sameAsMaster) {
      const ev = await callGraph(integration, mailbox, (cl) => cl.api(eventPath(mailbox, inst.id)).patch(own) as Promise<{ changeKey?: string }>);
      changeKey = ev.changeKey ?? null;
    }
    links.push({ b: c, inst, changeKey });
  }

  const joinUrl = master.onlineMeeting?.joinUrl;
  await db.transaction(async (tx) => {
    for (const l of links) {
      await tx.insert(eventLinks).values({
        integrationId: integration.id, bookingId: l.b.id, mailbox, eventId: l.inst.id, iCalUId: l.inst.iCalUId ?? master.iCalUId ?? null,
        seriesMasterId: master.id, writtenChangeKey: l.changeKey, seenChangeKey: l.changeKey, writtenVersion: l.b.version,
      }).onConflictDoNothing();
      const fields: Record<string, string> = { [integration.bookingIdField]: l.inst.id };
      if (joinUrl) fields[integration.teamsLinkField] = joinUrl;
      await setBookingCustomFields(l.b.id, fields, { db: tx, actor: "system:sync" });
    }
    await tx.update(seriesLinks).set({ complete: true }).where(eq(seriesLinks.id, row.id));
  });
  const unmatched = byOriginal.size;
  await logSync({
    integrationId: integration.id, direction: "outbound", action: "create-series", outcome: "ok", bookingId: model.id, eventId: master.id, mailbox,
    message: `${existing ? "Finished writing" : "Written as"} one Outlook series of ${links.length} occurrence(s)${removed ? `; ${removed} date(s) not booked in Roomlink removed from it` : ""}${unmatched ? `; ${unmatched} written as separate events` : ""}.`,
  });
  return new Set(links.map((l) => l.b.id));
}

/** The master's instances whose original starts lie in [from, to] (a day's margin for zones and lengths). */
function instancesAround(integration: Integration, mailbox: string, masterId: string, from: Date, to: Date): Promise<Instance[]> {
  const day = 86_400_000;
  return listInstances(integration, mailbox, masterId, new Date(from.getTime() - day), new Date(to.getTime() + 2 * day), "id,type,start,end,originalStart,changeKey,iCalUId");
}

/** Delete an event, an occurrence or a master; one already gone is fine. */
async function deleteEvent(integration: Integration, mailbox: string, id: string): Promise<void> {
  try {
    await callGraph(integration, mailbox, (c) => c.api(eventPath(mailbox, id)).delete());
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

/** Delete a master (all its occurrences leave Outlook) and forget it and its links. */
async function dropMaster(integration: Integration, mailbox: string, masterId: string, rowId?: string): Promise<void> {
  const db = await getDb();
  const mine = and(eq(eventLinks.integrationId, integration.id), eq(eventLinks.seriesMasterId, masterId), sql`lower(${eventLinks.mailbox}) = lower(${mailbox})`);
  // Each occurrence's delete notification is our echo.
  await db.update(eventLinks).set({ writtenChangeKey: DELETING }).where(mine);
  await deleteEvent(integration, mailbox, masterId);
  await db.delete(eventLinks).where(mine);
  await db.delete(seriesLinks).where(rowId ? eq(seriesLinks.id, rowId)
    : and(eq(seriesLinks.integrationId, integration.id), eq(seriesLinks.masterEventId, masterId), sql`lower(${seriesLinks.mailbox}) = lower(${mailbox})`));
}

/**
 * An occurrence of a written series leaves Outlook. When no occurrence of the master is still to be
 * shown (every linked booking cancelled, rejected or in a delete-on status), the whole master goes in
 * one call; otherwise only this instance. Returns false when the link is not part of a series.
 */
export async function removeFromSeries(integration: Integration, link: { id: string; mailbox: string; eventId: string; seriesMasterId: string | null; bookingId: string }): Promise<boolean> {
  if (!link.seriesMasterId) return false;
  const masterId = link.seriesMasterId;
  return serialised(`${integration.id}|${masterId}|${link.mailbox.toLowerCase()}`, () => removeOccurrence(integration, { ...link, seriesMasterId: masterId }));
}

async function removeOccurrence(integration: Integration, link: { id: string; mailbox: string; eventId: string; seriesMasterId: string; bookingId: string }): Promise<boolean> {
  const db = await getDb();
  // Cancelled together, the occurrences' jobs meet here: the first takes the master and every link along.
  const [current] = await db.select({ id: eventLinks.id }).from(eventLinks).where(eq(eventLinks.id, link.id));
  if (!current) return true;
  const [series] = await db.select({ id: seriesLinks.id }).from(seriesLinks)
    .where(and(eq(seriesLinks.integrationId, integration.id), eq(seriesLinks.masterEventId, link.seriesMasterId), sql`lower(${seriesLinks.mailbox}) = lower(${link.mailbox})`));
  if (!series) return false; // an Outlook-made series: its instances are not ours to delete
  const shown = await shownStatusIds(integration, false);
  const [still] = await db.select({ n: sql<number>`count(*)::int` }).from(eventLinks)
    .innerJoin(bookings, eq(bookings.id, eventLinks.bookingId))
    .where(and(
      eq(eventLinks.integrationId, integration.id), eq(eventLinks.seriesMasterId, link.seriesMasterId), sql`lower(${eventLinks.mailbox}) = lower(${link.mailbox})`,
      sql`${eventLinks.id} <> ${link.id}`, shown.length ? inArray(bookings.statusId, shown) : sql`false`,
    ));
  if (still && still.n > 0) return false;
  await dropMaster(integration, link.mailbox, link.seriesMasterId, series.id);
  await logSync({ integrationId: integration.id, direction: "outbound", action: "delete-series", outcome: "ok", bookingId: link.bookingId, eventId: link.seriesMasterId, mailbox: link.mailbox, message: "No occurrence of the series is left to show: the Outlook series was deleted." });
  return true;
}

/**
 * A change to what every shown occurrence of a written series shows (title, body, customer; an
 * "all occurrences" edit in Roomlink): one write to the master instead of one per occurrence (a change
 * of the series' times is moveSeries). Exceptions, which keep their own content, and occurrences at
 * other times are written one by one. Returns false when
 * the change is not one for the whole series (the caller writes this occurrence alone).
 */
export async function writeSeriesContent(integration: Integration, place: Placement, b: Booking, link: { id: string; seriesMasterId: string | null }): Promise<boolean> {
  if (!link.seriesMasterId) return false;
  const masterId = link.seriesMasterId;
  const db = await getDb();
  const { mailbox } = place;
  const [series] = await db.select().from(seriesLinks)
    .where(and(eq(seriesLinks.integrationId, integration.id), eq(seriesLinks.masterEventId, masterId), sql`lower(${seriesLinks.mailbox}) = lower(${mailbox})`));
  if (!series?.complete) return false;
  const bodyOf = await eventRenderer(integration, place, b.roomId);
  // Every occurrence's job of an "all occurrences" edit meets here: the first writes the series, the others find it written.
  return serialised(`${integration.id}|${masterId}|${mailbox.toLowerCase()}`, async () => {
    const [now] = await db.select({ writtenVersion: eventLinks.writtenVersion }).from(eventLinks).where(eq(eventLinks.id, link.id));
    if (!now || now.writtenVersion === b.version) return true;
    const [current] = await db.select({ contentKey: seriesLinks.contentKey }).from(seriesLinks).where(eq(seriesLinks.id, series.id));
    const wanted = contentKey(await bodyOf(b));
    if (wanted === current?.contentKey) return false; // the master already shows it: a change of this occurrence only
    const shown = await shownStatusIds(integration, false);
    const rows = await db.select({ link: eventLinks, b: bookings }).from(eventLinks).innerJoin(bookings, eq(bookings.id, eventLinks.bookingId))
      .where(and(eq(eventLinks.integrationId, integration.id), eq(eventLinks.seriesMasterId, masterId), sql`lower(${eventLinks.mailbox}) = lower(${mailbox})`,
        shown.length ? inArray(bookings.statusId, shown) : sql`false`));
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
    for (const inst of await instancesAround(integration, mailbox, masterId, series.firstOriginalAt, series.lastOriginalAt)) {
      const r = byId.get(inst.id);
      if (!r) continue;
      let changeKey = inst.changeKey ?? null;
      const moved = graphTime(inst.start).getTime() !== r.b.startAt.getTime() || graphTime(inst.end).getTime() !== r.b.endAt.getTime();
      if (inst.type === "exception" || moved) {
        const ev = await callGraph(integration, mailbox, (c) => c.api(eventPath(mailbox, inst.id)).patch(bodies.get(r.b.id)!) as Promise<{ changeKey?: string }>);
        changeKey = ev.changeKey ?? null;
        own++;
      }
      await db.update(eventLinks).set({ writtenVersion: r.b.version, writtenChangeKey: changeKey, seenChangeKey: changeKey, updatedAt: new Date() }).where(eq(eventLinks.id, r.link.id));
    }
    await logSync({
      integrationId: integration.id, direction: "outbound", action: "update-series", outcome: "ok", bookingId: b.id, eventId: masterId, mailbox,
      message: `Changed for the whole series in one write${own ? `; ${own} occurrence(s) with their own time or content written one by one` : ""}.`,
    });
    return true;
  });
}

/**
 * An "all occurrences" time change in Roomlink moves every slot of the series (their original starts
 * move with them) or gives every occurrence another length. Outlook changes a series that way in one
 * edit of the master's times and pattern,
 * and so does Roomlink: one PATCH instead of one exception per occurrence (in delegated mode, one
 * update to the invited instead of one per date). Exchange then makes fresh occurrences (new ids) and
 * drops exceptions and deleted dates, so dates Roomlink does not book are deleted again, occurrences
 * with their own time or content are patched again, and every link moves to its new instance.
 * Returns false when this occurrence's slot did not move (the caller writes the occurrence alone).
 */
export async function moveSeries(integration: Integration, place: Placement, b: Booking, link: { id: string; mailbox: string; seriesMasterId: string | null }): Promise<boolean> {
  const { mailbox } = place;
  if (!link.seriesMasterId || !b.recurrenceGroupId || !b.originalStartAt || link.mailbox.toLowerCase() !== mailbox.toLowerCase()) return false;
  const masterId = link.seriesMasterId;
  const series = await completeSeries(integration, masterId, mailbox);
  if (!series || series.groupId !== b.recurrenceGroupId) return false;
  const db = await getDb();
  return serialised(`${integration.id}|${masterId}|${mailbox.toLowerCase()}`, async () => {
    // Every occurrence's job of the edit meets here: the first moves the series, the others find their link written.
    const [now] = await db.select().from(eventLinks).where(eq(eventLinks.id, link.id));
    if (!now || now.seriesMasterId !== masterId) return false;
    if (now.writtenVersion === b.version) return true;
    let inst: Instance | null = null;
    try {
      inst = await callGraph(integration, mailbox, (c) => c.api(eventPath(mailbox, now.eventId)).select("id,type,start,end,originalStart").get() as Promise<Instance>);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    // A move cut off after the master's write (its old occurrences gone, links not yet moved) is finished.
    const resuming = !inst && now.writtenChangeKey === DELETING;
    const [group] = await db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, series.groupId));
    const [current] = await db.select().from(seriesLinks).where(eq(seriesLinks.id, series.id));
    if (!group || !current || group.roomId !== b.roomId) return false;
    // The slots moved, or (read off an occurrence that shows the master's times) the series' length changed.
    const slotMoved = !!inst?.originalStart && new Date(inst.originalStart).getTime() !== b.originalStartAt!.getTime();
    const lengthChanged = inst?.type === "occurrence" && graphTime(inst.end).getTime() - graphTime(inst.start).getTime() !== group.durationMinutes * 60_000;
    if (!resuming && !slotMoved && !lengthChanged) return false;
    const tz = group.timeZone;
    // The slots moved by whole days and to another time of day on the room's wall clock (DST-proof).
    const is = DateTime.fromJSDate(b.originalStartAt!, { zone: tz });
    const days = !slotMoved ? 0 : Math.round(is.startOf("day").diff(DateTime.fromISO(inst!.originalStart!, { zone: tz }).startOf("day"), "days").days);
    const moved = (d: Date) => DateTime.fromJSDate(d, { zone: tz }).plus({ days }).set({ hour: is.hour, minute: is.minute, second: 0, millisecond: 0 });
    const first = moved(current.firstOriginalAt);
    const last = moved(current.lastOriginalAt);

    const shown = new Set(await shownStatusIds(integration, false));
    const mine = and(eq(eventLinks.integrationId, integration.id), eq(eventLinks.seriesMasterId, masterId), sql`lower(${eventLinks.mailbox}) = lower(${mailbox})`);
    const rows = await db.select({ link: eventLinks, b: bookings }).from(eventLinks).innerJoin(bookings, eq(bookings.id, eventLinks.bookingId)).where(mine);
    const render = await eventRenderer(integration, place, group.roomId);
    const bodies = new Map<string, Record<string, unknown>>();
    for (const r of rows) if (shown.has(r.b.statusId)) bodies.set(r.b.id, await render(r.b));
    // The same title, body and customer on every shown occurrence: they go to the master with the times.
    const keys = new Set([...bodies.values()].map(contentKey));
    const sameContent = keys.size === 1 ? [...bodies.values()][0]! : null;
    const masterKey = sameContent ? contentKey(sameContent) : current.contentKey;
    const newContent = sameContent && masterKey !== current.contentKey ? sameContent : null;

    // Recorded before the write: the master's notification must not read our move as a series moved
    // in Outlook, nor the old occurrences leaving as dates deleted there.
    await db.update(seriesLinks).set({ firstOriginalAt: first.toJSDate(), lastOriginalAt: last.toJSDate(), contentKey: masterKey }).where(eq(seriesLinks.id, current.id));
    await db.update(eventLinks).set({ writtenChangeKey: DELETING }).where(mine);
    const local = (d: DateTime) => ({ dateTime: d.toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: tz });
    const { start: _s, end: _e, ...content } = newContent ?? {};
    const master = await callGraph(integration, mailbox, (c) => c.api(eventPath(mailbox, masterId)).patch({
      ...content,
      start: local(first), end: local(first.plus({ minutes: group.durationMinutes })),
      recurrence: ruleToRecurrence(group.rule, utcToLocal(first.toJSDate(), tz), last.toISODate()!, tz),
    }) as Promise<GraphWritten>);
    await checkRoomAnswer(place, (await db.select().from(rooms).where(eq(rooms.id, group.roomId)))[0]!, master, { integrationId: integration.id, direction: "outbound", bookingId: b.id, mailbox });

    const byOriginal = new Map(rows.filter((r) => bodies.has(r.b.id) && r.b.originalStartAt).map((r) => [r.b.originalStartAt!.getTime(), r]));
    const relinked: { linkId: string; bookingId: string; version: number; eventId: string; changeKey: string | null }[] = [];
    let removed = 0;
    let own = 0;
    for (const i of await instancesAround(integration, mailbox, masterId, first.toJSDate(), last.toJSDate())) {
      const original = instanceOriginal(i);
      const r = byOriginal.get(original);
      if (!r) {
        // A date Roomlink does not book: deleted again, as Exchange restored it.
        await deleteEvent(integration, mailbox, i.id);
        removed++;
        continue;
      }
      const body = bodies.get(r.b.id)!;
      let changeKey = i.changeKey ?? null;
      const asMaster = contentKey(body) === masterKey && graphTime(i.start).getTime() === r.b.startAt.getTime() && graphTime(i.end).getTime() === r.b.endAt.getTime();
      if (!asMaster) {
        try {
          changeKey = (await callGraph(integration, mailbox, (cl) => cl.api(eventPath(mailbox, i.id)).patch(body) as Promise<{ changeKey?: string }>)).changeKey ?? null;
        } catch (e) {
          // Its own time now reaches a neighbour's day: left to be written as an event of its own.
          if (e instanceof GraphRequestError && e.graphCode === "ErrorOccurrenceCrossingBoundary") continue;
          throw e;
        }
        own++;
      }
      byOriginal.delete(original);
      relinked.push({ linkId: r.link.id, bookingId: r.b.id, version: r.b.version, eventId: i.id, changeKey });
    }
    // Occurrences no instance took (a slot of their own, a time Exchange refuses) become events of their own.
    const single = rows.filter((r) => !relinked.some((x) => x.linkId === r.link.id));
    await db.transaction(async (tx) => {
      for (const x of relinked) {
        await tx.update(eventLinks).set({ eventId: x.eventId, writtenChangeKey: x.changeKey, seenChangeKey: x.changeKey, writtenVersion: x.version, updatedAt: new Date() })
          .where(eq(eventLinks.id, x.linkId));
        await setBookingCustomFields(x.bookingId, { [integration.bookingIdField]: x.eventId }, { db: tx, actor: "system:sync" });
      }
      if (single.length) await tx.delete(eventLinks).where(inArray(eventLinks.id, single.map((r) => r.link.id)));
    });
    const separate = single.filter((r) => bodies.has(r.b.id)).map((r) => r.b.id);
    if (separate.length) await enqueueOutbound(separate, undefined, integration.id);
    await logSync({
      integrationId: integration.id, direction: "outbound", action: "update-series", outcome: "ok", bookingId: b.id, eventId: masterId, mailbox,
      message: `The whole series was rescheduled: one change to the Outlook series' times${newContent ? " and content" : ""}`
        + `${removed ? `; ${removed} date(s) not booked in Roomlink removed again` : ""}`
        + `${own ? `; ${own} occurrence(s) with their own time or content written one by one` : ""}`
        + `${separate.length ? `; ${separate.length} written as separate events` : ""}.`,
    });
    return true;
  });
}

type LinkRef = { id: string; mailbox: string; eventId: string; seriesMasterId: string | null; bookingId: string };

async function completeSeries(integration: Integration, masterId: string, mailbox: string): Promise<SeriesLink | undefined> {
  const db = await getDb();
  const [series] = await db.select().from(seriesLinks)
    .where(and(eq(seriesLinks.integrationId, integration.id), eq(seriesLinks.masterEventId, masterId), sql`lower(${seriesLinks.mailbox}) = lower(${mailbox})`));
  return series?.complete ? series : undefined;
}

/**
 * A series Roomlink wrote was moved or given another pattern in Outlook (Exchange then makes new
 * occurrences and drops the old ones). Its bookings are Roomlink's: they are kept, and the series is
 * written again as booked, replacing the changed one.
 */
async function rewriteSeries(integration: Integration, series: SeriesLink): Promise<void> {
  const db = await getDb();
  const bookingIds = (await db.select({ bookingId: eventLinks.bookingId }).from(eventLinks)
    .where(and(eq(eventLinks.integrationId, integration.id), eq(eventLinks.seriesMasterId, series.masterEventId), sql`lower(${eventLinks.mailbox}) = lower(${series.mailbox})`)))
    .map((l) => l.bookingId);
  await dropMaster(integration, series.mailbox, series.masterEventId, series.id);
  await enqueueOutbound(bookingIds, undefined, integration.id);
  await logSync({
    integrationId: integration.id, direction: "inbound", action: "series-changed", outcome: "rejected", bookingId: bookingIds[0] ?? null, eventId: series.masterEventId, mailbox: series.mailbox,
    message: "The series Roomlink wrote was moved or given another pattern in Outlook. Its bookings are kept and the series is written again as booked: change Roomlink bookings in Roomlink.",
  });
}

/**
 * Graph notifies a series' master for any change to it. For a series Roomlink wrote, a master whose
 * times or pattern are no longer what Roomlink wrote was changed in Outlook: written again (see
 * rewriteSeries). Returns true when it was.
 */
export async function rewriteIfChangedInOutlook(integration: Integration, mailbox: string, ev: { id: string; start?: GraphDateTime; recurrence?: GraphRecurrence | null }): Promise<boolean> {
  const series = await completeSeries(integration, ev.id, mailbox);
  if (!series || !ev.start) return false;
  const db = await getDb();
  const [group] = await db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, series.groupId));
  if (!group) return false;
  const wrote = ruleToRecurrence(group.rule, utcToLocal(series.firstOriginalAt, group.timeZone), utcToLocal(series.lastOriginalAt, group.timeZone).date, group.timeZone);
  // Start and pattern only: Roomlink's own "all occurrences" edits change its instances, never these.
  const same = graphTime(ev.start).getTime() === series.firstOriginalAt.getTime()
    && ev.recurrence?.pattern.type === wrote.pattern.type && (ev.recurrence.pattern.interval ?? 1) === wrote.pattern.interval
    && ev.recurrence.range.endDate === wrote.range.endDate;
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
  const others = (await db.select({ eventId: eventLinks.eventId }).from(eventLinks)
    .where(and(eq(eventLinks.integrationId, integration.id), eq(eventLinks.seriesMasterId, masterId), sql`lower(${eventLinks.mailbox}) = lower(${link.mailbox})`)))
    .filter((l) => l.eventId !== link.eventId);
  if (!others.length) return false;
  let current: Set<string>;
  try {
    const day = 86_400_000;
    current = new Set((await instancesAround(integration, link.mailbox, masterId, new Date(series.firstOriginalAt.getTime() - 7 * day), new Date(series.lastOriginalAt.getTime() + 7 * day))).map((i) => i.id));
  } catch (e) {
    if (isNotFound(e)) return false; // the whole series was deleted in Outlook: its bookings are cancelled
    throw e;
  }
  if (others.some((o) => current.has(o.eventId))) return false;
  await rewriteSeries(integration, series);
  return true;
}
