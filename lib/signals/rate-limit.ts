import type { Database } from "@/db/index";
import { takeTokens, type BucketAnswer } from "@/db/queries/rate-limit";
import { env } from "@/lib/env";

/**
 * A token bucket per API key, shared by every instance on the database: each signal takes a token,
 * tokens refill at `perSecond` up to `burst`. The bucket is a row (db/queries/rate-limit.ts) taken in
 * one statement, so instances behind a load balancer hold the limit together.
 *
 * A flooding key is still answered 429 without a database round trip: after each answer the process
 * remembers how many tokens the bucket held at most, and from when (the moment the statement was
 * sent, before the database read its clock). Other instances only ever take tokens away, so
 * `tokens + elapsed × perSecond` stays an upper bound, and a take that needs more than that is
 * refused from memory. It never allows anything on its own: every allowed take is the database's.
 */
export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until the request would be allowed (for Retry-After). */
  retryAfterSeconds: number;
}

interface Bound {
  tokens: number;
  at: number;
}

export type TakeTokens = (db: Database, request: { key: string; cost: number; perSecond: number; burst: number }) => Promise<BucketAnswer>;

/** Seconds until `tokens` refill to what `cost` needs (at least 1; a cost above the burst waits for a full bucket). */
export function retryAfterSeconds(tokens: number, cost: number, perSecond: number, burst: number): number {
  const missing = Math.min(cost, burst) - tokens;
  return Math.max(1, Math.ceil(missing / perSecond));
}

/** The most tokens a bucket can hold `now`, given it held at most `bound.tokens` at `bound.at`. */
export function tokensAtMost(bound: Bound, now: number, perSecond: number, burst: number): number {
  return Math.min(burst, bound.tokens + (Math.max(0, now - bound.at) / 1000) * perSecond);
}

export class SharedRateLimiter {
  /** Per database: tests (and tools) may hold several, each with its own buckets. */
  private readonly boundsByDatabase = new WeakMap<Database, Map<string, Bound>>();

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => Date.now(),
    private readonly take_: TakeTokens = takeTokens,
  ) {}

  async take(db: Database, key: string, cost = 1): Promise<RateLimitDecision> {
    const sentAt = this.now();
    let bounds = this.boundsByDatabase.get(db);
    if (!bounds) this.boundsByDatabase.set(db, (bounds = new Map()));
    const bound = bounds.get(key);
    if (bound) {
      const atMost = tokensAtMost(bound, sentAt, this.perSecond, this.burst);
      if (atMost < cost) return { allowed: false, retryAfterSeconds: retryAfterSeconds(atMost, cost, this.perSecond, this.burst) };
    }
    const answer = await this.take_(db, { key, cost, perSecond: this.perSecond, burst: this.burst });
    if (bounds.size > 10_000) bounds.clear();
    bounds.set(key, { tokens: answer.tokens, at: sentAt });
    if (answer.allowed) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: retryAfterSeconds(answer.tokens, cost, this.perSecond, this.burst) };
  }
}

/** Signals per second per key (SIGNALS_PER_SECOND_PER_KEY, default 200), with a burst of at least one full batch. */
export function signalRateLimiter(): SharedRateLimiter {
  const store = globalThis as unknown as { __signalRateLimiter?: SharedRateLimiter };
  if (!store.__signalRateLimiter) {
    const perSecond = env().SIGNALS_PER_SECOND_PER_KEY;
    store.__signalRateLimiter = new SharedRateLimiter(perSecond, Math.max(1000, perSecond * 5));
  }
  return store.__signalRateLimiter;
}

/** The key of an API key's signal bucket. */
export const signalBucketKey = (apiKeyId: number) => `signals:${apiKeyId}`;
