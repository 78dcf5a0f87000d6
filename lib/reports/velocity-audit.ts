/**
 * pipeline-velocity-audit.md: the Layer 1 review for a period and filters, as plain Markdown.
 * Built from the same VelocityReport the page shows, so the figures are identical.
 */
import { formatChange, formatDays, formatDecimal, formatMoney, formatPercent, formatPeriod, formatScaledCount, missingAmountsNote } from "@/lib/format";
import type { AmountCount } from "@/lib/metrics/amounts";
import type { Figure } from "@/lib/metrics/figure";
import { coverageBandLabels } from "@/lib/metrics/pipeline";
import { periodPresetLabels } from "@/lib/metrics/period";
import { plays } from "@/lib/metrics/prioritisation";
import { SMALL_SAMPLE } from "@/lib/metrics/statistics";
import { improveLever, leverInfo, leverKeys, velocityDefinition, velocityOf, type LeverKey } from "@/lib/metrics/velocity";
import type { VelocityReport } from "@/lib/velocity/report";
import { literal, section, table } from "./markdown";

export const AUDIT_FILE_NAME = "pipeline-velocity-audit.md";

/** The audit's sections, shared by the full audit and the monthly lever review. */
function auditParts(report: VelocityReport) {
  const currency = report.organisation.currency;
  const perDay = (n: number) => `${formatMoney(n, { currency }, true)}/day`;
  const money = (n: number | string) => formatMoney(n, { currency });
  const show = (f: Figure, format: (n: number) => string) => (f.value === null ? `— (${f.reason})` : format(f.value));
  /** "; 3 of 91 open deals have no amount" after a money figure's text; nothing when every deal has one. */
  const missing = (count: AmountCount, words: { kind?: string; after?: string }) => {
    const note = missingAmountsNote(count, words);
    return note ? `; ${note}` : "";
  };
  const wonWithoutAmount = missingAmountsNote(report.current.wonAmounts, { kind: "won", after: "in this period" });
  const leverFormat: Record<LeverKey, (n: number) => string> = {
    qualifiedOpportunities: (n) => formatScaledCount(n),
    winRate: (n) => formatPercent(n),
    averageDealSize: (n) => formatMoney(n, { currency }, true),
    salesCycleDays: formatDays,
  };
  // The arrow is the direction of the move; whether it is good depends on the lever (a shorter cycle is).
  const change = (f: Figure, lowerIsBetter = false) => {
    if (f.value === null) return "—";
    if (f.value === 0) return "■ 0.0%";
    const good = f.value > 0 !== lowerIsBetter;
    return `${f.value > 0 ? "▲" : "▼"} ${formatChange(f.value)} (${good ? "better" : "worse"})`;
  };
  const { request, previous } = report;
  const filters = [
    report.filterLabels.segment ? `segment ${literal(report.filterLabels.segment)}` : "all segments",
    report.filterLabels.source ? `source ${literal(report.filterLabels.source)}` : "all sources",
    report.filterLabels.owner ? `owner ${literal(report.filterLabels.owner)}` : "all reps",
  ].join(", ");

  const header = [
    "# Pipeline velocity audit",
    `**Period:** ${formatPeriod(request.period.from, request.period.to)} (${periodPresetLabels[request.preset].toLowerCase()}), compared with ${previous.label} (${formatPeriod(previous.from, previous.to)}).  `,
    `**Filters:** ${filters}. **Time zone:** ${literal(report.organisation.timeZone)}. **Currency:** ${currency}.  `,
    `**Generated:** ${report.generatedAt.slice(0, 16).replace("T", " ")} UTC.`,
  ].join("\n");

  const current = section(
    "Current velocity and levers",
    table(
      ["Figure", "This period", "Comparison period", "Change"],
      [
        ["Pipeline velocity (V)", show(report.current.velocity, perDay), show(report.prior.velocity, perDay), change(report.deltas.velocity)],
        ...leverKeys.map((k) => [
          `${leverInfo[k].label} (${leverInfo[k].symbol})`,
          show(report.current[k], leverFormat[k]),
          show(report.prior[k], leverFormat[k]),
          change(report.deltas[k], k === "salesCycleDays"),
        ]),
      ],
    ),
    `Velocity target for this period: ${show(report.target.velocityPerDay, perDay)}; velocity is ${show(report.target.velocityVsTarget, (n) => formatPercent(n))} of it. ` +
      `Closed deals: ${report.sample.won} won, ${report.sample.lost} lost.` +
      (wonWithoutAmount ? ` ${wonWithoutAmount}: counted in N, win rate and cycle, left out of average deal size (and so of velocity).` : "") +
      (report.sample.won > 0 && report.sample.won < SMALL_SAMPLE
        ? ` A small sample (n = ${report.sample.won} won deals, fewer than ${SMALL_SAMPLE}): velocity, deal size and cycle can move a lot by chance.`
        : ""),
    `*${velocityDefinition}*`,
  );

  const p = report.pipeline;
  const pipeline = section(
    "Pipeline",
    table(
      ["Figure", "Value", "How it is computed"],
      [
        [
          "Pipeline coverage",
          show(p.coverage, (n) => `${formatDecimal(n, 1)}×${p.coverageBand ? ` (${coverageBandLabels[p.coverageBand]})` : ""}`),
          `Open pipeline closing ${formatPeriod(p.quarter.from, p.quarter.to)} (${money(p.openClosingInQuarter)}) ÷ (quota ${money(p.quota)} − won ${money(p.wonInQuarter)})` +
            missing(p.amounts.closingInQuarter, { kind: "open", after: "closing this quarter" }) +
            missing(p.amounts.wonInQuarter, { kind: "won", after: "this quarter" }),
        ],
        ["Weighted pipeline", money(p.weighted), `Σ amount × probability of the current stage, open opportunities with an amount${missing(p.amounts.open, { kind: "open" })}`],
        ["Open pipeline", money(p.open), `Sum of the amount of open opportunities that have one${missing(p.amounts.open, { kind: "open" })}`],
        ["Pipeline created", money(p.created), `Amount of opportunities created in the period${missing(p.amounts.created, { after: "created in the period" })}`],
        ["Pipeline created vs target", show(p.createdVsTarget, (n) => formatPercent(n)), `Target for the period: ${show(p.createdTarget, money)}`],
      ],
      ["left", "right", "left"],
    ),
  );

  let levers: string;
  let plan: string;
  if ("values" in report.levers) {
    const { values, analysis, scenarios, prioritisation } = report.levers;
    const x = report.settings.improvement;
    const label = (c: LeverKey | "all") => (c === "all" ? "All four" : `${leverInfo[c].label}`);
    levers = section(
      `Lever analysis (x = ${formatPercent(x, {}, 0)})`,
      table(
        ["Case", "N", "WR", "ADS", "L", "Velocity", "Change"],
        [
          ["Current", ...leverKeys.map((k) => leverFormat[k](values[k])), show(velocityOf(values), perDay), "—"],
          ...analysis.map((r) => [
            r.change === "salesCycleDays" ? `−${formatPercent(x, {}, 0)} ${label(r.change)}` : `+${formatPercent(x, {}, 0)} ${label(r.change)}`,
            ...leverKeys.map((k) => leverFormat[k](r.values[k])),
            show(r.velocity, perDay),
            show(r.velocityChange, formatChange),
          ]),
        ],
      ),
      "### Scenarios",
      table(
        ["Improvement", "N only", "WR only", "ADS only", "L only", "All four"],
        scenarios.map((s) => [formatPercent(s.improvement, {}, 0), ...s.rows.map((r) => `${show(r.velocity, perDay)} (${show(r.velocityChange, formatChange)})`)]),
      ),
    );
    // The plan: gaps to benchmark first, by velocity gained; then the other levers by what x is worth.
    const base = velocityOf(values).value ?? 0;
    const steps: string[] = prioritisation.gaps.map(
      (g) =>
        `**${leverInfo[g.lever].label}: ${plays[g.lever].toLowerCase()}.** Close the gap to the benchmark (${leverFormat[g.lever](g.benchmark)}): ` +
        `+${perDay(g.gain)} → ${perDay(base + g.gain)} (${formatChange(g.gain / base)}).`,
    );
    const covered = new Set(prioritisation.gaps.map((g) => g.lever));
    const rest = leverKeys
      .filter((k) => !covered.has(k))
      .map((k) => ({ k, v: velocityOf(improveLever(values, k, x)).value ?? base }))
      .sort((a, b) => b.v - a.v);
    for (const { k, v } of rest) {
      steps.push(
        `**${leverInfo[k].label}: ${plays[k].toLowerCase()}.** A ${formatPercent(x, {}, 0)} improvement: +${perDay(v - base)} → ${perDay(v)} (${formatChange((v - base) / base)}).`,
      );
    }
    plan = section(
      "Prioritised improvement plan",
      `**Recommended play:** ${prioritisation.recommendedPlay}.` +
        (prioritisation.highestLeverage ? ` Highest leverage: ${leverInfo[prioritisation.highestLeverage.lever].label.toLowerCase()}.` : ""),
      prioritisation.fired.length ? `Rules that fired:\n\n${prioritisation.fired.map((f) => `- ${f.signal} → ${f.play}`).join("\n")}` : "No prioritisation rule fired.",
      steps.map((s, i) => `${i + 1}. ${s}`).join("\n"),
    );
  } else {
    levers = section("Lever analysis", `Not available: ${report.levers.reason}.`);
    plan = section("Prioritised improvement plan", `Not available: ${report.levers.reason}.`);
  }

  const segments = section(
    "Segmentation",
    "Win rates carry a 95 % Wilson interval; n is the number of closed deals when it is under 30.",
    ...report.segments.map((t) =>
      [
        `### By ${t.label.toLowerCase()}`,
        t.rows.length === 0
          ? "No opportunities in the period."
          : table(
              [t.label, "N", "Win rate", "ADS", "L", "Velocity"],
              t.rows.map((r) => [
                // Deal-size tiers are named by the report itself; the other dimensions by imports and users.
                t.dimension === "dealSizeTier" ? r.label : literal(r.label),
                String(r.figures.qualifiedOpportunities.value),
                r.figures.winRate.value === null
                  ? "—"
                  : `${formatPercent(r.figures.winRate.value)} (${formatPercent(r.winRateInterval!.low, {}, 0)}–${formatPercent(r.winRateInterval!.high, {}, 0)}${r.smallSample ? `, n = ${r.closed}` : ""})`,
                show(r.figures.averageDealSize, money) + missing(r.figures.wonAmounts, { kind: "won" }),
                show(r.figures.salesCycleDays, formatDays),
                show(r.figures.velocity, perDay),
              ]),
            ),
      ].join("\n\n"),
    ),
  );

  const worst = report.stageMap.stages.find((s) => s.stageId === report.stageMap.worstStageId);
  const stages = section(
    "Opportunity stage map",
    table(
      ["Stage", "Entered", "Conversion", "Drop-off", "Mean dwell"],
      report.stageMap.stages.map((s) => [
        s.stageId === report.stageMap.worstStageId ? `**${literal(s.name)}** (worst)` : literal(s.name),
        String(s.entered),
        show(s.conversion, (n) => formatPercent(n)),
        show(s.dropOff, (n) => formatPercent(n)),
        show(s.meanDwellDays, formatDays),
      ]),
    ),
    worst ? `Most lost deals die in **${literal(worst.name)}** (${worst.lostFrom} in the period).` : null,
  );

  const definitions = section(
    "Definitions",
    [
      `- **Pipeline velocity:** ${velocityDefinition}`,
      ...leverKeys.map((k) => `- **${leverInfo[k].label} (${leverInfo[k].symbol}):** ${leverInfo[k].definition}`),
      "- **Deals without an amount:** counted in N, win rate and cycle; left out of every sum and mean of money, each of which says how many it left out.",
      "- **Previous period:** the interval of the same length that ends where the period starts.",
      "- **Stage conversion:** of the deals that entered a stage in the period, the share that moved on to a later stage or closed won.",
      "- **Drop-off:** of the deals lost in the period, the share whose last stage before losing was this one.",
    ].join("\n"),
  );

  return { header, current, pipeline, levers, plan, segments, stages, definitions };
}

export function velocityAuditMarkdown(report: VelocityReport): string {
  const { header, current, pipeline, levers, plan, segments, stages, definitions } = auditParts(report);
  return [header, current, pipeline, levers, plan, segments, stages, definitions].join("\n\n") + "\n";
}

export const LEVER_REVIEW_FILE_NAME = "lever-review.md";

/** The monthly lever review: the audit's velocity and levers, lever analysis, scenarios and plan. */
export function leverReviewMarkdown(report: VelocityReport): string {
  const { header, current, levers, plan, definitions } = auditParts(report);
  return [header.replace(/^# Pipeline velocity audit/, "# Lever analysis and target review"), current, levers, plan, definitions].join("\n\n") + "\n";
}
