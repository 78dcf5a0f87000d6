import type { Clock } from "./calendar";
import type { Random } from "./random";

/** What every part of the generator shares: the seed's streams, the clock and the volume scale. */
export interface SeedContext {
  readonly rng: Random;
  readonly clock: Clock;
  readonly scale: number;
}

/** A volume at this scale: at least one row, so tiny scales still exercise every table. */
export function scaled(ctx: SeedContext, base: number): number {
  return Math.max(1, Math.round(base * ctx.scale));
}

/** Money as the schema stores it: a string with two decimals. */
export function money(amount: number): string {
  return amount.toFixed(2);
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Items in order of a time, ties kept in their original order; times are read once per item. */
export function inTimeOrder<T>(items: readonly T[], time: (item: T) => number): T[] {
  const times = new Float64Array(items.length);
  items.forEach((item, i) => (times[i] = time(item)));
  const order = Array.from({ length: items.length }, (_, i) => i);
  order.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  return order.map((i) => items[i] as T);
}
