/**
 * Pipeline velocity and its four levers (METRICS.md §1): V = N × WR × ADS ÷ L, in money per day.
 * Pure functions: aggregates in, figures out.
 */
import { dealsWithAmount, type AmountCount } from "./amounts";
import { defined, relativeChange, undefinedBecause, type Figure } from "./figure";

/** What SQL hands over for one period and scope. Money as decimal strings, summed in SQL. */
export interface VelocityAggregates {
  /** Opportunities whose qualified_at falls in the period. */
  qualified: number;
  /** Opportunities won / lost with closed_at in the period. */
  won: number;
  lost: number;
  /** Sum of amount of opportunities won in the period (deals without an amount add nothing). */
  wonAmount: string;
  /** Of the won deals, those without an amount: left out of ADS, counted everywhere else. */
  wonWithoutAmount: number;
  /** Sum over won deals of (closed_at − created_at) in days. */
  wonCycleDays: number;
}

export interface Levers {
  /** N: qualified opportunities. */
  qualifiedOpportunities: Figure;
  /** WR: won ÷ (won + lost), as a ratio. */
  winRate: Figure;
  /** ADS: mean amount of deals won that have an amount. */
  averageDealSize: Figure;
  /** L: mean days from creation to close of deals won. */
  salesCycleDays: Figure;
}

export interface VelocityFigures extends Levers {
  velocity: Figure;
  /** The won deals behind ADS (and so V), and how many of them have no amount. */
  wonAmounts: AmountCount;
}

/** The won deals of the aggregates and how many have no amount. */
export function wonAmounts(a: VelocityAggregates): AmountCount {
  return { deals: a.won, withoutAmount: a.wonWithoutAmount };
}

/**
 * ADS = Σ amount ÷ won deals with an amount: a won deal without an amount is left out of the mean
 * rather than read as 0 (which would pull ADS, and V, down by a deal that was never priced).
 */
export function averageDealSize(a: VelocityAggregates): Figure {
  if (a.won === 0) return undefinedBecause("no won deals in this period");
  const priced = dealsWithAmount(wonAmounts(a));
  if (priced <= 0) {
    return undefinedBecause(a.won === 1 ? "the one won deal in this period has no amount" : `none of the ${a.won} won deals in this period has an amount`);
  }
  return defined(Number(a.wonAmount) / priced);
}

export function leversFrom(a: VelocityAggregates): Levers {
  const closed = a.won + a.lost;
  return {
    qualifiedOpportunities: defined(a.qualified),
    winRate: closed === 0 ? undefinedBecause("no closed deals in this period") : defined(a.won / closed),
    averageDealSize: averageDealSize(a),
    salesCycleDays: a.won === 0 ? undefinedBecause("no won deals in this period") : defined(a.wonCycleDays / a.won),
  };
}

/** Plain numbers for the what-if math (calculator, lever analysis, scenarios). */
export interface LeverValues {
  qualifiedOpportunities: number;
  winRate: number;
  averageDealSize: number;
  salesCycleDays: number;
}

export function velocityOf(v: LeverValues): Figure {
  if (v.salesCycleDays <= 0) return undefinedBecause("the sales cycle is zero days");
  return defined((v.qualifiedOpportunities * v.winRate * v.averageDealSize) / v.salesCycleDays);
}

/** The lever values when all four are defined, else the first reason one is not. */
export function leverValues(levers: Levers): { values: LeverValues } | { reason: string } {
  for (const figure of [levers.qualifiedOpportunities, levers.winRate, levers.averageDealSize, levers.salesCycleDays]) {
    if (figure.value === null) return { reason: figure.reason };
  }
  return {
    values: {
      qualifiedOpportunities: levers.qualifiedOpportunities.value!,
      winRate: levers.winRate.value!,
      averageDealSize: levers.averageDealSize.value!,
      salesCycleDays: levers.salesCycleDays.value!,
    },
  };
}

export function velocityFigures(a: VelocityAggregates): VelocityFigures {
  const levers = leversFrom(a);
  const values = leverValues(levers);
  return { ...levers, velocity: "values" in values ? velocityOf(values.values) : undefinedBecause(values.reason), wonAmounts: wonAmounts(a) };
}

export type LeverKey = "qualifiedOpportunities" | "winRate" | "averageDealSize" | "salesCycleDays";
export const leverKeys: readonly LeverKey[] = ["qualifiedOpportunities", "winRate", "averageDealSize", "salesCycleDays"];

export const leverInfo: Record<LeverKey, { label: string; symbol: string; definition: string }> = {
  qualifiedOpportunities: {
    label: "Qualified opportunities",
    symbol: "N",
    definition: "Opportunities whose qualified date (first entry into a stage that counts as qualified) falls in the period.",
  },
  winRate: { label: "Win rate", symbol: "WR", definition: "Won ÷ (won + lost), over opportunities closed in the period. Open deals do not count." },
  averageDealSize: {
    label: "Average deal size",
    symbol: "ADS",
    definition: "Mean amount of opportunities won in the period, over those that have an amount.",
  },
  salesCycleDays: { label: "Sales cycle", symbol: "L", definition: "Mean days from creation to close of opportunities won in the period." },
};

export const velocityDefinition = "Qualified opportunities × win rate × average deal size ÷ sales cycle, in money per day.";

/** One lever improved by x: N×(1+x), WR×(1+x) capped at 100 %, ADS×(1+x), L×(1−x). */
export function improveLever(v: LeverValues, lever: LeverKey, x: number): LeverValues {
  switch (lever) {
    case "qualifiedOpportunities":
      return { ...v, qualifiedOpportunities: v.qualifiedOpportunities * (1 + x) };
    case "winRate":
      return { ...v, winRate: Math.min(1, v.winRate * (1 + x)) };
    case "averageDealSize":
      return { ...v, averageDealSize: v.averageDealSize * (1 + x) };
    case "salesCycleDays":
      return { ...v, salesCycleDays: v.salesCycleDays * (1 - x) };
  }
}

export function improveAll(v: LeverValues, x: number): LeverValues {
  return leverKeys.reduce((acc, lever) => improveLever(acc, lever, x), v);
}

export interface LeverAnalysisRow {
  change: LeverKey | "all";
  values: LeverValues;
  velocity: Figure;
  /** Relative change of velocity against the current values. */
  velocityChange: Figure;
}

/** The five rows of METRICS §1: each lever alone, then all four, for improvement x. */
export function leverAnalysis(current: LeverValues, x: number): LeverAnalysisRow[] {
  const base = velocityOf(current);
  const row = (change: LeverKey | "all", values: LeverValues): LeverAnalysisRow => {
    const velocity = velocityOf(values);
    return { change, values, velocity, velocityChange: relativeChange(velocity, base) };
  };
  return [...leverKeys.map((lever) => row(lever, improveLever(current, lever, x))), row("all", improveAll(current, x))];
}

export const defaultScenarioImprovements = [0.1, 0.2, 0.3] as const;

export interface Scenario {
  improvement: number;
  rows: LeverAnalysisRow[];
}

/** Lever analysis repeated for each improvement (10, 20, 30 % and any the user adds). */
export function scenarios(current: LeverValues, improvements: readonly number[]): Scenario[] {
  return improvements.map((improvement) => ({ improvement, rows: leverAnalysis(current, improvement) }));
}

/** An improvement must leave a positive cycle: 0 < x < 1. */
export function isValidImprovement(x: number): boolean {
  return Number.isFinite(x) && x > 0 && x < 1;
}
