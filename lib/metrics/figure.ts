/**
 * A figure that may be undefined: a rate with a zero denominator is shown as "—" with its reason,
 * never as 0, NaN or Infinity.
 */
export type Figure = { value: number; reason?: undefined } | { value: null; reason: string };

export function defined(value: number): Figure {
  return { value };
}

export function undefinedBecause(reason: string): Figure {
  return { value: null, reason };
}

/** Relative change from `previous` to `current` (0.15 for +15 %); undefined when previous is 0 or missing. */
export function relativeChange(current: Figure, previous: Figure): Figure {
  if (current.value === null) return undefinedBecause(current.reason);
  if (previous.value === null) return undefinedBecause(`previous period: ${previous.reason}`);
  if (previous.value === 0) return undefinedBecause("the previous period was zero");
  return defined((current.value - previous.value) / Math.abs(previous.value));
}

/** Rounds money to the cent, half away from zero, without binary drift on values like 1.005. */
export function toCents(value: number): number {
  return Math.sign(value) * Math.round(Number((Math.abs(value) * 100).toPrecision(15))) / 100;
}
