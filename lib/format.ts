/**
 * Number formatting for every page. Money arrives from SQL as a decimal string and is formatted
 * without passing through a float, so what is shown is exactly what was summed.
 */
import type { AmountCount } from "@/lib/metrics/amounts";

export interface FormatOptions {
  currency?: string;
  locale?: string;
}

const DEFAULT_LOCALE = "en-US";

export function formatMoney(value: string | number, { currency = "USD", locale = DEFAULT_LOCALE }: FormatOptions = {}, cents = false): string {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: cents ? 2 : 0,
    maximumFractionDigits: cents ? 2 : 0,
  }).format(value as Parameters<Intl.NumberFormat["format"]>[0]);
}

/** One deal's amount, which the CRM may not have given: "no amount" then, never "$0". */
export function formatAmount(value: string | null, options: FormatOptions = {}, cents = false): string {
  return value === null ? "no amount" : formatMoney(value, options, cents);
}

/**
 * The one wording for the deals a money figure leaves out: "3 of 91 open deals have no amount",
 * "1 of 1 won deal has no amount"; null when every deal has an amount. `kind` goes before "deals"
 * ("open", "won"), `after` after it ("created in the period").
 */
export function missingAmountsNote(count: AmountCount, { kind, after }: { kind?: string; after?: string } = {}, options: FormatOptions = {}): string | null {
  if (count.withoutAmount <= 0) return null;
  const deals = [kind, count.deals === 1 ? "deal" : "deals", after].filter(Boolean).join(" ");
  return `${formatCount(count.withoutAmount, options)} of ${formatCount(count.deals, options)} ${deals} ${count.withoutAmount === 1 ? "has" : "have"} no amount`;
}

/** A count is whole: 1,204 opportunities, never 156.40 (a fraction is rounded half away from zero). */
export function formatCount(value: number, { locale = DEFAULT_LOCALE }: FormatOptions = {}): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/**
 * A count computed by scaling another (N × 1.15 in the lever analysis): the whole number, marked
 * "≈" when it had to be rounded. The figures computed from it use the exact value.
 */
export function formatScaledCount(value: number, options: FormatOptions = {}): string {
  // A no-break space: "≈" never stands alone on a line above its number in a narrow column.
  return `${Number.isInteger(value) ? "" : "≈\u00a0"}${formatCount(value, options)}`;
}

/**
 * Money on a dashboard: whole units ($13,943/day), since cents there are noise; an amount under 10
 * units keeps its cents, so $0.40/day does not read as $0. Reports and exports show cents
 * (formatMoney with cents).
 */
export function formatDashboardMoney(value: string | number, options: FormatOptions = {}): string {
  const size = Math.abs(Number(value));
  return formatMoney(value, options, size > 0 && size < 10);
}

/** A ratio (0.22) as a percentage ("22.0 %" in en-US style "22.0%"). */
export function formatPercent(ratio: number, { locale = DEFAULT_LOCALE }: FormatOptions = {}, digits = 1): string {
  return new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio);
}

/** A difference of two shares in percentage points, signed: "+12.5 pts", "−3.0 pts". */
export function formatPoints(difference: number, { locale = DEFAULT_LOCALE }: FormatOptions = {}): string {
  const points = Math.round(difference * 1000) / 10;
  const text = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(points));
  return `${points > 0 ? "+" : points < 0 ? "−" : "±"}${text} pts`;
}

export function formatDays(days: number, { locale = DEFAULT_LOCALE }: FormatOptions = {}): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(days)} days`;
}

export function formatDate(isoDay: string, { locale = DEFAULT_LOCALE }: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(
    new Date(`${isoDay}T00:00:00Z`),
  );
}

/** A moment as the organisation reads it: "Nov 24, 2026, 3:05 PM" in its time zone. */
export function formatWhen(at: Date | string, timeZone: string, { locale = DEFAULT_LOCALE }: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(typeof at === "string" ? new Date(at) : at);
}

/** A month by its first day (YYYY-MM-01): "Nov 26", or "Nov 2026" with the whole year. */
export function formatMonth(firstDay: string, { locale = DEFAULT_LOCALE }: FormatOptions = {}, year: "2-digit" | "numeric" = "2-digit"): string {
  return new Date(`${firstDay}T00:00:00Z`).toLocaleDateString(locale, { month: "short", year, timeZone: "UTC" });
}

/** Compact money for chart axes and tiles: $1.2M, $18K. */
export function formatMoneyCompact(value: number, { currency = "USD", locale = DEFAULT_LOCALE }: FormatOptions = {}): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(value);
}

/** A signed relative change: "+15.0%" / "−3.2%". */
export function formatChange(ratio: number, { locale = DEFAULT_LOCALE }: FormatOptions = {}): string {
  return new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(ratio);
}

export function formatDecimal(value: number, digits = 1, { locale = DEFAULT_LOCALE }: FormatOptions = {}): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** "Jul 1 – Sep 30, 2026" for an inclusive day range. */
export function formatPeriod(from: string, to: string, { locale = DEFAULT_LOCALE }: FormatOptions = {}): string {
  const f = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
  return f.formatRange(new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`));
}

/**
 * How a chart or tile formats its numbers; plain data, so server components can pass it to client ones.
 * Money is a dashboard's (formatDashboardMoney); a count is whole; "decimal" is a measured quantity
 * with one decimal (a score, minutes).
 */
export type ValueKind = "money" | "moneyPerDay" | "percent" | "count" | "decimal" | "days" | "multiple";
export interface ValueFormat {
  kind: ValueKind;
  currency?: string;
}

export function formatValue(value: number, { kind, currency = "USD" }: ValueFormat): string {
  switch (kind) {
    case "money":
      return formatDashboardMoney(value, { currency });
    case "moneyPerDay":
      return `${formatDashboardMoney(value, { currency })}/day`;
    case "percent":
      return formatPercent(value);
    case "count":
      return formatCount(value);
    case "decimal":
      return formatDecimal(value, Number.isInteger(value) ? 0 : 1);
    case "days":
      return formatDays(value);
    case "multiple":
      return `${formatDecimal(value, 1)}×`;
  }
}

/** Short form for axes. */
export function formatAxisValue(value: number, { kind, currency = "USD" }: ValueFormat): string {
  switch (kind) {
    case "money":
    case "moneyPerDay":
      return formatMoneyCompact(value, { currency });
    case "percent":
      return formatPercent(value, {}, 0);
    case "days":
      return `${Math.round(value)} d`;
    default:
      return formatDecimal(value, 0);
  }
}

/** How long a run took: "850 ms", "12.4 s", "3 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
