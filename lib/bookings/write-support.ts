// Shared steps of every booking write: options and actor, room/status lookups with the room row
// locked, local-time resolution, validation (policies + conflicts) and the audit + hook tail.
import { asc, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db, Tx } from "@/db/client";
import {
  auditLog,
  bookingStatuses,
  customers,
  roomPolicies,
  rooms,
  type Booking,
  type BookingStatus,
  type Room,
  type RoomPolicy,
} from "@/db/schema";
import { log } from "@/lib/log";
import { checkConflicts, type Slot } from "./conflicts";
import { BookingError, type BookingIssueInput } from "./errors";
import { runBookingHooks, type BookingWriteKind } from "./hooks";
import { checkPolicies } from "./policies";
import { localToUtc } from "./time";

export type Actor = { id: string; name: string } | "system:sync";

export interface WriteOptions {
  actor: Actor;
  /** Where the change came from; the sync engine passes "outlook" for inbound changes. */
  source?: "roomlink" | "outlook";
  /**
   * "Ignore validation errors on update": write even if policies or conflicts object. The broken
   * rules are recorded in the booking's `flags` (e.g. "validation:conflict") for an admin's eye.
   */
  skipValidation?: boolean;
  /** Clock for lead time / advance window; tests pin it. */
  now?: Date;
  /**
   * Use this database instead of getDb() (tests, scripts), or an open transaction: the write then
   * runs as a savepoint inside it, so e.g. the sync engine commits booking + link row together.
   */
  db?: Db | Tx;
}

export function actorId(a: Actor): string {
  return a === "system:sync" ? "system:sync" : a.id;
}
export function actorName(a: Actor): string {
  return a === "system:sync" ? "Outlook sync" : a.name;
}

export async function resolveDb(opts: WriteOptions): Promise<Db> {
  // A Tx has the same query and transaction API (nested transactions are savepoints).
  if (opts.db) return opts.db;
  const { getDb } = await import("@/db/client");
  return getDb();
}

/** Either room-local wall-clock fields (the form) or UTC instants (the sync engine). */
export type When = { date: string; startTime: string; endTime: string } | { startAt: Date; endAt: Date };

export function resolveWhen(w: When, zone: string): Slot {
  if ("startAt" in w) {
    if (w.endAt.getTime() <= w.startAt.getTime())
      throw new BookingError([{ code: "end_before_start", field: "endTime" }]);
    return { startAt: w.startAt, endAt: w.endAt };
  }
  const startAt = localToUtc(w.date, w.startTime, zone, "startTime");
  // An end time of "24:00" (or "00:00" after a later start) is midnight at the end of that day.
  const endsAtMidnight = w.endTime === "24:00" || (w.endTime === "00:00" && w.startTime !== "00:00");
  const endAt = endsAtMidnight
    ? DateTime.fromISO(w.date, { zone }).plus({ days: 1 }).startOf("day").toJSDate()
    : localToUtc(w.date, w.endTime, zone, "endTime");
  if (endAt.getTime() <= startAt.getTime()) throw new BookingError([{ code: "end_before_start", field: "endTime" }]);
  return { startAt, endAt };
}

export interface RoomContext {
  room: Room;
  policy: RoomPolicy | null;
}

/** Load the room and lock its row: concurrent writes to one room queue up behind each other,
 * so two requests cannot both pass the conflict check and both insert (server Postgres). */
export async function lockRooms(tx: Tx, roomIds: string[]): Promise<Map<string, RoomContext>> {
  // Always lock in id order: a move A->B racing a move B->A must not deadlock.
  const sorted = [...new Set(roomIds)].sort();
  const byId = new Map<string, RoomContext>();
  for (const id of sorted) byId.set(id, await lockRoom(tx, id));
  return byId;
}

