// Editing a booking or a series (single occurrence -> exception, this-and-following -> split into
// a new series, all). Optimistic version check, validation, audit and hooks in one transaction.
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Tx } from "@/db/client";
import {
  bookings,
  recurrenceGroups,
  type Booking,
  type BookingCustomFields,
  type BookingStatus,
  type RecurrenceRule,
} from "@/db/schema";
import { must } from "@/lib/invariant";
import { requireTitle } from "./create-booking";
import { lockForWrite, seriesTargets, type EditScope } from "./series-targets";
import { isAllDayBooking } from "./policies";
import { minutesBetween, utcToLocal } from "./time";
import { truncationColumns } from "./truncation";
import {
  assertCustomer,
  loadStatus,
  mergeFlags,
  recordWrites,
  resolveDb,
  resolveWhen,
  validateSlots,
  type WriteOptions,
} from "./write-support";

export interface BookingPatch {
  roomId?: string;
  title?: string;
  statusId?: string;
  customerId?: string | null;
  organizerEmail?: string | null;
  attendeeCount?: number;
  notes?: string | null;
  /** Merged into the existing map (the sync engine sets external_id without erasing others). */
  customFields?: BookingCustomFields;
  flags?: string[];
  /** New local date / times in the room's zone (the form) … */
  date?: string;
  startTime?: string;
  endTime?: string;
  /** … or new UTC instants (the sync engine). For a series, the shift applies to every target. */
  startAt?: Date;
  endAt?: Date;
}

export interface UpdateBookingArgs {
  id: string;
  /** The version the editor saw; a different current version is refused (stale_version). */
  version?: number;
  scope?: EditScope;
  /**
   * Series scopes: occurrences that start before this instant keep their time. Outlook moving a
   * whole series must not rewrite the meetings that already took place (seed 003: only the future syncs).
   */
  from?: Date;
  patch: BookingPatch;
}

type Slot = { startAt: Date; endAt: Date };

/** New start/end of one target: shift by the edited occurrence's day/instant change, new times. */
function newSlot(t: Booking, edited: Booking, p: BookingPatch, oldZone: string, zone: string): Slot {
  if (p.startAt || p.endAt) {
    const delta = (p.startAt ?? edited.startAt).getTime() - edited.startAt.getTime();
    const duration = (p.endAt ?? edited.endAt).getTime() - (p.startAt ?? edited.startAt).getTime();
    const startAt = new Date(t.startAt.getTime() + delta);
    return resolveWhen({ startAt, endAt: new Date(startAt.getTime() + duration) }, zone);
  }
  if (!p.date && !p.startTime && !p.endTime) return { startAt: t.startAt, endAt: t.endAt };
  const e = utcToLocal(edited.startAt, oldZone);
  const dayShift = p.date ? DateTime.fromISO(p.date).diff(DateTime.fromISO(e.date), "days").days : 0;
  const own = utcToLocal(t.startAt, oldZone);
  const ownEnd = utcToLocal(t.endAt, oldZone);
  return resolveWhen(
    {
      date: DateTime.fromISO(own.date).plus({ days: dayShift }).toISODate()!,
      startTime: p.startTime ?? own.time,
      endTime: p.endTime ?? (ownEnd.time === "00:00" ? "24:00" : ownEnd.time),
    },
    zone,
  );
}

/** A series moved by `days`: weekly weekdays, the month day (yearly: the date) and the nth weekday move with it. */
export function shiftRule(rule: RecurrenceRule, days: number): RecurrenceRule {
  const d = ((days % 7) + 7) % 7;
  if (!days) return rule;
  const wd = (w: number) => ((w - 1 + d) % 7) + 1;
  const out: RecurrenceRule = { ...rule };
  if (rule.weekdays) out.weekdays = rule.weekdays.map(wd).sort();
  // "The first weekday" / "the last day" is not a weekday that moves: it stays as it is.
  if (rule.monthWeek && !((rule.monthWeek.anyOf?.length ?? 0) > 1))
    out.monthWeek = { ...rule.monthWeek, weekday: wd(rule.monthWeek.weekday) };
  if (rule.frequency === "yearly" && rule.month && rule.monthDay) {
    // A yearly date moves as a date: 30 March + 3 days is 2 April (counted in a leap year, so 29 February stays reachable).
    const moved = DateTime.fromObject({ year: 2000, month: rule.month, day: rule.monthDay }, { zone: "utc" }).plus({
      days,
    });
    if (moved.isValid) {
      out.month = moved.month;
      out.monthDay = moved.day;
    }
  } else if (rule.monthDay) {
    // Clamped, not wrapped: moving "the 30th" three days later means "the 31st" at most.
    out.monthDay = Math.min(31, Math.max(1, rule.monthDay + days));
  }
  if (rule.until) out.until = DateTime.fromISO(rule.until).plus({ days }).toISODate()!;
  return out;
}

