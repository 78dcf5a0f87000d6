/**
 * lead-scoring-model.md: the pipeline readiness score as the app computes it — its architecture,
 * inputs (the signal taxonomy with points and half-lives), weights, thresholds (routing tracks and
 * sub-score bands) and the latest calibration backtest (METRICS.md §3). Built from the saved scoring
 * settings, the taxonomy and the same backtest /signals/calibration shows.
 */
import { tierLabels, type SignalTier } from "@/lib/domain/signal-types";
import { routingTracks, trackInfo } from "@/lib/domain/routing-tracks";
import { formatCount, formatDecimal, formatPercent, formatPeriod } from "@/lib/format";
import type { Calibration, CalibrationRate } from "@/lib/metrics/calibration";
import type { Period } from "@/lib/metrics/period";
import { ENGAGEMENT_WINDOW_DAYS, MEETING_WEIGHT, NEUTRAL_FIT } from "@/lib/metrics/scoring";
import type { ScoringSettings } from "@/lib/settings/definitions";
import { literal, section, table } from "./markdown";

export const SCORING_MODEL_FILE_NAME = "lead-scoring-model.md";

export interface ScoringModelInput {
  generatedAt: Date;
  timeZone: string;
  scoring: ScoringSettings;
  /** When the weights were last saved and by whom; null: the playbook's defaults. */
  savedBy: { name: string | null; at: string } | null;
  types: readonly { key: string; label: string; tier: SignalTier; points: number; halfLifeDays: number }[];
  /** The backtest's period: deals closed in it. */
  period: Period;
  calibration: Calibration;
}

const pct = (w: number) => formatPercent(w, {}, 0);
const unscoredText = (n: number) => (n === 1 ? "1 deal had no score by then and counts as 0" : `${formatCount(n)} deals had no score by then and count as 0`);

function rateText(r: CalibrationRate): string {
  if (r.rate.value === null) return `— (${r.rate.reason})`;
  const interval = r.interval ? ` (95 % CI ${formatPercent(r.interval.low, {}, 0)}–${formatPercent(r.interval.high, {}, 0)})` : "";
  return `${formatPercent(r.rate.value)}${interval}, ${formatCount(r.hits)} of ${formatCount(r.n)}${r.smallSample ? ", small sample" : ""}`;
}

export function leadScoringModelMarkdown(input: ScoringModelInput): string {
  const { scoring: s, calibration: c } = input;
  const w = s.weights;
  const tiers = [...new Set(input.types.map((t) => t.tier))];
  const parts = [
    "# Lead scoring model",
    `Generated ${input.generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC (organisation time zone ${literal(input.timeZone)}). ${
      input.savedBy ? `Weights last saved by ${input.savedBy.name ? literal(input.savedBy.name) : "a former user"} on ${input.savedBy.at}.` : "The playbook's default weights: nobody has changed them yet."
    }`,
    section(
      "Architecture",
      `**Pipeline readiness = ${pct(w.fit)} × fit + ${pct(w.intent)} × intent + ${pct(w.engagement)} × engagement**, each sub-score 0–100, recomputed for the account (and the contact) each time a signal arrives.`,
      [
        `- **Fit**: the account's ICP fit score (the ICP model on /settings/icp); ${NEUTRAL_FIT} when the account has none.`,
        `- **Intent**: each signal's points, halved every half-life of its type, summed over the account's signals; intent reaches 63 at ${formatCount(s.intentScale)} points and approaches 100.`,
        `- **Engagement**: touches, first-party signals and meetings (each meeting counts ${MEETING_WEIGHT}×) in the last ${ENGAGEMENT_WINDOW_DAYS} days; 63 at ${formatCount(s.engagementScale)} interactions.`,
      ].join("\n"),
    ),
    section(
      "Inputs: the signal taxonomy",
      `${formatCount(input.types.length)} signal types in ${tiers.length} tiers; points and half-lives are edited on /signals/taxonomy.`,
      table(
        ["Signal", "Tier", "Points", "Half-life (days)"],
        input.types.map((t) => [literal(t.label), tierLabels[t.tier], formatCount(t.points), formatCount(t.halfLifeDays)]),
        ["left", "left", "right", "right"],
      ),
    ),
    section(
      "Weights",
      table(
        ["Sub-score", "Weight", "Scale"],
        [
          ["Fit", pct(w.fit), "ICP fit 0–100"],
          ["Intent", pct(w.intent), `63 at ${formatCount(s.intentScale)} decayed points`],
          ["Engagement", pct(w.engagement), `63 at ${formatCount(s.engagementScale)} interactions in ${ENGAGEMENT_WINDOW_DAYS} days`],
        ],
        ["left", "right", "left"],
      ),
    ),
    section(
      "Thresholds",
      table(
        ["Readiness", "Routing track", "Response SLA"],
        routingTracks.map((t) => [trackInfo[t].band, trackInfo[t].label, trackInfo[t].sla]),
        ["left", "left", "left"],
      ),
      "Sub-score bands: fit below 40 disqualify, 40–70 monitor, above 70 qualified; intent below 30 passive, 30–60 warming, above 60 active; engagement below 25 cold, 25–50 warming, above 50 hot.",
      `The calibration threshold (a best score at or above it "scored high"): **${formatCount(c.threshold)}**.`,
    ),
    section(
      "Latest calibration",
      `Deals won or lost ${formatPeriod(input.period.from, input.period.to)}: ${formatCount(c.won)} won, ${formatCount(c.lost)} lost. Each deal's score is the highest account readiness before the deal was created, recomputed with the weights above; ${unscoredText(c.wonUnscored + c.lostUnscored)}.`,
      table(
        ["Figure", "Value"],
        [
          [`False positive rate (lost deals that scored ≥ ${c.threshold})`, rateText(c.falsePositiveRate)],
          [`False negative rate (won deals that scored < ${c.threshold})`, rateText(c.falseNegativeRate)],
          ["Median best score, won", c.medianWon.value === null ? `— (${c.medianWon.reason})` : formatDecimal(c.medianWon.value, 1)],
          ["Median best score, lost", c.medianLost.value === null ? `— (${c.medianLost.reason})` : formatDecimal(c.medianLost.value, 1)],
        ],
        ["left", "right"],
      ),
      table(
        ["Best score", "Won", "Lost"],
        c.buckets.map((b) => [b.label, formatCount(b.won), formatCount(b.lost)]),
      ),
    ),
  ];
  return `${parts.join("\n\n")}\n`;
}
