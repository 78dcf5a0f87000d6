/**
 * Win/loss analysis (docs/metrics.md §9): why deals are won and lost, win rate by group with 95 %
 * Wilson intervals, competitors, and where deals die. Pure: small aggregates from SQL in, figures out.
 */
import type { AmountCount } from "./amounts";
import { rate, type Rate } from "./abm";
import type { Period } from "./period";
import { quarterOf } from "./period";
import { welchTest, type MeanDifference, type SampleSummary } from "./statistics";

/** A closed deal's threading: single (at most 1 contact Engaged or Active), multi (3 or more), or two (neither). */
export const threadings = ["single", "two", "multi"] as const;
export type Threading = (typeof threadings)[number];

export const threadingLabels: Record<Threading, string> = { single: "Single-threaded", two: "2 contacts engaged", multi: "Multi-threaded" };

/** The groups a win rate is split by on /win-loss. */
export const winRateDimensions = ["segment", "source", "competitor", "dealSizeTier", "owner", "industry", "abmTier", "threading"] as const;
export type WinRateDimension = (typeof winRateDimensions)[number];

export const winRateDimensionLabels: Record<WinRateDimension, string> = {
  segment: "Segment",
  source: "Source",
  competitor: "Competitor",
  dealSizeTier: "Deal-size tier",
  owner: "Rep",
  industry: "Industry",
  abmTier: "ABM tier",
  threading: "Threading",
};

/** How many reasons each list names; the rest are counted together. */
export const TOP_REASONS = 5;

/** Deals closed in the period with one recorded reason (null: none recorded), and the money on them. */
export interface ReasonCount extends AmountCount {
  /** The reason as recorded: its taxonomy label, else the text as entered; null when there is none. */
  reason: string | null;
  /** Whether the reason is a taxonomy label (false: the text as entered, not mapped yet). */
  mapped: boolean;
  /** Σ amount of these deals (numeric, as text). */
  amount: string;
}

export interface ReasonRow extends ReasonCount {
  /** These deals ÷ the period's won (or lost) deals, with its interval. */
  share: Rate;
}

export interface ReasonTable {
  /** The won (or lost) deals closed in the period: every share's denominator. */
  closed: number;
  /** The most frequent reasons, most deals first (ties: more money, then by name). */
  top: ReasonRow[];
  /** The reasons beyond the top: how many, and how many deals they hold. */
  others: { reasons: number; deals: number };
  /** The deals with no reason recorded; null when every deal has one. */
  none: ReasonRow | null;
}

const byDealsThenMoney = (a: ReasonCount, b: ReasonCount) =>
  b.deals - a.deals || Number(b.amount) - Number(a.amount) || (a.reason ?? "").localeCompare(b.reason ?? "");

/** The top reasons of the won (or lost) deals closed in a period, each with its share of those deals. */
export function reasonTable(counts: readonly ReasonCount[], closed: number, limit = TOP_REASONS): ReasonTable {
  const withShare = (c: ReasonCount): ReasonRow => ({ ...c, share: rate(c.deals, closed) });
  const recorded = counts.filter((c) => c.reason !== null).sort(byDealsThenMoney);
  const rest = recorded.slice(limit);
  const none = counts.find((c) => c.reason === null);
  return {
    closed,
    top: recorded.slice(0, limit).map(withShare),
    others: { reasons: rest.length, deals: rest.reduce((sum, c) => sum + c.deals, 0) },
    none: none && none.deals > 0 ? withShare(none) : null,
  };
}

/** One bar of the Pareto chart: a loss reason's money, and the running share of all money lost. */
export interface ParetoInput {
  reason: string | null;
  /** Σ amount lost on this reason, and Σ over it and every larger one before it (numeric, as text). */
  amount: string;
  cumulativeAmount: string;
}

export interface ParetoBar {
  reason: string | null;
  amount: number;
  /** Σ money lost up to and including this bar ÷ all money lost (0–1). */
  cumulativeShare: number;
}

/** Loss reasons by money, largest first, with the cumulative share the line draws; empty when nothing was lost for money. */
export function paretoBars(rows: readonly ParetoInput[], totalAmount: string): ParetoBar[] {
  const total = Number(totalAmount);
  if (!(total > 0)) return [];
  return rows.map((r) => ({ reason: r.reason, amount: Number(r.amount), cumulativeShare: Number(r.cumulativeAmount) / total }));
}

/** Deals closed in a period within one group (a segment, a competitor…). */
export interface OutcomeCount {
  /** The group's key; null: the deals with none (no segment, no competitor…). */
  key: string | null;
  won: number;
  lost: number;
}

export interface WinRateGroup extends OutcomeCount {
  /** won ÷ (won + lost), with its 95 % Wilson interval; `smallSample` when n < 30. */
  winRate: Rate;
  /** Fewer than 30 closed deals: shown, but "too small to judge" (docs/metrics.md §6). */
  tooSmallToJudge: boolean;
}

export function winRateGroup(count: OutcomeCount): WinRateGroup {
  const winRate = rate(count.won, count.won + count.lost);
  return { ...count, winRate, tooSmallToJudge: winRate.smallSample };
}

/** Groups largest first (most closed deals), the "none" group last. */
export function winRateGroups(counts: readonly OutcomeCount[]): WinRateGroup[] {
  return [...counts]
    .filter((c) => c.won + c.lost > 0)
    .sort((a, b) => (a.key === null ? 1 : 0) - (b.key === null ? 1 : 0) || b.won + b.lost - (a.won + a.lost) || (a.key ?? "").localeCompare(b.key ?? ""))
    .map(winRateGroup);
}

