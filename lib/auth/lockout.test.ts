import { describe, expect, it } from "vitest";
import { MAX_FAILURES, isLocked, lockAfterFailure, lockedMessage } from "./lockout";

const now = new Date("2026-11-24T10:00:00Z");

describe("sign-in lockout", () => {
  it("locks on the tenth failure in the window, for 15 minutes", () => {
    expect(lockAfterFailure(MAX_FAILURES - 1, now)).toBeNull();
    expect(lockAfterFailure(MAX_FAILURES, now)?.toISOString()).toBe("2026-11-24T10:15:00.000Z");
  });

  it("is locked until the lock time, not after", () => {
    const until = new Date("2026-11-24T10:15:00Z");
    expect(isLocked(until, new Date("2026-11-24T10:14:59Z"))).toBe(true);
    expect(isLocked(until, until)).toBe(false);
    expect(isLocked(null, now)).toBe(false);
  });

  it("says how long the lock lasts", () => {
    expect(lockedMessage(new Date("2026-11-24T10:15:00Z"), now)).toContain("Try again in 15 minutes");
    expect(lockedMessage(new Date("2026-11-24T10:00:20Z"), now)).toContain("Try again in 1 minute,");
  });
});
