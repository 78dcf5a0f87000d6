ALTER TABLE "opportunities" ALTER COLUMN "amount" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "opportunities" ALTER COLUMN "amount" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "industry_raw" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "parent_account_name" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "icp_fit_model" smallint;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "icp_fit_reasons" jsonb;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "icp_fit_override" smallint;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "icp_fit_override_reason" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "icp_fit_override_by" integer;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "icp_fit_override_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "inferred_stages" "funnel_stage"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "win_reason_raw" text;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "loss_reason_raw" text;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "competitor_raw" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_icp_fit_override_by_users_id_fk" FOREIGN KEY ("icp_fit_override_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_icp_fit_model_range" CHECK ("accounts"."icp_fit_model" between 0 and 100);--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_icp_fit_override_range" CHECK ("accounts"."icp_fit_override" between 0 and 100);--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_icp_fit_override_reason" CHECK ("accounts"."icp_fit_override" is null or "accounts"."icp_fit_override_reason" is not null);--> statement-breakpoint
-- What was stored before is what the CRM gave: keep it as the raw value, and the fit as the model's.
UPDATE "opportunities" SET "win_reason_raw" = "win_reason", "loss_reason_raw" = "loss_reason", "competitor_raw" = "competitor"
  WHERE "win_reason" IS NOT NULL OR "loss_reason" IS NOT NULL OR "competitor" IS NOT NULL;--> statement-breakpoint
UPDATE "accounts" SET "industry_raw" = "industry", "icp_fit_model" = "icp_fit_score"
  WHERE "industry" IS NOT NULL OR "icp_fit_score" IS NOT NULL;
