/**
 * The planted patterns, measured straight from generated rows with the definitions of METRICS.md.
 * Used by the tests (each pattern must hold for any seed) and to report the demo's figures.
 */
import { openPipelineStages } from "@/lib/domain/pipeline-stages";
import { demoSources } from "@/lib/domain/go-to-market";
import { DAY } from "./calendar";
import type { DemoData } from "./types";

export interface PatternFigures {
  /** a. Mean dwell days per open stage id, and the share of lost deals lost after each stage. */
  meanDwellDays: Record<number, number>;
  lostAfterStageShare: Record<number, number>;
  funnel: { leadToMql: number; mqlToSql: number; sqlToOpportunity: number };
  /** b. Win rates of closed deals by threading. */
  multiThreadedWinRate: number;
  singleThreadedWinRate: number;
  /** c. Mean won amount, Tier 1 accounts vs the rest. */
  tier1WonMean: number;
  otherWonMean: number;
  /** d. Deal volume and win rate by source. */
  bySource: Record<string, { opportunities: number; winRate: number }>;
  /** e. Podcast + community share of self-reported answers and of touchpoints. */
  darkSocialAnswerShare: number;
  darkSocialTouchShare: number;
  /** g. Win rate of closed deals against each competitor. */
  winRateAgainst: Record<string, { closed: number; winRate: number }>;
  /** f. The backtest at readiness 60: lost deals that scored high, won deals that scored low. */
  backtest: Backtest;
}

export interface Backtest {
  falsePositiveRate: number;
  falseNegativeRate: number;
}

const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);
const mean = (values: number[]) => ratio(values.reduce((a, b) => a + b, 0), values.length);

export function measurePatterns(data: DemoData): PatternFigures {
  const dwell = new Map<number, number[]>();
  for (const entry of data.opportunityStageHistory) {
    if (!entry.exitedAt) continue;
    const list = dwell.get(entry.stageId) ?? [];
    list.push((entry.exitedAt.getTime() - entry.enteredAt.getTime()) / DAY);
    dwell.set(entry.stageId, list);
  }
  const meanDwellDays = Object.fromEntries(openPipelineStages.map((s) => [s.id, mean(dwell.get(s.id) ?? [])]));

  // The stage before the Closed Lost entry, per lost deal.
  const historyByOpp = new Map<number, { stageId: number; enteredAt: Date }[]>();
  for (const entry of data.opportunityStageHistory) {
    const list = historyByOpp.get(entry.opportunityId) ?? [];
    list.push(entry);
    historyByOpp.set(entry.opportunityId, list);
  }
  const lostAfter = new Map<number, number>();
  const lost = data.opportunities.filter((o) => o.status === "lost");
  for (const opp of lost) {
    const entries = (historyByOpp.get(opp.id) ?? []).sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime());
    const before = entries[entries.length - 2];
    if (before) lostAfter.set(before.stageId, (lostAfter.get(before.stageId) ?? 0) + 1);
  }
  const lostAfterStageShare = Object.fromEntries(
    openPipelineStages.map((s) => [s.id, ratio(lostAfter.get(s.id) ?? 0, lost.length)]),
  );

  const reached = { mql: 0, sql: 0, opportunity: 0 };
  for (const lead of data.leads) {
    if (lead.mqlAt) reached.mql++;
    if (lead.sqlAt) reached.sql++;
    if (lead.opportunityAt) reached.opportunity++;
  }
  const funnel = {
    leadToMql: ratio(reached.mql, data.leads.length),
    mqlToSql: ratio(reached.sql, reached.mql),
    sqlToOpportunity: ratio(reached.opportunity, reached.sql),
  };

  const engaged = new Map<number, number>();
  for (const member of data.opportunityContacts) {
    if (member.status === "engaged" || member.status === "active") {
      engaged.set(member.opportunityId, (engaged.get(member.opportunityId) ?? 0) + 1);
    }
  }
  const closed = data.opportunities.filter((o) => o.status !== "open");
  const winRate = (deals: typeof closed) => ratio(deals.filter((o) => o.status === "won").length, deals.length);
  const multiThreadedWinRate = winRate(closed.filter((o) => (engaged.get(o.id) ?? 0) >= 3));
  const singleThreadedWinRate = winRate(closed.filter((o) => (engaged.get(o.id) ?? 0) <= 1));

  const tierOf = new Map(data.accounts.map((a) => [a.id, a.abmTier]));
  const won = data.opportunities.filter((o) => o.status === "won");
  const amount = (o: (typeof won)[number]) => Number(o.amount);
  const tier1WonMean = mean(won.filter((o) => tierOf.get(o.accountId) === "tier_1").map(amount));
  const otherWonMean = mean(won.filter((o) => tierOf.get(o.accountId) !== "tier_1").map(amount));

  const bySource = Object.fromEntries(
    demoSources.map((source) => {
      const deals = data.opportunities.filter((o) => o.source === source);
      return [source, { opportunities: deals.length, winRate: winRate(deals.filter((o) => o.status !== "open")) }];
    }),
  );

  const winRateAgainst: PatternFigures["winRateAgainst"] = {};
  for (const name of new Set(closed.flatMap((o) => (o.competitor ? [o.competitor] : [])))) {
    const deals = closed.filter((o) => o.competitor === name);
    winRateAgainst[name] = { closed: deals.length, winRate: winRate(deals) };
  }

  const dark = (channel: string) => channel === "podcast" || channel === "community";
  return {
    meanDwellDays,
    lostAfterStageShare,
    funnel,
    multiThreadedWinRate,
    singleThreadedWinRate,
    tier1WonMean,
    otherWonMean,
    bySource,
    winRateAgainst,
    darkSocialAnswerShare: ratio(data.selfReportedAnswers.filter((a) => dark(a.channel)).length, data.selfReportedAnswers.length),
    darkSocialTouchShare: ratio(data.touchpoints.filter((t) => dark(t.channel)).length, data.touchpoints.length),
    backtest: backtest(data),
  };
}

