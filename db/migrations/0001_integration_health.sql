ALTER TABLE "integrations" ADD COLUMN "tokens_refreshed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "last_error_advice" text;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "last_error_at" timestamp with time zone;