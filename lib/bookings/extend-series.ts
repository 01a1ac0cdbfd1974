// Materialises more occurrences of a series that was cut off: open-ended ones up to 180 days
// ahead of today (yearly: a year per interval plus a week; a rolling window), capped ones by their
// next 150. Meant for a daily job.
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { DateTime } from "luxon";
import { bookingStatuses, bookings, recurrenceGroups, type Booking } from "@/db/schema";
import { isAllDayBooking } from "./policies";
import { expandRecurrence, lookaheadDays, type Truncation } from "./recurrence";
import { utcToLocal } from "./time";
import { truncationColumns } from "./truncation";
import {
  actorName,
  lockRoom,
  loadStatus,
  recordWrites,
  resolveDb,
  validateSlots,
  type WriteOptions,
} from "./write-support";

export interface ExtendResult {
  created: Booking[];
  /** Whether the occurrences created by this run were cut off again (null when none were created). */
  truncated: Truncation | null;
}

/**
 * New occurrences continue the series' numbering and copy its latest active occurrence's
 * details. Validated like a new series (a clash refuses the whole extension, naming the dates)
 * unless `skipValidation`. A series that is complete or fully cancelled is left alone.
 */
export async function extendSeries(groupId: string, opts: WriteOptions): Promise<ExtendResult> {
  const db = await resolveDb(opts);
  return db.transaction(async (tx) => {
    // Room first, then the group row: the same order as series edits, which also rewrite the group.
    const [peek] = await tx
      .select({ roomId: recurrenceGroups.roomId })
      .from(recurrenceGroups)
      .where(eq(recurrenceGroups.id, groupId));
    if (!peek) return { created: [], truncated: null };
    const ctx = await lockRoom(tx, peek.roomId);
    const [group] = await tx.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, groupId)).for("update");
    if (!group?.truncatedAt || group.roomId !== peek.roomId) return { created: [], truncated: null };
    const [last] = await tx
      .select()
      .from(bookings)
      .where(eq(bookings.recurrenceGroupId, groupId))
      .orderBy(desc(bookings.occurrenceIndex))
      .limit(1);
    const [model] = await tx
      .select({ b: bookings })
      .from(bookings)
      .innerJoin(bookingStatuses, eq(bookings.statusId, bookingStatuses.id))
      .where(and(eq(bookings.recurrenceGroupId, groupId), eq(bookingStatuses.isCancelled, false)))
      .orderBy(desc(bookings.occurrenceIndex))
      .limit(1);
    if (!last || !model) return { created: [], truncated: null };

    const rule = group.rule;
    const startTime = group.firstStartLocal.slice(11, 16);
    // The group's zone is the rule's (an Outlook series keeps its own); all-day series are whole room days.
    const allDay = isAllDayBooking(model.b);
    const base = { startTime, durationMinutes: group.durationMinutes, timeZone: group.timeZone, allDay };
    // The last materialised date is itself an occurrence, so expanding from it keeps the
    // pattern's phase (every other week, nth weekday); its second result is the next date.
    const lastDate = utcToLocal(last.originalStartAt ?? last.startAt, group.timeZone).date;
    const next = expandRecurrence({ ...base, rule: { ...rule, until: undefined, count: 2 }, firstDate: lastDate })
      .occurrences[1];
    const done = last.occurrenceIndex ?? 0;
    const remaining = rule.count !== undefined ? rule.count - (done + 1) : undefined;
    const openEnded = rule.until === undefined && rule.count === undefined;
    const horizon = DateTime.fromJSDate(opts.now ?? new Date(), { zone: group.timeZone })
      .plus({ days: lookaheadDays(rule) })
      .toISODate()!;
    const finished =
      !next || (remaining !== undefined && remaining <= 0) || (rule.until !== undefined && next.localDate > rule.until);
    if (finished || (openEnded && next.localDate > horizon)) {
      if (finished)
        await tx
          .update(recurrenceGroups)
          .set({ truncatedAt: null, ...truncationColumns(null), updatedAt: new Date() })
          .where(eq(recurrenceGroups.id, groupId));
      return { created: [], truncated: null };
    }
    const { occurrences, truncated } = expandRecurrence({
      ...base,
      rule: { ...rule, ...(remaining !== undefined && { count: remaining }) },
      firstDate: next.localDate,
      lookaheadUntil: horizon,
    });

    const status = await loadStatus(tx, model.b.statusId);
    const flags = await validateSlots(tx, {
      ctx,
      status,
      opts,
      timingChanged: true,
      excludeIds: [],
      slots: occurrences.map((o) => ({
        startAt: o.startAt,
        endAt: o.endAt,
        attendeeCount: model.b.attendeeCount,
        allDay,
      })),
    });
    const m = model.b;
    const rows = await tx
      .insert(bookings)
      .values(
        occurrences.map((o, i) => ({
          roomId: group.roomId,
          startAt: o.startAt,
          endAt: o.endAt,
          title: m.title,
          statusId: m.statusId,
          customerId: m.customerId,
          organizerEmail: m.organizerEmail,
          attendeeCount: m.attendeeCount,
          notes: m.notes,
          // Per-occurrence sync fields (the Outlook occurrence id) belong to the old rows only.
          customFields: {},
          recurrenceGroupId: groupId,
          occurrenceIndex: done + 1 + i,
          originalStartAt: o.startAt,
          source: m.source,
          flags: [...new Set([...m.flags.filter((f) => !f.startsWith("validation:")), ...flags])],
          createdBy: actorName(opts.actor),
        })),
      )
      .returning();
    await tx
      .update(recurrenceGroups)
      .set({
        truncatedAt: truncated?.truncatedAt ?? null,
        ...truncationColumns(truncated?.note ?? null),
        updatedAt: new Date(),
      })
      .where(eq(recurrenceGroups.id, groupId));
    await recordWrites(
      tx,
      "created",
      rows.map((after) => ({ before: null, after })),
      opts,
    );
    return { created: rows.sort((a, b) => a.startAt.getTime() - b.startAt.getTime()), truncated };
  });
}

export interface ExtendAllResult {
  groups: number;
  created: number;
  /** Series whose extension was refused (a clash or a policy): named for the log and diagnostics. */
  refused: { groupId: string; message: string }[];
}

/** The nightly pass: every series still cut off gets its next occurrences; one refusal does not stop the rest. */
export async function extendAllSeries(opts: WriteOptions): Promise<ExtendAllResult> {
  const db = await resolveDb(opts);
  const groups = await db
    .select({ id: recurrenceGroups.id })
    .from(recurrenceGroups)
    .where(isNotNull(recurrenceGroups.truncatedAt));
  const result: ExtendAllResult = { groups: groups.length, created: 0, refused: [] };
  for (const g of groups) {
    try {
      result.created += (await extendSeries(g.id, opts)).created.length;
    } catch (err) {
      result.refused.push({ groupId: g.id, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}
