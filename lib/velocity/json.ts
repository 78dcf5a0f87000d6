/**
 * The velocity report as the API and the CLI give it: every figure named, with its definition, so a
 * machine client never has to guess what a number means.
 */
import { missingAmountsNote } from "@/lib/format";
import type { AmountCount } from "@/lib/metrics/amounts";
import type { Figure } from "@/lib/metrics/figure";
import { leverInfo, leverKeys, velocityDefinition } from "@/lib/metrics/velocity";
import type { VelocityReport } from "./report";

export interface NamedFigure {
  value: number | string | null;
  reason?: string;
  unit: string;
  definition: string;
  /** A money figure's deals, and those without an amount (left out of it), with the sentence the app shows. */
  amounts?: AmountCount & { note: string | null };
}

const named = (figure: Figure, unit: string, definition: string): NamedFigure =>
  figure.value === null ? { value: null, reason: figure.reason, unit, definition } : { value: figure.value, unit, definition };

const money = (value: string, definition: string): NamedFigure => ({ value, unit: "money", definition });

/** A money figure with the deals behind it: `kind` and `after` word the note as the pages do. */
const withAmounts = (figure: NamedFigure, count: AmountCount, words: { kind?: string; after?: string }): NamedFigure => ({
  ...figure,
  amounts: { ...count, note: missingAmountsNote(count, words) },
});

const leverUnits = { qualifiedOpportunities: "count", winRate: "ratio", averageDealSize: "money", salesCycleDays: "days" } as const;

export function velocityJson(report: VelocityReport) {
  const lever = (k: (typeof leverKeys)[number]) => named(report.current[k], leverUnits[k], leverInfo[k].definition);
  const won = report.current.wonAmounts;
  const amounts = report.pipeline.amounts;
  const figures = {
    pipelineVelocity: withAmounts(named(report.current.velocity, "money_per_day", velocityDefinition), won, { kind: "won" }),
    qualifiedOpportunities: lever("qualifiedOpportunities"),
    winRate: lever("winRate"),
    averageDealSize: withAmounts(lever("averageDealSize"), won, { kind: "won" }),
    salesCycleDays: lever("salesCycleDays"),
    velocityTarget: named(report.target.velocityPerDay, "money_per_day", "The monthly velocity target scaled to the period's length."),
    velocityVsTarget: named(report.target.velocityVsTarget, "ratio", "Pipeline velocity ÷ the velocity target."),
    openPipeline: withAmounts(money(report.pipeline.open, "Sum of the amount of open opportunities that have one."), amounts.open, { kind: "open" }),
    weightedPipeline: withAmounts(
      money(report.pipeline.weighted, "Σ amount × probability of the current stage, over open opportunities that have an amount."),
      amounts.open,
      { kind: "open" },
    ),
    pipelineCoverage: withAmounts(
      named(
        report.pipeline.coverage,
        "multiple",
        "Open pipeline expected to close this quarter ÷ (quarter's quota − amount won this quarter). Target band 3–4×.",
      ),
      amounts.closingInQuarter,
      { kind: "open", after: "closing this quarter" },
    ),
    wonInQuarter: withAmounts(
      money(report.pipeline.wonInQuarter, "Sum of the amount of opportunities won this quarter (coverage's denominator subtracts it from the quota)."),
      amounts.wonInQuarter,
      { kind: "won", after: "this quarter" },
    ),
    pipelineCreated: withAmounts(
      money(report.pipeline.created, "Sum of the amount of opportunities created in the period that have one."),
      amounts.created,
      { after: "created in the period" },
    ),
    pipelineCreatedVsTarget: named(report.pipeline.createdVsTarget, "ratio", "Pipeline created ÷ the monthly target scaled to the period."),
  } satisfies Record<string, NamedFigure>;
  const deltas = Object.fromEntries(
    Object.entries(report.deltas).map(([k, f]) => [k === "velocity" ? "pipelineVelocity" : k, named(f, "ratio", `Relative change against ${report.previous.label}.`)]),
  );
  const yearDeltas = Object.fromEntries(
    Object.entries(report.yearDeltas).map(([k, f]) => [k === "velocity" ? "pipelineVelocity" : k, named(f, "ratio", `Relative change against ${report.lastYear.label}.`)]),
  );
  return {
    period: report.request.period,
    previousPeriod: report.previous,
    lastYearPeriod: report.lastYear,
    preset: report.request.preset,
    timeZone: report.organisation.timeZone,
    currency: report.organisation.currency,
    filters: report.request.filters,
    figures,
    deltas,
    yearDeltas,
    dealSizeBenchmark: report.dealSizeBenchmark,
    previous: Object.fromEntries([...leverKeys, "velocity" as const].map((k) => [k === "velocity" ? "pipelineVelocity" : k, report.prior[k].value])),
    sample: report.sample,
    leverAnalysis: "values" in report.levers ? { improvement: report.settings.improvement, rows: report.levers.analysis, scenarios: report.levers.scenarios } : null,
    prioritisation: "values" in report.levers ? report.levers.prioritisation : null,
    segments: report.segments,
    stageMap: report.stageMap,
    trend: report.trend,
    generatedAt: report.generatedAt,
  };
}
