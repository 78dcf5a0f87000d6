import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";

/**
 * Aggregates kept in stored_aggregates between views: each kind with the counter (cache_versions)
 * that triggers move on any write to what it reads (migration 0029). A view reads the stored result
 * when the counter still matches; otherwise it computes, and stores the result only when the counter
 * read before computing is still the counter after it, so nothing is stored across a write that
 * committed meanwhile. Results must survive JSON (numbers, strings, arrays, plain objects).
 */
export type StoredKind = "attribution" | "velocity_aggregates" | "velocity_trend";

/** The counter each kind is kept under. */
const inputsOf: Record<StoredKind, string> = {
  attribution: "attribution_inputs",
  velocity_aggregates: "velocity_inputs",
  velocity_trend: "velocity_inputs",
};

/**
 * `scope` is everything the computation reads besides the tables (period, time zone, filters),
 * whole: a filter added later keys the stored result without anyone listing it here.
 */
export async function storedAggregate<T>(db: Database, kind: StoredKind, scope: object, compute: () => Promise<T>): Promise<T> {
  const key = JSON.stringify(scope, Object.keys(scope).sort());
  const inputsVersion = sql`coalesce((select version from cache_versions where name = ${inputsOf[kind]}), 0)`;
  const [stored] = await queryRows<{ result: T | null; version: number }>(
    db,
    sql`select (select result from stored_aggregates where kind = ${kind} and scope = ${key} and inputs_version = ${inputsVersion}) as result, ${inputsVersion}::int8 as version`,
  );
  if (stored?.result != null) return stored.result;
  const computed = await compute();
  await db.execute(sql`
    with current as (select ${inputsVersion} as version), stored as (
      insert into stored_aggregates (kind, scope, inputs_version, result, computed_at)
      select ${kind}, ${key}, version, ${JSON.stringify(computed)}::jsonb, now() from current where version = ${Number(stored?.version ?? -1)}
      on conflict (kind, scope) do update set inputs_version = excluded.inputs_version, result = excluded.result, computed_at = excluded.computed_at
      returning 1
    )
    -- What was kept under an older counter can never be read again; a result computed over 30 days
    -- ago goes too (yesterday's trend, a one-off filter), and is computed again if asked for.
    delete from stored_aggregates
    where scope <> ${key} and ((kind = ${kind} and inputs_version < (select version from current)) or computed_at < now() - interval '30 days')`);
  return computed;
}
