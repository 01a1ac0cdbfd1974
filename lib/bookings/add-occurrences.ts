// A series whose pattern changed (other weekdays, more occurrences, a later end): its new dates join
// the group as occurrences, and the group takes the new pattern. The dates come from the caller (the
// sync engine reads them from Outlook's instances), so no expansion or phase is guessed here.
import { and, desc, eq } from "drizzle-orm";
import { bookingStatuses, bookings, recurrenceGroups, type Booking, type RecurrenceRule } from "@/db/schema";
import type { Slot } from "./conflicts";
import { isAllDayBooking } from "./policies";
import { truncationColumns, type TruncationNote } from "./truncation";
import {
  actorName,
  lockRoom,
  loadStatus,
  recordWrites,
  resolveDb,
  validateSlots,
  type WriteOptions,
} from "./write-support";

export interface AddOccurrencesInput {
  groupId: string;
  /** The new dates: where each occurrence is, and where the pattern puts it (differs for exceptions). */
  occurrences: (Slot & { originalStartAt: Date })[];
  /** The series' pattern from now on. */
  rule: RecurrenceRule;
  /** Whether the new dates stop short of the series' end (cap or lookahead), and the note that says so. */
  truncation: { truncatedAt: Date; note: TruncationNote } | null;
  /** Custom fields of the new rows (e.g. the Outlook series id the sync engine keeps); default none. */
  customFields?: Record<string, string>;
}

/**
 * New occurrences copy the series' latest active occurrence (status, title, customer, …), continue
 * its numbering and are validated together like a new series: a clash or a policy on any of them
 * refuses them all (BookingError naming the rule), unless `skipValidation`. The rule and truncation
 * are stored in the same transaction. A group with no active occurrence is left alone.
 */
export async function addOccurrences(input: AddOccurrencesInput, opts: WriteOptions): Promise<Booking[]> {
  const db = await resolveDb(opts);
  return db.transaction(async (tx) => {
    // Room first, then the group row: the same order as series edits and extensions.
    const [peek] = await tx
      .select({ roomId: recurrenceGroups.roomId })
      .from(recurrenceGroups)
      .where(eq(recurrenceGroups.id, input.groupId));
    if (!peek) return [];
    const ctx = await lockRoom(tx, peek.roomId);
    const [group] = await tx
      .select()
      .from(recurrenceGroups)
      .where(eq(recurrenceGroups.id, input.groupId))
      .for("update");
    if (!group || group.roomId !== peek.roomId) return [];
    const [last] = await tx
      .select({ index: bookings.occurrenceIndex })
      .from(bookings)
      .where(eq(bookings.recurrenceGroupId, group.id))
      .orderBy(desc(bookings.occurrenceIndex))
      .limit(1);
    const [model] = await tx
      .select({ b: bookings })
      .from(bookings)
      .innerJoin(bookingStatuses, eq(bookings.statusId, bookingStatuses.id))
      .where(and(eq(bookings.recurrenceGroupId, group.id), eq(bookingStatuses.isCancelled, false)))
      .orderBy(desc(bookings.occurrenceIndex))
      .limit(1);
    if (!model) return [];
    const m = model.b;
    const status = await loadStatus(tx, m.statusId);
    const slots = [...input.occurrences].sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
    const flags = slots.length
      ? await validateSlots(tx, {
          ctx,
          status,
          opts,
          timingChanged: true,
          excludeIds: [],
          slots: slots.map((s) => ({ ...s, attendeeCount: m.attendeeCount, allDay: isAllDayBooking(m) })),
        })
      : [];
    const done = last?.index ?? 0;
    const rows = slots.length
      ? await tx
          .insert(bookings)
          .values(
            slots.map((o, i) => ({
              roomId: group.roomId,
              startAt: o.startAt,
              endAt: o.endAt,
              title: m.title,
              statusId: m.statusId,
              customerId: m.customerId,
              organizerEmail: m.organizerEmail,
              attendeeCount: m.attendeeCount,
              notes: m.notes,
              customFields: input.customFields ?? {},
              recurrenceGroupId: group.id,
              occurrenceIndex: done + 1 + i,
              originalStartAt: o.originalStartAt,
              source: m.source,
              flags: [...new Set([...m.flags.filter((f) => !f.startsWith("validation:")), ...flags])],
              createdBy: actorName(opts.actor),
            })),
          )
          .returning()
      : [];
    await tx
      .update(recurrenceGroups)
      .set({
        rule: input.rule,
        truncatedAt: input.truncation?.truncatedAt ?? null,
        ...truncationColumns(input.truncation?.note ?? null),
        updatedAt: new Date(),
      })
      .where(eq(recurrenceGroups.id, group.id));
    await recordWrites(
      tx,
      "created",
      rows.map((after) => ({ before: null, after })),
      opts,
    );
    return rows;
  });
}
