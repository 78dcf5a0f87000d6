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
