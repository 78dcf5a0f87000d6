/**
 * Time for the demo data. Everything is placed relative to `asOf` (midnight UTC), in milliseconds,
 * over a window of a fixed number of days rather than calendar months: moving `asOf` by whole weeks
 * then moves every generated timestamp by exactly that much, which the tests rely on.
 */
import type { Random } from "./random";

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** About 15 months. */
export const WINDOW_DAYS = 456;

export interface Clock {
  /** Midnight UTC of the as-of day; every timestamp is strictly before it. */
  readonly asOf: number;
  /** The first day of the window. */
  readonly start: number;
}

export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export function createClock(asOf: Date): Clock {
  const day = startOfUtcDay(asOf).getTime();
  return { asOf: day, start: day - WINDOW_DAYS * DAY };
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function quarterStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
}

export function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate());
}

/** Database timestamps keep microseconds, but whole seconds read better and round-trip exactly. */
export function toSecond(ms: number): number {
  return Math.floor(ms / SECOND) * SECOND;
}

/** B2B buyers work on weekdays: relative activity by UTC day of week, Sunday first. */
const weekdayActivity = [0.32, 1.0, 1.08, 1.08, 1.02, 0.86, 0.36] as const;

export function weekdayFactor(dayMs: number): number {
  return weekdayActivity[new Date(dayMs).getUTCDay()] ?? 1;
}

/**
 * A day in [from, to) with density rising linearly from `growthFrom` to `growthTo` (a growing
 * company) and thinned on weekends. Returns midnight UTC of that day.
 */
export function sampleDay(rng: Random, from: number, to: number, growthFrom = 1, growthTo = 1): number {
  const firstDay = Math.floor(from / DAY);
  const dayCount = Math.max(1, Math.ceil(to / DAY) - firstDay);
  for (;;) {
    const x = linearDensity(rng.next(), growthFrom, growthTo);
    const day = (firstDay + Math.min(dayCount - 1, Math.floor(x * dayCount))) * DAY;
    if (rng.next() * 1.08 < weekdayFactor(day)) return day;
  }
}

/** Inverse CDF of a density on [0, 1) rising linearly from w0 to w1. */
function linearDensity(u: number, w0: number, w1: number): number {
  const a = (w1 - w0) / 2;
  if (Math.abs(a) < 1e-9) return u;
  const c = (u * (w0 + w1)) / 2;
  return (-w0 + Math.sqrt(w0 * w0 + 4 * a * c)) / (2 * a);
}

/** Working-hour offsets (UTC hours) of the buyers in each region. */
const workingHours: Record<string, readonly [number, number]> = {
  "North America": [13, 23],
  EMEA: [7, 17],
  APAC: [0, 9],
};

/** A time of day within the region's working hours, whole seconds. */
export function workTime(rng: Random, dayMs: number, region?: string | null): number {
  const [from, to] = workingHours[region ?? ""] ?? rng.weighted(regionHourMix);
  return toSecond(dayMs + rng.float(from, to) * HOUR);
}

const regionHourMix: readonly (readonly [readonly [number, number], number])[] = [
  [[13, 23], 60],
  [[7, 17], 30],
  [[0, 9], 10],
];

/** A time in (from, to), whole seconds. */
export function between(rng: Random, from: number, to: number): number {
  return toSecond(from + rng.next() * (to - from));
}
