/**
 * Periods as people pick them: whole days, both ends included, in the organisation's time zone.
 * Pure calendar arithmetic on YYYY-MM-DD strings; the SQL turns days into local midnights.
 */
export const periodPresets = [
  "this_week",
  "last_week",
  "this_month",
  "last_month",
  "this_quarter",
  "last_quarter",
  "trailing_90_days",
  "custom",
] as const;
export type PeriodPreset = (typeof periodPresets)[number];

export const periodPresetLabels: Record<PeriodPreset, string> = {
  this_week: "This week",
  last_week: "Last week",
  this_month: "This month",
  last_month: "Last month",
  this_quarter: "This quarter",
  last_quarter: "Last quarter",
  trailing_90_days: "Trailing 90 days",
  custom: "Custom range",
};

export interface Period {
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

/** Longest custom range accepted: five years. */
export const MAX_PERIOD_DAYS = 5 * 366;

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function toDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function isIsoDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const date = toDate(value);
  return !Number.isNaN(date.getTime()) && toDay(date) === value;
}

export function addDays(day: string, days: number): string {
  return toDay(new Date(toDate(day).getTime() + days * DAY_MS));
}

/** Days in the period, both ends included. */
export function periodDays(period: Period): number {
  return Math.round((toDate(period.to).getTime() - toDate(period.from).getTime()) / DAY_MS) + 1;
}

function monthStart(day: string, monthsBack = 0): string {
  const d = toDate(day);
  return toDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1)));
}

function quarterStart(day: string, quartersBack = 0): string {
  const d = toDate(day);
  const month = Math.floor(d.getUTCMonth() / 3) * 3 - quartersBack * 3;
  return toDay(new Date(Date.UTC(d.getUTCFullYear(), month, 1)));
}

