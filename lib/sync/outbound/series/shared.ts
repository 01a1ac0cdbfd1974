// What the outbound series steps share: our rule as Graph's recurrence, an event's content key, one
// series write at a time per master, the statuses Outlook shows, rendering a booking's event, and
// reading, deleting and dropping a master's instances. The steps: write.ts, move.ts, content.ts, remove.ts;
// a series changed in Outlook is written again by lib/sync/inbound/series/repair.ts.
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  bookingStatuses,
  customers,
  eventLinks,
  rooms,
  seriesLinks,
  templates,
  type Booking,
  type Customer,
  type Integration,
  type RecurrenceRule,
  type SeriesLink,
} from "@/db/schema";
import { bookingToEvent } from "@/lib/sync/outbound/booking-to-event";
import { callGraph, isNotFound } from "@/lib/sync/graph-access";
import type { Placement } from "@/lib/sync/outbound/targets";
import { DELETING, eventPath } from "@/lib/sync/paths";
import type { GraphRecurrence } from "@/lib/graph/types";
import { listInstances, type Instance } from "@/lib/sync/instances";
import { sameMailbox } from "@/lib/sync/mailbox";

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const INDEX_NAMES: Record<number, string> = { 1: "first", 2: "second", 3: "third", 4: "fourth", [-1]: "last" };

/**
 * Our rule as Graph's patterned recurrence over [first, last] (local dates in `timeZone`). The range
 * always ends on the last date Roomlink booked: a series cut off at its lookahead ends there in
 * Outlook too, and a count is replaced by the date it reaches.
 */
export function ruleToRecurrence(
  rule: RecurrenceRule,
  first: { date: string; weekday: number },
  lastDate: string,
  timeZone: string,
): GraphRecurrence & { range: { recurrenceTimeZone: string } } {
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
      ? {
          type: yearly ? "relativeYearly" : "relativeMonthly",
          interval,
          ...month,
          daysOfWeek: (rule.monthWeek.anyOf?.length
            ? [...new Set(rule.monthWeek.anyOf)].sort()
            : [rule.monthWeek.weekday]
          ).map(day),
          index: INDEX_NAMES[rule.monthWeek.index],
        }
      : { type: yearly ? "absoluteYearly" : "absoluteMonthly", interval, ...month, dayOfMonth: rule.monthDay };
  }
  return {
    pattern,
    range: { type: "endDate", startDate: first.date, endDate: lastDate, recurrenceTimeZone: timeZone },
  };
}

/** What an event shows apart from its times: equal keys, equal content. */
export function contentKey(body: Record<string, unknown>): string {
  const { start: _s, end: _e, ...rest } = body;
  return JSON.stringify(rest);
}

/** One series write at a time per integration, group and mailbox in this process (occurrence jobs run 4 at once). */
const running = new Map<string, Promise<unknown>>();
export async function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
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
export async function shownStatusIds(integration: Integration, forCreate: boolean): Promise<string[]> {
  const db = await getDb();
  const all = await db.select().from(bookingStatuses);
  return all
    .filter(
      (s) =>
        (!forCreate || integration.createOnStatusIds.includes(s.id)) &&
        !s.isCancelled &&
        !s.isRejected &&
        !integration.deleteOnStatusIds.includes(s.id),
    )
    .map((s) => s.id);
}

/**
 * What Roomlink writes for a booking of `roomId` in this integration's calendar (bookingToEvent with
 * the room, template and customers loaded once): `create` adds our id, transactionId and Teams request.
 */
export async function eventRenderer(
  integration: Integration,
  place: Placement,
  roomId: string,
): Promise<(b: Booking, create?: boolean) => Promise<Record<string, unknown>>> {
  const db = await getDb();
  const [room] = await db.select().from(rooms).where(eq(rooms.id, roomId));
  const [template] = integration.templateId
    ? await db.select().from(templates).where(eq(templates.id, integration.templateId))
    : [];
  const known = new Map<string, Customer | null>();
  const customerOf = async (id: string | null) => {
    if (!id) return null;
    if (!known.has(id)) known.set(id, (await db.select().from(customers).where(eq(customers.id, id)))[0] ?? null);
    return known.get(id)!;
  };
  const statuses = new Map((await db.select().from(bookingStatuses)).map((s) => [s.id, s]));
  const target = place.roomAddress === undefined ? undefined : { address: place.roomAddress ?? null };
  return async (b, create = false) =>
    bookingToEvent(integration, b, room!, template ?? null, await customerOf(b.customerId), {
      status: statuses.get(b.statusId) ?? null,
      create,
      room: target,
    });
}

/** The master's instances whose original starts lie in [from, to] (a day's margin for zones and lengths). */
export function instancesAround(
  integration: Integration,
  mailbox: string,
  masterId: string,
  from: Date,
  to: Date,
): Promise<Instance[]> {
  const day = 86_400_000;
  return listInstances(
    integration,
    mailbox,
    masterId,
    new Date(from.getTime() - day),
    new Date(to.getTime() + 2 * day),
    "id,type,start,end,originalStart,changeKey,iCalUId",
  );
}

/** Delete an event, an occurrence or a master; one already gone is fine. */
export async function deleteEvent(integration: Integration, mailbox: string, id: string): Promise<void> {
  try {
    await callGraph(integration, mailbox, (c) => c.api(eventPath(mailbox, id)).delete());
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

/** Delete a master (all its occurrences leave Outlook) and forget it and its links. */
export async function dropMaster(
  integration: Integration,
  mailbox: string,
  masterId: string,
  rowId?: string,
): Promise<void> {
  const db = await getDb();
  const mine = and(
    eq(eventLinks.integrationId, integration.id),
    eq(eventLinks.seriesMasterId, masterId),
    sameMailbox(eventLinks.mailbox, mailbox),
  );
  // Each occurrence's delete notification is our echo.
  await db.update(eventLinks).set({ writtenChangeKey: DELETING }).where(mine);
  await deleteEvent(integration, mailbox, masterId);
  await db.delete(eventLinks).where(mine);
  await db
    .delete(seriesLinks)
    .where(
      rowId
        ? eq(seriesLinks.id, rowId)
        : and(
            eq(seriesLinks.integrationId, integration.id),
            eq(seriesLinks.masterEventId, masterId),
            sameMailbox(seriesLinks.mailbox, mailbox),
          ),
    );
}

export type LinkRef = {
  id: string;
  mailbox: string;
  eventId: string;
  seriesMasterId: string | null;
  bookingId: string;
};

/** The complete series Roomlink wrote as this master in this mailbox, if any. */
export async function completeSeries(
  integration: Integration,
  masterId: string,
  mailbox: string,
): Promise<SeriesLink | undefined> {
  const db = await getDb();
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
  return series?.complete ? series : undefined;
}
