CREATE TABLE "provider_events" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"provider_event_id" text NOT NULL,
	"type" text NOT NULL,
	"provider_type" text,
	"ref" text,
	"provider_ref" text,
	"amount_minor" bigint,
	"currency" text,
	"failure_code" text,
	"failure_reason" text,
	"emitted" boolean NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_payments" (
	"ref" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"kind" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"phone" text,
	"provider_ref" text,
	"alt_ref" text,
	"parent_ref" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"failure_code" text,
	"callback_token_hash" text,
	"status_token_hash" text,
	"token_used_at" timestamp with time zone,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_tokens" (
	"key" text PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_idempotency" (
	"provider" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_idempotency_provider_key_pk" PRIMARY KEY("provider","key")
);
--> statement-breakpoint
CREATE TABLE "sandbox_keys" (
	"name" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_objects" (
	"provider" text NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_objects_provider_id_pk" PRIMARY KEY("provider","id")
);
--> statement-breakpoint
CREATE TABLE "sandbox_payments" (
	"ref" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"kind" text NOT NULL,
	"object_id" text NOT NULL,
	"phone" text,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "provider_events_provider_id" ON "provider_events" USING btree ("provider","provider_event_id");--> statement-breakpoint
CREATE INDEX "provider_events_ref" ON "provider_events" USING btree ("ref");--> statement-breakpoint
CREATE INDEX "provider_payments_provider_ref" ON "provider_payments" USING btree ("provider","provider_ref");--> statement-breakpoint
CREATE INDEX "provider_payments_alt_ref" ON "provider_payments" USING btree ("provider","alt_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "provider_payments_callback_token" ON "provider_payments" USING btree ("callback_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "provider_payments_status_token" ON "provider_payments" USING btree ("status_token_hash");--> statement-breakpoint
CREATE INDEX "provider_payments_pending" ON "provider_payments" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "sandbox_objects_type" ON "sandbox_objects" USING btree ("provider","type");--> statement-breakpoint
CREATE INDEX "sandbox_payments_pending" ON "sandbox_payments" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "sandbox_payments_object" ON "sandbox_payments" USING btree ("object_id");