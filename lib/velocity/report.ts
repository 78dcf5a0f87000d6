import "server-only";
/**
 * The whole Layer 1 view for one period and set of filters: the page, the audit report, the API and
 * the CLI all render this one object, so they cannot disagree.
 */
import type { Database } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import {
  pipelineCreated,
  pipelineSnapshot,
  stageAggregates,
  targetInForce,
  velocityAggregates,
  velocityBySegment,
  velocityFilterOptions,
  storedVelocityAggregates,
  storedWeeklyTrend,
  type FilterOptions,
  type SegmentDimension,
} from "@/db/queries/velocity";
import type { AmountCount } from "@/lib/metrics/amounts";
import { defined, relativeChange, undefinedBecause, type Figure } from "@/lib/metrics/figure";
import { comparisonPeriods, periodDays, todayIn, type Comparison, type Period } from "@/lib/metrics/period";
import { classifyCoverage, pipelineCoverage, pipelineCreatedVsTarget, periodTarget, type CoverageBand } from "@/lib/metrics/pipeline";
import { prioritise, type Prioritisation } from "@/lib/metrics/prioritisation";
import { stageMap, type StageMap } from "@/lib/metrics/stage-map";
import { SMALL_SAMPLE, wilsonInterval, type Interval } from "@/lib/metrics/statistics";
import {
  defaultScenarioImprovements,
  leverAnalysis,
  leverKeys,
  leverValues,
  scenarios,
  velocityFigures,
  type LeverAnalysisRow,
  type LeverKey,
  type LeverValues,
  type Scenario,
  type VelocityFigures,
} from "@/lib/metrics/velocity";
import type { OrganisationSettings, VelocitySettings } from "@/lib/settings/definitions";
import { parseVelocityRequest, type Params, type RequestError, type VelocityRequest } from "./request";

export const TREND_WEEKS = 52;
/** Each trend point covers the 13 weeks ending that week. */
export const TREND_WINDOW_DAYS = 91;

export interface SegmentRow {
  key: string | null;
  label: string;
  figures: VelocityFigures;
  closed: number;
  winRateInterval: Interval | null;
  smallSample: boolean;
}

export interface SegmentTable {
  dimension: SegmentDimension;
  label: string;
  rows: SegmentRow[];
}

export interface TrendPointFigures extends VelocityFigures {
  weekEnd: string;
}

export interface VelocityReport {
  generatedAt: string;
  today: string;
  organisation: OrganisationSettings;
  settings: VelocitySettings;
  request: VelocityRequest;
  /** What the period is compared with: like with like (the same days of the previous period). */
  previous: Comparison;
  lastYear: Comparison;
  /** Names of the filters in force, for headings ("Owner: Riley Rep"). */
  filterLabels: { segment?: string; source?: string; owner?: string };
  current: VelocityFigures;
  prior: VelocityFigures;
  deltas: Record<LeverKey | "velocity", Figure>;
  /** The same figures a year earlier, and the change against them. */
  priorYear: VelocityFigures;
  yearDeltas: Record<LeverKey | "velocity", Figure>;
  sample: { won: number; lost: number; qualified: number };
  /** The deal-size benchmark in force: the setting, or (not set) the comparison period's ADS. */
  dealSizeBenchmark: { value: number | null; basis: "setting" | "comparison" };
  /**
   * V counts the period's qualified opportunities, so it grows with the period's length. The target
   * is set for a month; here it is scaled to the period (and to the trend's window).
   */
  target: { monthlyVelocityPerDay: Figure; velocityPerDay: Figure; velocityVsTarget: Figure; trendVelocityPerDay: Figure };
  pipeline: {
    open: string;
    weighted: string;
    coverage: Figure;
    coverageBand: CoverageBand | null;
    quarter: Period;
    quota: string;
    openClosingInQuarter: string;
    wonInQuarter: string;
    created: string;
    createdTarget: Figure;
    createdVsTarget: Figure;
    /**
     * The deals behind each sum, and how many of them have no amount (left out of the sum): the open
     * deals (open and weighted pipeline), the open deals closing in the quarter and the deals won in
     * it (coverage), the deals created in the period.
     */
    amounts: { open: AmountCount; closingInQuarter: AmountCount; wonInQuarter: AmountCount; created: AmountCount };
  };
  trend: { weeks: number; windowDays: number; points: TrendPointFigures[] };
  /** Lever analysis and scenarios need all four levers; otherwise the reason they are missing. */
  levers: { values: LeverValues; analysis: LeverAnalysisRow[]; scenarios: Scenario[]; prioritisation: Prioritisation } | { reason: string };
  segments: SegmentTable[];
  stageMap: StageMap;
}

