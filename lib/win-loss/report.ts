import "server-only";
/**
 * The whole win/loss view for one period and set of filters (docs/metrics.md §9): why deals were won
 * and lost, win rate by group, competitors and where deals die, each labelled for reading.
 */
import type { Database } from "@/db/index";
import { winLossAggregates } from "@/db/queries/win-loss";
import { tierInfo, type AbmTier } from "@/lib/domain/abm-tiers";
import { rate, type Rate } from "@/lib/metrics/abm";
import {
  competitorRows,
  factComparisons,
  lossPoints,
  paretoBars,
  quartersEnding,
  reasonTable,
  threadingLabels,
  winRateDimensionLabels,
  winRateDimensions,
  winRateGroups,
  type CompetitorRow,
  type FactComparison,
  type LossPointRow,
  type ParetoBar,
  type ReasonTable,
  type Threading,
  type WinRateDimension,
  type WinRateGroup,
} from "@/lib/metrics/win-loss";
import { dealSizeTierLabels, type VelocityContext } from "@/lib/velocity/report";
import type { WinLossRequest } from "./request";

export interface WinRateTable {
  dimension: WinRateDimension;
  label: string;
  rows: (WinRateGroup & { label: string })[];
}

export interface WinLossReport {
  request: WinLossRequest;
  currency: string;
  won: number;
  lost: number;
  /** won ÷ (won + lost) over the period. */
  winRate: Rate;
  lostAmount: string;
  winReasons: ReasonTable;
  lossReasons: ReasonTable;
  pareto: ParetoBar[];
  winRates: WinRateTable[];
  competitors: CompetitorRow[];
  lossPoints: LossPointRow[];
  /** What distinguishes won from lost deals. */
  facts: FactComparison[];
}

/** How a reason or competitor reads: its label, the text as entered marked as such, or none. */
export function recordedLabel(reason: string | null, mapped: boolean, none = "No reason recorded"): string {
  if (reason === null) return none;
  return mapped ? reason : `Unmapped: ${reason}`;
}

export async function buildWinLossReport(db: Database, request: WinLossRequest, context: VelocityContext): Promise<WinLossReport> {
  const { organisation, settings, options } = context;
  const quarters = quartersEnding(request.period.to);
  const aggregates = await winLossAggregates(db, {
    ...request.filters,
    ...request.period,
    timeZone: organisation.timeZone,
    tierBounds: settings.dealSizeTierBounds,
    quarters,
  });
  const tierLabels = dealSizeTierLabels(settings.dealSizeTierBounds, organisation.currency);
  const ownerName = new Map(options.owners.map((o) => [String(o.id), o.name]));
  const groupLabel = (dimension: WinRateDimension, key: string | null): string => {
    if (key === null) return dimension === "dealSizeTier" ? "No amount" : dimension === "abmTier" ? "Not in the ABM program" : dimension === "competitor" ? "No competitor recorded" : "(not set)";
    switch (dimension) {
      case "dealSizeTier":
        return tierLabels[Number(key)] ?? key;
      case "owner":
        return ownerName.get(key) ?? `User ${key}`;
      case "abmTier":
        return tierInfo[key as AbmTier]?.label ?? key;
      case "threading":
        return threadingLabels[key as Threading] ?? key;
      default:
        return key;
    }
  };

  return {
    request,
    currency: organisation.currency,
    won: aggregates.won,
    lost: aggregates.lost,
    winRate: rate(aggregates.won, aggregates.won + aggregates.lost),
    lostAmount: aggregates.lostAmount,
    winReasons: reasonTable(aggregates.winReasons, aggregates.won),
    lossReasons: reasonTable(aggregates.lossReasons, aggregates.lost),
    pareto: paretoBars(aggregates.pareto, aggregates.lostAmount),
    winRates: winRateDimensions.map((dimension) => ({
      dimension,
      label: winRateDimensionLabels[dimension],
      rows: winRateGroups(aggregates.groups[dimension]).map((g) => ({ ...g, label: groupLabel(dimension, g.key) })),
    })),
    competitors: competitorRows(aggregates.competitors, aggregates.competitorQuarters, quarters),
    lossPoints: lossPoints(aggregates.lossPoints, aggregates.lost),
    facts: factComparisons(aggregates.facts),
  };
}
