/**
 * Webhook signatures: each POST carries `X-Pipeline-Timestamp` (seconds since 1970) and
 * `X-Pipeline-Signature: sha256=<hex>`, the HMAC-SHA256 of "<timestamp>.<body>" with the webhook's
 * secret. A receiver recomputes it and refuses a body whose timestamp is old, so a captured request
 * cannot be replayed later.
 */
import crypto from "node:crypto";

export const SIGNATURE_HEADER = "X-Pipeline-Signature";
export const TIMESTAMP_HEADER = "X-Pipeline-Timestamp";

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver does: true when the signature is the body's and the timestamp within `toleranceSeconds` of now. */
export function verifyWebhook(
  secret: string,
  { timestamp, signature, body }: { timestamp: string | null; signature: string | null; body: string },
  { now = new Date(), toleranceSeconds = 300 }: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
