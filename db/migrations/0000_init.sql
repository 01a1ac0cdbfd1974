CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"actor_name" text,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "booking_statuses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"name_nl" text,
	"color" text DEFAULT '#64748b' NOT NULL,
	"blocks_room" boolean DEFAULT true NOT NULL,
	"is_cancelled" boolean DEFAULT false NOT NULL,
	"needs_approval" boolean DEFAULT false NOT NULL,
	"is_rejected" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"room_id" uuid NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"title" text NOT NULL,
	"status_id" uuid NOT NULL,
	"customer_id" uuid,
	"organizer_email" text,
	"attendee_count" integer DEFAULT 1 NOT NULL,
	"notes" text,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recurrence_group_id" uuid,
	"occurrence_index" integer,
	"original_start_at" timestamp with time zone,
	"source" text DEFAULT 'roomlink' NOT NULL,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"organisation" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recurrence_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"room_id" uuid NOT NULL,
	"rule" jsonb NOT NULL,
	"time_zone" text NOT NULL,
	"first_start_local" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"truncated_at" timestamp with time zone,
	"truncation_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "room_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"room_id" uuid NOT NULL,
	"max_duration_minutes" integer,
	"min_lead_minutes" integer,
	"advance_days" integer,
	"enforce_capacity" boolean DEFAULT true NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"capacity" integer NOT NULL,
	"time_zone" text DEFAULT 'Europe/Amsterdam' NOT NULL,
	"bookable_from" text DEFAULT '07:00' NOT NULL,
	"bookable_until" text DEFAULT '22:00' NOT NULL,
	"building" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"subject" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text DEFAULT 'viewer' NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integration_rooms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"integration_id" uuid NOT NULL,
	"mailbox_upn" text NOT NULL,
	"room_id" uuid NOT NULL,
	"access_status" text,
	"access_checked_at" timestamp with time zone,
	"subject_replaced" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text DEFAULT 'Outlook' NOT NULL,
	"mode" text DEFAULT 'delegated' NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"cloud" text DEFAULT 'public' NOT NULL,
	"tenant_id" text,
	"client_id" text,
	"client_secret_sealed" text,
	"client_secret_set_at" timestamp with time zone,
	"client_secret_expires_at" timestamp with time zone,
	"token_cache_sealed" text,
	"consented_at" timestamp with time zone,
	"connected_at" timestamp with time zone,
	"connected_account" text,
	"granted_roles" jsonb,
	"booking_id_field" text DEFAULT 'external_id' NOT NULL,
	"template_id" uuid,
	"create_teams_link" boolean DEFAULT false NOT NULL,
	"teams_link_field" text DEFAULT 'teams_link' NOT NULL,
	"use_customer_data" boolean DEFAULT false NOT NULL,
	"create_on_status_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"delete_on_status_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"problem_email" text,
	"inbound_room_id" uuid,
	"inbound_status_id" uuid,
	"inbound_status_with_customer_id" uuid,
	"lock_update_status_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"lock_delete_status_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"allow_booking_update" boolean DEFAULT true NOT NULL,
	"ignore_validation_on_update" boolean DEFAULT false NOT NULL,
	"activated_at" timestamp with time zone,
	"last_sync_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oauth_states" (
	"state" text PRIMARY KEY NOT NULL,
	"integration_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"verifier_sealed" text,
	"nonce" text,
	"result_code_sealed" text,
	"result_error" text,
	"result_error_description" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "problems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"integration_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"message" text NOT NULL,
	"advice" text,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"first_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	"emailed_at" timestamp with time zone,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"integration_id" uuid NOT NULL,
	"integration_room_id" uuid,
	"graph_id" text NOT NULL,
	"resource" text NOT NULL,
	"mailbox" text NOT NULL,
	"client_state_sealed" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_renewed_at" timestamp with time zone,
	"last_notification_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"integration_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"direction" text NOT NULL,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"message" text,
	"booking_id" uuid,
	"event_id" text,
	"mailbox" text,
	"duration_ms" integer
);
--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_status_id_booking_statuses_id_fk" FOREIGN KEY ("status_id") REFERENCES "public"."booking_statuses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_recurrence_group_id_recurrence_groups_id_fk" FOREIGN KEY ("recurrence_group_id") REFERENCES "public"."recurrence_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recurrence_groups" ADD CONSTRAINT "recurrence_groups_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_policies" ADD CONSTRAINT "room_policies_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_rooms" ADD CONSTRAINT "integration_rooms_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_rooms" ADD CONSTRAINT "integration_rooms_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_template_id_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_inbound_room_id_rooms_id_fk" FOREIGN KEY ("inbound_room_id") REFERENCES "public"."rooms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_inbound_status_id_booking_statuses_id_fk" FOREIGN KEY ("inbound_status_id") REFERENCES "public"."booking_statuses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_inbound_status_with_customer_id_booking_statuses_id_fk" FOREIGN KEY ("inbound_status_with_customer_id") REFERENCES "public"."booking_statuses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_integration_room_id_integration_rooms_id_fk" FOREIGN KEY ("integration_room_id") REFERENCES "public"."integration_rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_log" ADD CONSTRAINT "sync_log_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "booking_statuses_key_uq" ON "booking_statuses" USING btree ("key");--> statement-breakpoint
CREATE INDEX "bookings_room_time_idx" ON "bookings" USING btree ("room_id","start_at","end_at");--> statement-breakpoint
CREATE INDEX "bookings_start_idx" ON "bookings" USING btree ("start_at");--> statement-breakpoint
CREATE INDEX "bookings_group_idx" ON "bookings" USING btree ("recurrence_group_id");--> statement-breakpoint
CREATE INDEX "bookings_external_id_idx" ON "bookings" USING btree (("custom_fields"->>'external_id'));--> statement-breakpoint
CREATE UNIQUE INDEX "customers_email_uq" ON "customers" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "recurrence_groups_room_idx" ON "recurrence_groups" USING btree ("room_id");--> statement-breakpoint
CREATE UNIQUE INDEX "room_policies_room_uq" ON "room_policies" USING btree ("room_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rooms_name_uq" ON "rooms" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_uq" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "integration_rooms_upn_uq" ON "integration_rooms" USING btree ("integration_id",lower("mailbox_upn"));--> statement-breakpoint
CREATE INDEX "integration_rooms_room_idx" ON "integration_rooms" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "oauth_states_integration_idx" ON "oauth_states" USING btree ("integration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "problems_open_uq" ON "problems" USING btree ("integration_id","kind","subject") WHERE "problems"."resolved_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_graph_id_uq" ON "subscriptions" USING btree ("graph_id");--> statement-breakpoint
CREATE INDEX "subscriptions_integration_idx" ON "subscriptions" USING btree ("integration_id");--> statement-breakpoint
CREATE INDEX "sync_log_integration_at_idx" ON "sync_log" USING btree ("integration_id","at");