CREATE TABLE "contributions" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"cycle_id" text NOT NULL,
	"member_id" text NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	"late_fee_minor" bigint DEFAULT 0 NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"provider" text NOT NULL,
	"provider_ref" text NOT NULL,
	"captured_at" timestamp (3) with time zone,
	"transfer_id" text
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"cycle_id" text NOT NULL,
	"member_id" text NOT NULL,
	"kind" text NOT NULL,
	"opened_by" text NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"evidence_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escrow_cycles" (
	"cycle_id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"captured_minor" bigint DEFAULT 0 NOT NULL,
	"late_fees_minor" bigint DEFAULT 0 NOT NULL,
	"released_minor" bigint DEFAULT 0 NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"charged_back_minor" bigint DEFAULT 0 NOT NULL,
	"fees_minor" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escrow_freezes" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"cycle_id" text NOT NULL,
	"member_id" text NOT NULL,
	"reason" text NOT NULL,
	"dispute_id" text,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"cycle_id" text,
	"member_id" text,
	"currency" text NOT NULL,
	"code" text NOT NULL,
	"flags" integer NOT NULL,
	"debits_pending" bigint DEFAULT 0 NOT NULL,
	"debits_posted" bigint DEFAULT 0 NOT NULL,
	"credits_pending" bigint DEFAULT 0 NOT NULL,
	"credits_posted" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "ledger_accounts_debits_bound" CHECK ((flags & 1) = 0 or debits_pending + debits_posted <= credits_posted),
	CONSTRAINT "ledger_accounts_credits_bound" CHECK ((flags & 2) = 0 or credits_pending + credits_posted <= debits_posted),
	CONSTRAINT "ledger_accounts_pending_nonnegative" CHECK (debits_pending >= 0 and credits_pending >= 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_chain_heads" (
	"group_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"head_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_events" (
	"group_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"event_id" text NOT NULL,
	"event_type" text NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"actor" jsonb NOT NULL,
	"subject" jsonb NOT NULL,
	"cycle_id" text,
	"data" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"idempotency_key" text,
	"request_hash" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_events_group_id_seq_pk" PRIMARY KEY("group_id","seq"),
	CONSTRAINT "ledger_events_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE TABLE "ledger_transfers" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"cycle_id" text,
	"event_id" text NOT NULL,
	"debit_account_id" text NOT NULL,
	"credit_account_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"code" text NOT NULL,
	"flags" integer NOT NULL,
	"pending_id" text,
	CONSTRAINT "ledger_transfers_pending_id_unique" UNIQUE("pending_id"),
	CONSTRAINT "ledger_transfers_amount_positive" CHECK (amount_minor > 0),
	CONSTRAINT "ledger_transfers_two_accounts" CHECK (debit_account_id <> credit_account_id)
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"cycle_id" text NOT NULL,
	"recipient_member_id" text NOT NULL,
	"currency" text,
	"gross_minor" bigint DEFAULT 0 NOT NULL,
	"fee_minor" bigint DEFAULT 0 NOT NULL,
	"net_minor" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"provider_ref" text,
	"failures" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"cycle_id" text NOT NULL,
	"contribution_id" text NOT NULL,
	"member_id" text NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	"kind" text NOT NULL,
	"dispute_id" text,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"group_admin_approved_by" text,
	"platform_admin_approved_by" text,
	"source_account_id" text
);
--> statement-breakpoint
CREATE INDEX "contributions_group_cycle" ON "contributions" USING btree ("group_id","cycle_id");--> statement-breakpoint
CREATE INDEX "disputes_group_cycle" ON "disputes" USING btree ("group_id","cycle_id");--> statement-breakpoint
CREATE INDEX "escrow_freezes_group_cycle" ON "escrow_freezes" USING btree ("group_id","cycle_id");--> statement-breakpoint
CREATE INDEX "ledger_accounts_group_cycle" ON "ledger_accounts" USING btree ("group_id","cycle_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_events_idempotency" ON "ledger_events" USING btree ("group_id","idempotency_key") WHERE idempotency_key is not null;--> statement-breakpoint
CREATE INDEX "ledger_transfers_group_cycle" ON "ledger_transfers" USING btree ("group_id","cycle_id");--> statement-breakpoint
CREATE INDEX "payouts_group_cycle" ON "payouts" USING btree ("group_id","cycle_id");--> statement-breakpoint
CREATE INDEX "refunds_group_cycle" ON "refunds" USING btree ("group_id","cycle_id");