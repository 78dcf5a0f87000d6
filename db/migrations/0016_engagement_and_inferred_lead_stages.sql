ALTER TABLE "contacts" ADD COLUMN "engagement_set_level" "engagement_level";--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "engagement_set_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "inferred_lead_stages" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "meetings_contact_time_idx" ON "meetings" USING btree ("contact_id","booked_at");--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_engagement_set" CHECK (("contacts"."engagement_set_level" is null) = ("contacts"."engagement_set_at" is null));--> statement-breakpoint
-- The funnel's cohort counts read whether a stage was inferred from the index alone, like the dates
-- (dropped here, made again once the leads below are filled).
DROP INDEX "leads_cohort_idx";--> statement-breakpoint
-- A lead's later stage implies the earlier ones: a missing earlier date takes the next known later
-- one, and the stage is flagged as inferred (counted in the funnel, left out of dwell times and SLAs).
UPDATE "leads" SET
  "mql_at" = coalesce("mql_at", "sql_at", "opportunity_at", "won_at"),
  "sql_at" = coalesce("sql_at", "opportunity_at", "won_at"),
  "opportunity_at" = coalesce("opportunity_at", "won_at"),
  "inferred_stages" = "inferred_stages" || array_remove(ARRAY[
    CASE WHEN "mql_at" IS NULL AND coalesce("sql_at", "opportunity_at", "won_at") IS NOT NULL THEN 'mql' END,
    CASE WHEN "sql_at" IS NULL AND coalesce("opportunity_at", "won_at") IS NOT NULL THEN 'sql' END,
    CASE WHEN "opportunity_at" IS NULL AND "won_at" IS NOT NULL THEN 'opportunity' END
  ]::"funnel_stage"[], NULL)
  WHERE ("mql_at" IS NULL AND coalesce("sql_at", "opportunity_at", "won_at") IS NOT NULL)
    OR ("sql_at" IS NULL AND coalesce("opportunity_at", "won_at") IS NOT NULL)
    OR ("opportunity_at" IS NULL AND "won_at" IS NOT NULL);--> statement-breakpoint
CREATE INDEX "leads_cohort_idx" ON "leads" USING btree ("created_at","mql_at","sql_at","opportunity_at","won_at","source","account_id","inferred_stages");
