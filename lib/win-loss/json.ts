/**
 * The win/loss analysis as the API and the CLI give it (GET /api/v1/metrics/win-loss, `npm run cli --
 * win-loss --json`): every rate with its 95 % interval and sample size, every group named, and the
 * stall tactics with their measured effect.
 */
import type { Rate } from "@/lib/metrics/abm";
import { dealFactInfo, type ReasonRow } from "@/lib/metrics/win-loss";
import type { PlaybookInput } from "@/lib/reports/win-rate-playbook";
import { stallInfo } from "./stalls";

export interface RateJson {
  /** hits ÷ n; null when n = 0. */
  value: number | null;
  hits: number;
  n: number;
  /** 95 % Wilson interval; null when n = 0. */
  interval: { low: number; high: number } | null;
  /** n < 30: too small to judge. */
  tooSmallToJudge: boolean;
}

export const rateJson = (r: Rate): RateJson => ({
  value: r.rate,
  hits: r.hits,
  n: r.n,
  interval: r.interval ? { low: r.interval.low, high: r.interval.high } : null,
  tooSmallToJudge: r.smallSample,
});

const reasonJson = (r: ReasonRow) => ({ reason: r.reason, mapped: r.mapped, deals: r.deals, share: rateJson(r.share), amount: r.amount, withoutAmount: r.withoutAmount });

export function winLossJson({ report, filterLabels, timeZone, generatedAt, stalls, proof }: PlaybookInput) {
  const reasons = (t: typeof report.winReasons) => ({ closed: t.closed, top: t.top.map(reasonJson), others: t.others, none: t.none ? reasonJson(t.none) : null });
  return {
    period: report.request.period,
    preset: report.request.preset,
    filters: report.request.filters,
    filterLabels,
    timeZone,
    currency: report.currency,
    definitions: {
      winRate: "Deals won ÷ deals closed (won + lost) in the period, by close date, with its 95 % Wilson interval; fewer than 30 closed deals is too small to judge.",
      share: "Deals with the reason ÷ deals won (or lost) in the period, with its 95 % Wilson interval.",
    },
    won: report.won,
    lost: report.lost,
    lostAmount: report.lostAmount,
    winRate: rateJson(report.winRate),
    winReasons: reasons(report.winReasons),
    lossReasons: reasons(report.lossReasons),
    winRates: Object.fromEntries(
      report.winRates.map((t) => [
        t.dimension,
        { label: t.label, groups: t.rows.map((r) => ({ key: r.key, label: r.label, won: r.won, lost: r.lost, winRate: rateJson(r.winRate) })) },
      ]),
    ),
    competitors: report.competitors.map((c) => ({
      competitor: c.key,
      mapped: c.mapped,
      met: c.met,
      won: c.won,
      lost: c.lost,
      winRate: rateJson(c.winRate),
      lostAmount: c.lostAmount,
      lostWithoutAmount: c.lostWithoutAmount,
      trend: c.trend.map((q) => ({ quarter: q.quarter, label: q.label, winRate: rateJson(q.winRate) })),
    })),
    lossPoints: report.lossPoints.map((p) => ({ stage: p.stageName, reason: p.reason, segment: p.segment, sentence: p.sentence, deals: p.deals, share: rateJson(p.share), amount: p.amount, withoutAmount: p.withoutAmount })),
    facts: report.facts.map((f) => ({ fact: f.fact, label: dealFactInfo[f.fact].label, definition: dealFactInfo[f.fact].definition, won: f.won, lost: f.lost, difference: f.test })),
    stalls: stalls.map((s) => ({ ...s, label: stallInfo[s.pattern].label, tactic: stallInfo[s.pattern].tactic })),
    proof: { stories: proof.stories, sentWinRate: rateJson(proof.sent), notSentWinRate: rateJson(proof.notSent), gaps: proof.gaps },
    generatedAt: generatedAt.toISOString(),
  };
}
