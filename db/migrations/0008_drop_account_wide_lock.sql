DROP TABLE "sign_in_failures" CASCADE;--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";