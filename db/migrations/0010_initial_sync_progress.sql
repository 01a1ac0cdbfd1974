ALTER TABLE "calendar_sync_state" ADD COLUMN "initial_sync_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calendar_sync_state" ADD COLUMN "initial_sync_done_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calendar_sync_state" ADD COLUMN "initial_imported" integer;