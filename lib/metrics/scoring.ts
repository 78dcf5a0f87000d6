/**
 * Pipeline readiness scoring (METRICS.md §3): fit, intent and engagement, 0–100 each, and the
 * weighted readiness score that picks the routing track. Pure: the SQL gathers the facts (decayed
 * points per signal type, interaction counts), these functions turn them into scores and reasons.
 */
import { trackInfo, type RoutingTrack } from "@/lib/domain/routing-tracks";

export interface ScoringWeights {
  fit: number;
  intent: number;
  engagement: number;
}

export const defaultWeights: ScoringWeights = { fit: 0.3, intent: 0.4, engagement: 0.3 };

/** Decayed signal points at which intent reaches 100 × (1 − 1/e) ≈ 63. */
export const DEFAULT_INTENT_SCALE = 60;
/** Weighted interactions in the engagement window at which engagement reaches ≈ 63. */
export const DEFAULT_ENGAGEMENT_SCALE = 12;
/** Days of interactions that count towards engagement. */
export const ENGAGEMENT_WINDOW_DAYS = 90;
/** A meeting counts as this many interactions. */
export const MEETING_WEIGHT = 3;
/** Fit of an account with no ICP fit score yet: neither qualified nor disqualified. */
export const NEUTRAL_FIT = 50;

const DAY_MS = 86_400_000;

/** Two decimals, as the scores are stored (numeric(5,2)). */
export function roundScore(value: number): number {
  return Math.round(Math.min(100, Math.max(0, value)) * 100) / 100;
}

/** A signal's points `ageDays` after it happened: halved every half-life; never more than fresh. */
export function decayedPoints(points: number, ageDays: number, halfLifeDays: number): number {
  return points * 2 ** (-Math.max(0, ageDays) / halfLifeDays);
}

export function ageInDays(occurredAt: Date, asOf: Date): number {
  return (asOf.getTime() - occurredAt.getTime()) / DAY_MS;
}

/** Saturating curve: 0 at 0, 63 at `scale`, 100 only in the limit. */
function saturate(amount: number, scale: number): number {
  return roundScore(100 * (1 - Math.exp(-Math.max(0, amount) / scale)));
}

// ── Fit ──────────────────────────────────────────────────────────────────────────────────────────
export interface FitFacts {
  icpFitScore: number | null;
  segment?: string | null;
  industry?: string | null;
}

export function fitScore(facts: FitFacts): number {
  return roundScore(facts.icpFitScore ?? NEUTRAL_FIT);
}

export function fitReasons(facts: FitFacts): string[] {
  const reasons = [facts.icpFitScore === null ? `No ICP fit score yet: neutral ${NEUTRAL_FIT}` : `ICP fit ${facts.icpFitScore}`];
  const firmographic = [facts.segment, facts.industry].filter(Boolean).join(" · ");
  if (firmographic) reasons.push(firmographic);
  return reasons;
}

// ── Intent ───────────────────────────────────────────────────────────────────────────────────────
export interface IntentContribution {
  type: string;
  label: string;
  /** The type's decayed points summed over the account's (or contact's) signals. */
  points: number;
  signals: number;
}

export function intentScore(contributions: readonly IntentContribution[], scale = DEFAULT_INTENT_SCALE): number {
  return saturate(contributions.reduce((sum, c) => sum + c.points, 0), scale);
}

/** The top contributing signal types, largest first, points to one decimal. */
export function topIntent(contributions: readonly IntentContribution[], count = 3): IntentContribution[] {
  return [...contributions]
    .filter((c) => c.points > 0)
    .sort((a, b) => b.points - a.points || a.type.localeCompare(b.type))
    .slice(0, count)
    .map((c) => ({ ...c, points: Math.round(c.points * 10) / 10 }));
}

// ── Engagement ───────────────────────────────────────────────────────────────────────────────────
export interface EngagementFacts {
  /** Marketing touches (email, web, content, ads, events) in the window. */
  touches: number;
  /** First-party signals (the buyer's own actions) in the window. */
  signals: number;
  /** Meetings booked in the window. */
  meetings: number;
}

export function engagementScore(facts: EngagementFacts, scale = DEFAULT_ENGAGEMENT_SCALE): number {
  return saturate(facts.touches + facts.signals + MEETING_WEIGHT * facts.meetings, scale);
}

export function engagementReasons(facts: EngagementFacts): string[] {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [
    `${plural(facts.meetings, "meeting", "meetings")} in the last ${ENGAGEMENT_WINDOW_DAYS} days`,
    `${plural(facts.touches, "touch", "touches")} in the last ${ENGAGEMENT_WINDOW_DAYS} days`,
    `${plural(facts.signals, "first-party signal", "first-party signals")} in the last ${ENGAGEMENT_WINDOW_DAYS} days`,
  ];
}

