// A series whose pattern changed in Outlook (other weekdays, more occurrences, a later end): the new
// dates Outlook lists become occurrences of the booking group, validated together, and the group
// takes the new pattern. Dates the new pattern drops are cancelled afterwards by
// applySeriesOccurrences, as any occurrence Outlook no longer lists; cancelled ones stay cancelled.
import { and, eq, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { getDb } from "@/db/client";
import { bookings, bookingStatuses, recurrenceGroups, type Integration, type RecurrenceRule } from "@/db/schema";
import { addOccurrences } from "@/lib/bookings/add-occurrences";
import { lookaheadDays, MAX_OCCURRENCES } from "@/lib/bookings/recurrence";
import { capAheadNote, openEndedNote } from "@/lib/bookings/truncation";
import { isBookingError } from "@/lib/bookings/service";
import { isAllDayBooking } from "@/lib/bookings/policies";
import { seriesZone, type GraphEvent } from "@/lib/sync/inbound/event-to-booking";
import { instanceMatcher, recurrenceToRule } from "./occurrences";
import { listInstances } from "@/lib/sync/instances";
import { logSync, refusalOf } from "@/lib/sync/sync-log";
import { updateBlocked } from "@/lib/sync/inbound/update-rules";

export type PatternEdit =
  | { kind: "same" }
  | { kind: "changed"; added: number }
  | { kind: "refused"; outcome: "skipped" | "rejected"; reason: string };

/** Equal patterns: the same rule fields, whatever their order or absent ones. */
export function sameRule(a: RecurrenceRule, b: RecurrenceRule): boolean {
  const norm = (r: RecurrenceRule) =>
    JSON.stringify(
      Object.entries({ ...r, weekdays: r.weekdays?.length ? [...new Set(r.weekdays)].sort() : undefined })
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(([x], [y]) => x.localeCompare(y)),
    );
  return norm(a) === norm(b);
}

export async function applySeriesPattern(
  integration: Integration,
  mailbox: string,
  master: GraphEvent,
  groupId: string,
  now = new Date(),
): Promise<PatternEdit> {
  const rule = master.recurrence ? recurrenceToRule(master.recurrence) : null;
  const db = await getDb();
  const [g] = await db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, groupId));
  if (!rule || !g || sameRule(rule, g.rule)) return { kind: "same" };
  const rows = await db
    .select({ b: bookings, cancelled: bookingStatuses.isCancelled })
    .from(bookings)
    .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
    .where(eq(bookings.recurrenceGroupId, groupId));
  const active = rows.filter((r) => !r.cancelled).map((r) => r.b);
  const base = {
    integrationId: integration.id,
    direction: "inbound" as const,
    mailbox,
    eventId: master.id,
    bookingId: active[0]?.id ?? rows[0]?.b.id,
  };
  const blocked = active.map((b) => updateBlocked(integration, b.statusId)).find(Boolean);
  if (blocked) {
    await logSync({ ...base, action: "update-series", outcome: "skipped", code: blocked.log });
    return { kind: "refused", outcome: "skipped", reason: blocked.organizer };
  }

  // Outlook's own dates from now to the series' end, or the lookahead for an open-ended one.
  const ahead = lookaheadDays(rule);
  const lookahead = DateTime.fromJSDate(now, { zone: g.timeZone }).plus({ days: ahead }).endOf("day");
  const end = rule.until
    ? DateTime.fromISO(rule.until, { zone: g.timeZone }).endOf("day")
    : rule.count
      ? DateTime.fromJSDate(now).plus({ years: 3 })
      : lookahead;
  // Dates Roomlink already holds for this series: in the group, or split off into another group of
  // the room by a "this and following" edit in Roomlink (those keep the series id in their fields).
  const split = await db
    .select({ b: bookings })
    .from(bookings)
    .where(
      and(eq(bookings.roomId, g.roomId), sql`${bookings.customFields}->>${integration.bookingIdField} = ${master.id}`),
    );
  // Matched as applySeriesOccurrences matches them (all-day: by date); cancelled instances are no new dates.
  const m = instanceMatcher(
    rows.some((r) => isAllDayBooking(r.b)),
    seriesZone(master, g.timeZone),
    g.timeZone,
  );
  const known = new Set([...rows.map((r) => r.b), ...split.map((r) => r.b)].map(m.keyOfBooking));
  const fresh = (await listInstances(integration, mailbox, master.id, now, end.toJSDate()))
    .filter((i) => !i.isCancelled && m.timesOf(i).startAt >= now && !known.has(m.keyOfInstance(i)))
    .sort((a, b) => m.originalAt(a).getTime() - m.originalAt(b).getTime());
  // At most 150 open occurrences ahead, as when a series is booked; the nightly job extends it.
  const room = Math.max(0, MAX_OCCURRENCES - active.filter((b) => b.startAt >= now).length);
  const take = fresh.slice(0, room);
  const cut = fresh.length > take.length ? "cap" : !rule.until && !rule.count ? "open" : null;
  const lastEnd = take.length ? m.timesOf(take[take.length - 1]!).endAt : g.truncatedAt;
  const truncation =
    cut && lastEnd
      ? {
          truncatedAt: lastEnd,
          note:
            cut === "cap"
              ? capAheadNote(MAX_OCCURRENCES, lastEnd.toISOString().slice(0, 10))
              : openEndedNote(ahead, lookahead.toFormat("yyyy-MM-dd"), false),
        }
      : null;
  try {
    const added = await addOccurrences(
      {
        groupId,
        rule,
        truncation,
        customFields: { [integration.bookingIdField]: master.id },
        occurrences: take.map((i) => ({ ...m.timesOf(i), originalStartAt: m.originalAt(i) })),
      },
      { actor: "system:sync", source: "outlook", skipValidation: integration.ignoreValidationOnUpdate },
    );
    await logSync({
      ...base,
      action: "update-series",
      outcome: "ok",
      code: "pattern_added",
      params: { count: added.length },
    });
    return { kind: "changed", added: added.length };
  } catch (e) {
    if (!isBookingError(e)) throw e;
    await logSync({
      ...base,
      action: "update-series",
      outcome: "rejected",
      code: "pattern_refused",
      params: { reason: refusalOf(e) },
    });
    return { kind: "refused", outcome: "rejected", reason: e.message };
  }
}
