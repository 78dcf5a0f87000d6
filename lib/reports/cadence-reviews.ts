/**
 * The reviews of the playbook's refresh cadence that have no page-level Markdown of their own: the
 * daily score decay's summary, the buying-group audit, the calibration review, the signal taxonomy
 * and routing review and the dark-social review. Pure: each takes what its job gathered.
 */
import type { DarkSocialView } from "@/lib/attribution/dark-social";
import type { AccountPicture, DealPicture } from "@/lib/abm/account-map";
import { buyingGroupRoleInfo } from "@/lib/domain/buying-group";
import { formatAmount, formatCount, formatPercent, formatPeriod } from "@/lib/format";
import type { Figure } from "@/lib/metrics/figure";
import { bucketLabel, type Calibration, type CalibrationRate, type ThresholdRecommendation } from "@/lib/metrics/calibration";
import type { ScoreBand } from "@/lib/metrics/signals";
import type { ScoringWeights } from "@/lib/metrics/scoring";
import type { Period } from "@/lib/metrics/period";
import type { Layer3View } from "@/lib/signals/layer3";
import { literal, section, table } from "./markdown";

const generated = (at: Date) => `**Generated:** ${at.toISOString().slice(0, 16).replace("T", " ")} UTC.`;
const show = (f: Figure, format: (n: number) => string) => (f.value === null ? `— (${f.reason})` : format(f.value));
const share = (n: number | null) => (n === null ? "—" : formatPercent(n));

export function scoreDecayMarkdown(input: { today: string; asOf: Date; timeZone: string; accounts: number; changed: number; before: ScoreBand[]; after: ScoreBand[] }): string {
  return (
    [
      "# Daily score decay",
      `**As of:** ${input.today} (${literal(input.timeZone)}).  \n${generated(input.asOf)}`,
      `Recomputed ${formatCount(input.accounts)} scored accounts as of today; ${formatCount(input.changed)} moved and got a new score in their history.`,
      section(
        "Accounts by score band",
        table(
          ["Band", "Before", "After"],
          input.after.map((b, i) => [`${b.label} (${b.band})`, `${formatCount(input.before[i]!.accounts)} (${share(input.before[i]!.share)})`, `${formatCount(b.accounts)} (${share(b.share)})`]),
        ),
      ),
    ].join("\n\n") + "\n"
  );
}

export interface AuditedDeal {
  account: AccountPicture["account"];
  deal: DealPicture;
  tier1: boolean;
  enteredNegotiationAt: Date | null;
}

export function buyingGroupAuditMarkdown(input: { period: Period; asOf: Date; currency: string; deals: AuditedDeal[] }): string {
  const why = (d: AuditedDeal) =>
    [d.tier1 ? "Tier 1" : null, d.enteredNegotiationAt ? `entered negotiation ${d.enteredNegotiationAt.toISOString().slice(0, 10)}` : null].filter(Boolean).join("; ");
  const threading = { multi: "Multi-threaded", partial: "Partly threaded", single: "Single-threaded" } as const;
  const gaps = input.deals.filter((d) => d.deal.gaps.length > 0);
  return (
    [
      "# Buying-group coverage audit",
      `**Deals:** open Tier 1 deals, and deals that entered negotiation ${formatPeriod(input.period.from, input.period.to)}.  \n${generated(input.asOf)}`,
      input.deals.length === 0
        ? "No deal to audit: no open Tier 1 deal, and no deal entered negotiation in the period."
        : section(
            "Coverage",
            table(
              ["Account", "Deal", "Stage", "Amount", "Why", "Identified", "Engaged", "Active", "Threading", "Gaps"],
              input.deals.map((d) => [
                literal(d.account.name),
                literal(d.deal.name),
                literal(d.deal.stage),
                formatAmount(d.deal.amount, { currency: input.currency }),
                why(d),
                `${d.deal.coverage.identified}/5`,
                `${d.deal.coverage.engaged}/5`,
                `${d.deal.coverage.active}/5`,
                threading[d.deal.threading],
                String(d.deal.gaps.length),
              ]),
              ["left", "left", "left", "right", "left", "right", "right", "right", "left", "right"],
            ),
          ),
      gaps.length > 0 &&
        section(
          "Gaps and actions",
          ...gaps.map((d) =>
            [
              `### ${literal(d.account.name)}: ${literal(d.deal.name)}`,
              d.deal.gaps
                .map((g) => `- **${buyingGroupRoleInfo[g.role].label}** (${g.kind.replace("_", " ")}${g.contacts.length ? `: ${g.contacts.map(literal).join(", ")}` : ""}): ${literal(g.action)}`)
                .join("\n"),
            ].join("\n\n"),
          ),
        ),
    ]
      .filter(Boolean)
      .join("\n\n") + "\n"
  );
}

const rate = (r: CalibrationRate) => (r.rate.value === null ? `— (${r.rate.reason})` : `${formatPercent(r.rate.value)} (${r.hits} of ${r.n})`);

