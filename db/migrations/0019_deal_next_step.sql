ALTER TYPE "public"."opportunity_change_field" ADD VALUE 'next_step';--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "next_step" text;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "next_step_updated_at" timestamp with time zone;