// One place that writes sync_log rows (what diagnostics lists as "recent sync actions") and the
// matching structured log line. Messages are for admins: no secrets, no event bodies.
import { getDb, type Tx } from "@/db/client";
import { syncLog, type SyncLogEntry } from "@/db/schema";
import { log as rootLog } from "@/lib/log";
import { insertMany } from "./insert-many";

const log = rootLog.child({ area: "sync" });

export type SyncLogInput = Omit<
  SyncLogEntry,
  "id" | "at" | "message" | "bookingId" | "eventId" | "mailbox" | "durationMs"
> &
  Partial<Pick<SyncLogEntry, "message" | "bookingId" | "eventId" | "mailbox" | "durationMs">>;

export async function logSync(entry: SyncLogInput, tx?: Tx): Promise<void> {
  await logSyncMany([entry], tx);
}

/** Many entries in few statements (bulk sync steps). */
export async function logSyncMany(entries: SyncLogInput[], tx?: Tx): Promise<void> {
  if (!entries.length) return;
  for (const entry of entries) {
    const level = entry.outcome === "failed" ? "warn" : "info";
    log[level]({ ...entry }, `${entry.direction} ${entry.action}: ${entry.outcome}`);
  }
  await insertMany(tx ?? (await getDb()), syncLog, entries);
}
