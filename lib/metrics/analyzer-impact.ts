/**
 * The Win/Loss Analyzer, before and after (docs/metrics.md §12): over the deals closed in each
 * window, the win rate (won ÷ won + lost) and the share of lost deals with a loss reason recorded,
 * each with its 95 % Wilson interval and the change's Newcombe interval. Pure.
 */
import { rate, type Rate } from "./abm";
import { proportionDifference, type ProportionDifference } from "./statistics";

/** The deals closed in a window: won, lost, and the lost ones with a reason recorded. */
export interface ClosedOutcomes {
  won: number;
  lost: number;
  lostWithReason: number;
}

export interface AnalyzerSide {
  closed: number;
  winRate: Rate;
  reasonsRecorded: Rate;
}

export interface AnalyzerImpact {
  before: AnalyzerSide;
  after: AnalyzerSide;
  /** After − before; null when a window closed no deal (no lost deal, for the reasons). */
  winRateChange: ProportionDifference | null;
  reasonsChange: ProportionDifference | null;
}

const side = (o: ClosedOutcomes): AnalyzerSide => ({ closed: o.won + o.lost, winRate: rate(o.won, o.won + o.lost), reasonsRecorded: rate(o.lostWithReason, o.lost) });

export function analyzerImpact(before: ClosedOutcomes, after: ClosedOutcomes): AnalyzerImpact {
  const b = side(before);
  const a = side(after);
  return {
    before: b,
    after: a,
    winRateChange: proportionDifference(a.winRate.hits, a.winRate.n, b.winRate.hits, b.winRate.n),
    reasonsChange: proportionDifference(a.reasonsRecorded.hits, a.reasonsRecorded.n, b.reasonsRecorded.hits, b.reasonsRecorded.n),
  };
}
