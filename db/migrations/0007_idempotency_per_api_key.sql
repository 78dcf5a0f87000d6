DROP INDEX "signals_idempotency_key";--> statement-breakpoint
CREATE UNIQUE INDEX "signals_api_key_idempotency_key" ON "signals" USING btree (coalesce("api_key_id", 0),"idempotency_key");