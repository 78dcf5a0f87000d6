/**
 * Self-reported attribution against click tracking (METRICS.md §4): capture rate, and for each
 * channel the self-reported share minus the first-touch share over the same leads.
 */
import { channels, type Channel } from "@/lib/domain/channels";

/** The playbook's capture-rate target: more than 80 % of demo requests answer. */
export const CAPTURE_RATE_TARGET = 0.8;

/** Demo requests with an answer ÷ demo requests; null with no demo requests. */
export function captureRate(answered: number, demoRequests: number): number | null {
  return demoRequests === 0 ? null : answered / demoRequests;
}

/** A first touch of one of the channels, or none the tracking recorded before the lead came in. */
export type FirstTouchChannel = Channel | "untracked";

export interface DarkSocialCounts {
  /** Leads with an answer. */
  leads: number;
  /**
   * Leads by the channel they named. A lead with several answers counts 1 ÷ answers for each, so
   * the channels add up to `leads`.
   */
  selfReported: Partial<Record<Channel, number>>;
  /** The same leads by the channel of their first tracked touch. */
  firstTouch: Partial<Record<FirstTouchChannel, number>>;
}

export interface DarkSocialRow {
  channel: FirstTouchChannel;
  selfReported: number;
  firstTouch: number;
  selfReportedShare: number;
  firstTouchShare: number;
  /** Self-reported share − first-touch share: positive where buyers credit what tracking misses. */
  delta: number;
}

/** One row per channel either side names, largest gap that tracking misses first. */
export function darkSocialRows({ leads, selfReported, firstTouch }: DarkSocialCounts): DarkSocialRow[] {
  if (leads === 0) return [];
  const all: FirstTouchChannel[] = [...channels, "untracked"];
  return all
    .map((channel) => {
      const said = channel === "untracked" ? 0 : (selfReported[channel] ?? 0);
      const first = firstTouch[channel] ?? 0;
      const selfReportedShare = said / leads;
      const firstTouchShare = first / leads;
      return { channel, selfReported: said, firstTouch: first, selfReportedShare, firstTouchShare, delta: selfReportedShare - firstTouchShare };
    })
    .filter((row) => row.selfReported > 0 || row.firstTouch > 0)
    .sort((a, b) => b.delta - a.delta || all.indexOf(a.channel) - all.indexOf(b.channel));
}
