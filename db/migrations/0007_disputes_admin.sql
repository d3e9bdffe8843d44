CREATE TABLE "admin_actions" (
	"id" text PRIMARY KEY NOT NULL,
	"admin_id" text NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin_totp" (
	"member_id" text PRIMARY KEY NOT NULL,
	"last_step" integer,
	"enrolled_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dispute_cases" (
	"dispute_id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"cycle_id" text NOT NULL,
	"member_id" text NOT NULL,
	"type" text NOT NULL,
	"payment_ref" text,
	"description_enc" text,
	"source" text DEFAULT 'member' NOT NULL,
	"provider_dispute_id" text,
	"provider_status" text,
	"open_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispute_evidence" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"added_by" text NOT NULL,
	"kind" text NOT NULL,
	"sha256" text,
	"storage" text,
	"mime_type" text,
	"file_name" text,
	"size_bytes" integer,
	"note_enc" text,
	"source_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_flags" (
	"id" text PRIMARY KEY NOT NULL,
	"rule" text NOT NULL,
	"member_id" text NOT NULL,
	"group_id" text,
	"cycle_id" text,
	"explanation" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"freeze_id" text,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "admin_actions_key" ON "admin_actions" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "admin_actions_admin" ON "admin_actions" USING btree ("admin_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "dispute_cases_open_key" ON "dispute_cases" USING btree ("open_key");--> statement-breakpoint
CREATE UNIQUE INDEX "dispute_cases_provider" ON "dispute_cases" USING btree ("provider_dispute_id");--> statement-breakpoint
CREATE INDEX "dispute_cases_member" ON "dispute_cases" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dispute_evidence_source" ON "dispute_evidence" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "dispute_evidence_dispute" ON "dispute_evidence" USING btree ("dispute_id");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_flags_dedupe" ON "risk_flags" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "risk_flags_open" ON "risk_flags" USING btree ("status","created_at");