function localDayShift(before: Date, after: Date, oldZone: string, zone: string): number {
  const a = DateTime.fromISO(utcToLocal(before, oldZone).date);
  const b = DateTime.fromISO(utcToLocal(after, zone).date);
  return Math.round(b.diff(a, "days").days);
}

export async function updateBooking(args: UpdateBookingArgs, opts: WriteOptions): Promise<{ bookings: Booking[] }> {
  const db = await resolveDb(opts);
  const p = args.patch;
  let scope = args.scope ?? "single";
  const title = p.title !== undefined ? requireTitle(p.title) : undefined;
  return db.transaction(async (tx) => {
    const { edited, room: oldRoom, target: ctx } = await lockForWrite(tx, args.id, args.version, p.roomId);
    // "This and following" from the first occurrence is the whole series.
    if (scope === "following" && !edited.occurrenceIndex) scope = "all";
    const from = scope === "single" ? undefined : args.from;
    const targets = (await seriesTargets(tx, edited, scope)).filter(
      (t) => !from || t.id === edited.id || t.startAt >= from,
    );
    const status: BookingStatus = await loadStatus(tx, p.statusId ?? edited.statusId);
    if (p.customerId) await assertCustomer(tx, p.customerId);
    const oldStatus = p.statusId ? await loadStatus(tx, edited.statusId) : status;

    // Each target with its new slot and where the series puts it: kept by a single edit (the
    // occurrence becomes an exception), moved along by a series-wide one (Outlook's instances then
    // carry the new times).
    const planned = targets.map((t) => {
      const slot = newSlot(t, edited, p, oldRoom.room.timeZone, ctx.room.timeZone);
      const orig = t.originalStartAt ?? t.startAt;
      if (!t.recurrenceGroupId || scope === "single") return { t, slot, original: orig };
      const asPlaced = {
        ...t,
        startAt: orig,
        endAt: new Date(orig.getTime() + t.endAt.getTime() - t.startAt.getTime()),
      };
      return { t, slot, original: newSlot(asPlaced, edited, p, oldRoom.room.timeZone, ctx.room.timeZone).startAt };
    });
    const timingChanged =
      ctx.room.id !== edited.roomId ||
      planned.some(
        ({ t, slot }) => slot.startAt.getTime() !== t.startAt.getTime() || slot.endAt.getTime() !== t.endAt.getTime(),
      );
    const attendeeCount = p.attendeeCount;
    const needsCheck =
      timingChanged ||
      (attendeeCount !== undefined && attendeeCount !== edited.attendeeCount) ||
      (status.blocksRoom && !oldStatus.blocksRoom);
    const validationFlags = needsCheck
      ? await validateSlots(tx, {
          ctx,
          status,
          timingChanged,
          opts,
          excludeIds: targets.map((t) => t.id),
          slots: planned.map(({ t, slot }) => ({
            ...slot,
            attendeeCount: attendeeCount ?? t.attendeeCount,
            allDay: isAllDayBooking({ flags: p.flags ?? t.flags }),
          })),
        })
      : null;

    // seriesTargets always returns the edited row itself, and the `from` filter above keeps it.
    const editedSlot = must(
      planned.find((x) => x.t.id === edited.id),
      "the edited booking among its targets",
    ).slot;
    const dayShift = localDayShift(edited.startAt, editedSlot.startAt, oldRoom.room.timeZone, ctx.room.timeZone);
    const newGroupId =
      scope === "following"
        ? await splitSeries(tx, edited, editedSlot, ctx.room.id, ctx.room.timeZone, dayShift)
        : null;
    const firstIndex = edited.occurrenceIndex ?? 0;
    const pairs: Array<{ before: Booking; after: Booking }> = [];
    for (const { t, slot, original } of planned) {
      const [after] = await tx
        .update(bookings)
        .set({
          roomId: ctx.room.id,
          startAt: slot.startAt,
          endAt: slot.endAt,
          ...(title !== undefined && { title }),
          ...(p.statusId !== undefined && { statusId: p.statusId }),
          ...(p.customerId !== undefined && { customerId: p.customerId }),
          ...(p.organizerEmail !== undefined && { organizerEmail: p.organizerEmail?.trim() || null }),
          ...(attendeeCount !== undefined && { attendeeCount }),
          ...(p.notes !== undefined && { notes: p.notes?.trim() || null }),
          customFields: { ...t.customFields, ...(p.customFields ?? {}) },
          flags: validationFlags ? mergeFlags(p.flags ?? t.flags, validationFlags) : (p.flags ?? t.flags),
          ...(newGroupId && {
            recurrenceGroupId: newGroupId,
            occurrenceIndex: (t.occurrenceIndex ?? firstIndex) - firstIndex,
          }),
          ...(t.recurrenceGroupId && { originalStartAt: original }),
          version: t.version + 1,
          updatedAt: new Date(),
        })
        .where(eq(bookings.id, t.id))
        .returning();
      // Targets are locked by seriesTargets, so each update finds its row.
      pairs.push({ before: t, after: must(after, "a locked booking, updated") });
    }
    if (scope === "all" && edited.recurrenceGroupId && (timingChanged || ctx.room.id !== edited.roomId)) {
      const [group] = await tx.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, edited.recurrenceGroupId));
      // The booking's recurrence_group_id is a foreign key: its group exists.
      const g = must(group, "the booking's recurrence group");
      // The series' first slot moves like its occurrences, even when that occurrence was cancelled or moved on its own.
      const firstAt = DateTime.fromISO(g.firstStartLocal, { zone: g.timeZone }).toJSDate();
      const first = newSlot(
        { ...edited, startAt: firstAt, endAt: new Date(firstAt.getTime() + g.durationMinutes * 60_000) },
        edited,
        p,
        oldRoom.room.timeZone,
        ctx.room.timeZone,
      );
      // The rule keeps its own zone in its room (an Outlook series' zone); a move to another room takes that room's.
      const groupZone = ctx.room.id === g.roomId ? g.timeZone : ctx.room.timeZone;
      const local = utcToLocal(first.startAt, groupZone);
      await tx
        .update(recurrenceGroups)
        .set({
          rule: shiftRule(g.rule, dayShift),
          roomId: ctx.room.id,
          timeZone: groupZone,
          firstStartLocal: `${local.date}T${local.time}`,
          durationMinutes: minutesBetween(first.startAt, first.endAt),
          updatedAt: new Date(),
        })
        .where(eq(recurrenceGroups.id, edited.recurrenceGroupId));
    }
    await recordWrites(tx, "updated", pairs, opts);
    return { bookings: pairs.map((x) => x.after) };
  });
}

