/**
 * The forecast (docs/metrics.md, "Forecast"): per rep and in total for a quarter, closed won and the
 * open deals expected to close in it by forecast category, against quota. Aggregates come from SQL
 * grouped by owner, status, the deal's own category and its stage's probability; this file decides
 * each group's category and adds whole cents, so totals are exact.
 */
import type { ForecastCategory } from "@/lib/domain/forecast-categories";
import type { OpportunityStatus } from "@/lib/domain/pipeline-stages";
import { centsToDecimal, decimalToUnits } from "./attribution";
import { defined, undefinedBecause, type Figure } from "./figure";

/** Stage probability from which an open deal without a category of its own is called commit, and best case. */
export const derivedCategoryThresholds = { commit: 90, bestCase: 50 } as const;

/**
 * A deal's forecast category: closed won is "closed" and closed lost "omitted" whatever was set;
 * an open deal keeps the category its CRM or owner gave it; without one, its stage's probability
 * decides (≥ 90 % commit, ≥ 50 % best case, else pipeline).
 */
export function forecastCategoryOf(deal: { status: OpportunityStatus; category: ForecastCategory | null; stageProbability: number }): ForecastCategory {
  if (deal.status === "won") return "closed";
  if (deal.status === "lost") return "omitted";
  if (deal.category) return deal.category;
  if (deal.stageProbability >= derivedCategoryThresholds.commit) return "commit";
  if (deal.stageProbability >= derivedCategoryThresholds.bestCase) return "best_case";
  return "pipeline";
}

/** The columns of the call an open deal counts in (closed won is the other column; Omitted is out of the call). */
export const forecastCalls = ["commit", "best_case", "pipeline"] as const;
export type ForecastCall = (typeof forecastCalls)[number];

export const forecastCallLabels: Record<ForecastCall, string> = { commit: "Commit", best_case: "Best case", pipeline: "Pipeline" };

/**
 * Where an open deal counts in the call: its forecast category, an open deal called Closed counting
 * as Commit until it is won; null for a won or lost deal and for an open one marked Omitted.
 */
export function forecastCallOf(deal: { status: OpportunityStatus; category: ForecastCategory | null; stageProbability: number }): ForecastCall | null {
  if (deal.status !== "open") return null;
  const category = forecastCategoryOf(deal);
  return category === "closed" ? "commit" : category === "omitted" ? null : category;
}

/** One group of deals from SQL: won in the quarter, or open and expected to close in it. */
export interface ForecastGroup {
  /** Null: deals without an owner. */
  ownerId: number | null;
  status: OpportunityStatus;
  category: ForecastCategory | null;
  stageProbability: number;
  deals: number;
  withoutAmount: number;
  /** Σ amount, exact decimal. */
  amount: string;
}

export interface ForecastRow {
  ownerId: number | null;
  /** Each as an exact decimal with two places. */
  closedWon: string;
  commit: string;
  bestCase: string;
  pipeline: string;
  /** Open deals left out of the call. */
  omitted: string;
  /** Σ amount × stage probability of the open deals, rounded to the cent once summed. */
  weightedPipeline: string;
  /** Null: no quota set for the quarter. */
  quota: string | null;
  attainment: Figure;
  /** Quota − closed won; negative when the quota is exceeded. Null without a quota. */
  gapToQuota: string | null;
  openDeals: number;
  wonDeals: number;
  /** Deals behind these figures that have no amount. */
  withoutAmount: number;
  /** How many deals each money figure that opens a list sums (a figure of no deals opens nothing). */
  dealsIn: Record<ForecastListColumn, number>;
}

/** The money figures that are a deal list's total. */
export type ForecastListColumn = "closedWon" | "commit" | "bestCase" | "pipeline";

interface Sums {
  closedWon: bigint;
  commit: bigint;
  bestCase: bigint;
  pipeline: bigint;
  omitted: bigint;
  /** Cents × probability percent: hundredths of a cent. */
  weighted: bigint;
  quota: bigint | null;
  openDeals: number;
  wonDeals: number;
  withoutAmount: number;
  dealsIn: Record<ForecastListColumn, number>;
}

