// Outlook integrations: credentials (sealed), configuration, inbound room mapping, OAuth state,
// Graph subscriptions and the problems list the diagnostics page shows.
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
import { bookingStatuses, rooms, templates, users } from "./core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const integrations = pgTable("integrations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().default("Outlook"),
  mode: text("mode", { enum: ["delegated", "application"] })
    .notNull()
    .default("delegated"),
  /** draft → consent_pending → connected → active; needs_attention when something broke. */
  state: text("state", { enum: ["draft", "consent_pending", "connected", "active", "needs_attention"] })
    .notNull()
    .default("draft"),
  cloud: text("cloud", { enum: ["public", "usgov", "china", "sandbox"] })
    .notNull()
    .default("public"),
  tenantId: text("tenant_id"),
  clientId: text("client_id"),
  /** AES-256-GCM sealed; never sent to the browser. */
  clientSecretSealed: text("client_secret_sealed"),
  clientSecretSetAt: ts("client_secret_set_at"),
  clientSecretExpiresAt: ts("client_secret_expires_at"),
  /** Delegated: msal token cache, sealed. */
  tokenCacheSealed: text("token_cache_sealed"),
  /** When msal last fetched tokens from the network (delegated: the refresh token rotated then). */
  tokensRefreshedAt: ts("tokens_refreshed_at"),
  consentedAt: ts("consented_at"),
  connectedAt: ts("connected_at"),
  /** Delegated: the signed-in service account (UPN); application: null. */
  connectedAccount: text("connected_account"),
  /** Application: the `roles` claim of the last app-only token. */
  grantedRoles: jsonb("granted_roles").$type<string[]>(),
  // General configuration (seed 000 §2.2)
  bookingIdField: text("booking_id_field").notNull().default("external_id"),
  templateId: uuid("template_id").references(() => templates.id, { onDelete: "set null" }),
  createTeamsLink: boolean("create_teams_link").notNull().default(false),
  teamsLinkField: text("teams_link_field").notNull().default("teams_link"),
  useCustomerData: boolean("use_customer_data").notNull().default(false),
  createOnStatusIds: jsonb("create_on_status_ids").$type<string[]>().notNull().default([]),
  deleteOnStatusIds: jsonb("delete_on_status_ids").$type<string[]>().notNull().default([]),
  problemEmail: text("problem_email"),
  // Inbound configuration (seed 000 §2.3)
  inboundRoomId: uuid("inbound_room_id").references(() => rooms.id, { onDelete: "set null" }),
  inboundStatusId: uuid("inbound_status_id").references(() => bookingStatuses.id, { onDelete: "set null" }),
  inboundStatusWithCustomerId: uuid("inbound_status_with_customer_id").references(() => bookingStatuses.id, {
    onDelete: "set null",
  }),
  lockUpdateStatusIds: jsonb("lock_update_status_ids").$type<string[]>().notNull().default([]),
  lockDeleteStatusIds: jsonb("lock_delete_status_ids").$type<string[]>().notNull().default([]),
  allowBookingUpdate: boolean("allow_booking_update").notNull().default(true),
  ignoreValidationOnUpdate: boolean("ignore_validation_on_update").notNull().default(false),
  /** Private / confidential Outlook meetings keep their subject in Roomlink (default: "Private meeting"). */
  showPrivateSubjects: boolean("show_private_subjects").notNull().default(false),
  /** Last authentication failure as an advice code (lib/graph/errors.ts) + a log-safe message. */
  lastErrorAdvice: text("last_error_advice"),
  lastError: text("last_error"),
  lastErrorAt: ts("last_error_at"),
  activatedAt: ts("activated_at"),
  lastSyncAt: ts("last_sync_at"),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** Application mode: one row per room mailbox ↔ Roomlink room. */