// ── Readiness ────────────────────────────────────────────────────────────────────────────────────
export interface SubScores {
  fit: number;
  intent: number;
  engagement: number;
}

export function readinessScore(scores: SubScores, weights: ScoringWeights = defaultWeights): number {
  return roundScore(weights.fit * scores.fit + weights.intent * scores.intent + weights.engagement * scores.engagement);
}

/** The weights are a share each and add up to 1 (to the thousandth, so 0.333 × 3 is refused). */
export function weightsProblem(weights: ScoringWeights): string | null {
  for (const [name, w] of Object.entries(weights)) {
    if (!Number.isFinite(w) || w < 0 || w > 1) return `The ${name} weight must be between 0 and 1`;
  }
  const sum = Math.round((weights.fit + weights.intent + weights.engagement) * 1000) / 1000;
  return sum === 1 ? null : `The weights must add up to 1 (100 %); they add up to ${sum}`;
}

/** The routing track of a readiness score: 80 and above, 60–79.99, 40–59.99, below 40. */
export function trackFor(readiness: number): RoutingTrack {
  if (readiness >= trackInfo.immediate_handoff.min) return "immediate_handoff";
  if (readiness >= trackInfo.co_engagement.min) return "co_engagement";
  if (readiness >= trackInfo.accelerated_nurture.min) return "accelerated_nurture";
  return "programmatic_nurture";
}

/** A signal moved the score into the 80+ band: from below 80 (or no score) to 80 or more. */
export function crossedIntoHandoff(previous: number | null, current: number): boolean {
  return current >= trackInfo.immediate_handoff.min && (previous === null || previous < trackInfo.immediate_handoff.min);
}

// ── Sub-score bands ──────────────────────────────────────────────────────────────────────────────
export type FitBand = "disqualify" | "monitor" | "qualified";
export type IntentBand = "passive" | "warming" | "active";
export type EngagementBand = "cold" | "warming" | "hot";

/** < 40 disqualify, 40–70 monitor, > 70 qualified fit. */
export function fitBand(fit: number): FitBand {
  return fit < 40 ? "disqualify" : fit <= 70 ? "monitor" : "qualified";
}

/** < 30 passive, 30–60 warming, > 60 active intent. */
export function intentBand(intent: number): IntentBand {
  return intent < 30 ? "passive" : intent <= 60 ? "warming" : "active";
}

/** < 25 cold, 25–50 warming, > 50 hot. */
export function engagementBand(engagement: number): EngagementBand {
  return engagement < 25 ? "cold" : engagement <= 50 ? "warming" : "hot";
}

export const bandLabels: Record<FitBand | IntentBand | EngagementBand, string> = {
  disqualify: "Disqualify",
  monitor: "Monitor",
  qualified: "Qualified fit",
  passive: "Passive",
  warming: "Warming",
  active: "Active intent",
  cold: "Cold",
  hot: "Hot",
};

// ── The whole score with its reasons ─────────────────────────────────────────────────────────────
export interface ScoreFacts {
  fit: FitFacts;
  intent: readonly IntentContribution[];
  engagement: EngagementFacts;
}

export interface ScoreSettings {
  weights: ScoringWeights;
  intentScale: number;
  engagementScale: number;
}

export const defaultScoreSettings: ScoreSettings = {
  weights: defaultWeights,
  intentScale: DEFAULT_INTENT_SCALE,
  engagementScale: DEFAULT_ENGAGEMENT_SCALE,
};

export interface ScoreExplanation {
  fit: string[];
  intent: { type: string; label: string; points: number }[];
  engagement: string[];
  /** Each sub-score's part of the readiness score, largest first: "Intent 63.2 × 0.40 = 25.3". */
  top: string[];
}

export interface ComputedScore extends SubScores {
  readiness: number;
  explanation: ScoreExplanation;
}

export function computeScore(facts: ScoreFacts, settings: ScoreSettings = defaultScoreSettings): ComputedScore {
  const sub: SubScores = {
    fit: fitScore(facts.fit),
    intent: intentScore(facts.intent, settings.intentScale),
    engagement: engagementScore(facts.engagement, settings.engagementScale),
  };
  const readiness = readinessScore(sub, settings.weights);
  const parts = (["fit", "intent", "engagement"] as const)
    .map((key) => ({ key, part: sub[key] * settings.weights[key] }))
    .sort((a, b) => b.part - a.part);
  const label = { fit: "Fit", intent: "Intent", engagement: "Engagement" } as const;
  return {
    ...sub,
    readiness,
    explanation: {
      fit: fitReasons(facts.fit),
      intent: topIntent(facts.intent).map(({ type, label, points }) => ({ type, label, points })),
      engagement: engagementReasons(facts.engagement),
      top: parts.map(({ key, part }) => `${label[key]} ${sub[key].toFixed(1)} × ${settings.weights[key].toFixed(2)} = ${part.toFixed(1)}`),
    },
  };
}
