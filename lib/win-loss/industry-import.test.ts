/**
 * Done when (issue 21): the CLI's JSON gives win rate by industry for any period with its 95 %
 * interval, on data imported from a Salesforce account report and opportunity report, matching an
 * independent computation. Both reports go through the real import; the figures are worked out here
 * from the rows written below, with the industries read by hand and the interval solved as the
 * roots of its quadratic.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/index";
import { users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { getImportJob } from "@/db/queries/imports";
import { prepareImport } from "@/lib/import/prepare";
import { runImport } from "@/lib/import/run";
import { saveUpload } from "@/lib/import/uploads";
import { resolveVelocityView } from "@/lib/velocity/report";
import { winLossJson } from "./json";
import { buildWinRatePlaybook } from "./playbook";

const BOM = "\uFEFF";
const csvLine = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(",");

/** The account report as Salesforce writes it: quoted, a byte-order mark, blank cells, an industry misspelt. */
const accounts = [
  { name: "Acme Analytics", industry: "Technology", employees: "240", revenue: "$38,000,000.00", reads: "Technology" },
  { name: "Cobalt Software, Inc.", industry: "technolgy", employees: "85", revenue: "", reads: "Technology" },
  { name: 'Delta "Data" Systems', industry: "Information Technology & Services", employees: "", revenue: "$9,100,000.00", reads: "Technology" },
  { name: "Borealis Bank", industry: "Banking", employees: "5,400", revenue: "$900,000,000.00", reads: "Financial Services" },
  { name: "Ember Capital", industry: "Financial Services", employees: "60", revenue: "$4,000,000.00", reads: "Financial Services" },
  { name: "Fjord Clinics", industry: "Hospital & Health Care", employees: "1,200", revenue: "", reads: "Healthcare" },
  { name: "Granite Works", industry: "", employees: "", revenue: "", reads: null },
];
const accountReport =
  BOM +
  [csvLine(["Account Name", "Account Owner", "Industry", "Employees", "Annual Revenue"]), ...accounts.map((a) => csvLine([a.name, "Dana Rep", a.industry, a.employees, a.revenue]))].join(
    "\r\n",
  ) +
  "\r\n";

/** Deals won and lost per account closing in Q3 2026; each account also has one won in 2025 and one open deal. */
const outcomes: Record<string, { won: number; lost: number }> = {
  "Acme Analytics": { won: 10, lost: 8 },
  "Cobalt Software, Inc.": { won: 6, lost: 6 },
  'Delta "Data" Systems': { won: 4, lost: 8 },
  "Borealis Bank": { won: 3, lost: 9 },
  "Ember Capital": { won: 2, lost: 6 },
  "Fjord Clinics": { won: 4, lost: 2 },
  "Granite Works": { won: 1, lost: 3 },
};
const usDate = (iso: string) => {
  const [y, m, d] = iso.split("-").map(Number);
  return `${m}/${d}/${y}`;
};
interface Deal {
  account: string;
  outcome: "won" | "lost" | "open";
  close: string;
}
const deals: Deal[] = [];
for (const [account, { won, lost }] of Object.entries(outcomes)) {
  for (let i = 0; i < won + lost; i++) {
    const close = `2026-0${7 + (i % 3)}-${String(1 + ((i * 7) % 28)).padStart(2, "0")}`;
    deals.push({ account, outcome: i < won ? "won" : "lost", close });
  }
  deals.push({ account, outcome: "won", close: "2025-11-14" });
  deals.push({ account, outcome: "open", close: "2026-12-15" });
}
const stage = { won: "Closed Won", lost: "Closed Lost", open: "Proposal" } as const;
const opportunityReport =
  BOM +
  [
    csvLine(["Opportunity ID", "Opportunity Name", "Account Name", "Opportunity Owner", "Stage", "Amount", "Probability (%)", "Close Date", "Created Date", "Lead Source", "Type", "Closed", "Won", "Forecast Category"]),
    ...deals.map((d, i) =>
      csvLine([
        `0065e00001W${String(i).padStart(4, "0")}`,
        `${d.account} - deal ${i}`,
        d.account,
        "Dana Rep",
        stage[d.outcome],
        i % 5 === 0 ? "" : `$${(10_000 + i * 250).toLocaleString("en-US")}.00`,
        d.outcome === "won" ? "100" : d.outcome === "lost" ? "0" : "50",
        usDate(d.close),
        d.close.startsWith("2025") ? "6/1/2025" : "3/2/2026",
        "Web",
        "New Business",
        d.outcome === "open" ? "0" : "1",
        d.outcome === "won" ? "1" : "0",
        d.outcome === "won" ? "Closed" : d.outcome === "lost" ? "Omitted" : "Pipeline",
      ]),
    ),
  ].join("\r\n") +
  "\r\n";

/** The 95 % Wilson interval as the two roots of (p̂ − p)² = z² p (1 − p) / n. */
function wilsonRoots(won: number, n: number) {
  const z2 = 1.959963984540054 ** 2;
  const p = won / n;
  const a = 1 + z2 / n;
  const b = -(2 * p + z2 / n);
  const c = p * p;
  const root = Math.sqrt(b * b - 4 * a * c);
  return { low: (-b - root) / (2 * a), high: (-b + root) / (2 * a) };
}

