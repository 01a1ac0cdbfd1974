// The durable job queue on our own `jobs` table: enqueue (deduped by key while pending), claim under
// an advisory lock, leases for crash recovery, retries with back-off, dead letters (upkeep.ts lists,
// retries and prunes them). A claim names its worker (lease_owner) and counts an attempt: only that
// worker, for that attempt, may finish it, so a worker that outlived its lease (another one re-claimed
// the job) cannot overwrite the newer outcome.
import { and, eq, sql, type SQL } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { jobs, type Job } from "@/db/schema";
import { log as rootLog } from "@/lib/log";
import { knownKind, parsePayload, type JobKind } from "./define";

// Upkeep lives in upkeep.ts; these names stay importable from here.
export { deadLetters, pruneJobs, retryDeadLetter, runIntegrationJobsNow } from "./upkeep";

const log = rootLog.child({ area: "jobs" });

/** Graph allows 4 concurrent requests per app + mailbox (DESIGN §3): one job ≈ one request stream. */
export const MAX_PER_GROUP = 4;
/**
 * How long a claim holds a job without news from its worker. The runner renews it every third of this
 * while the job runs, so only a dead worker lets it run out: this is how long a crash delays its job
 * (bench:faults: 122 s to converge after the last kill with 120 s; now about 30 s plus the next poll).
 */
export const LEASE_MS = 30_000;
const CLAIM_LOCK = 7_301_001; // arbitrary advisory-lock id for job claims

export interface EnqueueOptions {
  /** A second job with the same name + key while one is pending is dropped (collapses bursts). */
  key?: string;
  /** Concurrency group, e.g. `${integrationId}|${mailbox}`. */
  groupKey?: string;
  runAfter?: Date;
  maxAttempts?: number;
}

/**
 * Queue a job of `kind` (lib/jobs/define.ts) with its payload, parsed by the kind's schema first: a
 * payload that does not fit throws JobPayloadError here, at the caller, and is never stored. True
 * when queued, false when a pending job with the same name + key already holds it.
 */
export async function enqueue<P extends Record<string, unknown>>(
  kind: JobKind<P>,
  payload: P,
  opts?: EnqueueOptions,
  tx?: Tx,
): Promise<boolean>;
/**
 * @deprecated Enqueue a JobKind instead. By name: checked against the kind's schema when this process
 * knows it; the runner checks every payload again when it claims the job.
 */
