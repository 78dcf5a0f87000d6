/** The calculator's URL parameters: parsing and messages, kept apart from the UI so they can be tested. */
import type { LeverValues } from "@/lib/metrics/velocity";
import { readNumberText } from "@/lib/text/number-input";

export interface CalculatorField {
  param: "opps" | "winRate" | "dealSize" | "cycle";
  label: string;
  help: string;
  fallback: string;
  prefix?: string;
  suffix?: string;
  /** Checks the number; returns a message when it is out of range. */
  check: (n: number) => string | null;
}

export const calculatorFields: readonly CalculatorField[] = [
  {
    param: "opps",
    label: "Qualified opportunities (N)",
    help: "Opportunities qualified in the period.",
    fallback: "50",
    check: (n) => (n < 0 ? "Enter zero or more opportunities." : null),
  },
  {
    param: "winRate",
    label: "Win rate (WR)",
    help: "Won ÷ (won + lost), in percent.",
    fallback: "22",
    suffix: "%",
    check: (n) => (n < 0 || n > 100 ? "Enter a percentage from 0 to 100." : null),
  },
  {
    param: "dealSize",
    label: "Average deal size (ADS)",
    help: "Mean amount of won deals.",
    fallback: "18000",
    check: (n) => (n < 0 ? "Enter zero or a positive amount." : null),
  },
  {
    param: "cycle",
    label: "Sales cycle (L)",
    help: "Mean days from creation to close of won deals.",
    fallback: "45",
    suffix: "days",
    check: (n) => (n <= 0 ? "Enter a cycle longer than zero days." : null),
  },
];

type Raw = Record<CalculatorField["param"], string>;

/** Reads the four inputs; values are null while any input is not a valid number. */
export function readCalculatorInputs(params: { get(name: string): string | null }): {
  raw: Raw;
  values: LeverValues | null;
  errors: Partial<Record<CalculatorField["param"], string>>;
} {
  const raw = Object.fromEntries(calculatorFields.map((f) => [f.param, params.get(f.param) ?? f.fallback])) as Raw;
  const errors: Partial<Record<CalculatorField["param"], string>> = {};
  const numbers: Partial<Record<CalculatorField["param"], number>> = {};
  for (const field of calculatorFields) {
    const n = readNumberText(raw[field.param]) ?? NaN;
    if (!Number.isFinite(n)) errors[field.param] = `"${raw[field.param]}" is not a number.`;
    else {
      const problem = field.check(n);
      if (problem) errors[field.param] = problem;
      else numbers[field.param] = n;
    }
  }
  const values =
    Object.keys(errors).length > 0
      ? null
      : { qualifiedOpportunities: numbers.opps!, winRate: numbers.winRate! / 100, averageDealSize: numbers.dealSize!, salesCycleDays: numbers.cycle! };
  return { raw, values, errors };
}
