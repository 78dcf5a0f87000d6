/**
 * revops-dashboard.md: the shared definitions in force with their SLAs, and the current figures of
 * Layer 1 (velocity), Layer 2 (funnel), Layer 3 (signals and engagement) and Layer 4 (attribution),
 * for one period and filters.
 */
import type { DefinitionSummary } from "@/db/queries/definitions";
import { formatSlaDuration } from "@/lib/definitions/rules";
import { formatCount, formatDays, formatMoney, formatMonth, formatPercent, formatPeriod, formatPoints, missingAmountsNote } from "@/lib/format";
import type { FunnelReport } from "@/lib/funnel/report";
import { bottleneckWords } from "@/lib/funnel/bottleneck-words";
import type { Figure } from "@/lib/metrics/figure";
import { funnelStepLabels, type FunnelStep } from "@/lib/metrics/funnel";
import { countedWithoutDateNote } from "@/lib/metrics/lead-stages";
import { leverInfo, leverKeys } from "@/lib/metrics/velocity";
import type { VelocityReport } from "@/lib/velocity/report";
import type { DarkSocialView } from "@/lib/attribution/dark-social";
import type { AttributionReport } from "@/lib/attribution/report";
import { attributionModelInfo, attributionModels } from "@/lib/metrics/attribution";
import type { Layer3View } from "@/lib/signals/layer3";
import { literal, section, table } from "./markdown";

export const DASHBOARD_FILE_NAME = "revops-dashboard.md";

const show = (f: Figure, format: (n: number) => string) => (f.value === null ? `— (${f.reason})` : format(f.value));

export function revopsDashboardMarkdown(
  definitions: DefinitionSummary[],
  velocity: VelocityReport,
  funnel: FunnelReport,
  attribution?: AttributionReport,
  darkSocial?: DarkSocialView,
  layer3?: Layer3Figures,
): string {
  const currency = velocity.organisation.currency;
  const perDay = (n: number) => `${formatMoney(n, { currency }, true)}/day`;
  const { period } = funnel.request;
  const { segment, source } = funnel.request.filters;
  const filters = [segment ? `segment ${literal(segment)}` : "all segments", source ? `source ${literal(source)}` : "all sources"].join(", ");
  const inferredNote = countedWithoutDateNote(funnel.cohort.inferred);
  const words = bottleneckWords(funnel.bottleneck);

  const header = [
    "# Revenue operations dashboard",
    `**Period:** ${formatPeriod(period.from, period.to)}. **Filters:** ${filters}. **Time zone:** ${literal(velocity.organisation.timeZone)}.  `,
    `**Generated:** ${funnel.generatedAt.slice(0, 16).replace("T", " ")} UTC.`,
  ].join("\n");

  const shared = section(
    "Shared definitions and SLAs (in force)",
    "The version in force is the newest one signed by both the marketing and the sales owner.",
    table(
      ["Term", "Definition", "Owner", "SLA", "Version", "Signed"],
      definitions.map((d) => {
        const v = d.inForce;
        if (!v) return [d.label, "— (no version signed by both owners)", "", "", "", ""];
        const sla = v.slaText !== null ? literal(v.slaText) : (formatSlaDuration(v.slaValue, v.slaUnit) ?? "—");
        const signed = v.signoffs.map((s) => `${s.team}: ${s.signedBy ? literal(s.signedBy.name) : "playbook default"}`).join("; ");
        return [d.label, literal(v.definition), v.owner === "marketing" ? "Marketing" : "Sales", sla, String(v.version), signed];
      }),
      ["left", "left", "left", "left", "right", "left"],
    ),
    definitions.some((d) => d.awaiting.length > 0)
      ? `Awaiting sign-off: ${definitions
          .filter((d) => d.awaiting.length > 0)
          .map((d) => `${d.label} v${d.latest.version} (${d.awaiting.join(" and ")})`)
          .join("; ")}.`
      : null,
  );

  const layer1 = section(
    "Layer 1: Pipeline velocity",
    table(
      ["Figure", "Value", "Change vs previous period"],
      [
        ["Pipeline velocity", show(velocity.current.velocity, perDay), show(velocity.deltas.velocity, (n) => formatPercent(n))],
        ["Velocity target (scaled to the period)", show(velocity.target.velocityPerDay, perDay), ""],
        ...leverKeys.map((k) => [
          leverInfo[k].label,
          show(velocity.current[k], (n) =>
            k === "winRate" ? formatPercent(n) : k === "averageDealSize" ? formatMoney(n, { currency }) : k === "salesCycleDays" ? formatDays(n) : formatCount(n),
          ),
          show(velocity.deltas[k], (n) => formatPercent(n)),
        ]),
        ["Pipeline coverage", show(velocity.pipeline.coverage, (n) => `${n.toFixed(1)}×`), ""],
        ["Weighted pipeline", formatMoney(velocity.pipeline.weighted, { currency }), ""],
        ["Pipeline created", formatMoney(velocity.pipeline.created, { currency }), ""],
        ["Pipeline created vs target", show(velocity.pipeline.createdVsTarget, (n) => formatPercent(n)), ""],
      ],
    ),
    missingAmountsLine(velocity),
  );

  const steps: FunnelStep[] = ["visitor", "lead", "mql", "sql", "opportunity", "won"];
  const layer2 = section(
    "Layer 2: Funnel conversion (cohort of leads created in the period)",
    table(
      ["Stage", "Reached", "Conversion", "Days from previous"],
      steps.map((step, i) => {
        const t = i === 0 ? null : funnel.cohort.transitions[i - 1]!;
        return [
          funnelStepLabels[step],
          formatCount(funnel.cohort.counts[step]),
          t ? show(t.conversion, (n) => formatPercent(n)) : "—",
          t ? show(t.meanDays, formatDays) : "—",
        ];
      }),
    ),
    `Overall, lead to closed won: ${show(funnel.cohort.overall, (n) => formatPercent(n))}.` +
      ` **${words.bottleneck}** ${words.lowestConversion} ${words.basis}` +
      (inferredNote ? ` ${inferredNote} (dated as the next stage reached; left out of days per stage and SLAs).` : ""),
    "### SLA compliance",
    table(
      ["SLA", "In force", "Within SLA", "Breaches"],
      funnel.slas.map((s) => [
        s.label,
        // The SLA in force in words: a person's text when the definition has one.
        `${literal(s.sla)} (v${s.version})`,
        s.compliance ? show(s.compliance.share, (n) => formatPercent(n)) : `— (${s.reason})`,
        s.compliance ? formatCount(s.compliance.breaches) : "—",
      ]),
    ),
  );

  return [header, shared, layer1, layer2, layer3 ? layer3Section(layer3) : null, attribution ? attributionSection(attribution) : null, darkSocial ? darkSocialSection(darkSocial) : null].filter(Boolean).join("\n\n") + "\n";
}

