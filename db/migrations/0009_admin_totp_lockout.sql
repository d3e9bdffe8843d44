ALTER TABLE "admin_totp" ADD COLUMN "failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "admin_totp" ADD COLUMN "locked_until" timestamp with time zone;