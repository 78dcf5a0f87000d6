import { describe, expect, it } from "vitest";
import { REFUSED_MESSAGE, retryAfter, signInRefusedMessage, throttledMessage } from "./lockout";

const now = new Date("2026-11-24T10:00:00Z");

describe("sign-in refusals", () => {
  it("lets an address try again once the failure that reached the limit is 15 minutes old", () => {
    expect(retryAfter(new Date("2026-11-24T09:50:00Z")).toISOString()).toBe("2026-11-24T10:05:00.000Z");
  });

  it("says how long an address waits", () => {
    expect(throttledMessage(new Date("2026-11-24T10:15:00Z"), now)).toContain("Try again in 15 minutes.");
    expect(throttledMessage(new Date("2026-11-24T10:00:20Z"), now)).toContain("Try again in 1 minute.");
  });

  it("answers a wrong password, an unknown email and an address refused for the account alike", () => {
    expect(signInRefusedMessage("invalid", undefined, now)).toBe(REFUSED_MESSAGE);
    expect(signInRefusedMessage("credentials", undefined, now)).toBe(REFUSED_MESSAGE);
    expect(REFUSED_MESSAGE).toMatch(/^Wrong email or password\./);
    expect(REFUSED_MESSAGE).toMatch(/ask your RevOps admin to reset your password/);
  });

  it("names the wait for a throttled address and the way back for a deactivated account", () => {
    expect(signInRefusedMessage("throttled", new Date("2026-11-24T10:07:30Z"), now)).toMatch(/network address.*Try again in 8 minutes/);
    expect(signInRefusedMessage("deactivated", undefined, now)).toMatch(/deactivated.*reactivate/);
  });
});
