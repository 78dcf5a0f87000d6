/**
 * win-rate-playbook.md: the win/loss analysis for a period and filters (docs/metrics.md §9), and the
 * stall tactics with their measured effect, as plain Markdown. Built from the same WinLossReport the
 * /win-loss page shows, so the figures are identical.
 */
import { formatCount, formatDecimal, formatMoney, formatPercent, formatPeriod } from "@/lib/format";
import type { Rate } from "@/lib/metrics/abm";
import { periodPresetLabels } from "@/lib/metrics/period";
import { SMALL_SAMPLE } from "@/lib/metrics/statistics";
import { dealFactInfo, type ReasonRow, type ReasonTable } from "@/lib/metrics/win-loss";
import { stallInfo, stallPatterns, type StallPattern } from "@/lib/win-loss/stalls";
import type { WinLossReport } from "@/lib/win-loss/report";
import { literal, section, table } from "./markdown";

export const PLAYBOOK_FILE_NAME = "win-rate-playbook.md";

/** What the tactics did: per pattern, tactics done, deals that moved after, median days to move. */
export interface StallEffect {
  pattern: StallPattern;
  /** Open deals showing the pattern now. */
  openDeals: number;
  done: number;
  moved: number;
  medianDaysToMove: number | null;
}

/** The case-study library as the playbook reports it: its size, whether sending a story goes with winning, and its gaps. */
export interface ProofSummary {
  stories: number;
  /** Win rate of the deals closed in the period that got a story before closing, and of the others. */
  sent: Rate;
  notSent: Rate;
  /** Profiles of open deals no story fits, most open pipeline first. */
  gaps: { label: string; deals: number; amount: string; withoutAmount: number }[];
}

/** How many gaps the playbook lists; the rest are counted. */
export const GAPS_LISTED = 10;

export interface PlaybookInput {
  report: WinLossReport;
  /** The filters as they read (segment, source, rep name); null: not filtered on it. */
  filterLabels: { segment: string | null; source: string | null; owner: string | null };
  timeZone: string;
  generatedAt: Date;
  stalls: StallEffect[];
  proof: ProofSummary;
}

/** "41.2 % (30–53 %, n = 34)", with "too small to judge" under 30. */
export function rateText(r: Rate): string {
  if (r.rate === null) return "—";
  const interval = r.interval ? `${formatPercent(r.interval.low, {}, 0)}–${formatPercent(r.interval.high, {}, 0)}, ` : "";
  return `${formatPercent(r.rate)} (${interval}n = ${formatCount(r.n)}${r.smallSample ? ", too small to judge" : ""})`;
}

/** A reason or competitor as it reads: its label, text not mapped yet marked as such, or none. */
const recorded = (reason: string | null, mapped: boolean, none: string) => (reason === null ? none : mapped ? literal(reason) : `Unmapped: ${literal(reason)}`);

function reasonsSection(title: string, outcome: "won" | "lost", reasons: ReasonTable, money: (n: string) => string): string {
  if (reasons.closed === 0) return section(title, `No deals were ${outcome} in this period.`);
  const row = (r: ReasonRow) => [recorded(r.reason, r.mapped, "No reason recorded"), formatCount(r.deals), rateText(r.share), money(r.amount) + (r.withoutAmount > 0 ? ` (${r.withoutAmount} without an amount)` : "")];
  return section(
    title,
    `Of the ${formatCount(reasons.closed)} deals ${outcome} in the period: deals, share with its 95 % interval, and the money ${outcome}.`,
    table(
      ["Reason", "Deals", "Share", `Money ${outcome}`],
      [
        ...reasons.top.map(row),
        ...(reasons.others.reasons > 0 ? [[`${reasons.others.reasons} more ${reasons.others.reasons === 1 ? "reason" : "reasons"}`, formatCount(reasons.others.deals), "", ""]] : []),
        ...(reasons.none ? [row(reasons.none)] : []),
      ],
    ),
  );
}

