/** Pipeline figures of Layer 1 (METRICS.md §1): coverage and pipeline created against target. */
import { defined, undefinedBecause, type Figure } from "./figure";
import { DAYS_PER_MONTH } from "./period";

export type CoverageBand = "crisis" | "in_band" | "above_band" | "qualification_problem";

export const coverageBand = { low: 3, high: 4, tooHigh: 5 } as const;

/** Open pipeline closing this quarter ÷ (quota − won this quarter). */
export function pipelineCoverage(openClosingInQuarter: string, quota: string, wonInQuarter: string): Figure {
  const remaining = Number(quota) - Number(wonInQuarter);
  if (Number(quota) <= 0) return undefinedBecause("no quota is set for this quarter");
  if (remaining <= 0) return undefinedBecause("the quarter's quota is already met");
  return defined(Number(openClosingInQuarter) / remaining);
}

/** Below 3× is a pipeline crisis, 3–4× the target band, above 5× a qualification problem. */
export function classifyCoverage(coverage: number): CoverageBand {
  if (coverage < coverageBand.low) return "crisis";
  if (coverage <= coverageBand.high) return "in_band";
  if (coverage <= coverageBand.tooHigh) return "above_band";
  return "qualification_problem";
}

export const coverageBandLabels: Record<CoverageBand, string> = {
  crisis: "Below 3×: pipeline crisis",
  in_band: "In the 3–4× band",
  above_band: "Above the 3–4× band",
  qualification_problem: "Above 5×: a qualification problem",
};

/** A monthly target (pipeline created, or velocity, which grows with N) scaled to the period's length. */
export function periodTarget(monthlyTarget: number, periodDays: number): number {
  return (monthlyTarget * periodDays) / DAYS_PER_MONTH;
}

/** Pipeline created in the period as a share of the period's target. */
export function pipelineCreatedVsTarget(created: string, monthlyTarget: string | null, periodDays: number): Figure {
  if (monthlyTarget === null || Number(monthlyTarget) <= 0) return undefinedBecause("no pipeline-created target is set");
  return defined(Number(created) / periodTarget(Number(monthlyTarget), periodDays));
}
