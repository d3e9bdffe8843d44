CREATE TABLE "support_tickets" (
	"id" text PRIMARY KEY NOT NULL,
	"member_id" text NOT NULL,
	"summary_enc" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox_wa_files" (
	"id" text PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_wa_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chat_id" text NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"body" jsonb NOT NULL,
	"id_message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "payout_destination_enc" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "payout_destination_masked" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "payout_destination_effective_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "payout_destination_change_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "support_tickets_key" ON "support_tickets" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "sandbox_wa_messages_chat" ON "sandbox_wa_messages" USING btree ("chat_id","id");