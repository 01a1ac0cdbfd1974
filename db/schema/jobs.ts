// Queue bookkeeping beside the `jobs` table (db/schema/sync.ts): the scheduler's rounds (which process
// ran which round, and why one failed, for diagnostics) and mailboxes whose work is parked while Graph
// denies access to them (403 ErrorAccessDenied from an application access policy).
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { integrations } from "./integrations";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * One row per scheduled round (e.g. "reconcile" at 16:05): the first process to insert it runs it, so
 * several app or worker processes schedule each round exactly once. A failed round keeps its error.
 */
export const scheduleRounds = pgTable(
  "schedule_rounds",
  {
    name: text("name").notNull(),
    /** The start of the round's period (now rounded down to the schedule's interval). */
    roundAt: ts("round_at").notNull(),
    claimedBy: text("claimed_by").notNull(),
    startedAt: ts("started_at").notNull().defaultNow(),
    finishedAt: ts("finished_at"),
    outcome: text("outcome", { enum: ["running", "ok", "failed"] })
      .notNull()
      .default("running"),
    /** What the round queued (e.g. reconcile jobs). */
    queued: integer("queued"),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.name, t.roundAt] }), index("schedule_rounds_recent_idx").on(t.name, t.startedAt)],
);

/**
 * A mailbox Graph refuses (403 ErrorAccessDenied): its jobs wait (not claimed, no attempt spent) until
 * a probe on a back-off schedule reads it again. `group_key` is the jobs' concurrency group.
 */
export const parkedMailboxes = pgTable(
  "parked_mailboxes",
  {
    groupKey: text("group_key").primaryKey(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    mailbox: text("mailbox").notNull(),
    reason: text("reason").notNull(),
    since: ts("since").notNull().defaultNow(),
    probes: integer("probes").notNull().default(0),
    lastProbeAt: ts("last_probe_at"),
    nextProbeAt: ts("next_probe_at").notNull(),
  },
  (t) => [index("parked_mailboxes_integration_idx").on(t.integrationId)],
);

export type ScheduleRound = typeof scheduleRounds.$inferSelect;
export type ParkedMailbox = typeof parkedMailboxes.$inferSelect;
