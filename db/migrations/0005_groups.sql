CREATE TABLE "cycles" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"cycle_no" integer NOT NULL,
	"due_date" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"remind_before_at" timestamp with time zone,
	"remind_due_day_at" timestamp with time zone,
	"grace_deadline_at" timestamp with time zone NOT NULL,
	"recipient_member_id" text,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"quorum_notified_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dues" (
	"cycle_id" text NOT NULL,
	"member_id" text NOT NULL,
	"group_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"late_fee_minor" bigint DEFAULT 0 NOT NULL,
	"paid_at" timestamp with time zone,
	CONSTRAINT "dues_cycle_id_member_id_pk" PRIMARY KEY("cycle_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "group_members" (
	"group_id" text NOT NULL,
	"member_id" text NOT NULL,
	"role" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"chosen_slot" integer,
	"manual_slot" integer,
	"payout_position" integer,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_members_group_id_member_id_pk" PRIMARY KEY("group_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"organizer_id" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"currency" text NOT NULL,
	"contribution_minor" bigint NOT NULL,
	"frequency" text NOT NULL,
	"start_date" text NOT NULL,
	"time_zone" text NOT NULL,
	"members_count" integer NOT NULL,
	"payout_order" text NOT NULL,
	"rules" jsonb NOT NULL,
	"seed_enc" text NOT NULL,
	"seed_commitment" text NOT NULL,
	"seed_revealed" text,
	"creation_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "invites" (
	"code" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"created_by" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_sends" (
	"cycle_id" text NOT NULL,
	"member_id" text NOT NULL,
	"kind" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reminder_sends_cycle_id_member_id_kind_pk" PRIMARY KEY("cycle_id","member_id","kind")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "cycles_group_no" ON "cycles" USING btree ("group_id","cycle_no");--> statement-breakpoint
CREATE INDEX "cycles_remind_before" ON "cycles" USING btree ("remind_before_at");--> statement-breakpoint
CREATE INDEX "cycles_grace_deadline" ON "cycles" USING btree ("grace_deadline_at");--> statement-breakpoint
CREATE INDEX "dues_member" ON "dues" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "dues_group" ON "dues" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "group_members_member" ON "group_members" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "groups_creation_key" ON "groups" USING btree ("creation_key");--> statement-breakpoint
CREATE INDEX "groups_organizer" ON "groups" USING btree ("organizer_id");--> statement-breakpoint
CREATE INDEX "invites_group" ON "invites" USING btree ("group_id");