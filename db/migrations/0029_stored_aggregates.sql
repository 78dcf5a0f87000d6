CREATE TABLE "stored_aggregates" (
	"kind" text NOT NULL,
	"scope" text NOT NULL,
	"inputs_version" bigint NOT NULL,
	"result" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stored_aggregates_kind_scope_pk" PRIMARY KEY("kind","scope")
);
--> statement-breakpoint
-- attribution_inputs: what the attribution weighing reads (db/queries/attribution.ts): every touch;
-- a contact's account; a deal's account, amount, status, dates and the filter columns.
CREATE TRIGGER "touchpoints_attribution_inputs" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "touchpoints"
	FOR EACH STATEMENT EXECUTE FUNCTION "bump_cache_version"('attribution_inputs');--> statement-breakpoint
CREATE TRIGGER "contacts_attribution_inputs" AFTER UPDATE OF "account_id" OR DELETE OR TRUNCATE ON "contacts"
	FOR EACH STATEMENT EXECUTE FUNCTION "bump_cache_version"('attribution_inputs');--> statement-breakpoint
CREATE TRIGGER "opportunities_attribution_inputs" AFTER INSERT OR DELETE OR TRUNCATE
	OR UPDATE OF "account_id", "amount", "status", "created_at", "closed_at", "segment", "source", "owner_id" ON "opportunities"
	FOR EACH STATEMENT EXECUTE FUNCTION "bump_cache_version"('attribution_inputs');--> statement-breakpoint
-- velocity_inputs: what the velocity aggregates and the weekly trend read (db/queries/velocity.ts):
-- a deal's dates, status, amount and the filter columns.
CREATE TRIGGER "opportunities_velocity_inputs" AFTER INSERT OR DELETE OR TRUNCATE
	OR UPDATE OF "qualified_at", "created_at", "closed_at", "status", "amount", "segment", "source", "owner_id" ON "opportunities"
	FOR EACH STATEMENT EXECUTE FUNCTION "bump_cache_version"('velocity_inputs');