const emptySums = (): Sums => ({
  closedWon: 0n,
  commit: 0n,
  bestCase: 0n,
  pipeline: 0n,
  omitted: 0n,
  weighted: 0n,
  quota: null,
  openDeals: 0,
  wonDeals: 0,
  withoutAmount: 0,
  dealsIn: { closedWon: 0, commit: 0, bestCase: 0, pipeline: 0 },
});

const callField = { commit: "commit", best_case: "bestCase", pipeline: "pipeline" } as const;

function add(sums: Sums, group: ForecastGroup): void {
  const cents = decimalToUnits(group.amount, 2);
  sums.withoutAmount += group.withoutAmount;
  if (group.status === "won") {
    sums.closedWon += cents;
    sums.wonDeals += group.deals;
    sums.dealsIn.closedWon += group.deals;
    return;
  }
  if (group.status === "lost") return;
  sums.openDeals += group.deals;
  sums.weighted += cents * BigInt(group.stageProbability);
  const call = forecastCallOf(group);
  sums[call === null ? "omitted" : callField[call]] += cents;
  if (call !== null) sums.dealsIn[callField[call]] += group.deals;
}

/** Hundredths of a cent to cents, half away from zero. */
const roundHundredths = (units: bigint) => (units >= 0n ? (units + 50n) / 100n : -((-units + 50n) / 100n));

function toRow(ownerId: number | null, s: Sums): ForecastRow {
  const quota = s.quota;
  return {
    ownerId,
    closedWon: centsToDecimal(s.closedWon),
    commit: centsToDecimal(s.commit),
    bestCase: centsToDecimal(s.bestCase),
    pipeline: centsToDecimal(s.pipeline),
    omitted: centsToDecimal(s.omitted),
    weightedPipeline: centsToDecimal(roundHundredths(s.weighted)),
    quota: quota === null ? null : centsToDecimal(quota),
    attainment:
      quota === null ? undefinedBecause("no quota is set for this quarter") : quota === 0n ? undefinedBecause("the quota is zero") : defined(Number(s.closedWon) / Number(quota)),
    gapToQuota: quota === null ? null : centsToDecimal(quota - s.closedWon),
    openDeals: s.openDeals,
    wonDeals: s.wonDeals,
    withoutAmount: s.withoutAmount,
    dealsIn: { ...s.dealsIn },
  };
}

export interface Forecast {
  rows: ForecastRow[];
  /** The sum of the rows, to the cent. */
  total: ForecastRow;
}

/**
 * The forecast per owner and in total. `owners` lists who gets a row even without deals (the reps
 * with a quota or the one rep looking); `quotas` is each owner's quota for the quarter.
 */
export function rollUpForecast(groups: readonly ForecastGroup[], quotas: ReadonlyMap<number, string>, owners: readonly number[] = []): Forecast {
  const byOwner = new Map<number | null, Sums>();
  const sumsOf = (ownerId: number | null) => {
    let s = byOwner.get(ownerId);
    if (!s) byOwner.set(ownerId, (s = emptySums()));
    return s;
  };
  for (const id of owners) sumsOf(id);
  for (const id of quotas.keys()) sumsOf(id);
  for (const g of groups) add(sumsOf(g.ownerId), g);
  for (const [id, amount] of quotas) sumsOf(id).quota = decimalToUnits(amount, 2);

  const total = emptySums();
  for (const s of byOwner.values()) {
    for (const k of ["closedWon", "commit", "bestCase", "pipeline", "omitted"] as const) total[k] += s[k];
    // The total's weighted pipeline is the sum of the rows as shown (each rounded to the cent).
    total.weighted += roundHundredths(s.weighted) * 100n;
    if (s.quota !== null) total.quota = (total.quota ?? 0n) + s.quota;
    total.openDeals += s.openDeals;
    total.wonDeals += s.wonDeals;
    total.withoutAmount += s.withoutAmount;
    for (const k of Object.keys(total.dealsIn) as ForecastListColumn[]) total.dealsIn[k] += s.dealsIn[k];
  }
  const rows = [...byOwner.entries()].map(([id, s]) => toRow(id, s));
  return { rows, total: toRow(null, total) };
}
