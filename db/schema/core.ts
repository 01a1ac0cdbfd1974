// The booking core's tables: admins, rooms, customers, statuses, bookings, recurrence groups,
// per-room policies, templates and the append-only audit log. All times are UTC timestamptz.
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

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => ts("created_at").notNull().defaultNow();
const updatedAt = () => ts("updated_at").notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "viewer"] })
      .notNull()
      .default("viewer"),
    locale: text("locale", { enum: ["en", "nl"] })
      .notNull()
      .default("en"),
    lastSignInAt: ts("last_sign_in_at"),
    /** A deactivated account cannot sign in and its sessions end at their next request. */
    active: boolean("active").notNull().default(true),
    /** In the session token; bumped on demotion, deactivation or password change to end every session. */
    sessionVersion: integer("session_version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_uq").on(sql`lower(${t.email})`)],
);

export const rooms = pgTable(
  "rooms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    capacity: integer("capacity").notNull(),
    /** IANA zone of the building, e.g. Europe/Amsterdam. Bookings are shown in it. */
    timeZone: text("time_zone").notNull().default("Europe/Amsterdam"),
    /** Bookable hours as local wall-clock "HH:mm" in the room's zone. */
    bookableFrom: text("bookable_from").notNull().default("07:00"),
    bookableUntil: text("bookable_until").notNull().default("22:00"),
    building: text("building"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("rooms_name_uq").on(sql`lower(${t.name})`)],
);

export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    organisation: text("organisation"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("customers_email_uq").on(sql`lower(${t.email})`)],
);

export const bookingStatuses = pgTable(
  "booking_statuses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stable key used by code and seeds (e.g. "confirmed"); the name is what admins see. */
    key: text("key").notNull(),
    name: text("name").notNull(),
    nameNl: text("name_nl"),
    color: text("color").notNull().default("#64748b"),
    /** Bookings in this status occupy the room: overlapping bookings are refused. */
    blocksRoom: boolean("blocks_room").notNull().default(true),
    /** A cancelled booking: hidden from the calendar by default, frees the room. */
    isCancelled: boolean("is_cancelled").notNull().default(false),
    /** Waiting for approval: shown as tentative in Outlook. */
    needsApproval: boolean("needs_approval").notNull().default(false),
    /** Approval was refused: the room is removed from / declined in the Outlook event. */
    isRejected: boolean("is_rejected").notNull().default(false),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("booking_statuses_key_uq").on(t.key)],
);

export const roomPolicies = pgTable(
  "room_policies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roomId: uuid("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    maxDurationMinutes: integer("max_duration_minutes"),
    minLeadMinutes: integer("min_lead_minutes"),
    advanceDays: integer("advance_days"),
    /** Refuse bookings whose attendee count exceeds the room's capacity. */
    enforceCapacity: boolean("enforce_capacity").notNull().default(true),
    /** New bookings from Outlook need an administrator's approval. */
    requiresApproval: boolean("requires_approval").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("room_policies_room_uq").on(t.roomId)],
);

