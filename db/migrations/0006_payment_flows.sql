CREATE TABLE "payment_attempts" (
	"ref" text PRIMARY KEY NOT NULL,
	"contribution_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"group_id" text NOT NULL,
	"cycle_id" text NOT NULL,
	"member_id" text NOT NULL,
	"method" text NOT NULL,
	"provider" text NOT NULL,
	"phone_masked" text,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"captured_minor" bigint,
	"outcome" text,
	"failure_code" text,
	"checkout_url" text,
	"ledger_seq" bigint,
	"ledger_hash" text,
	"created_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone,
	"checked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payment_reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"ref" text,
	"provider_ref" text,
	"type" text NOT NULL,
	"reason" text NOT NULL,
	"amount_minor" bigint,
	"currency" text,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payout_runs" (
	"payout_id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"cycle_id" text NOT NULL,
	"recipient_member_id" text NOT NULL,
	"net_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"provider" text NOT NULL,
	"destination_enc" text NOT NULL,
	"destination_masked" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"current_ref" text,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"provider_ref" text,
	"ledger_seq" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "payment_attempts_key" ON "payment_attempts" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_attempts_contribution" ON "payment_attempts" USING btree ("contribution_id");--> statement-breakpoint
CREATE INDEX "payment_attempts_due" ON "payment_attempts" USING btree ("cycle_id","member_id");--> statement-breakpoint
CREATE INDEX "payment_attempts_member" ON "payment_attempts" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "payment_attempts_pending" ON "payment_attempts" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "payment_reviews_open" ON "payment_reviews" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_runs_cycle" ON "payout_runs" USING btree ("cycle_id");--> statement-breakpoint
CREATE INDEX "payout_runs_due" ON "payout_runs" USING btree ("status","next_attempt_at");