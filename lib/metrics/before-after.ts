/**
 * The playbook's "prove it" rule for every automation: a baseline window before the day it was
 * switched on, against the same number of days from then on (docs/metrics.md §12). Pure.
 */
import { defined, undefinedBecause, type Figure } from "./figure";
import { addDays, periodDays, type Period } from "./period";

/** Neither window is longer than this, so an automation running for years is compared on recent months. */
export const MAX_WINDOW_DAYS = 180;

export type BeforeAfterWindows = { ok: true; before: Period; after: Period; capped: boolean } | { ok: false; reason: string };

/**
 * After = [since, lastDay], at most MAX_WINDOW_DAYS from `since`; before = the same number of days
 * ending the day before `since`. `lastDay` is today, or the day before it was switched off.
 */
export function beforeAfterWindows(since: string, lastDay: string, what: string): BeforeAfterWindows {
  if (since > lastDay) return { ok: false, reason: `${what} starts on ${since}, after today: there is nothing to compare yet.` };
  const full = periodDays({ from: since, to: lastDay });
  const days = Math.min(full, MAX_WINDOW_DAYS);
  const after = { from: since, to: addDays(since, days - 1) };
  const before = { from: addDays(since, -days), to: addDays(since, -1) };
  return { ok: true, before, after, capped: full > MAX_WINDOW_DAYS };
}

/** After − before, for a figure; undefined (with the reason) when either side is. */
export function difference(after: Figure, before: Figure): Figure {
  if (after.value === null) return undefinedBecause(`after: ${after.reason}`);
  if (before.value === null) return undefinedBecause(`before: ${before.reason}`);
  return defined(after.value - before.value);
}