const dimensionLabels: Record<SegmentDimension, string> = {
  source: "Source",
  segment: "Segment",
  dealSizeTier: "Deal-size tier",
  owner: "Rep",
  abm: "ABM program",
};

const money = (currency: string) => (n: number) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(n);

export function dealSizeTierLabels(bounds: readonly number[], currency: string): string[] {
  const f = money(currency);
  return [`< ${f(bounds[0]!)}`, ...bounds.slice(1).map((b, i) => `${f(bounds[i]!)} – ${f(b)}`), `≥ ${f(bounds[bounds.length - 1]!)}`];
}

/** Unknown filter values are an error naming the parameter, not an empty page. */
export function checkFilters(request: VelocityRequest, options: FilterOptions): RequestError | null {
  const { segment, source, ownerId } = request.filters;
  if (segment !== undefined && !options.segments.includes(segment)) {
    return { parameter: "segment", error: `Unknown segment "${segment}". Known segments: ${options.segments.join(", ") || "none yet"}.` };
  }
  if (source !== undefined && !options.sources.includes(source)) {
    return { parameter: "source", error: `Unknown source "${source}". Known sources: ${options.sources.join(", ") || "none yet"}.` };
  }
  if (ownerId !== undefined && !options.owners.some((o) => o.id === ownerId)) {
    return { parameter: "owner", error: `No rep with id ${ownerId} owns opportunities.` };
  }
  return null;
}

export async function velocityContext(db: Database) {
  const [organisation, settings, options] = await Promise.all([getSetting(db, "organisation"), getSetting(db, "velocity"), velocityFilterOptions(db)]);
  return { organisation, settings, options, today: todayIn(organisation.timeZone) };
}

export type VelocityContext = Awaited<ReturnType<typeof velocityContext>>;

/** Reads and checks a velocity view from URL-style parameters: the request, or the parameter that is wrong. */
export async function resolveVelocityView(
  db: Database,
  params: Params,
): Promise<{ context: VelocityContext } & ({ ok: true; request: VelocityRequest } | ({ ok: false } & RequestError))> {
  const context = await velocityContext(db);
  const parsed = parseVelocityRequest(params, context.today);
  if (!parsed.ok) return { context, ...parsed };
  const problem = checkFilters(parsed.request, context.options);
  return problem ? { context, ok: false, ...problem } : { context, ok: true, request: parsed.request };
}