/**
 * Calibration (METRICS §3): over closed deals, the highest readiness the account reached before the
 * deal was created; lost deals at or above the threshold are false positives, won deals below it
 * false negatives.
 */
export function backtest(data: DemoData, threshold = 60): Backtest {
  const scoresByAccount = new Map<number, { at: number; readiness: number }[]>();
  for (const score of data.scores) {
    const list = scoresByAccount.get(score.accountId) ?? [];
    list.push({ at: score.computedAt?.getTime() ?? 0, readiness: Number(score.readiness) });
    scoresByAccount.set(score.accountId, list);
  }
  const outcome = { won: 0, wonLow: 0, lost: 0, lostHigh: 0 };
  for (const opp of data.opportunities) {
    if (opp.status === "open") continue;
    const created = opp.createdAt?.getTime() ?? 0;
    const peak = (scoresByAccount.get(opp.accountId) ?? []).reduce((max, s) => (s.at < created && s.readiness > max ? s.readiness : max), 0);
    if (opp.status === "won") {
      outcome.won++;
      if (peak < threshold) outcome.wonLow++;
    } else {
      outcome.lost++;
      if (peak >= threshold) outcome.lostHigh++;
    }
  }
  return { falsePositiveRate: ratio(outcome.lostHigh, outcome.lost), falseNegativeRate: ratio(outcome.wonLow, outcome.won) };
}

/** The day the demo's lead router was switched on (the `signals` setting), as a time. */
export function routingSince(data: DemoData): number {
  const value = data.settings.find((s) => s.key === "signals")?.value as { routingSince?: string | null } | undefined;
  if (!value?.routingSince) throw new Error("the demo data sets no routingSince");
  return Date.parse(`${value.routingSince}T00:00:00Z`);
}

/** Share of high-intent signals followed by a meeting with the account within `days` (METRICS §3). */
export function signalToMeetingRate(data: DemoData, days = 14, receivedFrom = -Infinity, receivedBefore = Infinity): number {
  const meetingsByAccount = new Map<number, number[]>();
  for (const meeting of data.meetings) {
    const list = meetingsByAccount.get(meeting.accountId) ?? [];
    list.push(meeting.bookedAt.getTime());
    meetingsByAccount.set(meeting.accountId, list);
  }
  const high = data.signals.filter((s) => s.tier === "high" && s.receivedAt.getTime() >= receivedFrom && s.receivedAt.getTime() < receivedBefore);
  const followed = high.filter((signal) => {
    const from = signal.receivedAt.getTime();
    return (meetingsByAccount.get(signal.accountId) ?? []).some((t) => t >= from && t <= from + days * DAY);
  });
  return ratio(followed.length, high.length);
}
