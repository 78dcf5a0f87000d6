/** After MAX_FAILURES failed sign-ins within WINDOW, the account is refused for LOCK_DURATION. */
export const MAX_FAILURES = 10;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LOCK_DURATION_MS = 15 * 60 * 1000;

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/** The lock to set after a failure, given how many failures fell inside the window (this one included). */
export function lockAfterFailure(failuresInWindow: number, now: Date): Date | null {
  return failuresInWindow >= MAX_FAILURES ? new Date(now.getTime() + LOCK_DURATION_MS) : null;
}

export function lockedMessage(lockedUntil: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
  return (
    `This account is locked after ${MAX_FAILURES} failed sign-ins in ${FAILURE_WINDOW_MS / 60_000} minutes. ` +
    `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask an admin to reset your password.`
  );
}
