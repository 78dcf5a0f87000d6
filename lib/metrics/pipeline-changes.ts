/**
 * Pipeline changes (docs/metrics.md, "Pipeline changes"): how the open pipeline expected to close in
 * a forecast window went from the period's start to its end. SQL reconstructs each deal's state at
 * both moments from its change history and groups deals by (state at start, state at end, sign of the
 * amount change); this file says which bars each group moves and adds whole cents, so
 * start + every change = end exactly.
 */
import { centsToDecimal, decimalToUnits } from "./attribution";

/**
 * Where a deal stood at a moment, relative to the forecast window: not created yet, open and expected
 * to close in the window, after it, before it or on no date, or closed.
 */
export const dealMoments = ["absent", "in", "after", "before", "undated", "won", "lost"] as const;
export type DealMoment = (typeof dealMoments)[number];

/** The bars between the start and the end, in the waterfall's order. */
export const pipelineMoves = ["new", "pulled_in", "increased", "pushed_out", "decreased", "won", "lost", "other"] as const;
export type PipelineMove = (typeof pipelineMoves)[number];

export const pipelineMoveLabels: Record<PipelineMove, string> = {
  new: "New",
  pulled_in: "Pulled in",
  increased: "Increased",
  pushed_out: "Pushed out",
  decreased: "Decreased",
  won: "Won",
  lost: "Lost",
  other: "Other moves",
};

export const pipelineMoveDescriptions: Record<PipelineMove, string> = {
  new: "Created in the period and expected to close in the window (or won or lost within the period).",
  pulled_in: "Expected close moved into the window from after it (or closed early, from after it).",
  increased: "Amount raised on a deal in the pipeline at the start (before it closed or left).",
  pushed_out: "Expected close moved from the window to after it.",
  decreased: "Amount lowered on a deal in the pipeline at the start (before it closed or left).",
  won: "Closed won in the period.",
  lost: "Closed lost in the period.",
  other: "Close date moved into the window from before it or from none (or out to them), or a closed deal reopened.",
};

/** The sign of (amount at the end − amount at the start), a deal without an amount read as 0. */
export type AmountChange = -1 | 0 | 1;

/** A group of deals from SQL. */
export interface DealMovementGroup {
  start: DealMoment;
  end: DealMoment;
  amountChange: AmountChange;
  deals: number;
  /** Σ amount at the start and at the end, exact decimals (deals without an amount add nothing). */
  startAmount: string;
  endAmount: string;
}

const closed = (m: DealMoment) => m === "won" || m === "lost";

function entryMove(start: DealMoment): PipelineMove {
  return start === "absent" ? "new" : start === "after" ? "pulled_in" : "other";
}

function exitMove(end: DealMoment): PipelineMove {
  return end === "won" ? "won" : end === "lost" ? "lost" : end === "after" ? "pushed_out" : "other";
}

/**
 * The bars a deal moves, each with the amount it moves by: `s` its amount at the start, `e` at the
 * end (in cents). A deal in the pipeline at both moments moves only by its amount change; one that
 * left moves by its change and leaves at its end amount (a deal won at 60,000 that was 50,000 at the
 * start is +10,000 increased, −60,000 won); one that came in enters at its end amount; one that came
 * in and closed within the period enters and leaves at its closing amount.
 */
export function movesOf(start: DealMoment, end: DealMoment, s: bigint, e: bigint): [PipelineMove, bigint][] {
  const change: [PipelineMove, bigint][] = e > s ? [["increased", e - s]] : e < s ? [["decreased", e - s]] : [];
  if (start === "in" && end === "in") return change;
  if (start === "in") return [...change, [exitMove(end), -e]];
  if (end === "in") return [[entryMove(start), e]];
  if (closed(end) && !closed(start)) return [[entryMove(start), e], [exitMove(end), -e]];
  return [];
}

/** What one deal adds to one bar (negative: takes away), in cents: its part of the bar's amount. */
export function contributionOf(move: PipelineMove, start: DealMoment, end: DealMoment, s: bigint, e: bigint): bigint {
  return movesOf(start, end, s, e).reduce((sum, [m, cents]) => (m === move ? sum + cents : sum), 0n);
}

/** The bars a group of deals moves (its amount change's sign stands for each deal's). */
function movesOfGroup(g: DealMovementGroup): [PipelineMove, bigint][] {
  const s = decimalToUnits(g.startAmount, 2);
  const e = decimalToUnits(g.endAmount, 2);
  return movesOf(g.start, g.end, s, e);
}

export interface PipelineChanges {
  /** Exact decimals with two places; each move signed (what it adds to the pipeline). */
  start: string;
  end: string;
  moves: Record<PipelineMove, { amount: string; deals: number }>;
  startDeals: number;
  endDeals: number;
}

/** The waterfall: start, each move and end; start + Σ moves = end to the cent. */
export function pipelineChanges(groups: readonly DealMovementGroup[]): PipelineChanges {
  let start = 0n;
  let end = 0n;
  let startDeals = 0;
  let endDeals = 0;
  const sums = Object.fromEntries(pipelineMoves.map((m) => [m, { cents: 0n, deals: 0 }])) as Record<PipelineMove, { cents: bigint; deals: number }>;
  for (const g of groups) {
    if (g.start === "in") {
      start += decimalToUnits(g.startAmount, 2);
      startDeals += g.deals;
    }
    if (g.end === "in") {
      end += decimalToUnits(g.endAmount, 2);
      endDeals += g.deals;
    }
    for (const [move, cents] of movesOfGroup(g)) {
      sums[move].cents += cents;
      sums[move].deals += g.deals;
    }
  }
  const moves = Object.fromEntries(pipelineMoves.map((m) => [m, { amount: centsToDecimal(sums[m].cents), deals: sums[m].deals }])) as PipelineChanges["moves"];
  return { start: centsToDecimal(start), end: centsToDecimal(end), moves, startDeals, endDeals };
}

/**
 * The bars in the order the waterfall draws them: every bar that adds (new, pulled in, increased, and
 * other moves when they add) before every bar that takes away, so the running total climbs from the
 * start to its highest and falls to the end, never below the smaller of the two (never below zero).
 */
export function waterfallMoves(moves: PipelineChanges["moves"]): PipelineMove[] {
  const adding: PipelineMove[] = ["new", "pulled_in", "increased"];
  const taking: PipelineMove[] = ["pushed_out", "decreased", "won", "lost"];
  return Number(moves.other.amount) > 0 ? [...adding, "other", ...taking] : [...adding, ...taking, "other"];
}

/**
 * The (start, end, amount change) combinations whose deals move a bar, as "start:end:sign" keys: the
 * list behind a bar is selected in SQL by these, so it is exactly the deals the bar adds up.
 */
export function movementKeysOf(move: PipelineMove): string[] {
  const keys: string[] = [];
  for (const start of dealMoments)
    for (const end of dealMoments)
      for (const sign of [-1, 0, 1] as const) {
        // Amounts standing for the sign: a positive start, and an end above, equal or below it.
        const moved = movesOf(start, end, 10n, 10n + BigInt(sign));
        if (moved.some(([m]) => m === move)) keys.push(`${start}:${end}:${sign}`);
      }
  return keys;
}