/** Win rate by industry worked out from the rows above. */
function expectedByIndustry(from: string, to: string) {
  const byIndustry = new Map<string | null, { won: number; lost: number }>();
  for (const d of deals) {
    if (d.outcome === "open" || d.close < from || d.close > to) continue;
    const industry = accounts.find((a) => a.name === d.account)!.reads;
    const group = byIndustry.get(industry) ?? { won: 0, lost: 0 };
    group[d.outcome] += 1;
    byIndustry.set(industry, group);
  }
  return byIndustry;
}

describe.each(testDrivers())("win rate by industry from Salesforce reports on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let admin: number;

  async function importReport(text: string, name: string) {
    const saved = await saveUpload(db, Readable.from([Buffer.from(text)]));
    const id = await prepareImport(db, { ...saved, name }, { createdBy: admin });
    expect(await runImport(db, id, "dry_run")).toMatchObject({ status: "validated", failedRows: 0 });
    expect(await runImport(db, id, "commit", new Date("2026-11-24T12:00:00Z"))).toMatchObject({ status: "completed", failedRows: 0 });
    return (await getImportJob(db, id)).format;
  }

  /** What `npm run cli -- win-loss --from … --to … --json` prints: the same calls, in the same order. */
  async function cliJson(params: Record<string, string>) {
    const view = await resolveVelocityView(db, params);
    if (!view.ok) throw new Error(`${view.parameter}: ${view.error}`);
    return winLossJson(await buildWinRatePlaybook(db, view.request, view.context));
  }

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const [a] = await db.insert(users).values({ email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" }).returning();
    admin = a!.id;
    await db.insert(users).values({ email: "dana@example.com", name: "Dana Rep", role: "sales", passwordHash: "x" });
    expect(await importReport(accountReport, "Accounts.csv")).toBe("salesforce_accounts");
    expect(await importReport(opportunityReport, "Opportunities.csv")).toBe("salesforce_opportunities");
  });
  afterAll(async () => {
    await t?.drop();
  });

  it.each([
    ["Q3 2026", "2026-07-01", "2026-09-30"],
    ["August 2026", "2026-08-01", "2026-08-31"],
    ["Q4 2025 to Q3 2026", "2025-10-01", "2026-09-30"],
  ])("matches the worked-out win rates and intervals over %s", async (_label, from, to) => {
    const json = await cliJson({ from, to });
    const expected = expectedByIndustry(from, to);
    const groups = json.winRates.industry!.groups;
    expect(groups.map((g) => g.key).sort()).toEqual([...expected.keys()].map((k) => k).sort());
    for (const [industry, { won, lost }] of expected) {
      const group = groups.find((g) => g.key === industry)!;
      const n = won + lost;
      const { low, high } = wilsonRoots(won, n);
      expect(group, String(industry)).toMatchObject({ won, lost, winRate: { hits: won, n, tooSmallToJudge: n < 30 } });
      expect(group.winRate.value).toBeCloseTo(won / n, 12);
      expect(group.winRate.interval!.low).toBeCloseTo(low, 9);
      expect(group.winRate.interval!.high).toBeCloseTo(high, 9);
    }
    const totalWon = [...expected.values()].reduce((s, g) => s + g.won, 0);
    const totalClosed = [...expected.values()].reduce((s, g) => s + g.won + g.lost, 0);
    expect(json.winRate).toMatchObject({ hits: totalWon, n: totalClosed });
  });

  it("over Q3 2026: Technology 20 of 42 with its interval, Financial Services too small to judge, the misspelt and blank industries where they belong", async () => {
    const groups = (await cliJson({ from: "2026-07-01", to: "2026-09-30" })).winRates.industry!.groups;
    const technology = groups.find((g) => g.key === "Technology")!;
    // 20 / 42 = 0.4762; Wilson 95 %: 0.3336 to 0.6228.
    expect(technology.winRate).toMatchObject({ hits: 20, n: 42, tooSmallToJudge: false });
    expect(technology.winRate.interval!.low).toBeCloseTo(0.3336, 4);
    expect(technology.winRate.interval!.high).toBeCloseTo(0.6228, 4);
    expect(groups.find((g) => g.key === "Financial Services")!.winRate).toMatchObject({ hits: 5, n: 20, tooSmallToJudge: true });
    expect(groups.find((g) => g.key === "Healthcare")!.winRate).toMatchObject({ hits: 4, n: 6 });
    expect(groups.at(-1)).toMatchObject({ key: null, label: "(not set)", won: 1, lost: 3 });
    expect(groups.some((g) => g.key?.toLowerCase() === "technolgy")).toBe(false);
  });

  it("names the parameter of a period it cannot read", async () => {
    const view = await resolveVelocityView(db, { from: "2026-09-30", to: "2026-07-01" });
    expect(view.ok).toBe(false);
    if (!view.ok) expect(view.parameter).toBe("period");
  });

  // The command itself, once: PostgreSQL only, since an in-memory PGlite has no folder another process could open.
  it.runIf(driver === "postgres")("the command prints the same JSON", async () => {
    const url = t.handle.location;
    const run = spawnSync("npx", ["tsx", "--conditions=react-server", "lib/cli/cli.ts", "win-loss", "--from", "2026-07-01", "--to", "2026-09-30", "--json"], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, DATABASE_URL: url },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as Awaited<ReturnType<typeof cliJson>>;
    const computed = await cliJson({ from: "2026-07-01", to: "2026-09-30" });
    expect(printed.winRates.industry).toEqual(computed.winRates.industry);
  }, 90_000);
});
