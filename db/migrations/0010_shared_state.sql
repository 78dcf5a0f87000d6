CREATE TABLE "cache_versions" (
	"name" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNLOGGED TABLE "rate_limit_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "signals" ADD COLUMN "txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "signals_feed_idx" ON "signals" USING btree ("txid","id");--> statement-breakpoint
-- Process caches (db/cache-versions.ts) compare these counters; any change to a row a cache copies
-- moves its counter on, in the same transaction, whoever writes it (app, CLI, import, plain SQL).
CREATE FUNCTION "bump_cache_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "cache_versions" ("name", "version") VALUES (TG_ARGV[0], 1)
	ON CONFLICT ("name") DO UPDATE SET "version" = "cache_versions"."version" + 1;
	RETURN NULL;
END
$$;--> statement-breakpoint
-- Verified API keys: a revoked or changed key, a deactivated or removed creator.
CREATE TRIGGER "api_keys_cache_version" AFTER UPDATE OF "revoked_at", "key_hash", "scopes", "created_by" OR DELETE OR TRUNCATE ON "api_keys"
	FOR EACH STATEMENT EXECUTE FUNCTION "bump_cache_version"('api_keys');--> statement-breakpoint
CREATE TRIGGER "users_api_keys_cache_version" AFTER UPDATE OF "active" OR DELETE OR TRUNCATE ON "users"
	FOR EACH STATEMENT EXECUTE FUNCTION "bump_cache_version"('api_keys');--> statement-breakpoint
-- The signal ingest context: the taxonomy and the settings.
CREATE TRIGGER "signal_types_cache_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "signal_types"
	FOR EACH STATEMENT EXECUTE FUNCTION "bump_cache_version"('ingest_context');--> statement-breakpoint
CREATE TRIGGER "settings_cache_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "settings"
	FOR EACH STATEMENT EXECUTE FUNCTION "bump_cache_version"('ingest_context');
