CREATE TABLE "series_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"integration_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"mailbox" text NOT NULL,
	"master_event_id" text NOT NULL,
	"first_original_at" timestamp with time zone NOT NULL,
	"last_original_at" timestamp with time zone NOT NULL,
	"complete" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "event_links" ADD COLUMN "written_version" integer;--> statement-breakpoint
ALTER TABLE "series_links" ADD CONSTRAINT "series_links_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series_links" ADD CONSTRAINT "series_links_group_id_recurrence_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."recurrence_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "series_links_master_uq" ON "series_links" USING btree ("integration_id",lower("mailbox"),"master_event_id");--> statement-breakpoint
CREATE INDEX "series_links_group_idx" ON "series_links" USING btree ("group_id","integration_id");