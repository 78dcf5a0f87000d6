/**
 * The ABM program's figures (METRICS.md §5 and §6): tier suggestions from the playbook's criteria,
 * tier sizes against the guidance, the Tier 1 engagement rate, and win rates by threading with
 * sample sizes and 95 % Wilson intervals. Pure functions.
 */
import { SMALL_SAMPLE, wilsonInterval, type Interval } from "./statistics";
import type { Threading } from "./buying-group";
import { tierInfo, type AbmTier } from "@/lib/domain/abm-tiers";

/** The thresholds behind a tier suggestion (a setting). ICP fit and intent are 0–100. */
export interface TierRules {
  tier1MinFit: number;
  tier2MinFit: number;
  tier3MinFit: number;
  /** Intent at or above this is "active"; at or above `someIntent`, "some". */
  activeIntent: number;
  someIntent: number;
}

export const defaultTierRules: TierRules = { tier1MinFit: 85, tier2MinFit: 70, tier3MinFit: 50, activeIntent: 60, someIntent: 20 };

export interface TierInputs {
  icpFit: number | null;
  intent: number;
  hasChampion: boolean;
}

/**
 * Tier 1: perfect ICP fit, active intent and a known champion. Tier 2: strong fit and some intent.
 * Tier 3: ICP fit without intent yet. Below that, no tier (not in the program).
 */
export function suggestTier({ icpFit, intent, hasChampion }: TierInputs, rules: TierRules = defaultTierRules): AbmTier | null {
  if (icpFit === null) return null;
  if (icpFit >= rules.tier1MinFit && intent >= rules.activeIntent && hasChampion) return "tier_1";
  if (icpFit >= rules.tier2MinFit && intent >= rules.someIntent) return "tier_2";
  if (icpFit >= rules.tier3MinFit) return "tier_3";
  return null;
}

export type TierSize = "under" | "within" | "over";

/** A tier's size against the guidance (10–25, 25–75, 75–200 accounts). */
export function tierSize(tier: AbmTier, accounts: number): TierSize {
  const { min, max } = tierInfo[tier];
  return accounts < min ? "under" : accounts > max ? "over" : "within";
}

export interface Rate {
  hits: number;
  n: number;
  /** null when n = 0. */
  rate: number | null;
  interval: Interval | null;
  /** Fewer than 30: shown with its sample size. */
  smallSample: boolean;
}

export function rate(hits: number, n: number): Rate {
  return { hits, n, rate: n > 0 ? hits / n : null, interval: wilsonInterval(hits, n), smallSample: n < SMALL_SAMPLE };
}

/** Tier 1 accounts with an engaged contact in the last 30 days ÷ Tier 1 accounts; the target is above 60 %. */
export function tier1Engagement(engagedAccounts: number, tier1Accounts: number): Rate & { meetsTarget: boolean | null } {
  const r = rate(engagedAccounts, tier1Accounts);
  return { ...r, meetsTarget: r.rate === null ? null : r.rate > 0.6 };
}

/** Win rate of deals closed in a period, by threading; "partial" deals (2 engaged) are in neither group. */
export function winRateByThreading(deals: readonly { threading: Threading; won: boolean }[]): Record<"multi" | "single", Rate> {
  const of = (t: Threading) => deals.filter((d) => d.threading === t);
  return {
    multi: rate(of("multi").filter((d) => d.won).length, of("multi").length),
    single: rate(of("single").filter((d) => d.won).length, of("single").length),
  };
}
