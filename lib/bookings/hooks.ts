// The extension point for the sync engine's outbox: hooks run inside the booking write's own
// transaction, so an outbox row commits or rolls back together with the booking it describes.
import type { Tx } from "@/db/client";
import type { Booking } from "@/db/schema";

export type BookingWriteKind = "created" | "updated" | "cancelled" | "status";

export interface BookingWrittenEvent {
  tx: Tx;
  kind: BookingWriteKind;
  before: Booking | null;
  after: Booking;
  actor: string;
  source: "roomlink" | "outlook";
}

export type BookingWrittenHook = (event: BookingWrittenEvent) => Promise<void> | void;

const g = globalThis as unknown as { __roomlinkBookingHooks?: Set<BookingWrittenHook> };
// On globalThis so Next's hot reload does not register the sync engine's hook twice in two sets.
const hooks: Set<BookingWrittenHook> = (g.__roomlinkBookingHooks ??= new Set());

/** Register a hook; returns the function that removes it. A hook that throws aborts the write. */
export function onBookingWritten(hook: BookingWrittenHook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

export async function runBookingHooks(events: Omit<BookingWrittenEvent, "tx">[], tx: Tx): Promise<void> {
  for (const e of events) for (const h of hooks) await h({ ...e, tx });
}
