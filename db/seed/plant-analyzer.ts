/**
 * The Win/Loss Analyzer in the demo (issue 22): switched on ANALYZER_DAYS before the as-of day,
 * after the Buying Group Mapper and before the Competitive Alert Monitor, as the playbook sequences
 * them. Its monthly reports are written after the load by the analyzer's own run (./analyzer-runs.ts),
 * so its archive and log are the app's.
 *
 * The planted effect: before it ran, nobody read the losses, so a lost deal was often closed without
 * its reason; since its reports name the month's losses, reasons are recorded as they were before
 * (the generator's few misses). In the window before the switch-on, a further share of lost deals lose
 * their recorded reason. Fates, amounts, dates and competitors stay as they were.
 */
import { DAY, isoDay } from "./calendar";
import type { SeedContext } from "./context";
import type { Pipeline } from "./generate-opportunities";

/** Days before the as-of day the analyzer was switched on. */
export const ANALYZER_DAYS = 64;
/** Days before the as-of day the Campaign Orchestrator was switched on, with the Tier 1 play enrolled (its runs: ./orchestrator-runs.ts). */
export const ORCHESTRATOR_DAYS = 62;
/** The further share of lost deals in the window before that lost their reason. */
const UNRECORDED_BEFORE = 0.25;

export function plantWinLossAnalyzer(ctx: SeedContext, pipeline: Pipeline): { since: string } {
  const rng = ctx.rng.fork("win-loss-analyzer");
  const since = ctx.clock.asOf - ANALYZER_DAYS * DAY;
  const from = since - ANALYZER_DAYS * DAY;
  for (const o of pipeline.opportunities) {
    const closed = o.closedAt?.getTime();
    if (o.status !== "lost" || closed === undefined || closed < from || closed >= since || !o.lossReason) continue;
    if (rng.chance(UNRECORDED_BEFORE)) o.lossReason = null;
  }
  return { since: isoDay(since) };
}

/** The 1st of the month after `day` (YYYY-MM-DD); `day` itself is never returned. */
export function firstOfNextMonth(day: string): string {
  const [y, m] = day.split("-").map(Number) as [number, number];
  return `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, "0")}-01`;
}