/** The last `count` calendar quarters, oldest first, ending with the quarter holding `day`. */
export function quartersEnding(day: string, count = 4): Period[] {
  return Array.from({ length: count }, (_, i) => quarterOf(day, i - count + 1));
}

/** "Q3 2026" for a quarter starting on its first day. */
export function quarterLabel(quarter: Period): string {
  const [year, month] = quarter.from.split("-").map(Number) as [number, number];
  return `Q${Math.floor((month - 1) / 3) + 1} ${year}`;
}

/** Closed deals that met one competitor (null: none recorded), and the money lost to it. */
export interface CompetitorCount extends OutcomeCount {
  /** Σ amount of the lost ones, and how many of them had none. */
  lostAmount: string;
  lostWithoutAmount: number;
  mapped: boolean;
}

export interface CompetitorRow extends WinRateGroup {
  met: number;
  lostAmount: string;
  lostWithoutAmount: number;
  mapped: boolean;
  /** Win rate against it in each of the last quarters, oldest first. */
  trend: { quarter: Period; label: string; winRate: Rate }[];
}

/** Competitors met by deals closed in the period, most met first; each with its quarterly trend. */
export function competitorRows(
  counts: readonly CompetitorCount[],
  byQuarter: readonly (OutcomeCount & { quarterStart: string })[],
  quarters: readonly Period[],
): CompetitorRow[] {
  const ordered = winRateGroups(counts);
  return ordered.map((group) => {
    const count = counts.find((c) => c.key === group.key)!;
    return {
      ...group,
      met: group.won + group.lost,
      lostAmount: count.lostAmount,
      lostWithoutAmount: count.lostWithoutAmount,
      mapped: count.mapped,
      trend: quarters.map((quarter) => {
        const q = byQuarter.find((r) => r.key === group.key && r.quarterStart === quarter.from);
        return { quarter, label: quarterLabel(quarter), winRate: rate(q?.won ?? 0, (q?.won ?? 0) + (q?.lost ?? 0)) };
      }),
    };
  });
}

/** Deals lost in the period at one stage, for one reason, in one segment. */
export interface LossPoint extends AmountCount {
  /** The last open stage the deal was in before it was lost; null when its history does not say. */
  stageId: number | null;
  stageName: string | null;
  reason: string | null;
  segment: string | null;
  amount: string;
}

export interface LossPointRow extends LossPoint {
  /** This point's deals ÷ every deal lost in the period. */
  share: Rate;
  /** "Lost at Proposal on Price, Mid-market". */
  sentence: string;
}

/** Where deals die: the largest points first (most deals, then most money), each said in words. */
export function lossPoints(points: readonly LossPoint[], lost: number, limit = 10): LossPointRow[] {
  return [...points]
    .sort((a, b) => b.deals - a.deals || Number(b.amount) - Number(a.amount) || (a.stageName ?? "").localeCompare(b.stageName ?? ""))
    .slice(0, limit)
    .map((p) => ({ ...p, share: rate(p.deals, lost), sentence: lossSentence(p) }));
}

export function lossSentence(p: Pick<LossPoint, "stageName" | "reason" | "segment">): string {
  const stage = p.stageName ? `Lost at ${p.stageName}` : "Lost at an unknown stage";
  const reason = p.reason ? ` on ${p.reason}` : " with no reason recorded";
  return `${stage}${reason}, ${p.segment ?? "no segment"}`;
}

/** The facts about a closed deal that won and lost deals are compared on. */
export const dealFacts = ["cycleDays", "engagedContacts", "rolesCovered", "touches"] as const;
export type DealFact = (typeof dealFacts)[number];

export const dealFactInfo: Record<DealFact, { label: string; definition: string }> = {
  cycleDays: { label: "Cycle (days)", definition: "Days from creation to close." },
  engagedContacts: { label: "Contacts engaged", definition: "Contacts Engaged or Active on the deal's map." },
  rolesCovered: { label: "Roles covered", definition: "Buying-group roles (of 5) with a contact Engaged or Active on the deal's map." },
  touches: { label: "Touches", definition: "Touchpoints on the deal's account from its creation to its close." },
};

/** One fact's mean and variance over the won (or lost) deals of the period. */
export interface FactSummary extends SampleSummary {
  fact: DealFact;
  outcome: "won" | "lost";
}

export interface FactComparison {
  fact: DealFact;
  won: SampleSummary | null;
  lost: SampleSummary | null;
  /** Won mean − lost mean with Welch's t at 95 %; null with fewer than two deals on a side. */
  test: MeanDifference | null;
}

/** What distinguishes won from lost deals: each fact's means, their difference, and whether it is beyond noise. */
export function factComparisons(rows: readonly FactSummary[]): FactComparison[] {
  return dealFacts.map((fact) => {
    const side = (outcome: "won" | "lost") => rows.find((r) => r.fact === fact && r.outcome === outcome) ?? null;
    const won = side("won");
    const lost = side("lost");
    const summary = (s: FactSummary | null): SampleSummary | null => (s ? { n: s.n, mean: s.mean, variance: s.variance } : null);
    return { fact, won: summary(won), lost: summary(lost), test: won && lost ? welchTest(won, lost) : null };
  });
}
