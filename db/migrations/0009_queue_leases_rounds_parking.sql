CREATE TABLE "parked_mailboxes" (
	"group_key" text PRIMARY KEY NOT NULL,
	"integration_id" uuid NOT NULL,
	"mailbox" text NOT NULL,
	"reason" text NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"probes" integer DEFAULT 0 NOT NULL,
	"last_probe_at" timestamp with time zone,
	"next_probe_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedule_rounds" (
	"name" text NOT NULL,
	"round_at" timestamp with time zone NOT NULL,
	"claimed_by" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text DEFAULT 'running' NOT NULL,
	"queued" integer,
	"error" text,
	CONSTRAINT "schedule_rounds_name_round_at_pk" PRIMARY KEY("name","round_at")
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "parked_mailboxes" ADD CONSTRAINT "parked_mailboxes_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "parked_mailboxes_integration_idx" ON "parked_mailboxes" USING btree ("integration_id");--> statement-breakpoint
CREATE INDEX "schedule_rounds_recent_idx" ON "schedule_rounds" USING btree ("name","started_at");