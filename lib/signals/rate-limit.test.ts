/**
 * The shared per-key rate limit against a real database (PGlite, and PostgreSQL when DATABASE_URL is
 * set): the token bucket's arithmetic by the database's clock, two instances (two limiters, and on
 * PostgreSQL two connection pools) holding the limit together, and refusals answered from memory.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Database, type DatabaseHandle } from "@/db/index";
import { takeTokens } from "@/db/queries/rate-limit";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { SharedRateLimiter, retryAfterSeconds, tokensAtMost, type TakeTokens } from "./rate-limit";

describe("rate-limit arithmetic", () => {
  it("asks to wait for the tokens a take lacks, at least a second, a full bucket for a cost above the burst", () => {
    expect(retryAfterSeconds(0, 5, 10, 20)).toBe(1);
    expect(retryAfterSeconds(100, 1000, 100, 1000)).toBe(9);
    expect(retryAfterSeconds(0, 5000, 100, 1000)).toBe(10);
    expect(retryAfterSeconds(4.99, 5, 10, 20)).toBe(1);
  });

  it("bounds the tokens by the refill since the bound, never past the burst nor before it", () => {
    expect(tokensAtMost({ tokens: 2, at: 1000 }, 1500, 10, 20)).toBe(7);
    expect(tokensAtMost({ tokens: 2, at: 1000 }, 3_600_000, 10, 20)).toBe(20);
    expect(tokensAtMost({ tokens: 2, at: 1000 }, 900, 10, 20)).toBe(2);
  });
});

describe.each(testDrivers())("shared rate limit on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let other: DatabaseHandle;
  let n = 0;
  /** A fresh bucket key per test. */
  let key = "";
  /** Moves the bucket's last take back, as if `ms` had passed. */
  const age = (ms: number) => db.execute(sql`update rate_limit_buckets set updated_at = updated_at - make_interval(secs => ${ms / 1000}) where key = ${key}`);
  const tokens = async () => (await queryRows<{ tokens: number }>(db, sql`select tokens from rate_limit_buckets where key = ${key}`))[0]?.tokens;

  beforeAll(async () => {
    t = await createTestDatabase(driver, { reference: false });
    db = t.handle.db;
    other = t.another();
  });
  afterAll(() => t.drop());
  beforeEach(() => {
    key = `test:${++n}`;
  });

  it("lets a burst through, then refuses until the database's clock has refilled enough, keys apart", async () => {
    // One token a second: the real time between calls (up to a second on a loaded machine) refills less than one.
    const rate = { perSecond: 1, burst: 20 };
    expect(await takeTokens(db, { key, cost: 20, ...rate })).toEqual({ allowed: true, tokens: 0 });
    const refused = await takeTokens(db, { key, cost: 5, ...rate });
    expect(refused.allowed).toBe(false);
    expect(refused.tokens).toBeLessThan(1);
    expect((await takeTokens(db, { key: `${key}:b`, cost: 20, ...rate })).allowed).toBe(true);
    await age(5_000); // five seconds refill 5
    expect((await takeTokens(db, { key, cost: 5, ...rate })).allowed).toBe(true);
    expect((await takeTokens(db, { key, cost: 1, ...rate })).allowed).toBe(false);
  });

  it("never fills a bucket past its burst, and never takes more than the burst", async () => {
    const rate = { perSecond: 1, burst: 20 };
    expect((await takeTokens(db, { key, cost: 21, ...rate })).allowed).toBe(false);
    expect(await tokens()).toBeUndefined();
    expect((await takeTokens(db, { key, cost: 1, ...rate })).allowed).toBe(true);
    await age(3_600_000);
    expect((await takeTokens(db, { key, cost: 20, ...rate })).allowed).toBe(true);
    expect((await takeTokens(db, { key, cost: 1, ...rate })).allowed).toBe(false);
  });

  it("leaves the bucket as it was on a refusal", async () => {
    const rate = { perSecond: 0.001, burst: 10 };
    await takeTokens(db, { key, cost: 8, ...rate });
    const before = await tokens();
    expect((await takeTokens(db, { key, cost: 3, ...rate })).allowed).toBe(false);
    expect(await tokens()).toBe(before);
    expect((await takeTokens(db, { key, cost: 2, ...rate })).allowed).toBe(true);
  });

  it("holds the limit for two instances taking turns and taking at once", async () => {
    // A slow refill: the pair may spend the burst and what refills while the test runs, no more.
    const perSecond = 2;
    const burst = 30;
    const first = new SharedRateLimiter(perSecond, burst);
    const second = new SharedRateLimiter(perSecond, burst);
    const started = performance.now();
    let allowed = 0;
    for (let i = 0; i < 25; i++) {
      if ((await first.take(db, key, 1)).allowed) allowed++;
      if ((await second.take(other.db, key, 1)).allowed) allowed++;
    }
    const together = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? first.take(db, key, 1) : second.take(other.db, key, 1))),
    );
    allowed += together.filter((d) => d.allowed).length;
    const refill = ((performance.now() - started) / 1000) * perSecond;
    // Each instance alone would have allowed its own 30.
    expect(allowed).toBeGreaterThanOrEqual(burst);
    expect(allowed).toBeLessThanOrEqual(burst + Math.ceil(refill));
    expect(together.find((d) => !d.allowed)?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it("answers a flooding key from memory, and asks the database again once refill may allow it", async () => {
    let now = 0;
    let asked = 0;
    const counting: TakeTokens = (database, request) => {
      asked++;
      return takeTokens(database, request);
    };
    const limiter = new SharedRateLimiter(10, 20, () => now, counting);
    expect((await limiter.take(db, key, 20)).allowed).toBe(true);
    expect(await limiter.take(db, key, 5)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(asked).toBe(1);
    now = 300; // 3 tokens at most: still refused without asking
    expect((await limiter.take(db, key, 5)).allowed).toBe(false);
    expect(asked).toBe(1);
    now = 600; // 6 tokens at most: the database decides, by its own clock
    await age(600);
    expect((await limiter.take(db, key, 5)).allowed).toBe(true);
    expect(asked).toBe(2);
  });
});
