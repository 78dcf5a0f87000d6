/**
 * The ABM program's figures (METRICS.md §5 and §6): tier suggestions from the playbook's criteria,
 * tier sizes against the guidance, the Tier 1 engagement rate, and win rates by threading with
 * sample sizes and 95 % Wilson intervals. Pure functions.
 */
import { SMALL_SAMPLE, wilsonInterval, type Interval } from "./statistics";
import { threadingOf, type Coverage } from "./buying-group";
import { defined, undefinedBecause, type Figure } from "./figure";
import type { AmountCount } from "./amounts";
import { leversFrom, wonAmounts, type VelocityAggregates } from "./velocity";
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
  /** A known champion: a contact in the Champion role, Engaged or Active, on the account's map. */
  hasChampion: boolean;
}

/**
 * Tier 1: perfect ICP fit, active intent and a known champion (an engaged Champion on the map).
 * Tier 2: strong fit and some intent. Tier 3: ICP fit without intent yet. Below that, no tier (not
 * in the program).
 */
export function suggestTier({ icpFit, intent, hasChampion }: TierInputs, rules: TierRules = defaultTierRules): AbmTier | null {
  if (icpFit === null) return null;
  if (icpFit >= rules.tier1MinFit && intent >= rules.activeIntent && hasChampion) return "tier_1";
  if (icpFit >= rules.tier2MinFit && intent >= rules.someIntent) return "tier_2";
  if (icpFit >= rules.tier3MinFit) return "tier_3";
  return null;
}

/**
 * Why the rules suggest what they suggest, criterion by criterion, from the account's figures and
 * its map as they are now (never a stored sentence, which would outlive the map it described).
 * `champions` are the map's known champions (knownChampions in ./buying-group).
 */
export function tierReasons({ icpFit, intent, champions }: { icpFit: number | null; intent: number; champions: readonly string[] }, rules: TierRules = defaultTierRules): string[] {
  const fit =
    icpFit === null
      ? "No ICP fit yet, so no tier is suggested"
      : icpFit >= rules.tier1MinFit
        ? `ICP fit ${icpFit}: perfect (${rules.tier1MinFit} or more)`
        : icpFit >= rules.tier2MinFit
          ? `ICP fit ${icpFit}: strong (${rules.tier2MinFit} or more; Tier 1 needs ${rules.tier1MinFit})`
          : icpFit >= rules.tier3MinFit
            ? `ICP fit ${icpFit}: fitting (${rules.tier3MinFit} or more; Tier 2 needs ${rules.tier2MinFit})`
            : `ICP fit ${icpFit}: below ${rules.tier3MinFit}, outside the program`;
  const level = Math.round(intent);
  const intentText =
    intent >= rules.activeIntent
      ? `Intent ${level}: active (${rules.activeIntent} or more)`
      : intent >= rules.someIntent
        ? `Intent ${level}: some (${rules.someIntent} or more; active at ${rules.activeIntent})`
        : `Intent ${level}: none yet (below ${rules.someIntent})`;
  const champion =
    champions.length > 0
      ? `Known champion: ${champions.join(", ")} (engaged on the map)`
      : "No known champion: nobody in the Champion role is engaged on the map (Tier 1 needs one)";
  return [fit, intentText, champion];
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

/** Deals closed in a period with the same number of contacts Engaged or Active on them. */
export interface ThreadingGroup {
  engagedContacts: number;
  won: number;
  lost: number;
}

/** Win rate of deals closed in a period, by threading; "partial" deals (2 engaged) are in neither group. */
export function winRateByThreading(groups: readonly ThreadingGroup[]): Record<"multi" | "single", Rate> {
  const of = (t: "multi" | "single") => groups.filter((g) => threadingOf(g.engagedContacts) === t);
  const sum = (gs: ThreadingGroup[], f: (g: ThreadingGroup) => number) => gs.reduce((total, g) => total + f(g), 0);
  const rateOf = (gs: ThreadingGroup[]) => rate(sum(gs, (g) => g.won), sum(gs, (g) => g.won + g.lost));
  return { multi: rateOf(of("multi")), single: rateOf(of("single")) };
}

/** Sums of roles covered over the accounts of a tier, as SQL hands them over. */
export interface TierCoverageSums extends Coverage {
  accounts: number;
}

/** Mean roles identified / engaged / active per account of the tier (out of 5); null for an empty tier. */
export function averageCoverage(sums: TierCoverageSums): Coverage | null {
  if (sums.accounts === 0) return null;
  return { identified: sums.identified / sums.accounts, engaged: sums.engaged / sums.accounts, active: sums.active / sums.accounts };
}

/** Deals of ABM accounts (an account in a tier) compared with the rest, on the velocity levers. */
export interface ProgramComparison {
  winRate: Rate;
  /** Over the won deals that have an amount; `wonAmounts` says how many have none. */
  averageDealSize: Figure;
  salesCycleDays: Figure;
  wonAmounts: AmountCount;
}

export function programComparison(a: VelocityAggregates): ProgramComparison {
  const levers = leversFrom(a);
  return { winRate: rate(a.won, a.won + a.lost), averageDealSize: levers.averageDealSize, salesCycleDays: levers.salesCycleDays, wonAmounts: wonAmounts(a) };
}

/** Pipeline created in a period on ABM accounts, and its share of all pipeline created. */
export function sourcedShare(abmAmount: string, allAmount: string): Figure {
  const all = Number(allAmount);
  return all > 0 ? defined(Number(abmAmount) / all) : undefinedBecause("no pipeline was created in this period");
}