/** What Layer 3 of the dashboard reads of /signals' view (lib/signals/layer3.ts). */
export type Layer3Figures = Pick<Layer3View, "aggregates" | "activeChange" | "responseMinutes" | "meetingRate" | "slaCompliance" | "bands" | "meetingWindowDays"> & {
  abm: Pick<Layer3View["abm"], "tier1Engagement">;
};

/** Layer 3: this week's active intent, response time, signal→meeting rate, the 5-minute SLA, Tier 1 engagement and the accounts by score band. */
function layer3Section(v: Layer3Figures): string {
  const { aggregates: a, abm } = v;
  const target = (meets: boolean | null, words: string) => (meets === null ? "" : meets ? `meets the target (${words})` : `below the target (${words})`);
  const t1 = abm.tier1Engagement;
  return section(
    "Layer 3: Signals and engagement",
    table(
      ["Figure", "Value", "Against"],
      [
        ["High-intent signals, last 7 days", formatCount(a.activeThisWeek), `${formatCount(a.activePreviousWeek)} the 7 days before (${show(v.activeChange, (n) => formatPercent(n))})`],
        ["High-intent signals in the period", formatCount(a.high), `${formatCount(a.answered)} answered`],
        [
          "Median signal→response",
          show(v.responseMinutes, (n) => `${n.toFixed(1)} min`),
          v.responseMinutes.value === null ? "" : v.responseMinutes.value < 5 ? "meets the target (under 5 minutes)" : "above the target (under 5 minutes)",
        ],
        [`Signal→meeting rate (meeting within ${v.meetingWindowDays} days)`, show(v.meetingRate, (n) => formatPercent(n)), target(v.meetingRate.meetsTarget, `over ${formatPercent(v.meetingRate.target, {}, 0)}`)],
        ["5-minute SLA compliance (immediate handoffs)", show(v.slaCompliance, (n) => formatPercent(n)), `${formatCount(a.handoffs.met)} met, ${formatCount(a.handoffs.missed)} missed, ${formatCount(a.handoffs.pending)} still within it`],
        [
          `Tier 1 accounts engaged in the last ${t1.withinDays} days`,
          t1.rate === null ? "— (no Tier 1 account)" : `${formatPercent(t1.rate)} (${formatCount(t1.hits)} of ${formatCount(t1.n)})`,
          target(t1.meetsTarget, `over ${formatPercent(0.6, {}, 0)}`),
        ],
      ],
      ["left", "right", "left"],
    ),
    table(
      ["Readiness band", "Track", "Accounts", "Share"],
      v.bands.map((b) => [b.band, b.label, formatCount(b.accounts), b.share === null ? "—" : formatPercent(b.share)]),
    ),
  );
}

