import { env } from "@/lib/env";

/**
 * A token bucket per API key, in the server's memory: each signal takes a token, tokens refill at
 * `perSecond` up to `burst`. A flooding key is answered 429 at once, before any database work, so
 * other keys do not slow down.
 */
export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until the request would be allowed (for Retry-After). */
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly buckets = new Map<number | string, { tokens: number; at: number }>();

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  take(key: number | string, cost = 1): RateLimitDecision {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (cost <= bucket.tokens) {
      bucket.tokens -= cost;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    const missing = Math.min(cost, this.burst) - bucket.tokens;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / this.perSecond)) };
  }
}

/** Signals per second per key (SIGNALS_PER_SECOND_PER_KEY, default 200), with a burst of at least one full batch. */
export function signalRateLimiter(): RateLimiter {
  const store = globalThis as unknown as { __signalRateLimiter?: RateLimiter };
  if (!store.__signalRateLimiter) {
    const perSecond = env().SIGNALS_PER_SECOND_PER_KEY;
    store.__signalRateLimiter = new RateLimiter(perSecond, Math.max(1000, perSecond * 5));
  }
  return store.__signalRateLimiter;
}
