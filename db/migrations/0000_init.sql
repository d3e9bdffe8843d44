CREATE TABLE "channel_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id_message" text NOT NULL,
	"chat_id" text NOT NULL,
	"type_webhook" text NOT NULL,
	"type_message" text,
	"text" text,
	"media" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"turn_error" text,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"chat_id" text NOT NULL,
	"kind" text NOT NULL,
	"body" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"provider_message_id" text,
	"delivery_status" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"chat_id" text PRIMARY KEY NOT NULL,
	"member_id" text,
	"active_agent" text,
	"pending_state" text,
	"pending_summary" jsonb,
	"pending_expires_at" timestamp with time zone,
	"graph_version" integer,
	"flow" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"position" integer NOT NULL,
	"item" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" text PRIMARY KEY NOT NULL,
	"phone_index" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_masked" text NOT NULL,
	"country" text NOT NULL,
	"name_enc" text,
	"locale" text,
	"status" text DEFAULT 'onboarding' NOT NULL,
	"onboarding_step" text DEFAULT 'language' NOT NULL,
	"pin_hash" text,
	"pin_failures" integer DEFAULT 0 NOT NULL,
	"pin_locked_until" timestamp with time zone,
	"reminders_paused" boolean DEFAULT false NOT NULL,
	"totp_secret_enc" text,
	"totp_verified_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_phone_index_unique" UNIQUE("phone_index")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_messages_id_message" ON "inbound_messages" USING btree ("id_message");--> statement-breakpoint
CREATE INDEX "inbound_messages_chat" ON "inbound_messages" USING btree ("chat_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_idempotency" ON "outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "outbox_chat" ON "outbox" USING btree ("chat_id","created_at");--> statement-breakpoint
CREATE INDEX "outbox_provider_id" ON "outbox" USING btree ("provider_message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "session_items_pos" ON "session_items" USING btree ("session_id","position");