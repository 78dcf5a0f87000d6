/**
 * The Competitive Alert Monitor, before and after (docs/metrics.md §12): win rate against each
 * competitor over the deals closed in the window before it was switched on and in as many days
 * since, with each rate's 95 % Wilson interval and the change's 95 % interval. Pure.
 */
import { rate, type Rate } from "./abm";
import { proportionDifference, type ProportionDifference } from "./statistics";
import type { OutcomeCount } from "./win-loss";

export interface CompetitorImpactRow {
  /** The competitor; null for the row of all competitors together. */
  competitor: string | null;
  before: Rate;
  after: Rate;
  /** After − before, with its interval; null when either window closed no deal against it. */
  change: ProportionDifference | null;
}

export interface CompetitorImpact {
  rows: CompetitorImpactRow[];
  total: CompetitorImpactRow;
}

function row(competitor: string | null, b: { won: number; lost: number }, a: { won: number; lost: number }): CompetitorImpactRow {
  return {
    competitor,
    before: rate(b.won, b.won + b.lost),
    after: rate(a.won, a.won + a.lost),
    change: proportionDifference(a.won, a.won + a.lost, b.won, b.won + b.lost),
  };
}

const none = { won: 0, lost: 0 };
const sum = (counts: readonly OutcomeCount[]) => counts.reduce((t, c) => ({ won: t.won + c.won, lost: t.lost + c.lost }), none);

/**
 * One row per competitor named in either window (most closed deals first), and the total over every
 * deal naming one. `counts` carry the competitor in `key`; deals naming none are not in them.
 */
export function competitorImpact(before: readonly OutcomeCount[], after: readonly OutcomeCount[]): CompetitorImpact {
  const named = (counts: readonly OutcomeCount[]) => counts.filter((c) => c.key !== null);
  const keys = [...new Set([...named(before), ...named(after)].map((c) => c.key!))];
  const find = (counts: readonly OutcomeCount[], key: string) => counts.find((c) => c.key === key) ?? none;
  const rows = keys
    .map((k) => row(k, find(before, k), find(after, k)))
    .sort((x, y) => y.before.n + y.after.n - (x.before.n + x.after.n) || x.competitor!.localeCompare(y.competitor!));
  return { rows, total: row(null, sum(named(before)), sum(named(after))) };
}