/** Which money figures of Layer 1 leave deals out for want of an amount, and how many; null when none do. */
function missingAmountsLine(velocity: VelocityReport): string | null {
  const { amounts } = velocity.pipeline;
  const notes = [
    [missingAmountsNote(velocity.current.wonAmounts, { kind: "won", after: "in this period" }), "average deal size and velocity"],
    [missingAmountsNote(amounts.open, { kind: "open" }), "weighted pipeline"],
    [missingAmountsNote(amounts.closingInQuarter, { kind: "open", after: "closing this quarter" }), "pipeline coverage"],
    [missingAmountsNote(amounts.wonInQuarter, { kind: "won", after: "this quarter" }), "pipeline coverage"],
    [missingAmountsNote(amounts.created, { after: "created in the period" }), "pipeline created"],
  ].filter(([note]) => note !== null);
  if (notes.length === 0) return null;
  return `Deals without an amount count in N, win rate and cycle, and are left out of money: ${notes.map(([note, figure]) => `${note} (${figure})`).join("; ")}.`;
}

/** Layer 4: every channel's credit under the six models, side by side, and what no touch explains. */
function attributionSection(report: AttributionReport): string {
  const money = (value: string) => formatMoney(value, { currency: report.currency }, true);
  const { totals } = report;
  return section(
    "Layer 4: Attribution (pipeline created in the period, by model)",
    `Attributed: ${money(totals.attributedAmount)} in ${formatCount(totals.attributedDeals)} deals. Unattributed (no touch before creation): ${money(totals.unattributedAmount)} in ${formatCount(totals.unattributedDeals)} deals.` +
      [
        missingAmountsNote({ deals: totals.attributedDeals, withoutAmount: totals.attributedWithoutAmount }, { kind: "attributed" }),
        missingAmountsNote({ deals: totals.unattributedDeals, withoutAmount: totals.unattributedWithoutAmount }, { kind: "unattributed" }),
      ]
        .filter((note) => note !== null)
        .map((note) => ` ${note}.`)
        .join("") +
      (totals.withoutAmount > 0 ? " A deal without an amount counts as a deal and is credited nothing." : ""),
    table(
      ["Channel", ...attributionModels.map((m) => attributionModelInfo[m].label), "Influenced"],
      [
        ...report.channels.map((c) => [literal(c.label), ...attributionModels.map((m) => `${money(c.credit[m])} (${formatPercent(c.share[m])})`), `${formatPercent(c.influenced.share)} (${formatCount(c.influenced.deals)} deals)`]),
        ["Unattributed", ...attributionModels.map(() => money(totals.unattributedAmount)), ""],
      ],
    ),
  );
}

/** Layer 4, continued: what buyers say against what tracking saw first, and how many were asked. */
function darkSocialSection(view: DarkSocialView): string {
  const { capture } = view;
  const rate = (r: number | null) => (r === null ? "—" : formatPercent(r));
  return section(
    "Layer 4: Dark social (self-reported vs first touch)",
    [
      `Method: every demo request is asked "How did you hear about us?"; the answer is kept word for word and mapped to a channel by the answer rules (a marketer can override one).`,
      `For the leads created in the period that answered (${formatCount(view.leads)}), each channel's self-reported share is set against its share of their first tracked touches; a lead that answered twice counts half for each answer.`,
      `Delta = self-reported share − first-touch share: positive where buyers credit a channel that click tracking misses.`,
    ].join(" "),
    `Capture rate: ${rate(capture.rate)} (${formatCount(capture.answered)} of ${formatCount(capture.demoRequests)} demo requests answered; target over ${formatPercent(capture.target, {}, 0)}).`,
    view.rows.length === 0
      ? "No answered leads in the period."
      : table(
          ["Channel", "Self-reported", "First touch", "Delta"],
          view.rows.map((r) => [literal(r.label), formatPercent(r.selfReportedShare), formatPercent(r.firstTouchShare), formatPoints(r.delta)]),
        ),
    table(
      ["Month", "Demo requests", "Answered", "Capture rate"],
      view.months.map((m) => [formatMonth(m.month, {}, "numeric"), formatCount(m.demoRequests), formatCount(m.answered), rate(m.rate)]),
    ),
  );
}
