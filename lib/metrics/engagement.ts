/**
 * A contact's engagement level on the buying-group map (METRICS.md §5, "Last touch and engagement
 * level"). Pure: SQL counts each kind of touch in the window, this turns the counts and the rep's
 * own setting into the level.
 */
import { engagementLevels, type EngagementLevel } from "@/lib/domain/buying-group";
import { ENGAGEMENT_WINDOW_DAYS, MEETING_WEIGHT } from "./scoring";

/**
 * The kinds of touch. Each moves the contact's last touch; the weighted ones (the buyer's own
 * actions, meetings) also count towards the level. A rep's response to a signal and a rep's map edit
 * are our side's touches: they keep a role from going dark but say nothing of the buyer's interest.
 */
export const touchKinds = ["touchpoint", "signal", "meeting", "response", "map_edit"] as const;
export type TouchKind = (typeof touchKinds)[number];

export const touchWeights: Record<TouchKind, number> = { touchpoint: 1, signal: 1, meeting: MEETING_WEIGHT, response: 0, map_edit: 0 };

/** The kinds that count towards the level. */
export const weightedTouchKinds = touchKinds.filter((k) => touchWeights[k] > 0) as ("touchpoint" | "signal" | "meeting")[];
export type WeightedTouchKind = (typeof weightedTouchKinds)[number];
export type TouchCounts = Record<WeightedTouchKind, number>;

/** The least points for each level above none. */
export const engagementLevelThresholds = { low: 1, medium: 3, high: 6 } as const;

export { ENGAGEMENT_WINDOW_DAYS };

const DAY_MS = 86_400_000;

export function touchPoints(counts: TouchCounts): number {
  return weightedTouchKinds.reduce((sum, kind) => sum + touchWeights[kind] * Math.max(0, counts[kind]), 0);
}

/** 0 → none, 1–2 → low, 3–5 → medium, 6 or more → high. */
export function engagementLevelOf(points: number): EngagementLevel {
  if (points >= engagementLevelThresholds.high) return "high";
  if (points >= engagementLevelThresholds.medium) return "medium";
  if (points >= engagementLevelThresholds.low) return "low";
  return "none";
}

const higher = (a: EngagementLevel, b: EngagementLevel) => (engagementLevels.indexOf(a) >= engagementLevels.indexOf(b) ? a : b);

export interface ContactEngagementFacts {
  /** Touches of each weighted kind in the window: after now − 90 days, up to now. */
  inWindow: TouchCounts;
  /** The level a rep last set on the account's map, and when. */
  manual: { level: EngagementLevel; at: Date } | null;
  /** Touches of each weighted kind after the rep's setting, up to now (zeros without one). */
  sinceManual: TouchCounts;
}

/** Whether the rep's setting still holds at `now`: set within the window. */
export function manualInForce(manual: ContactEngagementFacts["manual"], now: Date): boolean {
  return manual !== null && manual.at.getTime() > now.getTime() - ENGAGEMENT_WINDOW_DAYS * DAY_MS;
}

/**
 * The level from the touches of the last 90 days. A level a rep set on the map within those 90 days
 * holds instead, unless the touches since it was set raise it: then the higher of the two.
 */
export function contactEngagementLevel(facts: ContactEngagementFacts, now: Date): EngagementLevel {
  if (facts.manual && manualInForce(facts.manual, now)) return higher(facts.manual.level, engagementLevelOf(touchPoints(facts.sinceManual)));
  return engagementLevelOf(touchPoints(facts.inWindow));
}
