// Booking statuses for the admin pages. The list is admin-editable, but a status in use cannot
// be deleted, and one status must stay marked "cancelled" because cancelling needs it.
import { and, count, eq, ne } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bookingStatuses, bookings, type BookingStatus } from "@/db/schema";
import { must } from "@/lib/invariant";
import { BookingError } from "../errors";
import { adminTx, assertUnique, audit, parseOrThrow, type AdminOptions } from "./admin-support";
import { makeStatusSchema, type StatusInput } from "./schemas";

const uniqueName = { code: "name_taken" as const, field: "name", entity: "status", entityNl: "status" };
const uniqueKey = { code: "name_taken" as const, field: "key", entity: "status key", entityNl: "statussleutel" };

async function assertAnotherCancelled(tx: Tx, exceptId: string): Promise<void> {
  const [row] = await tx
    .select({ n: count() })
    .from(bookingStatuses)
    .where(and(eq(bookingStatuses.isCancelled, true), ne(bookingStatuses.id, exceptId)));
  // count() without group by always answers one row.
  const { n } = must(row, "the count of other cancelled statuses");
  if (n === 0) throw new BookingError([{ code: "last_cancelled_status", field: "isCancelled" }]);
}

export async function createStatus(input: StatusInput, opts: AdminOptions): Promise<BookingStatus> {
  const v = parseOrThrow(makeStatusSchema, input);
  return adminTx(opts, async (tx) => {
    await assertUnique(tx, bookingStatuses, bookingStatuses.id, bookingStatuses.key, v.key, null, uniqueKey);
    await assertUnique(tx, bookingStatuses, bookingStatuses.id, bookingStatuses.name, v.name, null, uniqueName);
    const s = must((await tx.insert(bookingStatuses).values(v).returning())[0], "the inserted status");
    await audit(tx, opts, "booking_status", s.id, "created", null, s);
    return s;
  });
}

export async function updateStatus(id: string, input: StatusInput, opts: AdminOptions): Promise<BookingStatus> {
  const v = parseOrThrow(makeStatusSchema, input);
  return adminTx(opts, async (tx) => {
    const [before] = await tx.select().from(bookingStatuses).where(eq(bookingStatuses.id, id)).for("update");
    if (!before) throw new BookingError([{ code: "status_not_found", field: "form" }]);
    await assertUnique(tx, bookingStatuses, bookingStatuses.id, bookingStatuses.key, v.key, id, uniqueKey);
    await assertUnique(tx, bookingStatuses, bookingStatuses.id, bookingStatuses.name, v.name, id, uniqueName);
    if (before.isCancelled && !v.isCancelled) await assertAnotherCancelled(tx, id);
    // Flag changes apply to existing bookings from now on; they are not re-validated here.
    // The row is locked above, so the update finds it.
    const [updated] = await tx
      .update(bookingStatuses)
      .set({ ...v, updatedAt: new Date() })
      .where(eq(bookingStatuses.id, id))
      .returning();
    const after = must(updated, "the locked status, updated");
    await audit(tx, opts, "booking_status", id, "updated", before, after);
    return after;
  });
}

export async function deleteStatus(id: string, opts: AdminOptions): Promise<void> {
  await adminTx(opts, async (tx) => {
    const [before] = await tx.select().from(bookingStatuses).where(eq(bookingStatuses.id, id)).for("update");
    if (!before) throw new BookingError([{ code: "status_not_found", field: "form" }]);
    const [row] = await tx.select({ n: count() }).from(bookings).where(eq(bookings.statusId, id));
    const { n } = must(row, "the count of bookings with the status");
    if (n > 0)
      throw new BookingError([
        { code: "in_use", field: "form", params: { entity: "status", entityNl: "status", count: n } },
      ]);
    if (before.isCancelled) await assertAnotherCancelled(tx, id);
    await tx.delete(bookingStatuses).where(eq(bookingStatuses.id, id));
    await audit(tx, opts, "booking_status", id, "deleted", before, null);
  });
}