export async function enqueue(
  name: string,
  payload: Record<string, unknown>,
  opts?: EnqueueOptions,
  tx?: Tx,
): Promise<boolean>;
export async function enqueue(
  kindOrName: JobKind<Record<string, unknown>> | string,
  payload: Record<string, unknown>,
  opts: EnqueueOptions = {},
  tx?: Tx,
): Promise<boolean> {
  const kind = typeof kindOrName === "string" ? knownKind(kindOrName) : kindOrName;
  const name = typeof kindOrName === "string" ? kindOrName : kindOrName.name;
  const stored = kind ? parsePayload(kind, payload) : payload;
  const db = tx ?? (await getDb());
  const rows = await db
    .insert(jobs)
    .values({
      name,
      payload: stored,
      key: opts.key,
      groupKey: opts.groupKey,
      runAfter: opts.runAfter ?? new Date(),
      maxAttempts: opts.maxAttempts ?? 8,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** One job of a burst for enqueueMany: its payload and options. */
export interface ManyItem<P> {
  payload: P;
  opts?: EnqueueOptions;
}

/**
 * Queue many jobs of one kind in one statement (a pump's burst: hundreds of notifications are one
 * round trip, not one each). Same rules as enqueue: each payload parsed first, a key already pending
 * (or repeated in `items`) collapses. Returns how many were queued.
 */
export async function enqueueMany<P extends Record<string, unknown>>(
  kind: JobKind<P>,
  items: ManyItem<P>[],
  tx?: Tx,
): Promise<number> {
  if (!items.length) return 0;
  const seen = new Set<string>();
  const values = [];
  for (const { payload, opts = {} } of items) {
    if (opts.key !== undefined) {
      if (seen.has(opts.key)) continue;
      seen.add(opts.key);
    }
    values.push({
      name: kind.name,
      payload: parsePayload(kind, payload),
      key: opts.key,
      groupKey: opts.groupKey,
      runAfter: opts.runAfter ?? new Date(),
      maxAttempts: opts.maxAttempts ?? 8,
    });
  }
  const db = tx ?? (await getDb());
  let queued = 0;
  // ≤ 1,000 rows a statement keeps far below PostgreSQL's 65,535 bind parameters.
  for (let i = 0; i < values.length; i += 1000) {
    const rows = await db
      .insert(jobs)
      .values(values.slice(i, i + 1000))
      .onConflictDoNothing()
      .returning({ id: jobs.id });
    queued += rows.length;
  }
  return queued;
}

/**
 * Claim up to `limit` runnable jobs: pending and due, or running with an expired lease (its worker
 * died). A group (mailbox) gets at most MAX_PER_GROUP running jobs, and a key with a live running
 * job is skipped, so one event is never processed twice at once. Claims are serialised by an
 * advisory lock (they take milliseconds) so the group limit holds across worker processes too.
 */
export async function claimJobs(
  limit: number,
  names: string[],
  owner = "anonymous",
  leaseMs = LEASE_MS,
): Promise<Job[]> {
  if (!names.length || limit <= 0) return [];
  const db = await getDb();
  const nameList = sql.join(
    names.map((n) => sql`${n}`),
    sql`, `,
  );
  return db.transaction(async (tx) => {
    // JIT off for this transaction: the claim runs every few milliseconds in a burst, and compiling its
    // plan (PostgreSQL's cost estimate of a jobs table with a few thousand rows crosses jit_above_cost)
    // took longer than running it.
    await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK}), set_config('jit', 'off', true)`);
    // One statement claims and returns the rows (a WITH inside the subquery): one round trip a pass.
    return tx
      .update(jobs)
      .set({
        state: "running",
        attempts: sql`${jobs.attempts} + 1`,
        leaseOwner: owner,
        leaseUntil: sql`now() + ${`${Math.round(leaseMs)} milliseconds`}::interval`,
      })
      .where(
        sql`${jobs.id} in (
          with busy as (
            select group_key, count(*)::int as n from jobs
            where state = 'running' and lease_until >= now() and group_key is not null group by group_key
          ), fit as (
            -- one candidate per job key: a running job whose lease ran out and a pending job of the same
            -- key (queued while it ran) must never both be claimed, or two workers do the same work at once
            select j.id, j.group_key, j.run_after,
              row_number() over (
                partition by j.name, coalesce(j.key, j.id::text) order by (j.state = 'running') desc, j.run_after, j.id
              ) as key_rank
            from jobs j
            where j.name in (${nameList})
              -- a mailbox Graph denies (lib/jobs/parking.ts): its work waits without spending attempts
              and (j.group_key is null or not exists (select 1 from parked_mailboxes p where p.group_key = j.group_key))
              and ((j.state = 'pending' and j.run_after <= now()) or (j.state = 'running' and j.lease_until < now()))
              -- no "key is null or": the OR kept PostgreSQL from an anti join, and the correlated scan per
              -- candidate made a 300-job burst's claims take 250 ms each (a null key matches nothing anyway)
              and not exists (
                select 1 from jobs r where r.name = j.name and r.key = j.key and r.state = 'running' and r.lease_until >= now() and r.id <> j.id)
          ), cand as (
            select f.id, f.group_key, f.run_after,
              row_number() over (partition by f.group_key order by f.run_after, f.id) + coalesce(b.n, 0) as slot
            from fit f left join busy b on b.group_key = f.group_key
            where f.key_rank = 1
          )
          select id from cand where group_key is null or slot <= ${MAX_PER_GROUP} order by run_after, id limit ${limit}
        )`,
      )
      .returning();
  });
}

/** The claim a worker holds: the job's id, the attempt it claimed and its lease owner. */
export type Claim = Pick<Job, "id" | "attempts" | "leaseOwner" | "name">;

/** Matches the row only while this claim still holds it (not re-claimed after its lease ran out). */
function held(c: Claim): SQL {
  return and(
    eq(jobs.id, c.id),
    eq(jobs.state, "running"),
    eq(jobs.attempts, c.attempts),
    sql`${jobs.leaseOwner} is not distinct from ${c.leaseOwner}`,
  )!;
}

function stale(c: Claim, action: string): void {
  // Expected after a lease ran out mid-run: the newer claim's outcome stands.
  log.warn(
    { jobId: c.id, job: c.name, attempt: c.attempts, owner: c.leaseOwner, action },
    "stale job claim: its lease was taken over, outcome ignored",
  );
}

/** Finish a claimed job. False (and logged) when the claim went stale: another worker holds it now. */
export async function completeJob(c: Claim): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(jobs)
    .set({ state: "done", finishedAt: new Date(), leaseUntil: null, lastError: null })
    .where(held(c))
    .returning({ id: jobs.id });
  if (!rows.length) stale(c, "complete");
  return rows.length > 0;
}

/** Extend a running job's lease; false when the claim is no longer this worker's. */
export async function renewLease(c: Claim, leaseMs = LEASE_MS): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(jobs)
    .set({ leaseUntil: sql`now() + ${`${Math.round(leaseMs)} milliseconds`}::interval` })
    .where(held(c))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Back to pending. If a newer job with the same key was queued while this one ran, that twin will
 * redo the work from current state: this one is then finished as superseded (unique key clash).
 */
async function requeue(
  c: Claim,
  set: { runAfter: Date; lastError: string; attempts?: SQL },
): Promise<"requeued" | "superseded" | "stale"> {
  const db = await getDb();
  try {
    const rows = await db
      .update(jobs)
      .set({ state: "pending", leaseUntil: null, leaseOwner: null, ...set })
      .where(held(c))
      .returning({ id: jobs.id });
    if (!rows.length) {
      stale(c, "requeue");
      return "stale";
    }
    return "requeued";
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    await db
      .update(jobs)
      .set({
        state: "done",
        finishedAt: new Date(),
        leaseUntil: null,
        lastError: `superseded: ${set.lastError}`.slice(0, 2000),
      })
      .where(held(c));
    return "superseded";
  }
}

function isUniqueViolation(e: unknown): boolean {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause)
    if ((c as { code?: unknown }).code === "23505") return true;
  return false;
}

/** Put a job back for later without counting the attempt (throttling, waiting for re-consent). */
export async function deferJob(c: Claim, delayMs: number, reason: string): Promise<void> {
  await requeue(c, {
    attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
    runAfter: new Date(Date.now() + delayMs),
    lastError: reason,
  });
}

/** Exponential back-off with full jitter: 1 s, 2 s, 4 s … capped at 10 min. */
export function backoffMs(attempt: number): number {
  const cap = Math.min(600_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + Math.random() * (cap / 2));
}

/**
 * A failed attempt: retry later, or dead-letter once attempts are used up (or at once when `final`:
 * trying again cannot help); "stale" when another worker holds it now.
 */
export async function failJob(
  job: Job,
  error: string,
  opts: { final?: boolean } = {},
): Promise<"retry" | "dead" | "stale"> {
  const db = await getDb();
  if (opts.final || job.attempts >= job.maxAttempts) {
    const rows = await db
      .update(jobs)
      .set({ state: "dead", finishedAt: new Date(), leaseUntil: null, lastError: error.slice(0, 2000) })
      .where(held(job))
      .returning({ id: jobs.id });
    if (!rows.length) {
      stale(job, "dead-letter");
      return "stale";
    }
    return "dead";
  }
  const r = await requeue(job, {
    runAfter: new Date(Date.now() + backoffMs(job.attempts)),
    lastError: error.slice(0, 2000),
  });
  return r === "stale" ? "stale" : "retry";
}

/** postgres-js returns an array; PGlite returns `{ rows }`. */
export function rowsOf<T>(res: unknown): T[] {
  if (Array.isArray(res)) return res as T[];
  return (res as { rows?: T[] }).rows ?? [];
}
