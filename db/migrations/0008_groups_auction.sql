CREATE TABLE "auction_bids" (
	"cycle_id" text NOT NULL,
	"member_id" text NOT NULL,
	"group_id" text NOT NULL,
	"discount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "auction_bids_cycle_id_member_id_pk" PRIMARY KEY("cycle_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "auction_dividends" (
	"cycle_id" text NOT NULL,
	"member_id" text NOT NULL,
	"group_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	CONSTRAINT "auction_dividends_cycle_id_member_id_pk" PRIMARY KEY("cycle_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "auction_rounds" (
	"cycle_id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"cycle_no" integer NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "auction_settlements" (
	"cycle_id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"cycle_no" integer NOT NULL,
	"winner_member_id" text NOT NULL,
	"currency" text NOT NULL,
	"pot_minor" bigint NOT NULL,
	"discount_minor" bigint NOT NULL,
	"payout_minor" bigint NOT NULL,
	"bids_count" integer NOT NULL,
	"by_lot" boolean NOT NULL,
	"settled_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "auction_dividends_member" ON "auction_dividends" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "auction_rounds_open" ON "auction_rounds" USING btree ("status","closes_at");--> statement-breakpoint
CREATE INDEX "auction_rounds_group" ON "auction_rounds" USING btree ("group_id");