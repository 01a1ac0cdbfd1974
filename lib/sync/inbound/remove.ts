// Inbound removal: a linked event gone from Outlook (deleted, cancelled) → its booking or series cancelled,
// unless its status locks it; a series Roomlink wrote that Outlook emptied is written again instead.
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, bookingStatuses, eventLinks, type EventLink, type Integration } from "@/db/schema";
import { cancelBooking } from "@/lib/bookings/service";
import { cancelSeries } from "@/lib/sync/inbound/series/occurrences";
import { rewriteChangedSeries } from "@/lib/sync/inbound/series/repair";
import { logSync } from "@/lib/sync/sync-log";
import { deleteLocked } from "./update-rules";
import type { InboundBase as Base } from "./lookup";
import { ignored, refused, type InboundOutcome } from "./outcome";

export async function removed(
  integration: Integration,
  link: EventLink | undefined,
  base: Base,
): Promise<InboundOutcome> {
  if (!link) return ignored("nothing");
  if (await rewriteChangedSeries(integration, link)) return { kind: "rewritten" };
  const db = await getDb();
  const [b] = await db.select().from(bookings).where(eq(bookings.id, link.bookingId));
  if (!b) return ignored("gone");
  const ctx = { ...base, bookingId: b.id };
  // An Outlook series is linked through its master: gone, the series goes. An occurrence of a series
  // Roomlink wrote is linked on its own: gone, only its booking goes.
  if (b.recurrenceGroupId && !link.seriesMasterId) {
    const { cancelled, kept } = await cancelSeries(integration, b.recurrenceGroupId);
    if (kept) {
      await logSync({
        ...ctx,
        action: "cancel",
        outcome: cancelled ? "ok" : "skipped",
        code: "occurrences_cancelled_kept",
        params: { count: cancelled, kept },
      });
      return cancelled ? { kind: "cancelled" } : refused("locked");
    }
    await db.delete(eventLinks).where(eq(eventLinks.id, link.id));
    await logSync({
      ...ctx,
      action: "cancel",
      outcome: "ok",
      code: "occurrences_cancelled",
      params: { count: cancelled },
    });
    return { kind: "cancelled" };
  }
  if (deleteLocked(integration, b.statusId)) {
    await logSync({ ...ctx, action: "cancel", outcome: "skipped", code: "delete_locked" });
    return refused("locked");
  }
  await db.transaction(async (tx) => {
    const [st] = await tx.select().from(bookingStatuses).where(eq(bookingStatuses.id, b.statusId));
    // A rejected request leaves the meeting because we declined it: keep it rejected.
    if (!st?.isCancelled && !st?.isRejected) {
      await cancelBooking({ id: b.id, scope: "single" }, { actor: "system:sync", source: "outlook", db: tx });
    }
    await tx.delete(eventLinks).where(eq(eventLinks.id, link.id));
    await logSync({ ...ctx, action: "cancel", outcome: "ok" }, tx);
  });
  return { kind: "cancelled" };
}
