import "server-only";
import { sql } from "drizzle-orm";
import { queryRowsPrepared, type Database } from "@/db/index";

export interface BucketAnswer {
  allowed: boolean;
  /** Tokens left after this take (allowed), or in the bucket now (refused): at most this many. */
  tokens: number;
}

/**
 * Takes `cost` tokens from the key's bucket if it holds them, in one statement every instance shares.
 * The bucket refills at `perSecond` up to `burst` from the time of its last take, by the database's
 * clock (one clock for all instances). The upsert's row lock makes concurrent takes of one key take
 * turns, so two instances can never spend the same tokens. A refused take changes nothing; the
 * second branch reads the bucket as it was before the statement (a concurrent take may have spent
 * more since, so the figure is an upper bound).
 */
export async function takeTokens(db: Database, { key, cost, perSecond, burst }: { key: string; cost: number; perSecond: number; burst: number }): Promise<BucketAnswer> {
  const refilled = (tokens: ReturnType<typeof sql>, at: ReturnType<typeof sql>) =>
    sql`least(${burst}::float8, ${tokens} + greatest(0, extract(epoch from clock_timestamp() - ${at}))::float8 * ${perSecond}::float8)`;
  const [row] = await queryRowsPrepared<{ allowed: boolean; tokens: number }>(
    db,
    sql`with taken as (
          insert into rate_limit_buckets as b (key, tokens, updated_at)
          select ${key}::text, ${burst}::float8 - ${cost}::float8, clock_timestamp() where ${cost}::float8 <= ${burst}::float8
          on conflict (key) do update
            set tokens = ${refilled(sql`b.tokens`, sql`b.updated_at`)} - ${cost}::float8, updated_at = clock_timestamp()
            where ${refilled(sql`b.tokens`, sql`b.updated_at`)} >= ${cost}::float8
          returning b.tokens
        )
        select true as allowed, tokens from taken
        union all
        select false as allowed, ${refilled(sql`r.tokens`, sql`r.updated_at`)} as tokens
          from rate_limit_buckets r where r.key = ${key}::text and not exists (select 1 from taken)`,
  );
  // No row: a cost above the burst with no bucket yet; it can never pass.
  return row ? { allowed: row.allowed, tokens: Number(row.tokens) } : { allowed: false, tokens: burst };
}
