// A series edited as a whole in Outlook (PATCH on the master: new time, length, subject or attendee
// count for every occurrence) → one validated edit of the group's future occurrences, or none at all.
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { getDb } from "@/db/client";
import { recurrenceGroups, type Booking, type Integration } from "@/db/schema";
import { isBookingError, updateBooking } from "@/lib/bookings/service";
import type { GraphEvent, InboundFields } from "@/lib/sync/inbound/event-to-booking";
import { openOccurrences } from "./occurrences";
import { logSync, refusalOf } from "@/lib/sync/sync-log";
import { updateBlocked, type Blocked } from "@/lib/sync/inbound/update-rules";

export type SeriesEdit =
  | { kind: "same" }
  | { kind: "changed" }
  /** Nothing was changed: `skipped` by the update rules, or `rejected` by policies / conflicts. */
  | { kind: "refused"; outcome: "skipped" | "rejected"; reason: string };

/**
 * The series' first slot (recurrence_groups.firstStartLocal) is where Outlook's master starts, so
 * comparing the two tells a series-level move from changes to single occurrences. A move shifts
 * every future occurrence as one edit (a policy or conflict on any of them refuses it whole, unless
 * validation is ignored on update); occurrences that already started keep their time. Exchange
 * drops exceptions on a series move, so applySeriesOccurrences afterwards puts moved ones in line.
 */
export async function applySeriesEdit(
  integration: Integration,
  mailbox: string,
  master: GraphEvent,
  f: InboundFields,
  groupId: string,
): Promise<SeriesEdit> {
  const now = new Date();
  const db = await getDb();
  const [g] = await db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, groupId));
  const future = (await openOccurrences(groupId, now)).filter((b) => b.startAt >= now);
  // An occurrence still where the series put it carries the edit; the rest shift with it.
  const edited =
    future.find((b) => !b.originalStartAt || b.originalStartAt.getTime() === b.startAt.getTime()) ?? future[0];
  if (!g || !edited) return { kind: "same" };
  // The mapped times: an all-day master's are the room's local days (f.startAt is graphTime otherwise).
  const startAt = f.startAt;
  const minutes = Math.round((f.endAt.getTime() - startAt.getTime()) / 60_000);
  const delta = startAt.getTime() - DateTime.fromISO(g.firstStartLocal, { zone: g.timeZone }).toMillis();
  const moved = delta !== 0 || minutes !== g.durationMinutes;
  if (!moved && edited.title === f.title && edited.attendeeCount === f.attendeeCount) return { kind: "same" };

  const base = {
    integrationId: integration.id,
    direction: "inbound" as const,
    mailbox,
    eventId: master.id,
    bookingId: edited.id,
  };
  const blocked = firstBlocked(integration, future);
  if (blocked) {
    await logSync({ ...base, action: "update-series", outcome: "skipped", code: blocked.log });
    return { kind: "refused", outcome: "skipped", reason: blocked.organizer };
  }
  const newStart = new Date(edited.startAt.getTime() + delta);
  try {
    await updateBooking(
      {
        id: edited.id,
        scope: "all",
        from: now,
        patch: {
          title: f.title,
          attendeeCount: f.attendeeCount,
          ...(moved && { startAt: newStart, endAt: new Date(newStart.getTime() + minutes * 60_000) }),
        },
      },
      { actor: "system:sync", source: "outlook", skipValidation: integration.ignoreValidationOnUpdate },
    );
  } catch (e) {
    if (!isBookingError(e)) throw e;
    await logSync({
      ...base,
      action: "update-series",
      outcome: "rejected",
      code: "refused_times_kept",
      params: { reason: refusalOf(e) },
    });
    return { kind: "refused", outcome: "rejected", reason: e.message };
  }
  await logSync({ ...base, action: "update-series", outcome: "ok", message: f.title });
  return { kind: "changed" };
}

/** A series moves as a whole or not at all: one locked occurrence holds the others. */
function firstBlocked(integration: Integration, occurrences: Booking[]): Blocked | null {
  for (const b of occurrences) {
    const blocked = updateBlocked(integration, b.statusId);
    if (blocked) return blocked;
  }
  return null;
}
