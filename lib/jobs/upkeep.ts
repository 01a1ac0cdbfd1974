// Queue upkeep outside the worker loop: diagnostics' dead letters and their Retry, pruning finished
// jobs (a scheduled round), and an integration's waiting jobs made due once an admin reconnected it.
import { and, eq, lt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { jobs, type Job } from "@/db/schema";

/**
 * An integration's pending jobs that wait for later (parked for re-consent, deferred while throttled):
 * due now. Called once an admin reconnected it, so the kept work does not sit out its wait.
 */
export async function runIntegrationJobsNow(integrationId: string): Promise<number> {
  const db = await getDb();
  const rows = await db
    .update(jobs)
    .set({ runAfter: new Date() })
    .where(
      and(
        eq(jobs.state, "pending"),
        sql`${jobs.payload}->>'integrationId' = ${integrationId}`,
        sql`${jobs.runAfter} > now()`,
      ),
    )
    .returning({ id: jobs.id });
  return rows.length;
}

/** Diagnostics: the dead-letter list, newest first. */
export async function deadLetters(limit = 50): Promise<Job[]> {
  const db = await getDb();
  return db
    .select()
    .from(jobs)
    .where(eq(jobs.state, "dead"))
    .orderBy(sql`${jobs.finishedAt} desc`)
    .limit(limit);
}

/** Diagnostics: run a dead job again from a fresh attempt count. */
export async function retryDeadLetter(id: number): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(jobs)
    .set({ state: "pending", attempts: 0, runAfter: new Date(), finishedAt: null, lastError: null })
    .where(and(eq(jobs.id, id), eq(jobs.state, "dead")))
    .returning({ id: jobs.id })
    .catch(() => []); // a pending twin with the same key already exists: nothing to do
  return rows.length > 0;
}

/**
 * Drop finished jobs older than `olderThanMs` (dead letters stay until retried). The cut-off goes
 * through the column's own mapping (lt): a bare Date inside a raw sql template reaches postgres-js
 * unserialised and is refused there (PGlite accepts it), which once stopped every scheduled round.
 */
export async function pruneJobs(olderThanMs = 24 * 3600_000): Promise<number> {
  const db = await getDb();
  const rows = await db
    .delete(jobs)
    .where(and(eq(jobs.state, "done"), lt(jobs.finishedAt, new Date(Date.now() - olderThanMs))))
    .returning({ id: jobs.id });
  return rows.length;
}
