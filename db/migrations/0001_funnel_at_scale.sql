DROP INDEX "leads_created_idx";--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD COLUMN "expected_days" smallint;--> statement-breakpoint
CREATE INDEX "leads_cohort_idx" ON "leads" USING btree ("created_at","mql_at","sql_at","opportunity_at","won_at","source","account_id");--> statement-breakpoint
CREATE INDEX "leads_unrouted_idx" ON "leads" USING btree ("mql_at") WHERE "leads"."routed_at" is null;--> statement-breakpoint
CREATE INDEX "leads_undecided_idx" ON "leads" USING btree ("sql_at") WHERE "leads"."sql_decision_at" is null;--> statement-breakpoint
CREATE INDEX "leads_open_lead_idx" ON "leads" USING btree ("created_at") WHERE "leads"."mql_at" is null;--> statement-breakpoint
CREATE INDEX "leads_open_mql_idx" ON "leads" USING btree ("mql_at") WHERE "leads"."sql_at" is null;--> statement-breakpoint
CREATE INDEX "leads_open_sql_idx" ON "leads" USING btree ("sql_at") WHERE "leads"."opportunity_at" is null and "leads"."sql_decision" is distinct from 'rejected';--> statement-breakpoint
CREATE INDEX "leads_open_opportunity_idx" ON "leads" USING btree ("opportunity_at") WHERE "leads"."won_at" is null;--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD CONSTRAINT "pipeline_stages_expected_days_positive" CHECK ("pipeline_stages"."expected_days" > 0);--> statement-breakpoint
-- The default stages a database was created with get their expected days; renamed or added stages are left for the admin.
UPDATE "pipeline_stages" SET "expected_days" = d."days"
FROM (VALUES (1, 'Discovery', 14), (2, 'Solution Demo', 14), (3, 'Proposal', 21), (4, 'Negotiation', 14), (5, 'Contract Sent', 7)) AS d("id", "name", "days")
WHERE "pipeline_stages"."id" = d."id" AND "pipeline_stages"."name" = d."name" AND "pipeline_stages"."expected_days" IS NULL;
