/**
 * Layer 3 figures (METRICS.md §3) from the aggregates SQL returns: signal→response time, the
 * signal→meeting rate against its target, 5-minute SLA compliance of handoffs, the week's active
 * intent against the week before, and the accounts by score band. Pure functions.
 */
import { routingTracks, trackInfo, type RoutingTrack } from "@/lib/domain/routing-tracks";
import { defined, relativeChange, undefinedBecause, type Figure } from "./figure";

/** The playbook's bar: more than 15 % of high-intent signals become meetings. */
export const MEETING_RATE_TARGET = 0.15;

/** Median signal→response time in minutes; undefined until a high-intent signal of the period is answered. */
export function responseMinutes(medianSeconds: number | null, answered: number, high: number): Figure {
  if (high === 0) return undefinedBecause("no high-intent signal was received in the period");
  if (answered === 0 || medianSeconds === null) return undefinedBecause("none of the period's high-intent signals has been answered yet");
  return defined(medianSeconds / 60);
}

/** Share of high-intent signals followed by a meeting with the account within the window. */
export function meetingRate(withMeeting: number, high: number): Figure & { meetsTarget: boolean | null } {
  if (high === 0) return { ...undefinedBecause("no high-intent signal was received in the period"), meetsTarget: null };
  const rate = withMeeting / high;
  return { ...defined(rate), meetsTarget: rate > MEETING_RATE_TARGET };
}

/**
 * Immediate handoffs answered within the 5-minute SLA ÷ those whose SLA is decided (answered, or
 * unanswered after it ran out); those still inside their 5 minutes count in neither.
 */
export function slaCompliance(met: number, missed: number): Figure {
  if (met + missed === 0) return undefinedBecause("no immediate-handoff signal with its SLA run out in the period");
  return defined(met / (met + missed));
}

/** This week's high-intent signals against the week before. */
export function activeIntentChange(thisWeek: number, previousWeek: number): Figure {
  return relativeChange(defined(thisWeek), defined(previousWeek));
}

export interface ScoreBand {
  track: RoutingTrack;
  /** "80–100" */
  band: string;
  label: string;
  accounts: number;
  /** Share of scored accounts; null with none scored. */
  share: number | null;
}

/** The four bands, highest first, with each one's share of the scored accounts. */
export function scoreDistribution(counts: Record<RoutingTrack, number>): ScoreBand[] {
  const total = routingTracks.reduce((sum, t) => sum + counts[t], 0);
  return routingTracks.map((track) => ({
    track,
    band: trackInfo[track].band,
    label: trackInfo[track].label,
    accounts: counts[track],
    share: total === 0 ? null : counts[track] / total,
  }));
}
