import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "./signing";

describe("webhook signatures", () => {
  const secret = "whsec_test";
  const body = JSON.stringify({ text: "Acme reached 85" });
  const now = new Date("2026-12-05T10:00:00Z");
  const timestamp = now.getTime() / 1000;

  it("is the HMAC-SHA256 of timestamp.body with the secret, in hex", () => {
    const expected = crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
    expect(signWebhook(secret, timestamp, body)).toBe(`sha256=${expected}`);
    expect(signWebhook(secret, timestamp, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it("verifies its own signature and refuses any change", () => {
    const signature = signWebhook(secret, timestamp, body);
    expect(verifyWebhook(secret, { timestamp: String(timestamp), signature, body }, { now })).toBe(true);
    expect(verifyWebhook("whsec_other", { timestamp: String(timestamp), signature, body }, { now })).toBe(false);
    expect(verifyWebhook(secret, { timestamp: String(timestamp), signature, body: body.replace("85", "95") }, { now })).toBe(false);
    expect(verifyWebhook(secret, { timestamp: String(timestamp + 1), signature, body }, { now })).toBe(false);
    expect(verifyWebhook(secret, { timestamp: String(timestamp), signature: signature.slice(0, -1), body }, { now })).toBe(false);
    expect(verifyWebhook(secret, { timestamp: null, signature, body }, { now })).toBe(false);
  });

  it("refuses a replay older than the tolerance", () => {
    const signature = signWebhook(secret, timestamp, body);
    expect(verifyWebhook(secret, { timestamp: String(timestamp), signature, body }, { now: new Date(now.getTime() + 299_000) })).toBe(true);
    expect(verifyWebhook(secret, { timestamp: String(timestamp), signature, body }, { now: new Date(now.getTime() + 301_000) })).toBe(false);
  });
});
