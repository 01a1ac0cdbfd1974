// Sync-owned booking fields (external_id, teams_link, …) written back by the outbound sync. No
// version bump and no hooks: storing the Outlook event id must not look like an edit (echo loop).
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { auditLog, bookings, type Booking } from "@/db/schema";
import { must } from "@/lib/invariant";
import { BookingError } from "./errors";
import { actorId, actorName, resolveDb, type Actor } from "./write-support";

/**
 * Set (string) or remove (null) custom fields on one booking. Runs in its own transaction, or as
 * a savepoint of `db` when that is an open transaction. Audited as action "custom_fields".
 */
export async function setBookingCustomFields(
  id: string,
  fields: Record<string, string | null>,
  opts: { db?: Db | Tx; actor?: Actor } = {},
): Promise<Booking> {
  const actor = opts.actor ?? "system:sync";
  const db = await resolveDb({ actor, db: opts.db });
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(bookings).where(eq(bookings.id, id)).for("update");
    if (!before) throw new BookingError([{ code: "booking_not_found", field: "form" }]);
    const next = { ...before.customFields };
    for (const [k, v] of Object.entries(fields)) {
      if (v === null) delete next[k];
      else next[k] = v;
    }
    const [updated] = await tx.update(bookings).set({ customFields: next }).where(eq(bookings.id, id)).returning();
    // The row is locked above, so the update finds it.
    const after = must(updated, "the locked booking, updated");
    await tx.insert(auditLog).values({
      actor: actorId(actor),
      actorName: actorName(actor),
      entityType: "booking",
      entityId: id,
      action: "custom_fields",
      before: { customFields: before.customFields },
      after: { customFields: after.customFields },
    });
    return after;
  });
}

/** Bookings whose custom field `field` equals `value` (e.g. the Outlook event id in external_id). */
export async function findBookingsByCustomField(field: string, value: string, db?: Db | Tx): Promise<Booking[]> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/i.test(field)) throw new Error(`invalid custom field name: ${field}`);
  const d = await resolveDb({ actor: "system:sync", db });
  // The field name is inlined (checked above), not a bind parameter: only the literal form
  // `custom_fields->>'external_id'` can use the expression index bookings_external_id_idx.
  return d
    .select()
    .from(bookings)
    .where(sql`${bookings.customFields}->>${sql.raw(`'${field}'`)} = ${value}`);
}
