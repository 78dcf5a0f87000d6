/**
 * The ABM program for one period (METRICS.md §5): tier sizes against the guidance with the
 * suggested sizes, Tier 1 engagement, coverage per tier, ABM-sourced pipeline, ABM vs non-ABM deals
 * and multi- vs single-threaded win rates. Read by the /accounts page, its Markdown export and the API.
 */
import type { Database } from "@/db/index";
import { abmAggregates, TIER1_ENGAGED_WITHIN_DAYS } from "@/db/queries/abm";
import { tierCounts } from "@/db/queries/accounts";
import { getSetting } from "@/db/queries/settings";
import { abmTiers, tierInfo, type AbmTier } from "@/lib/domain/abm-tiers";
import { averageCoverage, programComparison, sourcedShare, tier1Engagement, tierSize, winRateByThreading, type ProgramComparison, type Rate, type TierSize } from "@/lib/metrics/abm";
import type { AmountCount } from "@/lib/metrics/amounts";
import type { Coverage } from "@/lib/metrics/buying-group";
import type { Figure } from "@/lib/metrics/figure";
import { todayIn } from "@/lib/metrics/period";
import { parsePeriodRequest, type PeriodRequest } from "@/lib/velocity/request";

export type AbmRequest = PeriodRequest;

export async function abmContext(db: Database) {
  const [organisation, settings] = await Promise.all([getSetting(db, "organisation"), getSetting(db, "abm")]);
  return { organisation, settings, today: todayIn(organisation.timeZone) };
}
export type AbmContext = Awaited<ReturnType<typeof abmContext>>;

export const parseAbmRequest = parsePeriodRequest;

export interface TierSummary {
  tier: AbmTier;
  label: string;
  motion: string;
  criteria: string;
  min: number;
  max: number;
  accounts: number;
  /** Accounts the rules put in this tier. */
  suggested: number;
  size: TierSize;
  /** Mean roles covered per account of the tier; null for an empty tier. */
  coverage: Coverage | null;
}

export interface AbmProgram {
  request: AbmRequest;
  organisation: AbmContext["organisation"];
  settings: AbmContext["settings"];
  tiers: TierSummary[];
  outsideProgram: { accounts: number; suggested: number };
  tier1Engagement: Rate & { meetsTarget: boolean | null; withinDays: number };
  /**
   * Pipeline created in the period on ABM accounts: its amount, its deals and those without an amount
   * (left out of the sum); the share is of all pipeline created, whose deals are counted the same way.
   */
  sourced: { amount: string; deals: number; withoutAmount: number; share: Figure; all: AmountCount };
  comparison: { abm: ProgramComparison; nonAbm: ProgramComparison };
  threading: Record<"multi" | "single", Rate>;
  asOf: string;
}

export async function buildAbmProgram(db: Database, request: AbmRequest, context: AbmContext, asOf: Date = new Date()): Promise<AbmProgram> {
  const { organisation, settings } = context;
  const [agg, counts] = await Promise.all([
    abmAggregates(db, { ...request.period, timeZone: organisation.timeZone, asOf }),
    tierCounts(db, settings.tierRules),
  ]);
  const count = (tier: AbmTier | "none") => counts.find((c) => c.tier === tier) ?? { inForce: 0, suggested: 0 };
  const tiers = abmTiers.map((tier): TierSummary => {
    const { inForce, suggested } = count(tier);
    const sums = agg.coverage.find((c) => c.tier === tier);
    return {
      tier,
      ...tierInfo[tier],
      accounts: inForce,
      suggested,
      size: tierSize(tier, inForce),
      coverage: sums ? averageCoverage(sums) : null,
    };
  });
  return {
    request,
    organisation,
    settings,
    tiers,
    outsideProgram: { accounts: count("none").inForce, suggested: count("none").suggested },
    tier1Engagement: { ...tier1Engagement(agg.tier1.engaged, agg.tier1.accounts), withinDays: TIER1_ENGAGED_WITHIN_DAYS },
    sourced: {
      amount: agg.created.abmAmount,
      deals: agg.created.abmDeals,
      withoutAmount: agg.created.abmWithoutAmount,
      share: sourcedShare(agg.created.abmAmount, agg.created.allAmount),
      all: { deals: agg.created.allDeals, withoutAmount: agg.created.allWithoutAmount },
    },
    comparison: { abm: programComparison(agg.abm), nonAbm: programComparison(agg.nonAbm) },
    threading: winRateByThreading(agg.threading),
    asOf: asOf.toISOString(),
  };
}
