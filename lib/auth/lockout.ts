/**
 * Sign-in throttling, by network address rather than by account, so that nobody can lock someone
 * else out: failures from one address never refuse another address.
 *
 * - An address that failed MAX_FAILURES_PER_ACCOUNT times against one account within the window is
 *   refused for that account (the right password included) until those failures are older than the
 *   window. The answer is the same as for a wrong password or an unknown email, so it tells nobody
 *   whether the account exists or is being attacked.
 * - An address that failed MAX_FAILURES_PER_ADDRESS times within the window, whatever the emails
 *   (known or not), is refused for every account until its failures age out. That answer may say so:
 *   it is about the address, not about any account.
 */
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 10;
export const MAX_FAILURES_PER_ADDRESS = 30;

/** The one answer to a wrong password, an unknown email, and an address refused for the account. */
export const REFUSED_MESSAGE =
  `Wrong email or password. If you are sure both are right, too many failed attempts from your network have paused ` +
  `this sign-in: try again in ${FAILURE_WINDOW_MS / 60_000} minutes, or ask your RevOps admin to reset your password.`;

export const DEACTIVATED_MESSAGE = "This account has been deactivated. Ask your RevOps admin to reactivate it.";

/** When an address refused after `limit` failures may try again: once the limit-th most recent one leaves the window. */
export function retryAfter(limitthMostRecentFailure: Date): Date {
  return new Date(limitthMostRecentFailure.getTime() + FAILURE_WINDOW_MS);
}

export function throttledMessage(retryAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  return (
    `Too many failed sign-ins from your network address (${MAX_FAILURES_PER_ADDRESS} in ${FAILURE_WINDOW_MS / 60_000} minutes). ` +
    `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`
  );
}

/** What the sign-in form says for a refusal `code` (see SignInRefused in lib/auth/index.ts). */
export function signInRefusedMessage(code: string, retryAt: Date | undefined, now: Date = new Date()): string {
  if (code === "throttled") return throttledMessage(retryAt ?? retryAfter(now), now);
  if (code === "deactivated") return DEACTIVATED_MESSAGE;
  return REFUSED_MESSAGE;
}