/** Monday of the week holding the day. */
function weekStart(day: string): string {
  const weekday = (toDate(day).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/**
 * The days of a preset period relative to `today` (a day in the organisation's time zone).
 * "This" periods run to today; "last" periods are the whole previous week, month or quarter.
 */
export function presetPeriod(preset: Exclude<PeriodPreset, "custom">, today: string): Period {
  switch (preset) {
    case "this_week":
      return { from: weekStart(today), to: today };
    case "last_week": {
      const from = addDays(weekStart(today), -7);
      return { from, to: addDays(from, 6) };
    }
    case "this_month":
      return { from: monthStart(today), to: today };
    case "last_month":
      return { from: monthStart(today, 1), to: addDays(monthStart(today), -1) };
    case "this_quarter":
      return { from: quarterStart(today), to: today };
    case "last_quarter":
      return { from: quarterStart(today, 1), to: addDays(quarterStart(today), -1) };
    case "trailing_90_days":
      return { from: addDays(today, -89), to: today };
  }
}

/** The interval of the same length that ends where the period starts. */
export function previousPeriod(period: Period): Period {
  const days = periodDays(period);
  return { from: addDays(period.from, -days), to: addDays(period.from, -1) };
}

/** The same calendar day a year earlier; 29 February becomes 28 February. */
export function sameDayLastYear(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return `${String(y - 1).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
}

export interface Comparison extends Period {
  /** What the comparison is, in words: "the same 66 days of last quarter". */
  label: string;
}

export interface ComparisonPeriods {
  previous: Comparison;
  lastYear: Comparison;
}

const toDateUnits = { this_week: "week", this_month: "month", this_quarter: "quarter" } as const;

/** The whole week, month or quarter holding `day`. */
function wholePeriodOf(unit: "week" | "month" | "quarter", day: string): Period {
  if (unit === "week") {
    const from = weekStart(day);
    return { from, to: addDays(from, 6) };
  }
  const from = unit === "month" ? monthStart(day) : quarterStart(day);
  const next = unit === "month" ? monthStart(addDays(from, 40)) : quarterStart(addDays(from, 100));
  return { from, to: addDays(next, -1) };
}

/** The whole calendar quarter holding `day`; `quartersAhead` moves it (1: the next quarter). */
export function quarterOf(day: string, quartersAhead = 0): Period {
  return wholePeriodOf("quarter", quarterStart(day, -quartersAhead));
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * What a period is compared with (METRICS.md conventions), like with like:
 * - a period to date (this week, month or quarter, N days in) with the first N days of the previous
 *   week, month or quarter, cut at its end when it is shorter (31 March against February), and with
 *   the same days a year earlier (52 weeks earlier for a week, so weekdays match);
 * - a period to date that has reached its last day is complete, and so is compared whole;
 * - a complete week, month or quarter with the whole one before it, and the same one a year earlier;
 * - any other range (custom, trailing 90 days) with the range of the same length just before it, and
 *   the same days a year earlier.
 */
export function comparisonPeriods(preset: PeriodPreset, period: Period): ComparisonPeriods {
  const days = periodDays(period);
  const yearBack = (p: Period): Period => ({ from: sameDayLastYear(p.from), to: sameDayLastYear(p.to) });

  if (preset === "this_week" || preset === "this_month" || preset === "this_quarter") {
    const unit = toDateUnits[preset];
    const whole = wholePeriodOf(unit, period.from);
    const complete = period.to === whole.to;
    const before = wholePeriodOf(unit, addDays(period.from, -1));
    if (complete) {
      return {
        previous: { ...before, label: `last ${unit}` },
        lastYear: unit === "week"
          ? { from: addDays(whole.from, -364), to: addDays(whole.to, -364), label: `the same ${unit} last year` }
          : { ...wholePeriodOf(unit, sameDayLastYear(whole.from)), label: `the same ${unit} last year` },
      };
    }
    const to = addDays(before.from, days - 1);
    const previous = { from: before.from, to: to > before.to ? before.to : to };
    const lastYear = unit === "week" ? { from: addDays(period.from, -364), to: addDays(period.to, -364) } : yearBack(period);
    return {
      previous: { ...previous, label: `the same ${plural(periodDays(previous), "day")} of last ${unit}` },
      lastYear: { ...lastYear, label: `the same ${plural(periodDays(lastYear), "day")} last year` },
    };
  }
  if (preset === "last_week" || preset === "last_month" || preset === "last_quarter") {
    const unit = preset === "last_week" ? "week" : preset === "last_month" ? "month" : "quarter";
    const before = wholePeriodOf(unit, addDays(period.from, -1));
    const lastYear = unit === "week" ? { from: addDays(period.from, -364), to: addDays(period.to, -364) } : wholePeriodOf(unit, sameDayLastYear(period.from));
    return {
      previous: { ...before, label: `the ${unit} before` },
      lastYear: { ...lastYear, label: `the same ${unit} a year earlier` },
    };
  }
  return {
    previous: { ...previousPeriod(period), label: `the ${plural(days, "day")} before` },
    lastYear: { ...yearBack(period), label: "the same days a year earlier" },
  };
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; error: string; parameter: "from" | "to" | "period" };

/** Checks a custom range: real days, from ≤ to, at most five years, within 2000–2100. */
export function customPeriod(from: string | undefined, to: string | undefined): PeriodResult {
  if (!from || !isIsoDay(from)) return { ok: false, parameter: "from", error: "from must be a day written YYYY-MM-DD, e.g. 2026-07-01." };
  if (!to || !isIsoDay(to)) return { ok: false, parameter: "to", error: "to must be a day written YYYY-MM-DD, e.g. 2026-09-30." };
  if (from < "2000-01-01" || to > "2100-12-31") return { ok: false, parameter: "period", error: "Pick days between 2000 and 2100." };
  if (from > to) return { ok: false, parameter: "period", error: `The range is inverted: from (${from}) is after to (${to}).` };
  const period = { from, to };
  if (periodDays(period) > MAX_PERIOD_DAYS) return { ok: false, parameter: "period", error: "Pick a range of at most five years." };
  return { ok: true, period };
}

/** Today's date in a time zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Average month length, for "per month" figures over periods of any length. */
export const DAYS_PER_MONTH = 365.25 / 12;
