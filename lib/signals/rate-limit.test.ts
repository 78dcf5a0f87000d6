import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("per-key rate limit", () => {
  it("lets a burst through, then refuses with the seconds to wait, without touching other keys", () => {
    let now = 0;
    const limiter = new RateLimiter(10, 20, () => now);
    expect(limiter.take("a", 20)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(limiter.take("a", 5)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take("b", 20).allowed).toBe(true);
    now = 500; // half a second refills 5
    expect(limiter.take("a", 5).allowed).toBe(true);
    expect(limiter.take("a", 1).allowed).toBe(false);
  });

  it("asks a batch larger than what is left to wait for the tokens it lacks", () => {
    let now = 0;
    const limiter = new RateLimiter(100, 1000, () => now);
    expect(limiter.take(1, 900).allowed).toBe(true);
    expect(limiter.take(1, 1000)).toEqual({ allowed: false, retryAfterSeconds: 9 });
    now = 9000;
    expect(limiter.take(1, 1000).allowed).toBe(true);
  });

  it("never stores more than the burst", () => {
    let now = 0;
    const limiter = new RateLimiter(10, 20, () => now);
    now = 3_600_000;
    expect(limiter.take("a", 20).allowed).toBe(true);
    expect(limiter.take("a", 1).allowed).toBe(false);
  });
});