export function winRatePlaybookMarkdown({ report, filterLabels, timeZone, generatedAt, stalls, proof }: PlaybookInput): string {
  const { request, currency } = report;
  const money = (n: string | number) => formatMoney(n, { currency });
  const filters = [
    filterLabels.segment ? `segment ${literal(filterLabels.segment)}` : "all segments",
    filterLabels.source ? `source ${literal(filterLabels.source)}` : "all sources",
    filterLabels.owner ? `rep ${literal(filterLabels.owner)}` : "all reps",
  ].join(", ");

  const header = [
    "# Win-rate playbook",
    `**Period:** deals closed ${formatPeriod(request.period.from, request.period.to)} (${periodPresetLabels[request.preset].toLowerCase()}).  `,
    `**Filters:** ${filters}. **Time zone:** ${literal(timeZone)}. **Currency:** ${currency}.  `,
    `**Generated:** ${generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
  ].join("\n");

  const closed = report.won + report.lost;
  const summary = section(
    "Summary",
    closed === 0
      ? "No deals closed in this period."
      : `${formatCount(closed)} deals closed: ${formatCount(report.won)} won, ${formatCount(report.lost)} lost (${money(report.lostAmount)} lost). Win rate ${rateText(report.winRate)}.`,
    `Shares and win rates carry their 95 % Wilson interval and sample size; a group of fewer than ${SMALL_SAMPLE} closed deals is too small to judge.`,
  );

  const analysis =
    closed === 0
      ? []
      : [
          reasonsSection("Top reasons we win", "won", report.winReasons, money),
          reasonsSection("Top reasons we lose", "lost", report.lossReasons, money),
          section(
            "Win rate by group",
            ...report.winRates.map((t) =>
              [
                `### By ${t.label.toLowerCase()}`,
                t.rows.length === 0
                  ? "No closed deals."
                  : table(
                      [t.label, "Won", "Lost", "Win rate"],
                      t.rows.map((r) => [
                        literal(r.label),
                        formatCount(r.won),
                        formatCount(r.lost),
                        rateText(r.winRate),
                      ]),
                    ),
              ].join("\n\n"),
            ),
          ),
          section(
            "Competitors",
            report.competitors.length === 0
              ? "No competitor recorded on the deals closed in the period."
              : table(
                  ["Competitor", "Deals met", "Win rate against", "Money lost to", ...(report.competitors[0]?.trend.map((q) => q.label) ?? [])],
                  report.competitors.map((c) => [
                    recorded(c.key, c.mapped, "No competitor recorded"),
                    formatCount(c.met),
                    rateText(c.winRate),
                    money(c.lostAmount) + (c.lostWithoutAmount > 0 ? ` (${c.lostWithoutAmount} without an amount)` : ""),
                    ...c.trend.map((q) => (q.winRate.rate === null ? "—" : `${formatPercent(q.winRate.rate, {}, 0)} (n = ${q.winRate.n})`)),
                  ]),
                ),
          ),
          section(
            "Where deals die",
            report.lossPoints.length === 0
              ? "No deals lost in this period."
              : table(
                  ["Where", "Deals", "Share of lost", "Money lost"],
                  report.lossPoints.map((p) => [
                    literal(p.sentence),
                    formatCount(p.deals),
                    rateText(p.share),
                    money(p.amount) + (p.withoutAmount > 0 ? ` (${p.withoutAmount} without an amount)` : ""),
                  ]),
                ),
          ),
          section(
            "What distinguishes won from lost",
            "The mean of each fact over the deals won and lost in the period, and their difference; beyond noise when Welch's t test at 95 % says so.",
            table(
              ["Fact", "Won", "Lost", "Difference", "Beyond noise?"],
              report.facts.map((f) => [
                dealFactInfo[f.fact].label,
                f.won ? `${formatDecimal(f.won.mean)} (n = ${f.won.n})` : "—",
                f.lost ? `${formatDecimal(f.lost.mean)} (n = ${f.lost.n})` : "—",
                f.test ? `${f.test.difference > 0 ? "+" : ""}${formatDecimal(f.test.difference)}` : "—",
                f.test === null ? "— (needs two deals on each side)" : `${f.test.beyondNoise ? "Yes" : "No"}${f.test.t !== null ? ` (t = ${formatDecimal(f.test.t, 2)})` : ""}`,
              ]),
            ),
          ),
        ];

  const tactics = section(
    "Stall tactics and their effect",
    "Open deals showing each stall pattern now (all open deals, whatever the filters), the playbook's tactic, and what happened once the tactic was done: the deals that changed stage or closed afterwards, and the median days they took (every tactic marked done so far, whatever the period).",
    table(
      ["Stall", "Open deals now", "Tactic", "Tactics done", "Moved after", "Median days to move"],
      stallPatterns.map((pattern) => {
        const effect = stalls.find((s) => s.pattern === pattern) ?? { openDeals: 0, done: 0, moved: 0, medianDaysToMove: null };
        return [
          stallInfo[pattern].label,
          formatCount(effect.openDeals),
          stallInfo[pattern].tactic,
          formatCount(effect.done),
          effect.done === 0 ? "—" : `${formatCount(effect.moved)} (${formatPercent(effect.moved / effect.done, {}, 0)})`,
          effect.medianDaysToMove === null ? "—" : formatDecimal(effect.medianDaysToMove),
        ];
      }),
      ["left", "right", "left", "right", "right", "right"],
    ),
    "### Assets to send\n\n" + stallPatterns.map((p) => `- **${stallInfo[p].label}:** ${stallInfo[p].assets.join("; ")}.`).join("\n"),
  );

  const library = section(
    "Customer proof and its gaps",
    `${formatCount(proof.stories)} ${proof.stories === 1 ? "story" : "stories"} in the library. Win rate of the deals closed in the period that were sent a story before closing: ${rateText(proof.sent)}; of the others: ${rateText(proof.notSent)}.`,
    proof.gaps.length === 0
      ? "Every open deal has a matching story."
      : [
          "Open deals no story fits, by profile, most open pipeline first (all open deals, whatever the filters):",
          table(
            ["Profile (industry · size · use case · competitor)", "Open deals", "Open pipeline"],
            proof.gaps.slice(0, GAPS_LISTED).map((g) => [literal(g.label), formatCount(g.deals), money(g.amount) + (g.withoutAmount > 0 ? ` (${g.withoutAmount} without an amount)` : "")]),
          ),
          proof.gaps.length > GAPS_LISTED ? `${proof.gaps.length - GAPS_LISTED} more ${proof.gaps.length - GAPS_LISTED === 1 ? "gap" : "gaps"} on /win-loss/proof.` : "",
        ]
          .filter(Boolean)
          .join("\n\n"),
  );

  return [header, summary, ...analysis, tactics, library].join("\n\n") + "\n";
}