export async function buildVelocityReport(db: Database, request: VelocityRequest, context: VelocityContext): Promise<VelocityReport> {
  const { organisation, settings, options, today } = context;
  const timeZone = organisation.timeZone;
  const scope = { ...request.filters, ...request.period, timeZone };
  const { previous, lastYear } = comparisonPeriods(request.preset, request.period);
  const days = periodDays(request.period);

  const [currentAgg, priorAgg, yearAgg, snapshot, created, velocityTarget, pipelineTarget, trend, stages, ...segmentAggs] = await Promise.all([
    velocityAggregates(db, scope),
    storedVelocityAggregates(db, { ...scope, from: previous.from, to: previous.to }),
    storedVelocityAggregates(db, { ...scope, from: lastYear.from, to: lastYear.to }),
    pipelineSnapshot(db, { ...request.filters, today, timeZone }),
    pipelineCreated(db, scope),
    targetInForce(db, "velocity_per_day", request.period.to),
    targetInForce(db, "pipeline_created_per_month", request.period.to),
    storedWeeklyTrend(db, { ...request.filters, today, timeZone, weeks: TREND_WEEKS, windowDays: TREND_WINDOW_DAYS }),
    stageAggregates(db, scope),
    ...(["source", "segment", "dealSizeTier", "owner"] as const).map((d) => velocityBySegment(db, scope, d, settings.dealSizeTierBounds)),
  ]);

  const current = velocityFigures(currentAgg);
  const prior = velocityFigures(priorAgg);
  const priorYear = velocityFigures(yearAgg);
  const changesFrom = (base: VelocityFigures) =>
    Object.fromEntries([...leverKeys, "velocity" as const].map((k) => [k, relativeChange(current[k], base[k])])) as Record<LeverKey | "velocity", Figure>;
  const deltas = changesFrom(prior);
  const yearDeltas = changesFrom(priorYear);

  const monthlyTarget: Figure = velocityTarget === null ? undefinedBecause("no velocity target is set") : defined(Number(velocityTarget));
  const scaledTarget = (periodLength: number): Figure =>
    monthlyTarget.value === null ? monthlyTarget : defined(periodTarget(monthlyTarget.value, periodLength));
  const targetFigure = scaledTarget(days);
  const velocityVsTarget: Figure =
    current.velocity.value === null
      ? undefinedBecause(current.velocity.reason)
      : targetFigure.value === null || targetFigure.value === 0
        ? undefinedBecause("no velocity target is set")
        : defined(current.velocity.value / targetFigure.value);

  const coverage = pipelineCoverage(snapshot.openClosingInQuarter, snapshot.quota, snapshot.wonInQuarter);
  const values = leverValues(current);
  const tierLabels = dealSizeTierLabels(settings.dealSizeTierBounds, organisation.currency);
  const ownerName = new Map(options.owners.map((o) => [String(o.id), o.name]));

  const segments: SegmentTable[] = (["source", "segment", "dealSizeTier", "owner"] as const).map((dimension, i) => ({
    dimension,
    label: dimensionLabels[dimension],
    rows: segmentAggs[i]!.map((row) => {
      const closed = row.won + row.lost;
      const label =
        row.key === null
          ? dimension === "dealSizeTier"
            ? "No amount"
            : "(not set)"
          : dimension === "dealSizeTier"
            ? (tierLabels[Number(row.key)] ?? row.key)
            : dimension === "owner"
              ? (ownerName.get(row.key) ?? `User ${row.key}`)
              : row.key;
      return {
        key: row.key,
        label,
        figures: velocityFigures(row),
        closed,
        winRateInterval: wilsonInterval(row.won, closed),
        smallSample: closed < SMALL_SAMPLE,
      };
    }),
  }));

  return {
    generatedAt: new Date().toISOString(),
    today,
    organisation,
    settings,
    request,
    previous,
    lastYear,
    filterLabels: {
      segment: request.filters.segment,
      source: request.filters.source,
      owner: request.filters.ownerId === undefined ? undefined : ownerName.get(String(request.filters.ownerId)),
    },
    current,
    prior,
    deltas,
    priorYear,
    yearDeltas,
    sample: { won: currentAgg.won, lost: currentAgg.lost, qualified: currentAgg.qualified },
    dealSizeBenchmark:
      settings.benchmarks.averageDealSize === null
        ? { value: prior.averageDealSize.value, basis: "comparison" }
        : { value: settings.benchmarks.averageDealSize, basis: "setting" },
    target: { monthlyVelocityPerDay: monthlyTarget, velocityPerDay: targetFigure, velocityVsTarget, trendVelocityPerDay: scaledTarget(TREND_WINDOW_DAYS) },
    pipeline: {
      open: snapshot.openPipeline,
      weighted: snapshot.weightedPipeline,
      coverage,
      coverageBand: coverage.value === null ? null : classifyCoverage(coverage.value),
      quarter: { from: snapshot.quarterStart, to: snapshot.quarterEnd },
      quota: snapshot.quota,
      openClosingInQuarter: snapshot.openClosingInQuarter,
      wonInQuarter: snapshot.wonInQuarter,
      created: created.amount,
      createdTarget:
        pipelineTarget === null ? undefinedBecause("no pipeline-created target is set") : defined(periodTarget(Number(pipelineTarget), days)),
      createdVsTarget: pipelineCreatedVsTarget(created.amount, pipelineTarget, days),
      amounts: {
        open: { deals: snapshot.openDeals, withoutAmount: snapshot.openWithoutAmount },
        closingInQuarter: { deals: snapshot.closingInQuarterDeals, withoutAmount: snapshot.closingInQuarterWithoutAmount },
        wonInQuarter: { deals: snapshot.wonInQuarterDeals, withoutAmount: snapshot.wonInQuarterWithoutAmount },
        created: { deals: created.deals, withoutAmount: created.withoutAmount },
      },
    },
    trend: {
      weeks: TREND_WEEKS,
      windowDays: TREND_WINDOW_DAYS,
      points: trend.map((p) => ({ weekEnd: p.weekEnd, ...velocityFigures(p) })),
    },
    levers:
      "values" in values
        ? {
            values: values.values,
            analysis: leverAnalysis(values.values, settings.improvement),
            scenarios: scenarios(values.values, defaultScenarioImprovements),
            prioritisation: prioritise(values.values, prior.averageDealSize.value, days, settings),
          }
        : { reason: values.reason },
    segments,
    stageMap: stageMap(stages),
  };
}
