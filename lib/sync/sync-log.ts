// One place that writes sync_log rows (what diagnostics lists as "recent sync actions") and the
// matching structured log line. Messages are for admins: no secrets, no event bodies.
// A line is a code + params (lib/i18n/messages/sync-log.ts), said in the reader's language where it
// shows (lib/i18n/sync-log.ts); `message` holds only a meeting's title, stored as Outlook gave it.
import { getDb, type Tx } from "@/db/client";
import { syncLog, type StoredRefusal, type SyncLogEntry, type SyncLogParams } from "@/db/schema";
import type { BookingError } from "@/lib/bookings/errors";
import { syncLogText, type SyncLogCode } from "@/lib/i18n/sync-log";
import { log as rootLog } from "@/lib/log";
import { insertMany } from "./insert-many";

const log = rootLog.child({ area: "sync" });

export type SyncLogInput = Omit<
  SyncLogEntry,
  "id" | "at" | "message" | "code" | "params" | "bookingId" | "eventId" | "mailbox" | "durationMs"
> &
  Partial<Pick<SyncLogEntry, "message" | "bookingId" | "eventId" | "mailbox" | "durationMs">> & {
    /** What happened, said in the reader's language; `message` only for a meeting's title. */
    code?: SyncLogCode;
    params?: SyncLogParams;
  };

/** A booking refusal (policy, conflict …) as a sync-log param: `params: { reason: refusalOf(e) }`. */
export function refusalOf(e: BookingError): StoredRefusal {
  return { issues: e.issues.map((i) => ({ code: i.code, params: i.params })) };
}

export async function logSync(entry: SyncLogInput, tx?: Tx): Promise<void> {
  await logSyncMany([entry], tx);
}

/** Many entries in few statements (bulk sync steps). */
export async function logSyncMany(entries: SyncLogInput[], tx?: Tx): Promise<void> {
  if (!entries.length) return;
  for (const entry of entries) {
    const level = entry.outcome === "failed" ? "warn" : "info";
    // The server log reads in English, whatever the line's code.
    const text = entry.code
      ? syncLogText({ code: entry.code, params: entry.params ?? null, message: null }, "en")
      : undefined;
    log[level](
      { ...entry, ...(text === undefined ? {} : { text }) },
      `${entry.direction} ${entry.action}: ${entry.outcome}`,
    );
  }
  await insertMany(tx ?? (await getDb()), syncLog, entries);
}
