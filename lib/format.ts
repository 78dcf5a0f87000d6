/**
 * Number formatting for every page. Money arrives from SQL as a decimal string and is formatted
 * without passing through a float, so what is shown is exactly what was summed.
 */
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

export function formatCount(value: number, { locale = DEFAULT_LOCALE }: FormatOptions = {}): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A ratio (0.22) as a percentage ("22.0 %" in en-US style "22.0%"). */
export function formatPercent(ratio: number, { locale = DEFAULT_LOCALE }: FormatOptions = {}, digits = 1): string {
  return new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio);
}

export function formatDays(days: number, { locale = DEFAULT_LOCALE }: FormatOptions = {}): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(days)} days`;
}

export function formatDate(isoDay: string, { locale = DEFAULT_LOCALE }: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(
    new Date(`${isoDay}T00:00:00Z`),
  );
}
