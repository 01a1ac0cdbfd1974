ALTER TABLE "recurrence_groups" ADD COLUMN "truncation_code" text;--> statement-breakpoint
ALTER TABLE "recurrence_groups" ADD COLUMN "truncation_params" jsonb;--> statement-breakpoint
ALTER TABLE "sync_log" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "sync_log" ADD COLUMN "params" jsonb;