/**
 * "This and following" splits the series in two, as Outlook does: the old group ends the day
 * before the edited occurrence, a new group (same pattern) holds it and the later ones.
 * Editing from the first occurrence is just "all": no split. `first` is the edited occurrence's new slot.
 */
async function splitSeries(
  tx: Tx,
  edited: Booking,
  first: Slot,
  roomId: string,
  zone: string,
  dayShift: number,
): Promise<string | null> {
  if (!edited.recurrenceGroupId || !edited.occurrenceIndex) return null;
  const [old] = await tx.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, edited.recurrenceGroupId));
  if (!old) return null;
  const cut = utcToLocal(edited.originalStartAt ?? edited.startAt, old.timeZone).date;
  const dayBefore = DateTime.fromISO(cut).minus({ days: 1 }).toISODate()!;
  // Same room: the new part keeps the rule's zone (an Outlook series' own), as above.
  if (roomId === old.roomId) zone = old.timeZone;
  const local = utcToLocal(first.startAt, zone);
  const rest = old.rule.count !== undefined ? Math.max(1, old.rule.count - edited.occurrenceIndex) : undefined;
  const [inserted] = await tx
    .insert(recurrenceGroups)
    .values({
      roomId,
      rule: shiftRule({ ...old.rule, ...(rest !== undefined && { count: rest }) }, dayShift),
      timeZone: zone,
      firstStartLocal: `${local.date}T${local.time}`,
      durationMinutes: minutesBetween(first.startAt, first.endAt),
      truncatedAt: old.truncatedAt,
      truncationNote: old.truncationNote,
      truncationNoteNl: old.truncationNoteNl,
      truncationCode: old.truncationCode,
      truncationParams: old.truncationParams,
    })
    .returning();
  const { count: _count, ...ruleWithoutCount } = old.rule;
  await tx
    .update(recurrenceGroups)
    .set({
      rule: { ...ruleWithoutCount, until: dayBefore },
      truncatedAt: null,
      ...truncationColumns(null),
      updatedAt: new Date(),
    })
    .where(eq(recurrenceGroups.id, old.id));
  return must(inserted, "the inserted recurrence group").id;
}
