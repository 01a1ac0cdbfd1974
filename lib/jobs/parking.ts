// Parked mailboxes: Graph answers 403 ErrorAccessDenied for a mailbox an application access policy
// (or RBAC for Applications) excludes, and such a change "can take up to an hour" to apply either way
// (https://learn.microsoft.com/graph/auth-limit-mailbox-access). Retrying burns every attempt within
// minutes, so the mailbox's jobs wait instead: claimJobs skips a parked group, no attempt is spent,
// and lib/sync/reconcile/mailbox-access.ts probes the mailbox on the back-off below until it answers again.
import { and, eq, lte, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { integrationRooms, jobs, parkedMailboxes, type ParkedMailbox } from "@/db/schema";

/** Minutes between probes of a denied mailbox: soon at first (a fix often lands fast), then every 15 min. */
const PROBE_MINUTES = [1, 2, 4, 8, 15];

export function probeDelayMs(probes: number): number {
  return PROBE_MINUTES[Math.min(probes, PROBE_MINUTES.length - 1)]! * 60_000;
}

export const groupOf = (integrationId: string, mailbox: string) => `${integrationId}|${mailbox.toLowerCase()}`;

/** The mailbox of a `${integrationId}|${mailbox}` job group. */
export function mailboxOfGroup(groupKey: string | null | undefined): string | undefined {
  const at = groupKey?.indexOf("|") ?? -1;
  return at > 0 ? groupKey!.slice(at + 1) : undefined;
}

/**
 * Park a mailbox (idempotent: a mailbox parked already keeps its probe schedule) and mark its
 * mapped room denied for diagnostics. Returns true when it was not parked before.
 */
export async function parkMailbox(
  integrationId: string,
  mailbox: string,
  reason: string,
  graphCode = "ErrorAccessDenied",
): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .insert(parkedMailboxes)
    .values({
      groupKey: groupOf(integrationId, mailbox),
      integrationId,
      mailbox,
      reason: reason.slice(0, 500),
      nextProbeAt: new Date(Date.now() + probeDelayMs(0)),
    })
    .onConflictDoNothing()
    .returning({ groupKey: parkedMailboxes.groupKey });
  await db
    .update(integrationRooms)
    .set({ accessStatus: graphCode, accessCheckedAt: new Date() })
    .where(
      and(
        eq(integrationRooms.integrationId, integrationId),
        sql`lower(${integrationRooms.mailboxUpn}) = ${mailbox.toLowerCase()}`,
      ),
    );
  return rows.length > 0;
}

export async function parkedOf(integrationId: string): Promise<ParkedMailbox[]> {
  const db = await getDb();
  return db.select().from(parkedMailboxes).where(eq(parkedMailboxes.integrationId, integrationId));
}

/** Parked mailboxes of an integration whose next probe is due. */
export async function dueProbes(integrationId: string, now = new Date()): Promise<ParkedMailbox[]> {
  const db = await getDb();
  return db
    .select()
    .from(parkedMailboxes)
    .where(and(eq(parkedMailboxes.integrationId, integrationId), lte(parkedMailboxes.nextProbeAt, now)));
}

/** A probe was refused again (or could not run): try later, further apart each time. */
export async function probeFailed(
  p: ParkedMailbox,
  reason: string,
  delayMs = probeDelayMs(p.probes + 1),
): Promise<void> {
  const db = await getDb();
  await db
    .update(parkedMailboxes)
    .set({
      probes: p.probes + 1,
      lastProbeAt: new Date(),
      nextProbeAt: new Date(Date.now() + delayMs),
      reason: reason.slice(0, 500),
    })
    .where(eq(parkedMailboxes.groupKey, p.groupKey));
}

/** Access is back: un-park, mark the room ok and make its waiting jobs due now. Returns how many. */
export async function unparkMailbox(integrationId: string, mailbox: string): Promise<number> {
  const db = await getDb();
  const group = groupOf(integrationId, mailbox);
  await db.delete(parkedMailboxes).where(eq(parkedMailboxes.groupKey, group));
  await db
    .update(integrationRooms)
    .set({ accessStatus: "ok", accessCheckedAt: new Date() })
    .where(
      and(
        eq(integrationRooms.integrationId, integrationId),
        sql`lower(${integrationRooms.mailboxUpn}) = ${mailbox.toLowerCase()}`,
      ),
    );
  const due = await db
    .update(jobs)
    .set({ runAfter: new Date() })
    .where(and(eq(jobs.state, "pending"), eq(jobs.groupKey, group), sql`${jobs.runAfter} > now()`))
    .returning({ id: jobs.id });
  const waiting = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(jobs)
    .where(and(eq(jobs.state, "pending"), eq(jobs.groupKey, group)));
  return Math.max(due.length, Number(waiting[0]?.n ?? 0));
}
