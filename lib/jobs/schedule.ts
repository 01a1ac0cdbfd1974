// Scheduled rounds (reconcile every RECONCILE_EVERY_MINUTES, prune, the nightly series extension)
// that run exactly once per period however many app or worker processes tick: the first process to
// insert the round's row in schedule_rounds runs it, the others see it taken. Every round's outcome is
// stored, so a round that fails (a database error, a bug) shows on diagnostics with when and why
// instead of only in a log line nobody reads: one such failure once stopped all repair for good.
import { and, desc, eq, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { scheduleRounds, type ScheduleRound } from "@/db/schema";
import { log as rootLog } from "@/lib/log";

const log = rootLog.child({ area: "schedule" });

export interface Schedule {
  name: string;
  everyMs: number;
  /** The round's work; a number is stored as what it queued. */
  run: () => Promise<number | void>;
}

/** The reconcile schedule's name in schedule_rounds (diagnostics reads its failures). */
export const SCHEDULE_RECONCILE = "reconcile";

export type RoundOutcome = "ran" | "taken" | "failed";

/** The start of the period `now` falls in. */
export function roundOf(everyMs: number, now = Date.now()): Date {
  return new Date(Math.floor(now / everyMs) * everyMs);
}

/** Claim this period's round of `s` and run it; "taken" when another process (or tick) already did. */
export async function runRound(s: Schedule, owner: string, now = Date.now()): Promise<RoundOutcome> {
  const db = await getDb();
  const roundAt = roundOf(s.everyMs, now);
  const claimed = await db
    .insert(scheduleRounds)
    .values({ name: s.name, roundAt, claimedBy: owner })
    .onConflictDoNothing()
    .returning({ name: scheduleRounds.name });
  if (!claimed.length) return "taken";
  const where = and(eq(scheduleRounds.name, s.name), eq(scheduleRounds.roundAt, roundAt));
  try {
    const queued = await s.run();
    await db
      .update(scheduleRounds)
      .set({ outcome: "ok", finishedAt: new Date(), queued: typeof queued === "number" ? queued : null })
      .where(where);
    return "ran";
  } catch (err) {
    const why = describe(err);
    log.error({ err, schedule: s.name, round: roundAt.toISOString() }, "scheduled round failed");
    await db
      .update(scheduleRounds)
      .set({ outcome: "failed", finishedAt: new Date(), error: why.slice(0, 1000) })
      .where(where)
      .catch((e: unknown) => log.error({ err: e, schedule: s.name }, "could not store the failed round"));
    return "failed";
  }
}

/** An error as an admin can read it: message plus the code (Postgres SQLSTATE, errno) when there is one. */
function describe(err: unknown): string {
  const e = err as { message?: string; code?: unknown; cause?: { message?: string; code?: unknown } };
  // drizzle wraps a driver error as "Failed query: <sql> params: <values>": the driver's own message says why.
  const wrapped = e?.message?.startsWith("Failed query") && e.cause?.message;
  const msg = wrapped ? e.cause!.message! : (e?.message ?? String(err));
  const code = e?.code ?? e?.cause?.code;
  const cause = !wrapped && e?.cause?.message && e.cause.message !== msg ? ` (${e.cause.message})` : "";
  return `${msg}${cause}${typeof code === "string" || typeof code === "number" ? ` [${code}]` : ""}`;
}

/** The latest failed round of `name` when no round succeeded after it: diagnostics shows it. */
export async function lastFailedRound(name: string): Promise<ScheduleRound | null> {
  const db = await getDb();
  const recent = await db
    .select()
    .from(scheduleRounds)
    .where(eq(scheduleRounds.name, name))
    .orderBy(desc(scheduleRounds.roundAt))
    .limit(20);
  for (const r of recent) {
    if (r.outcome === "ok") return null;
    if (r.outcome === "failed") return r;
  }
  return null;
}

export async function recentRounds(name: string, limit = 50): Promise<ScheduleRound[]> {
  const db = await getDb();
  return db
    .select()
    .from(scheduleRounds)
    .where(eq(scheduleRounds.name, name))
    .orderBy(desc(scheduleRounds.roundAt))
    .limit(limit);
}

/** Forget rounds older than `olderThanMs` (a week by default). */
export async function pruneRounds(olderThanMs = 7 * 24 * 3600_000): Promise<number> {
  const db = await getDb();
  const rows = await db
    .delete(scheduleRounds)
    .where(lt(scheduleRounds.roundAt, new Date(Date.now() - olderThanMs)))
    .returning({ name: scheduleRounds.name });
  return rows.length;
}

export interface ScheduleHandle {
  stop(): void;
}

/**
 * Tick every quarter period (at most every 30 s) and run each schedule's current round if nobody has.
 * A process starts claiming one period after it started, as a plain interval would, so a restart
 * does not add a round of its own.
 */
export function startSchedules(schedules: Schedule[], owner: string): ScheduleHandle {
  const live = schedules.filter((s) => s.everyMs > 0);
  if (!live.length) return { stop() {} };
  const startedAt = Date.now();
  const tickMs = Math.max(50, Math.min(30_000, Math.floor(Math.min(...live.map((s) => s.everyMs)) / 4)));
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const s of live) {
        if (Date.now() < startedAt + s.everyMs) continue;
        // Only a failure to claim lands here (database unreachable): nothing to store it in, so log loudly.
        await runRound(s, owner).catch((err: unknown) =>
          log.error({ err, schedule: s.name }, "could not claim the scheduled round"),
        );
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), tickMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