export async function lockRoom(tx: Tx, roomId: string): Promise<RoomContext> {
  const [room] = await tx.select().from(rooms).where(eq(rooms.id, roomId)).for("update");
  if (!room) throw new BookingError([{ code: "room_not_found", field: "roomId" }]);
  const [policy] = await tx.select().from(roomPolicies).where(eq(roomPolicies.roomId, roomId));
  return { room, policy: policy ?? null };
}

export async function loadStatus(tx: Tx, statusId: string): Promise<BookingStatus> {
  const [s] = await tx.select().from(bookingStatuses).where(eq(bookingStatuses.id, statusId));
  if (!s) throw new BookingError([{ code: "status_not_found", field: "statusId" }]);
  return s;
}

export async function cancelledStatus(tx: Tx): Promise<BookingStatus> {
  const [s] = await tx
    .select()
    .from(bookingStatuses)
    .where(eq(bookingStatuses.isCancelled, true))
    .orderBy(asc(bookingStatuses.sortOrder), asc(bookingStatuses.createdAt))
    .limit(1);
  if (!s) throw new BookingError([{ code: "cancelled_status_missing", field: "statusId" }]);
  return s;
}

export async function assertCustomer(tx: Tx, customerId: string | null | undefined): Promise<void> {
  if (!customerId) return;
  const [c] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId));
  if (!c) throw new BookingError([{ code: "customer_not_found", field: "customerId" }]);
}

export interface ValidateArgs {
  ctx: RoomContext;
  status: BookingStatus;
  slots: Array<Slot & { attendeeCount: number; allDay?: boolean }>;
  excludeIds: string[];
  timingChanged: boolean;
  opts: WriteOptions;
}

/**
 * Policies and conflicts for the slots about to be written. Throws a BookingError listing every
 * broken rule, or (skipValidation) returns the flags to store on the rows instead.
 */
export async function validateSlots(tx: Tx, a: ValidateArgs): Promise<string[]> {
  // Cancelled and rejected bookings occupy nothing and need no rule checked.
  if (a.status.isCancelled || a.status.isRejected) return [];
  const now = a.opts.now ?? new Date();
  const issues: BookingIssueInput[] = [];
  const seen = new Set<string>();
  for (const slot of a.slots) {
    for (const i of checkPolicies({
      room: a.ctx.room,
      policy: a.ctx.policy,
      slot,
      now,
      timingChanged: a.timingChanged,
    })) {
      // A series breaking the same rule 50 times gets one message, for its first occurrence.
      if (seen.has(i.code)) continue;
      seen.add(i.code);
      issues.push(i);
    }
  }
  if (a.status.blocksRoom) issues.push(...(await checkConflicts(tx, a.ctx.room, a.slots, a.excludeIds)));
  const [first, ...more] = issues;
  if (!first) return [];
  if (a.opts.skipValidation) {
    log.warn({ roomId: a.ctx.room.id, codes: issues.map((i) => i.code) }, "booking written despite validation errors");
    return [...new Set(issues.map((i) => `validation:${i.code}`))];
  }
  throw new BookingError([first, ...more]);
}

export function mergeFlags(existing: string[], validation: string[]): string[] {
  // Validation flags are recomputed on every write; other flags (sync rules) are kept.
  return [...new Set([...existing.filter((f) => !f.startsWith("validation:")), ...validation])];
}

/** Audit rows + hooks for a batch of written bookings, inside the write's transaction. */
export async function recordWrites(
  tx: Tx,
  kind: BookingWriteKind,
  pairs: Array<{ before: Booking | null; after: Booking }>,
  opts: WriteOptions,
): Promise<void> {
  if (!pairs.length) return;
  const actor = actorId(opts.actor);
  await tx.insert(auditLog).values(
    pairs.map((p) => ({
      actor,
      actorName: actorName(opts.actor),
      entityType: "booking",
      entityId: p.after.id,
      action: kind,
      before: p.before,
      after: p.after,
    })),
  );
  await runBookingHooks(
    pairs.map((p) => ({ kind, before: p.before, after: p.after, actor, source: opts.source ?? "roomlink" })),
    tx,
  );
}