export function calibrationReviewMarkdown(input: {
  period: Period;
  asOf: Date;
  weights: ScoringWeights;
  saved: Calibration;
  candidates: Calibration[];
  recommendation: ThresholdRecommendation;
}): string {
  const { saved, recommendation } = input;
  const w = input.weights;
  return (
    [
      "# Lead scoring calibration review",
      `**Deals closed:** ${formatPeriod(input.period.from, input.period.to)}. **Weights:** fit ${formatPercent(w.fit, {}, 0)}, intent ${formatPercent(w.intent, {}, 0)}, engagement ${formatPercent(w.engagement, {}, 0)}. **Threshold:** ${saved.threshold}.  \n${generated(input.asOf)}`,
      section(
        "Recommendation",
        `**${recommendation.change === "keep" ? `Keep the threshold at ${recommendation.threshold}` : `${recommendation.change === "raise" ? "Raise" : "Lower"} the threshold to ${recommendation.threshold}`}.** ${recommendation.reason}`,
      ),
      section(
        "Backtest",
        table(
          ["Figure", "Value"],
          [
            ["Won deals", `${saved.won} (${saved.wonUnscored} with no earlier score)`],
            ["Lost deals", `${saved.lost} (${saved.lostUnscored} with no earlier score)`],
            ["False positive rate (lost deals that scored high)", rate(saved.falsePositiveRate)],
            ["False negative rate (won deals that scored low)", rate(saved.falseNegativeRate)],
            ["Median best score, won", show(saved.medianWon, (n) => n.toFixed(1))],
            ["Median best score, lost", show(saved.medianLost, (n) => n.toFixed(1))],
          ],
        ),
        "### Thresholds tried",
        table(
          ["Threshold", "False positives", "False negatives"],
          input.candidates.map((c) => [c.threshold === saved.threshold ? `**${c.threshold}** (saved)` : String(c.threshold), rate(c.falsePositiveRate), rate(c.falseNegativeRate)]),
        ),
        "### Best score before the deal, by bucket",
        table(["Score", "Won", "Lost"], saved.buckets.map((b) => [bucketLabel(b.bucket), String(b.won), String(b.lost)])),
      ),
    ].join("\n\n") + "\n"
  );
}

export interface SignalTypePerformance {
  type: string;
  label: string;
  tier: string;
  signals: number;
  responded: number;
  meetings: number;
}

export function signalReviewMarkdown(input: { view: Layer3View; types: SignalTypePerformance[]; asOf: Date }): string {
  const { view } = input;
  const ratio = (n: number, d: number) => (d === 0 ? "—" : formatPercent(n / d));
  return (
    [
      "# Signal taxonomy and routing review",
      `**Period:** ${formatPeriod(view.request.period.from, view.request.period.to)}. **Time zone:** ${literal(view.timeZone)}.  \n${generated(input.asOf)}`,
      section(
        "Routing",
        table(
          ["Figure", "Value"],
          [
            ["High-intent signals", formatCount(view.aggregates.high)],
            ["Median time to first response", show(view.responseMinutes, (n) => `${n.toFixed(1)} min`)],
            [`Signal → meeting within ${view.meetingWindowDays} days`, show(view.meetingRate, (n) => formatPercent(n)) + ` (target ${formatPercent(view.meetingRate.target, {}, 0)})`],
            ["5-minute SLA compliance (immediate handoffs)", show(view.slaCompliance, (n) => formatPercent(n))],
          ],
        ),
      ),
      section(
        "Signal-to-meeting conversion by type",
        "Types that convert well deserve more points or a faster track; types that never lead to a meeting are candidates for fewer points.",
        table(
          ["Signal type", "Tier", "Signals", "Responded", "Meeting booked", "Conversion"],
          input.types.map((t) => [literal(t.label), t.tier, formatCount(t.signals), formatCount(t.responded), formatCount(t.meetings), ratio(t.meetings, t.signals)]),
          ["left", "left", "right", "right", "right", "right"],
        ),
      ),
      section("Accounts by score band", table(["Band", "Accounts", "Share"], view.bands.map((b) => [`${b.label} (${b.band})`, formatCount(b.accounts), share(b.share)]))),
    ].join("\n\n") + "\n"
  );
}

export function darkSocialReviewMarkdown(input: { view: DarkSocialView; asOf: Date }): string {
  const { view } = input;
  const signed = (n: number) => `${n > 0 ? "+" : n < 0 ? "−" : ""}${formatPercent(Math.abs(n))}`;
  return (
    [
      "# Dark social attribution review",
      `**Period:** ${formatPeriod(view.request.period.from, view.request.period.to)}. **Time zone:** ${literal(view.timeZone)}.  \n${generated(input.asOf)}`,
      section(
        "Self-reported against first tracked touch",
        `${formatCount(view.leads)} leads created in the period answered "How did you hear about us?".`,
        view.rows.length === 0
          ? "No answered lead in the period."
          : table(
              ["Channel", "Self-reported", "Share", "First touch", "Share", "Gap"],
              view.rows.map((r) => [literal(r.label), formatCount(r.selfReported), formatPercent(r.selfReportedShare), formatCount(r.firstTouch), formatPercent(r.firstTouchShare), signed(r.delta)]),
            ),
      ),
      section(
        "Answer capture rate",
        `Demo requests in the period: ${formatCount(view.capture.demoRequests)}; answered: ${formatCount(view.capture.answered)}; capture rate ${share(view.capture.rate)} (target ${formatPercent(view.capture.target, {}, 0)}).`,
        table(["Month", "Demo requests", "Answered", "Capture rate"], view.months.map((m) => [m.month, formatCount(m.demoRequests), formatCount(m.answered), share(m.rate)])),
      ),
    ].join("\n\n") + "\n"
  );
}
