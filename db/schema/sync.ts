// Sync engine state: the durable webhook inbox, the booking outbox, the job queue with dead letters,
// booking ↔ Outlook event links (for echo suppression) and per-calendar delta state.
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { bookings, recurrenceGroups } from "./core";
import { integrations } from "./integrations";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Every accepted change notification, persisted before the webhook answers 202. */
export const inboxNotifications = pgTable(
  "inbox_notifications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    /** subscriptionId|changeType|resource id|etag: Graph redelivers the same notification on retries. */
    dedupeKey: text("dedupe_key").notNull(),
    subscriptionId: text("subscription_id").notNull(),
    mailbox: text("mailbox").notNull(),
    changeType: text("change_type").notNull(),
    /** The Outlook event id (immutable) the notification names. */
    eventId: text("event_id").notNull(),
    /** "change" for notifications; lifecycle events use their lifecycleEvent name. */
    kind: text("kind").notNull().default("change"),
    receivedAt: ts("received_at").notNull().defaultNow(),
    processedAt: ts("processed_at"),
    outcome: text("outcome"),
    error: text("error"),
  },
  (t) => [
    uniqueIndex("inbox_notifications_dedupe_uq").on(t.dedupeKey),
    index("inbox_notifications_pending_idx")
      .on(t.receivedAt)
      .where(sql`${t.processedAt} is null`),
    index("inbox_notifications_integration_idx").on(t.integrationId, t.receivedAt),
  ],
);

/** Booking changes to push to Outlook; written in the booking's own transaction. */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    bookingId: uuid("booking_id").notNull(),
    kind: text("kind").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    processedAt: ts("processed_at"),
    outcome: text("outcome"),
    error: text("error"),
  },
  (t) => [
    index("outbox_pending_idx")
      .on(t.createdAt)
      .where(sql`${t.processedAt} is null`),
  ],
);

/**
 * Durable jobs. `key` collapses duplicates while a job is pending (e.g. one inbound job per event);
 * `group_key` bounds concurrency (per mailbox). Dead letters are rows in state `dead`.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    name: text("name").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    key: text("key"),
    groupKey: text("group_key"),
    state: text("state", { enum: ["pending", "running", "done", "dead"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(8),
    runAfter: ts("run_after").notNull().defaultNow(),
    /** A running job whose lease expired (worker crashed) is picked up again. */
    leaseUntil: ts("lease_until"),
    /** The worker holding the lease: only it may finish the attempt it claimed (lib/jobs/queue.ts). */
    leaseOwner: text("lease_owner"),
    lastError: text("last_error"),
    createdAt: ts("created_at").notNull().defaultNow(),
    finishedAt: ts("finished_at"),
  },
  (t) => [
    uniqueIndex("jobs_pending_key_uq")
      .on(t.name, t.key)
      .where(sql`${t.state} = 'pending' and ${t.key} is not null`),
    index("jobs_ready_idx")
      .on(t.runAfter)
      .where(sql`${t.state} = 'pending'`),
    index("jobs_dead_idx")
      .on(t.finishedAt)
      .where(sql`${t.state} = 'dead'`),
  ],
);

/** Booking ↔ Outlook event, per integration and mailbox, with the changeKey we last wrote. */
export const eventLinks = pgTable(
  "event_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    bookingId: uuid("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    mailbox: text("mailbox").notNull(),
    eventId: text("event_id").notNull(),
    iCalUId: text("ical_uid"),
    seriesMasterId: text("series_master_id"),
    /** The changeKey of the event after our last write: a notification still carrying it is our echo. */
    writtenChangeKey: text("written_change_key"),
    /** The last changeKey we applied inbound; an older or equal one is a stale duplicate. */
    seenChangeKey: text("seen_change_key"),
    /** The booking version our last write carried: a job for a version already written has nothing to do. */
    writtenVersion: integer("written_version"),
    lastModifiedAt: ts("last_modified_at"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("event_links_event_uq").on(t.integrationId, sql`lower(${t.mailbox})`, t.eventId),
    index("event_links_booking_idx").on(t.bookingId),
  ],
);

/**
 * A Roomlink series written to Outlook as a series master (lib/sync/outbound-series.ts). A series cut
 * off at its lookahead and extended later continues as a further master, so a group may have several;
 * `complete` is set once its occurrences are linked (an incomplete one is removed and written again).
 */
export const seriesLinks = pgTable(
  "series_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => recurrenceGroups.id, { onDelete: "cascade" }),
    mailbox: text("mailbox").notNull(),
    masterEventId: text("master_event_id").notNull(),
    firstOriginalAt: ts("first_original_at").notNull(),
    lastOriginalAt: ts("last_original_at").notNull(),
    complete: boolean("complete").notNull().default(false),
    /** What the master shows (subject, body, attendees, location) as last written: a change for every occurrence is one write to it. */
    contentKey: text("content_key"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("series_links_master_uq").on(t.integrationId, sql`lower(${t.mailbox})`, t.masterEventId),
    index("series_links_group_idx").on(t.groupId, t.integrationId),
  ],
);

/** Per calendar: the stored delta link (and the window it was made for), the last reconcile's outcome, the initial sync's progress. */
export const calendarSyncState = pgTable(
  "calendar_sync_state",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    mailbox: text("mailbox").notNull(),
    deltaLink: text("delta_link"),
    windowStart: ts("window_start"),
    windowEnd: ts("window_end"),
    lastReconcileAt: ts("last_reconcile_at"),
    lastReconcileChanges: integer("last_reconcile_changes"),
    lastError: text("last_error"),
    lastErrorAt: ts("last_error_at"),
    /** Activation started this calendar's first full sync (lib/sync/initial-sync.ts); reset on each activation. */
    initialSyncStartedAt: ts("initial_sync_started_at"),
    /** Its first full round finished: the room counts as live from then on. */
    initialSyncDoneAt: ts("initial_sync_done_at"),
    /** Bookings that first round created or changed (meetings imported). */
    initialImported: integer("initial_imported"),
  },
  (t) => [uniqueIndex("calendar_sync_state_uq").on(t.integrationId, sql`lower(${t.mailbox})`)],
);

export type InboxNotification = typeof inboxNotifications.$inferSelect;
export type NewInboxNotification = typeof inboxNotifications.$inferInsert;
export type OutboxRow = typeof outbox.$inferSelect;
export type Job = typeof jobs.$inferSelect;
export type NewJob = typeof jobs.$inferInsert;
export type EventLink = typeof eventLinks.$inferSelect;
export type CalendarSyncState = typeof calendarSyncState.$inferSelect;
export type SeriesLink = typeof seriesLinks.$inferSelect;
