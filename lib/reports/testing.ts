/**
 * For the report builders' tests: names that break Markdown unless escaped, and what a rendered
 * report looks like (GitHub-flavoured Markdown, rendered by marked, which keeps raw HTML and any
 * link target, so an injection shows).
 */
import { marked } from "marked";
import { expect } from "vitest";
import { buyingGroupRoles, type BuyingGroupRole, type RoleContent } from "@/lib/domain/buying-group";
import { defined } from "@/lib/metrics/figure";
import { stageMap } from "@/lib/metrics/stage-map";
import type { VelocityReport } from "@/lib/velocity/report";

export const benignName = "Plain Name";

export const hostileNames = [
  "Acme | Corp",
  "**x** _y_ ~~z~~ *w*",
  "[click](javascript:alert(1))",
  "![pixel](https://evil.example/p.png)",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "<https://evil.example>",
  "Line one\n# Heading\n- item\r\n| a | b |\n\n<b>bold</b>",
  "# Big",
  "- item",
  "+ item",
  "1. first",
  "> quote",
  "===",
  "`code`",
  "AT&amp;T &lt;b&gt; &#60;i&#62;",
  "C:\\path\\| x \\",
  "Deal ##",
  "    indented",
  "trailing\\",
];

const render = (markdown: string) => marked.parse(markdown, { async: false, gfm: true });

/** The document's structure: its tags in order, whatever the text in them. */
export function structure(markdown: string): string[] {
  return [...render(markdown).matchAll(/<\/?[a-z][a-z0-9]*/gi)].map((m) => m[0]);
}

const entities: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'" };

/** The text a reader sees, whitespace collapsed. */
export function renderedText(markdown: string): string {
  return render(markdown)
    .replace(/<[^>]*>/g, " ")
    .replace(/&(lt|gt|amp|quot|#39);/g, (e) => entities[e]!)
    .replace(/\s+/g, " ");
}

/** How a name should read: word for word, its line breaks as spaces. */
export const shown = (name: string) => name.replace(/\s+/g, " ").trim();

/** Case aside: a builder may lower a value's first letter mid-sentence ("send the roi calculator"). */
const occurrences = (text: string, part: string) => text.toLowerCase().split(part.toLowerCase()).length - 1;

/** Pipes that separate cells (not escaped by an odd number of backslashes). */
export function cellSeparators(line: string): number {
  return [...line.matchAll(/(?<!\\)(?:\\\\)*\|/g)].length;
}

/** Each table row in the Markdown has as many cells as its header. */
export function tableRowProblems(markdown: string): string[] {
  const problems: string[] = [];
  let header: number | null = null;
  for (const line of markdown.split("\n")) {
    if (!line.startsWith("|")) {
      header = null;
      continue;
    }
    const cells = cellSeparators(line);
    if (header === null) header = cells;
    else if (cells !== header) problems.push(`${cells - 1} cells instead of ${header - 1}: ${line}`);
  }
  return problems;
}

/**
 * Renders the report with a plain name everywhere a name goes, then with each hostile one: the
 * structure must stay the same (no extra heading, list, link, image, HTML or table column), and each
 * name must read word for word wherever the plain one did.
 */
export function expectNamesEscaped(build: (name: string) => string) {
  const plain = build(benignName);
  const base = structure(plain);
  const places = occurrences(renderedText(plain), benignName);
  expect(places).toBeGreaterThan(0);
  for (const name of hostileNames) {
    const markdown = build(name);
    expect(tableRowProblems(markdown), name).toEqual([]);
    expect(structure(markdown), name).toEqual(base);
    expect(occurrences(renderedText(markdown), shown(name)), name).toBe(places);
  }
}

/** What marketing wrote for every role: the pain point, the asset and the stage all read `name`. */
export const roleContentNamed = (name: string) =>
  Object.fromEntries(buyingGroupRoles.map((r) => [r, { painPoint: name, asset: name, stage: name }])) as unknown as Record<BuyingGroupRole, RoleContent>;

const figures = () => ({
  velocity: defined(1234.5),
  qualifiedOpportunities: defined(40),
  winRate: defined(0.25),
  averageDealSize: defined(20000),
  salesCycleDays: defined(60),
  wonAmounts: { deals: 10, withoutAmount: 2 },
});

/** A report whose segment, source and owner names, filters and stage names are all `name`. */
export function velocityReportNamed(name: string): VelocityReport {
  const row = (label: string) => ({ key: label, label, figures: figures(), closed: 12, winRateInterval: { low: 0.1, high: 0.5 }, smallSample: true });
  return {
    generatedAt: "2026-11-24T09:00:00.000Z",
    today: "2026-11-24",
    organisation: { currency: "USD", timeZone: "America/New_York" },
    settings: { improvement: 0.1 },
    request: { preset: "custom", period: { from: "2026-07-01", to: "2026-09-30" }, filters: { segment: name, source: name, ownerId: 1 } },
    previous: { from: "2026-04-01", to: "2026-06-30", label: "the 92 days before" },
    lastYear: { from: "2025-07-01", to: "2025-09-30", label: "the same days a year earlier" },
    priorYear: figures(),
    yearDeltas: { velocity: defined(0.1), qualifiedOpportunities: defined(0.1), winRate: defined(-0.1), averageDealSize: defined(0), salesCycleDays: defined(0.2) },
    dealSizeBenchmark: { value: 20000, basis: "comparison" },
    filterLabels: { segment: name, source: name, owner: name },
    current: figures(),
    prior: figures(),
    deltas: { velocity: defined(0.1), qualifiedOpportunities: defined(0.1), winRate: defined(-0.1), averageDealSize: defined(0), salesCycleDays: defined(0.2) },
    sample: { won: 10, lost: 30, qualified: 40 },
    target: { monthlyVelocityPerDay: defined(1000), velocityPerDay: defined(3000), velocityVsTarget: defined(0.41), trendVelocityPerDay: defined(1000) },
    pipeline: {
      open: "100000.00",
      weighted: "40000.00",
      coverage: defined(2.5),
      coverageBand: null,
      quarter: { from: "2026-10-01", to: "2026-12-31" },
      quota: "90000.00",
      openClosingInQuarter: "150000.00",
      wonInQuarter: "30000.00",
      created: "80000.00",
      createdTarget: defined(100000),
      createdVsTarget: defined(0.8),
      amounts: {
        open: { deals: 91, withoutAmount: 3 },
        closingInQuarter: { deals: 20, withoutAmount: 1 },
        wonInQuarter: { deals: 4, withoutAmount: 0 },
        created: { deals: 30, withoutAmount: 5 },
      },
    },
    trend: { weeks: 52, windowDays: 91, points: [] },
    levers: { reason: "no closed deals in this period" },
    segments: [
      { dimension: "source", label: "Source", rows: [row(name), row("(not set)")] },
      { dimension: "segment", label: "Segment", rows: [row(name)] },
      { dimension: "owner", label: "Rep", rows: [row(name)] },
    ],
    stageMap: stageMap([
      { stageId: 1, name, position: 1, isWon: false, isLost: false, entered: 10, advanced: 5, exits: 8, dwellDays: 80, lostFrom: 3 },
      { stageId: 2, name: `${name} 2`, position: 2, isWon: false, isLost: false, entered: 5, advanced: 2, exits: 4, dwellDays: 20, lostFrom: 1 },
    ]),
  } as unknown as VelocityReport;
}
