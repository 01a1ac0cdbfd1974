// lib/sync/inbound/series/ — recurring Outlook meetings → booking groups: occurrences (this file),
// whole-series edits (edit.ts), pattern changes (pattern.ts), masters read again for delta (delta.ts)
// and re-writing a series changed in Outlook (repair.ts).
// Recurring Outlook meetings: the master's recurrence → a booking group's rule (expanded in the
// series' own zone, see seriesZone), the master's instances applied to the occurrence bookings
// (missing or cancelled ones cancelled, moved ones moved, matched by original start), and a deleted
// series cancelled. Lock statuses hold per occurrence; the past is history.
import { and, asc, eq, gt } from "drizzle-orm";
import { DateTime } from "luxon";
import { getDb } from "@/db/client";
import {
  bookings,
  bookingStatuses,
  recurrenceGroups,
  type Booking,
  type Integration,
  type RecurrenceRule,
  type SyncLogParams,
} from "@/db/schema";
import { isAllDayBooking } from "@/lib/bookings/policies";
import { cancelBooking, isBookingError, updateBooking } from "@/lib/bookings/service";
import { utcToLocal } from "@/lib/bookings/time";
import { allDayRange, seriesZone, type GraphEvent } from "@/lib/sync/inbound/event-to-booking";
import { graphTime } from "@/lib/graph/time";
import { allDayOriginalDate, instanceOriginal, listInstances, type Instance } from "@/lib/sync/instances";
import type { SyncLogCode } from "@/lib/i18n/sync-log";
import { logSync, refusalOf } from "@/lib/sync/sync-log";
import { deleteLocked, updateBlocked } from "@/lib/sync/inbound/update-rules";

import type { GraphRecurrence } from "@/lib/graph/types";

export type { GraphRecurrence } from "@/lib/graph/types";

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const INDEX: Record<string, 1 | 2 | 3 | 4 | -1> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };

/**
 * Graph's patterned recurrence as our rule, or null when Roomlink cannot book it: see
 * unsupportedRecurrence for which patterns those are and why.
 */
export function recurrenceToRule(r: GraphRecurrence): RecurrenceRule | null {
  const p = r.pattern;
  const interval = Math.max(1, p.interval ?? 1);
  const weekdays = (p.daysOfWeek ?? []).map((d) => DAYS.indexOf(d.toLowerCase()) + 1).filter((d) => d > 0);
  let rule: RecurrenceRule;
  if (p.type === "daily") rule = { frequency: "daily", interval };
  else if (p.type === "weekly") rule = { frequency: "weekly", interval, weekdays };
  else if (p.type === "absoluteMonthly") rule = { frequency: "monthly", interval, monthDay: p.dayOfMonth };
  else if (p.type === "relativeMonthly" && weekdays[0])
    rule = { frequency: "monthly", interval, monthWeek: monthWeek(p.index, weekdays) };
  else if (p.type === "absoluteYearly" && validMonth(p.month) && p.dayOfMonth)
    rule = { frequency: "yearly", interval, month: p.month, monthDay: p.dayOfMonth };
  else if (p.type === "relativeYearly" && validMonth(p.month) && weekdays[0])
    rule = { frequency: "yearly", interval, month: p.month, monthWeek: monthWeek(p.index, weekdays) };
  else return null;
  if (r.range.type === "endDate" && r.range.endDate) rule.until = r.range.endDate;
  if (r.range.type === "numbered" && r.range.numberOfOccurrences) rule.count = r.range.numberOfOccurrences;
  return rule;
}

/** "The first Monday", or with several days ("the first weekday of the month") the first day that is any of them. */
function monthWeek(index: string | undefined, weekdays: number[]): NonNullable<RecurrenceRule["monthWeek"]> {
  const days = [...new Set(weekdays)].sort();
  return { index: INDEX[index ?? "first"] ?? 1, weekday: days[0]!, ...(days.length > 1 && { anyOf: days }) };
}

export const validMonth = (m: number | undefined): m is number => Number.isInteger(m) && m! >= 1 && m! <= 12;

/** Why recurrenceToRule gave null, as a sync-log code and params. */
export function unsupportedRecurrence(r: GraphRecurrence | null | undefined): {
  code: SyncLogCode;
  params: SyncLogParams;
} {
  const p = r?.pattern;
  if (!p) return { code: "no_pattern", params: {} };
  return { code: "unsupported_pattern", params: { pattern: p.type || "unknown" } };
}

const SYNC = { actor: "system:sync", source: "outlook" } as const;

/**
 * The group's occurrences Outlook can still change: not cancelled or rejected, not yet ended.
 * Meetings that took place stay as they were (seed 003: only the future syncs).
 */
export async function openOccurrences(groupId: string, now = new Date()): Promise<Booking[]> {
  const db = await getDb();
  const rows = await db
    .select({ b: bookings })
    .from(bookings)
    .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
    .where(
      and(
        eq(bookings.recurrenceGroupId, groupId),
        eq(bookingStatuses.isCancelled, false),
        eq(bookingStatuses.isRejected, false),
        gt(bookings.endAt, now),
      ),
    )
    .orderBy(asc(bookings.startAt));
  return rows.map((r) => r.b);
}

