/**
 * abm-program-design.md: the tiers with their criteria, guidance and sizes, the rules behind the
 * suggestions, the content by role, and the program's measures for a period (playbook Phase 2).
 */
import type { AbmProgram } from "@/lib/abm/program";
import { formatCount, formatDays, formatDecimal, formatMoney, formatPercent, formatPeriod, missingAmountsNote } from "@/lib/format";
import type { AmountCount } from "@/lib/metrics/amounts";
import type { Rate } from "@/lib/metrics/abm";
import type { Figure } from "@/lib/metrics/figure";
import { roleContentTable } from "./buying-group-orchestration";
import { literal, section, table } from "./markdown";

export const PROGRAM_FILE_NAME = "abm-program-design.md";

const show = (f: Figure, format: (n: number) => string) => (f.value === null ? `— (${f.reason})` : format(f.value));
const rateText = (r: Rate) =>
  r.rate === null
    ? "— (no deals)"
    : `${formatPercent(r.rate)} (${r.hits} of ${r.n}${r.interval ? `; 95 % CI ${formatPercent(r.interval.low)}–${formatPercent(r.interval.high)}` : ""}${r.smallSample ? "; small sample" : ""})`;
const sizeText = { under: "under the guidance", within: "within the guidance", over: "over the guidance" } as const;
/** "; 2 of 9 won deals have no amount" after a money figure; nothing when every deal has one. */
const missing = (count: AmountCount, words: { kind?: string; after?: string }) => {
  const note = missingAmountsNote(count, words);
  return note ? `; ${note}` : "";
};

export function programMarkdown(p: AbmProgram): string {
  const currency = p.organisation.currency;
  const rules = p.settings.tierRules;
  const header = [
    "# ABM program design",
    `**Measures for:** ${formatPeriod(p.request.period.from, p.request.period.to)} (${literal(p.organisation.timeZone)}).  `,
    `**Generated:** ${p.asOf.slice(0, 16).replace("T", " ")} UTC.`,
  ].join("\n");
  const tiers = section(
    "Tiers",
    table(
      ["Tier", "Motion", "Criteria", "Guidance", "Accounts", "Rules suggest", "Size", "Avg. coverage (identified / engaged / active)"],
      p.tiers.map((t) => [
        t.label,
        t.motion,
        t.criteria,
        `${t.min}–${t.max}`,
        formatCount(t.accounts),
        formatCount(t.suggested),
        sizeText[t.size],
        t.coverage ? `${formatDecimal(t.coverage.identified)} / ${formatDecimal(t.coverage.engaged)} / ${formatDecimal(t.coverage.active)}` : "—",
      ]),
      ["left", "left", "left", "right", "right", "right", "left", "right"],
    ),
    `Outside the program: ${formatCount(p.outsideProgram.accounts)} accounts (the rules leave out ${formatCount(p.outsideProgram.suggested)}).`,
  );
  const suggestion = section(
    "Tier rules",
    [
      `- **Tier 1:** ICP fit ≥ ${rules.tier1MinFit}, intent ≥ ${rules.activeIntent} (active) and a known champion (a Champion Engaged or Active on the map).`,
      `- **Tier 2:** ICP fit ≥ ${rules.tier2MinFit} and intent ≥ ${rules.someIntent}.`,
      `- **Tier 3:** ICP fit ≥ ${rules.tier3MinFit}.`,
      "- A tier set by hand that differs from the suggestion keeps its reason and who set it.",
    ].join("\n"),
  );
  const content = section("Content by buying-group role", roleContentTable(p.settings.roleContent));
  const e = p.tier1Engagement;
  const { abm, nonAbm } = p.comparison;
  const measures = section(
    "Measures",
    table(
      ["Measure", "Value"],
      [
        [`Tier 1 accounts engaged (last ${e.withinDays} days; target > 60 %)`, `${e.hits} / ${e.n}${e.rate === null ? "" : ` = ${formatPercent(e.rate)}`}${e.meetsTarget === null ? "" : e.meetsTarget ? " ✓" : " ✗ below target"}`],
        [
          "ABM-sourced pipeline (created in the period)",
          `${formatMoney(p.sourced.amount, { currency }, true)} in ${formatCount(p.sourced.deals)} deals; ${show(p.sourced.share, (n) => `${formatPercent(n)} of all`)}` +
            missing(p.sourced, { kind: "ABM-sourced" }) +
            missing(p.sourced.all, { after: "created in the period" }),
        ],
      ],
      ["left", "right"],
    ),
    table(
      ["Deals closed in the period", "Win rate", "Avg. deal size", "Sales cycle"],
      [
        ["ABM accounts", rateText(abm.winRate), show(abm.averageDealSize, (n) => formatMoney(n, { currency }, true)) + missing(abm.wonAmounts, { kind: "won" }), show(abm.salesCycleDays, formatDays)],
        [
          "Other accounts",
          rateText(nonAbm.winRate),
          show(nonAbm.averageDealSize, (n) => formatMoney(n, { currency }, true)) + missing(nonAbm.wonAmounts, { kind: "won" }),
          show(nonAbm.salesCycleDays, formatDays),
        ],
      ],
    ),
    table(
      ["Threading (deals closed in the period)", "Win rate"],
      [
        ["Multi-threaded (3+ engaged; playbook: 40–50 %)", rateText(p.threading.multi)],
        ["Single-threaded (≤ 1 engaged; playbook: 15–20 %)", rateText(p.threading.single)],
      ],
    ),
  );
  return [header, tiers, suggestion, measures, content].join("\n\n") + "\n";
}
