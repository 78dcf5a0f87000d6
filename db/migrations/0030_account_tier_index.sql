-- The account list's default order (tier in force, then id) read straight from an index, and the
-- tier counts and the ABM coverage per tier read tier and fit from it without the wide account rows.
-- (Written here rather than in db/schema.ts: drizzle's index builder has no INCLUDE.)
CREATE INDEX "accounts_tier_fit_idx" ON "accounts" USING btree ("abm_tier", "id") INCLUDE ("icp_fit_score");