const originalOf = (b: Booking) => (b.originalStartAt ?? b.startAt).getTime();

/**
 * How Outlook's instances meet a group's bookings. Timed: by original start instant. All-day: by the
 * original date (see allDayOriginalDate), the times being the room's local days of the instance.
 */
export function instanceMatcher(allDay: boolean, seriesTz: string, roomDays: string) {
  return {
    keyOfInstance: (i: Instance): string => (allDay ? allDayOriginalDate(i, seriesTz) : String(instanceOriginal(i))),
    keyOfBooking: (b: Booking): string =>
      allDay ? utcToLocal(new Date(originalOf(b)), roomDays).date : String(originalOf(b)),
    timesOf: (i: Instance): { startAt: Date; endAt: Date } =>
      allDay ? allDayRange(i.start, i.end, roomDays) : { startAt: graphTime(i.start), endAt: graphTime(i.end) },
    /** Where the pattern puts the instance, as a booking's originalStartAt. */
    originalAt: (i: Instance): Date =>
      allDay
        ? DateTime.fromISO(allDayOriginalDate(i, seriesTz), { zone: roomDays }).startOf("day").toJSDate()
        : new Date(instanceOriginal(i)),
  };
}

/**
 * Make the group's open occurrences follow the master's instances: an occurrence Graph no longer
 * lists, or lists as cancelled (a cancelled occurrence stays on a room's calendar with isCancelled,
 * Set-CalendarProcessing RemoveCanceledMeetings $false), was cancelled (unless its status locks it
 * against that); an exception (moved occurrence, matched by originalStart; all-day ones by original
 * date) moves its booking when updates are allowed and the rules let it.
 */
export async function applySeriesOccurrences(
  integration: Integration,
  mailbox: string,
  master: Pick<GraphEvent, "id" | "recurrence" | "originalStartTimeZone" | "start">,
  groupId: string,
): Promise<number> {
  const rows = await openOccurrences(groupId);
  if (!rows.length) return 0;
  const db = await getDb();
  const [group] = await db
    .select({ timeZone: recurrenceGroups.timeZone })
    .from(recurrenceGroups)
    .where(eq(recurrenceGroups.id, groupId));
  const roomDays = group?.timeZone ?? "UTC";
  const allDay = rows.some(isAllDayBooking);
  const zone = seriesZone(master, roomDays);
  const from = new Date(Math.min(...rows.map(originalOf)) - 24 * 3600_000);
  const to = new Date(Math.max(...rows.map(originalOf)) + 2 * 24 * 3600_000);
  const instances = (await listInstances(integration, mailbox, master.id, from, to)).filter((i) => !i.isCancelled);
  const m = instanceMatcher(allDay, zone, roomDays);
  const byOriginal = new Map(instances.map((i) => [m.keyOfInstance(i), i]));
  const base = { integrationId: integration.id, direction: "inbound" as const, mailbox, eventId: master.id };
  let changed = 0;
  for (const b of rows) {
    const inst = byOriginal.get(m.keyOfBooking(b));
    const ctx = { ...base, bookingId: b.id };
    if (!inst) {
      if (deleteLocked(integration, b.statusId)) {
        await logSync({ ...ctx, action: "cancel-occurrence", outcome: "skipped", code: "delete_locked" });
        continue;
      }
      await cancelBooking({ id: b.id, scope: "single" }, SYNC);
      await logSync({ ...ctx, action: "cancel-occurrence", outcome: "ok" });
      changed++;
      continue;
    }
    const { startAt, endAt } = m.timesOf(inst);
    if (b.startAt.getTime() === startAt.getTime() && b.endAt.getTime() === endAt.getTime()) continue;
    const blocked = updateBlocked(integration, b.statusId);
    if (blocked) {
      await logSync({ ...ctx, action: "update-occurrence", outcome: "skipped", code: blocked.log });
      continue;
    }
    try {
      await updateBooking(
        { id: b.id, scope: "single", patch: { startAt, endAt } },
        { ...SYNC, skipValidation: integration.ignoreValidationOnUpdate },
      );
      await logSync({ ...ctx, action: "update-occurrence", outcome: "ok" });
      changed++;
    } catch (e) {
      if (!isBookingError(e)) throw e;
      await logSync({
        ...ctx,
        action: "update-occurrence",
        outcome: "rejected",
        code: "refused_time_kept",
        params: { reason: refusalOf(e) },
      });
    }
  }
  return changed;
}

/**
 * The series was deleted in Outlook: cancel its open occurrences in one transaction, except those
 * whose status locks them against cancellation from Outlook.
 */
export async function cancelSeries(
  integration: Integration,
  groupId: string,
): Promise<{ cancelled: number; kept: number }> {
  const rows = await openOccurrences(groupId);
  const cancel = rows.filter((b) => !deleteLocked(integration, b.statusId));
  const db = await getDb();
  await db.transaction(async (tx) => {
    for (const b of cancel) await cancelBooking({ id: b.id, scope: "single" }, { ...SYNC, db: tx });
  });
  return { cancelled: cancel.length, kept: rows.length - cancel.length };
}
