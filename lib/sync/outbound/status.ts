// Read model for a booking's page: where the booking stands in Outlook, per integration that writes
// it (or holds it): written (and in which calendar, single event or series occurrence), booked from
// Outlook, waiting in the queue, failed (a dead job, retryable on diagnostics), or not written and why,
// with its latest sync actions. What an administrator needs when asked "why is this not in Outlook?".
import { and, desc, eq, inArray, or } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, bookingStatuses, eventLinks, integrations, jobs, syncLog, type SyncLogEntry } from "@/db/schema";
import { JOB_OUTBOUND } from "@/lib/sync/jobs";
import { placementFor, roomMappings, writesOutbound } from "./targets";

export type OutlookState =
  | { kind: "written"; mailbox: string; series: boolean; at: Date }
  | { kind: "from-outlook"; mailbox: string }
  | { kind: "queued"; attempts: number; lastError: string | null; runAfter: Date }
  | { kind: "failed"; lastError: string | null; jobId: number }
  /** cancelled: not shown in Outlook; unmapped: no calendar for its room; status: not a create-on status; missing: due, reconcile writes it. */
  | { kind: "not-written"; reason: "cancelled" | "unmapped" | "status" | "missing" };

export interface BookingOutlookRow {
  integrationId: string;
  integrationName: string;
  state: OutlookState;
  recent: SyncLogEntry[];
}

/** Sync-log rows read for one booking page at most (newest first; each integration shows its latest few). */
const RECENT_SCAN = 500;

export async function bookingOutlookStatus(bookingId: string, recentLimit = 5): Promise<BookingOutlookRow[]> {
  const db = await getDb();
  const [b] = await db.select().from(bookings).where(eq(bookings.id, bookingId));
  if (!b) return [];
  const links = await db.select().from(eventLinks).where(eq(eventLinks.bookingId, b.id));
  const linkedIds = links.map((l) => l.integrationId);
  const list = await db
    .select()
    .from(integrations)
    .where(linkedIds.length ? or(writesOutbound(), inArray(integrations.id, linkedIds)) : writesOutbound())
    .orderBy(integrations.name);
  if (!list.length) return [];
  const [status] = await db.select().from(bookingStatuses).where(eq(bookingStatuses.id, b.statusId));
  const mappings = await roomMappings(
    db,
    list.map((i) => i.id),
    [b.roomId],
  );
  // One query each for every integration's recent sync actions and latest outbound job (not two per
  // integration): the newest rows first, grouped here.
  const ids = list.map((i) => i.id);
  const logRows = await db
    .select()
    .from(syncLog)
    .where(and(eq(syncLog.bookingId, b.id), inArray(syncLog.integrationId, ids)))
    .orderBy(desc(syncLog.id))
    .limit(RECENT_SCAN);
  const jobRows = await db
    .select()
    .from(jobs)
    .where(
      and(
        eq(jobs.name, JOB_OUTBOUND),
        inArray(
          jobs.key,
          ids.map((id) => `${b.id}|${id}`),
        ),
      ),
    )
    .orderBy(desc(jobs.id));
  const out: BookingOutlookRow[] = [];
  for (const i of list) {
    const link = links.find((l) => l.integrationId === i.id);
    // Delegated mode writes to "me": the signed-in service account.
    const calendar = (mailbox: string) => (mailbox === "me" ? (i.connectedAccount ?? mailbox) : mailbox);
    const recent = logRows.filter((r) => r.integrationId === i.id).slice(0, recentLimit);
    const job = jobRows.find((j) => j.key === `${b.id}|${i.id}`);
    let state: OutlookState;
    if (job && (job.state === "pending" || job.state === "running"))
      state = { kind: "queued", attempts: job.attempts, lastError: job.lastError, runAfter: job.runAfter };
    else if (job?.state === "dead") state = { kind: "failed", lastError: job.lastError, jobId: job.id };
    else if (link) {
      state =
        b.source === "outlook"
          ? { kind: "from-outlook", mailbox: calendar(link.mailbox) }
          : { kind: "written", mailbox: calendar(link.mailbox), series: !!link.seriesMasterId, at: link.updatedAt };
    } else if (!status || status.isCancelled || status.isRejected || i.deleteOnStatusIds.includes(status.id))
      state = { kind: "not-written", reason: "cancelled" };
    else if (!placementFor(i, b.roomId, mappings)) state = { kind: "not-written", reason: "unmapped" };
    else if (!i.createOnStatusIds.includes(status.id)) state = { kind: "not-written", reason: "status" };
    else state = { kind: "not-written", reason: "missing" };
    out.push({ integrationId: i.id, integrationName: i.name, state, recent });
  }
  return out;
}
