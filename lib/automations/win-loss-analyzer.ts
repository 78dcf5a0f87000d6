/**
 * The Win/Loss Analyzer: the monthly win/loss pattern review (lib/cadence/reviews.ts) run as an
 * automation. Each run it archives is one action in its log, saying what the month showed: won and
 * lost, the win rate, the top loss reason and the lost deals still without one. Pure.
 */
import { formatCount, formatPercent, formatPeriod } from "@/lib/format";
import type { Period } from "@/lib/metrics/period";
import type { ReasonTable } from "@/lib/metrics/win-loss";

export interface AnalyzerRun {
  period: Period;
  reportId: number;
  won: number;
  lost: number;
  lossReasons: ReasonTable;
  trigger: "schedule" | "manual";
}

export interface AnalyzerAction {
  subject: string;
  action: string;
  reason: string;
  /** The top loss reason; null when no lost deal had one. */
  topic: string | null;
  detail: { reportId: number; periodFrom: string; periodTo: string; won: number; lost: number; withoutReason: number };
}

export function analyzerAction(run: AnalyzerRun): AnalyzerAction {
  const { period, won, lost, lossReasons } = run;
  const closed = won + lost;
  const top = lossReasons.top[0] ?? null;
  const withoutReason = lossReasons.none?.deals ?? 0;
  const parts = [
    `Archived the win/loss pattern report of ${formatPeriod(period.from, period.to)}: ${formatCount(won)} won, ${formatCount(lost)} lost`,
    closed > 0 ? `, win rate ${formatPercent(won / closed)}` : "",
    top ? `; top loss reason ${top.reason} (${formatCount(top.deals)} of ${formatCount(lost)})` : lost > 0 ? "; no loss reason recorded" : "",
    withoutReason > 0 ? `; ${formatCount(withoutReason)} lost ${withoutReason === 1 ? "deal" : "deals"} still without a reason` : "",
    ".",
  ];
  return {
    subject: `report:${run.reportId}`,
    action: parts.join(""),
    reason: run.trigger === "manual" ? "Run now by an admin, from the Jobs page." : "Its monthly run, on the 1st, over the month before.",
    topic: top?.reason ?? null,
    detail: { reportId: run.reportId, periodFrom: period.from, periodTo: period.to, won, lost, withoutReason },
  };
}