export const templates = pgTable("templates", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  /** Placeholders like {{title}}, {{room}}, {{customer}}, {{start}}, {{end}}, {{organizer}}. */
  subject: text("subject").notNull(),
  body: text("body").notNull().default(""),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Pattern of a recurring booking, stored as entered (wall-clock times in the room's zone). */
export type RecurrenceRule = {
  frequency: "daily" | "weekly" | "monthly" | "yearly";
  interval: number;
  /** weekly: ISO weekdays 1 = Monday … 7 = Sunday. */
  weekdays?: number[];
  /** yearly: the month, 1 = January … 12 = December (the day is monthDay or monthWeek). */
  month?: number;
  /** monthly / yearly: day of month (absolute) or nth weekday (relative). */
  monthDay?: number;
  /**
   * The nth `weekday`; with `anyOf` (Outlook's "first weekday", "last day", "second weekend day") the
   * nth day of the month that is any of those weekdays (`weekday` is then the first of them).
   */
  monthWeek?: { index: 1 | 2 | 3 | 4 | -1; weekday: number; anyOf?: number[] };
  until?: string; // local date YYYY-MM-DD, inclusive
  count?: number;
};

/** cap: more than 150 occurrences; open_ended: no end date, booked ahead; cap_ahead: 150 open ones ahead. */
export type TruncationCode = "cap" | "open_ended" | "cap_ahead";
export type TruncationParams = Record<string, string | number>;

export const recurrenceGroups = pgTable(
  "recurrence_groups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roomId: uuid("room_id")
      .notNull()
      .references(() => rooms.id),
    rule: jsonb("rule").$type<RecurrenceRule>().notNull(),
    timeZone: text("time_zone").notNull(),
    /** First occurrence's local start "YYYY-MM-DDTHH:mm" and duration. */
    firstStartLocal: text("first_start_local").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    /** Occurrences were capped (150) or the series has no end: occurrences exist up to here. */
    truncatedAt: ts("truncated_at"),
    /** Groups truncated before codes: the note in English and Dutch, shown as stored. */
    truncationNote: text("truncation_note"),
    truncationNoteNl: text("truncation_note_nl"),
    /** Why occurrences stop (lib/bookings/truncation.ts), said in the reader's language with its params. */
    truncationCode: text("truncation_code").$type<TruncationCode>(),
    truncationParams: jsonb("truncation_params").$type<TruncationParams>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("recurrence_groups_room_idx").on(t.roomId)],
);

/** Free-form booking fields; `external_id` holds the Outlook event id by default. */
export type BookingCustomFields = {
  external_id?: string;
  teams_link?: string;
  [field: string]: string | undefined;
};

export const bookings = pgTable(
  "bookings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roomId: uuid("room_id")
      .notNull()
      .references(() => rooms.id),
    startAt: ts("start_at").notNull(),
    endAt: ts("end_at").notNull(),
    title: text("title").notNull(),
    statusId: uuid("status_id")
      .notNull()
      .references(() => bookingStatuses.id),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    organizerEmail: text("organizer_email"),
    attendeeCount: integer("attendee_count").notNull().default(1),
    notes: text("notes"),
    customFields: jsonb("custom_fields").$type<BookingCustomFields>().notNull().default({}),
    recurrenceGroupId: uuid("recurrence_group_id").references(() => recurrenceGroups.id, { onDelete: "set null" }),
    /** Position in its series (0-based); a moved occurrence keeps its original start here. */
    occurrenceIndex: integer("occurrence_index"),
    originalStartAt: ts("original_start_at"),
    /** Where the booking came from: "roomlink" (admin UI) or "outlook" (inbound sync). */
    source: text("source", { enum: ["roomlink", "outlook"] })
      .notNull()
      .default("roomlink"),
    /** Set when a sync rule or a room's mailbox flags need an administrator's eye. */
    flags: jsonb("flags").$type<string[]>().notNull().default([]),
    version: integer("version").notNull().default(1),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("bookings_room_time_idx").on(t.roomId, t.startAt, t.endAt),
    index("bookings_start_idx").on(t.startAt),
    index("bookings_group_idx").on(t.recurrenceGroupId),
    // The list's customer filter and search (customer name/organisation → their bookings).
    index("bookings_customer_idx").on(t.customerId),
    index("bookings_external_id_idx").on(sql`(${t.customFields}->>'external_id')`),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: ts("at").notNull().defaultNow(),
    /** A user id, or "system:sync" / "system:reconcile" for the sync engine. */
    actor: text("actor").notNull(),
    actorName: text("actor_name"),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [index("audit_log_entity_idx").on(t.entityType, t.entityId, t.at), index("audit_log_at_idx").on(t.at)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Room = typeof rooms.$inferSelect;
export type NewRoom = typeof rooms.$inferInsert;
export type Customer = typeof customers.$inferSelect;
export type NewCustomer = typeof customers.$inferInsert;
export type BookingStatus = typeof bookingStatuses.$inferSelect;
export type NewBookingStatus = typeof bookingStatuses.$inferInsert;
export type RoomPolicy = typeof roomPolicies.$inferSelect;
export type NewRoomPolicy = typeof roomPolicies.$inferInsert;
export type Template = typeof templates.$inferSelect;
export type NewTemplate = typeof templates.$inferInsert;
export type RecurrenceGroup = typeof recurrenceGroups.$inferSelect;
export type NewRecurrenceGroup = typeof recurrenceGroups.$inferInsert;
export type Booking = typeof bookings.$inferSelect;
export type NewBooking = typeof bookings.$inferInsert;
export type AuditEntry = typeof auditLog.$inferSelect;