export const integrationRooms = pgTable(
  "integration_rooms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    mailboxUpn: text("mailbox_upn").notNull(),
    roomId: uuid("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    /** Last access test: ok, or Graph's error code (e.g. ErrorAccessDenied). */
    accessStatus: text("access_status"),
    accessCheckedAt: ts("access_checked_at"),
    /** The room copy's subject was replaced by the organizer (AddOrganizerToSubject). */
    subjectReplaced: boolean("subject_replaced"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("integration_rooms_upn_uq").on(t.integrationId, sql`lower(${t.mailboxUpn})`),
    index("integration_rooms_room_idx").on(t.roomId),
  ],
);

/** Pending consent round trips: `state` bound to the admin's session, PKCE verifier sealed. */
export const oauthStates = pgTable(
  "oauth_states",
  {
    state: text("state").primaryKey(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["delegated", "admin_consent"] }).notNull(),
    verifierSealed: text("verifier_sealed"),
    nonce: text("nonce"),
    /** Set by the redirect route: the code (sealed) or the error, waiting for Step 2. */
    resultCodeSealed: text("result_code_sealed"),
    resultError: text("result_error"),
    resultErrorDescription: text("result_error_description"),
    completedAt: ts("completed_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [index("oauth_states_integration_idx").on(t.integrationId)],
);

export const subscriptions = pgTable(
  "subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    integrationRoomId: uuid("integration_room_id").references(() => integrationRooms.id, { onDelete: "cascade" }),
    /** Graph's subscription id. */
    graphId: text("graph_id").notNull(),
    resource: text("resource").notNull(),
    /** The mailbox (UPN or "me") whose calendar this watches. */
    mailbox: text("mailbox").notNull(),
    /** Per-subscription secret Graph echoes in every notification; sealed at rest. */
    clientStateSealed: text("client_state_sealed").notNull(),
    expiresAt: ts("expires_at").notNull(),
    lastRenewedAt: ts("last_renewed_at"),
    lastNotificationAt: ts("last_notification_at"),
    lastError: text("last_error"),
    lastErrorAt: ts("last_error_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("subscriptions_graph_id_uq").on(t.graphId),
    index("subscriptions_integration_idx").on(t.integrationId),
  ],
);

/** Problems shown on diagnostics and e-mailed once per kind until resolved. */
export const problems = pgTable(
  "problems",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    /** e.g. a room mailbox UPN for per-room problems; "" for integration-wide ones. */
    subject: text("subject").notNull().default(""),
    message: text("message").notNull(),
    advice: text("advice"),
    occurrences: integer("occurrences").notNull().default(1),
    firstAt: ts("first_at").notNull().defaultNow(),
    lastAt: ts("last_at").notNull().defaultNow(),
    emailedAt: ts("emailed_at"),
    resolvedAt: ts("resolved_at"),
  },
  (t) => [
    uniqueIndex("problems_open_uq")
      .on(t.integrationId, t.kind, t.subject)
      .where(sql`${t.resolvedAt} is null`),
  ],
);

/** A booking refusal (policy, conflict …) inside a sync-log line: the booking core's issue codes and params. */
export interface StoredRefusal {
  issues: { code: string; params: Record<string, string | number | string[] | undefined> }[];
}
/** The params of a sync-log line's code; a refusal is rendered in the reader's language too. */
export type SyncLogParams = Record<string, string | number | StoredRefusal>;

/** What the sync engine did, newest first on diagnostics. */
export const syncLog = pgTable(
  "sync_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    at: ts("at").notNull().defaultNow(),
    direction: text("direction", { enum: ["inbound", "outbound", "reconcile", "subscription", "auth"] }).notNull(),
    action: text("action").notNull(),
    outcome: text("outcome", { enum: ["ok", "skipped", "rejected", "failed"] }).notNull(),
    /** Rows written before codes (and lines not converted yet): English text, shown as stored. */
    message: text("message"),
    /** What happened, said in the reader's language from the syncLog message area (lib/i18n/sync-log.ts). */
    code: text("code"),
    params: jsonb("params").$type<SyncLogParams>(),
    bookingId: uuid("booking_id"),
    eventId: text("event_id"),
    mailbox: text("mailbox"),
    durationMs: integer("duration_ms"),
  },
  (t) => [
    index("sync_log_integration_at_idx").on(t.integrationId, t.at),
    // A booking's page lists its own sync actions.
    index("sync_log_booking_idx")
      .on(t.bookingId, t.id)
      .where(sql`${t.bookingId} is not null`),
  ],
);

export type Integration = typeof integrations.$inferSelect;
export type NewIntegration = typeof integrations.$inferInsert;
export type IntegrationRoom = typeof integrationRooms.$inferSelect;
export type OAuthState = typeof oauthStates.$inferSelect;
export type Subscription = typeof subscriptions.$inferSelect;
export type Problem = typeof problems.$inferSelect;
export type SyncLogEntry = typeof syncLog.$inferSelect;
