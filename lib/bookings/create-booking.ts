// Creating a booking: one slot, or a recurring series (a recurrence_group plus one row per
// occurrence). Validated, written, audited and announced to hooks in a single transaction.
import { asc, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  bookingStatuses,
  bookings,
  recurrenceGroups,
  type Booking,
  type BookingCustomFields,
  type BookingStatus,
  type RecurrenceGroup,
  type RecurrenceRule,
  type RoomPolicy,
} from "@/db/schema";
import { log } from "@/lib/log";
import { BookingError } from "./errors";
import { isAllDayBooking } from "./policies";
import { expandRecurrence, type Truncation } from "./recurrence";
import { isValidZone, minutesBetween, utcToLocal } from "./time";
import { truncationColumns } from "./truncation";
import {
  actorName,
  assertCustomer,
  loadStatus,
  lockRoom,
  recordWrites,
  resolveDb,
  resolveWhen,
  validateSlots,
  type When,
  type WriteOptions,
} from "./write-support";

export interface BookingFields {
  roomId: string;
  title: string;
  statusId: string;
  customerId?: string | null;
  organizerEmail?: string | null;
  attendeeCount?: number;
  notes?: string | null;
  customFields?: BookingCustomFields;
  flags?: string[];
}

export type CreateBookingInput = BookingFields &
  When & {
    recurrence?: RecurrenceRule | null;
    /**
     * The zone the rule's wall-clock times are in (default the room's): an Outlook series keeps its
     * own, or a New York 09:00 moves an hour in Amsterdam for the weeks between the two DST changes.
     * Stored with the rule (recurrence_groups.time_zone) for extensions and edits. Ignored for an
     * all-day series (flag ALL_DAY_FLAG), whose days are the room's days.
     */
    recurrenceTimeZone?: string;
  };

export interface CreateBookingResult {
  /** The booking, or every occurrence of the series in order. */
  bookings: Booking[];
  group: RecurrenceGroup | null;
  /** Set when a series was capped or is open-ended: show `note` to the user. */
  truncated: Truncation | null;
}

export function requireTitle(title: string | undefined): string {
  const t = (title ?? "").trim();
  if (!t)
    throw new BookingError([
      {
        code: "invalid_value",
        field: "title",
        params: { detail: "A title is required", detailNl: "Een titel is verplicht" },
      },
    ]);
  return t;
}

/**
 * A room whose policy requires approval takes bookings made in Outlook as a request: they start in
 * the first "needs approval" status whatever the sync mapping asked for, so Outlook shows them as
 * tentative until an admin confirms. Admins booking in Roomlink are the approvers and are not held.
 */
async function initialStatus(
  tx: Tx,
  policy: RoomPolicy | null,
  requested: BookingStatus,
  opts: WriteOptions,
): Promise<BookingStatus> {
  if (opts.source !== "outlook" || !policy?.requiresApproval) return requested;
  if (requested.needsApproval || !requested.blocksRoom) return requested;
  const [pending] = await tx
    .select()
    .from(bookingStatuses)
    .where(eq(bookingStatuses.needsApproval, true))
    .orderBy(asc(bookingStatuses.sortOrder))
    .limit(1);
  if (!pending) {
    log.warn(
      { roomId: policy.roomId },
      "room requires approval but no status is marked needsApproval; booking kept as requested",
    );
    return requested;
  }
  return pending;
}

export async function createBooking(input: CreateBookingInput, opts: WriteOptions): Promise<CreateBookingResult> {
  const db = await resolveDb(opts);
  const title = requireTitle(input.title);
  return db.transaction(async (tx) => {
    const ctx = await lockRoom(tx, input.roomId);
    const zone = ctx.room.timeZone;
    const status = await initialStatus(tx, ctx.policy, await loadStatus(tx, input.statusId), opts);
    await assertCustomer(tx, input.customerId);
    const first = resolveWhen(input, zone);
    const attendeeCount = input.attendeeCount ?? 1;
    const allDay = isAllDayBooking({ flags: input.flags ?? [] });

    let slots: Array<{ startAt: Date; endAt: Date; index: number | null }> = [{ ...first, index: null }];
    let truncated: Truncation | null = null;
    let groupValues: typeof recurrenceGroups.$inferInsert | null = null;
    if (input.recurrence) {
      const ruleZone = (!allDay && input.recurrenceTimeZone) || zone;
      if (!isValidZone(ruleZone))
        throw new BookingError([{ code: "invalid_zone", field: "recurrence", params: { timeZone: ruleZone } }]);
      const local = utcToLocal(first.startAt, ruleZone);
      const durationMinutes = minutesBetween(first.startAt, first.endAt);
      const expanded = expandRecurrence({
        rule: input.recurrence,
        firstDate: local.date,
        startTime: local.time,
        durationMinutes,
        timeZone: ruleZone,
        allDay,
      });
      slots = expanded.occurrences.map((o) => ({ startAt: o.startAt, endAt: o.endAt, index: o.index }));
      truncated = expanded.truncated;
      groupValues = {
        roomId: ctx.room.id,
        rule: input.recurrence,
        timeZone: ruleZone,
        firstStartLocal: `${local.date}T${local.time}`,
        durationMinutes,
        truncatedAt: truncated?.truncatedAt ?? null,
        ...truncationColumns(truncated?.note ?? null),
      };
    }

    const validationFlags = await validateSlots(tx, {
      ctx,
      status,
      slots: slots.map((s) => ({ ...s, attendeeCount, allDay })),
      excludeIds: [],
      timingChanged: true,
      opts,
    });

    const [group] = groupValues ? await tx.insert(recurrenceGroups).values(groupValues).returning() : [null];
    const rows = await tx
      .insert(bookings)
      .values(
        slots.map((s) => ({
          roomId: ctx.room.id,
          startAt: s.startAt,
          endAt: s.endAt,
          title,
          statusId: status.id,
          customerId: input.customerId ?? null,
          organizerEmail: input.organizerEmail?.trim() || null,
          attendeeCount,
          notes: input.notes?.trim() || null,
          customFields: input.customFields ?? {},
          recurrenceGroupId: group?.id ?? null,
          occurrenceIndex: s.index,
          originalStartAt: group ? s.startAt : null,
          source: opts.source ?? "roomlink",
          flags: [...new Set([...(input.flags ?? []), ...validationFlags])],
          createdBy: actorName(opts.actor),
        })),
      )
      .returning();
    rows.sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
    await recordWrites(
      tx,
      "created",
      rows.map((after) => ({ before: null, after })),
      opts,
    );
    return { bookings: rows, group, truncated };
  });
}
