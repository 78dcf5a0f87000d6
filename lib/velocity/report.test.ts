import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/index";
import { generateDemoData } from "@/db/seed/generate";
import { seedDemoData } from "@/db/seed";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { formatMoney, formatValue } from "@/lib/format";
import { toCents } from "@/lib/metrics/figure";
import { velocityAuditMarkdown } from "@/lib/reports/velocity-audit";
import { velocityJson } from "./json";
import { buildVelocityReport, velocityContext, type VelocityContext } from "./report";
import type { VelocityRequest } from "./request";

const demo = { seed: 11, asOf: new Date("2026-11-24T00:00:00Z"), scale: 0.05 };
const request: VelocityRequest = { preset: "custom", period: { from: "2026-07-01", to: "2026-09-30" }, filters: {} };
const start = Date.parse("2026-07-01T00:00:00Z");
const end = Date.parse("2026-10-01T00:00:00Z");

/** The same figures worked out in plain code from the generated rows, as an independent check of the SQL. */
function expectedFromRows() {
  const { opportunities } = generateDemoData(demo);
  const inPeriod = (d: Date | null | undefined) => d != null && d.getTime() >= start && d.getTime() < end;
  const qualified = opportunities.filter((o) => inPeriod(o.qualifiedAt)).length;
  const closed = opportunities.filter((o) => o.status !== "open" && inPeriod(o.closedAt));
  const won = closed.filter((o) => o.status === "won");
  const wonCents = won.reduce((sum, o) => sum + Math.round(Number(o.amount) * 100), 0);
  const cycleDays = won.reduce((sum, o) => sum + (o.closedAt!.getTime() - o.createdAt!.getTime()) / 86_400_000, 0);
  const winRate = won.length / closed.length;
  const ads = wonCents / 100 / won.length;
  const cycle = cycleDays / won.length;
  return { qualified, won: won.length, lost: closed.length - won.length, ads, velocity: (qualified * winRate * ads) / cycle };
}

describe.each(testDrivers())("the velocity report on %s", (driver) => {
  let t: TestDatabase;
  let context: VelocityContext;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    await seedDemoData(t.handle.db, { ...demo, passwordHash: "x" });
    context = { ...(await velocityContext(t.handle.db)), today: "2026-11-24" };
  });
  afterAll(() => t.drop());

  it("matches the figures worked out from the generated rows, to the cent", async () => {
    const report = await buildVelocityReport(t.handle.db, request, context);
    const expected = expectedFromRows();
    expect(report.sample).toEqual({ won: expected.won, lost: expected.lost, qualified: expected.qualified });
    expect(toCents(report.current.averageDealSize.value!)).toBe(toCents(expected.ads));
    expect(toCents(report.current.velocity.value!)).toBe(toCents(expected.velocity));
  });

  it("gives the page, the API, the CLI and the audit the same figures", async () => {
    const report = await buildVelocityReport(t.handle.db, request, context);
    const json = velocityJson(report);
    expect(json.figures.pipelineVelocity.value).toBe(report.current.velocity.value);
    expect(json.figures.winRate.value).toBe(report.current.winRate.value);
    expect(json.figures.weightedPipeline.value).toBe(report.pipeline.weighted);
    // The demo data prices every deal: every money figure has its deals and nothing left out.
    const { opportunities } = generateDemoData(demo);
    const open = opportunities.filter((o) => o.status === "open").length;
    expect(json.figures.openPipeline.amounts).toEqual({ deals: open, withoutAmount: 0, note: null });
    expect(json.figures.averageDealSize.amounts).toEqual({ deals: report.sample.won, withoutAmount: 0, note: null });
    // The audit prints velocity to the cent; the page shows the same figure in whole dollars.
    const velocity = report.current.velocity.value!;
    expect(velocityAuditMarkdown(report)).toContain(`| Pipeline velocity (V) | ${formatMoney(velocity, { currency: "USD" }, true)}/day |`);
    expect(formatValue(velocity, { kind: "moneyPerDay", currency: "USD" })).toBe(`${formatMoney(velocity, { currency: "USD" })}/day`);
    // Segments add up to the whole.
    const bySource = report.segments.find((s) => s.dimension === "source")!;
    expect(bySource.rows.reduce((n, r) => n + r.figures.qualifiedOpportunities.value!, 0)).toBe(report.sample.qualified);
  });
});

describe.each(testDrivers())("the velocity report of an empty database on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(() => t.drop());

  it("says why each figure is undefined instead of showing zeros", async () => {
    const context = { ...(await velocityContext(t.handle.db)), today: "2026-11-24" };
    const report = await buildVelocityReport(t.handle.db, request, context);
    expect(report.current.velocity).toEqual({ value: null, reason: "no closed deals in this period" });
    expect(report.current.qualifiedOpportunities.value).toBe(0);
    expect(report.deltas.velocity.value).toBeNull();
    expect(report.levers).toEqual({ reason: "no closed deals in this period" });
    expect(report.segments.every((s) => s.rows.length === 0)).toBe(true);
    expect(report.pipeline.coverage).toEqual({ value: null, reason: "no quota is set for this quarter" });
    expect(report.stageMap.worstStageId).toBeNull();
    expect(report.trend.points).toHaveLength(52);
    expect(velocityAuditMarkdown(report)).toContain("Not available: no closed deals in this period.");
  });
});

describe("the velocity CLI", () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pa-cli-")), "pglite");
  const root = path.resolve(import.meta.dirname, "../..");
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "lib/cli/cli.ts", ...args], {
      cwd: root,
      env: { ...process.env, PGLITE_DIR: dir, DATABASE_URL: "" },
      encoding: "utf8",
    });

  it("prints the same figures as the report, and names a bad parameter", async () => {
    const seeded = cli("db:seed", "--seed", String(demo.seed), "--scale", String(demo.scale), "--as-of", "2026-11-24");
    expect(seeded.status, seeded.stderr).toBe(0);
    const out = cli("velocity", "--from", "2026-07-01", "--to", "2026-09-30", "--json");
    expect(out.status, out.stderr).toBe(0);
    const printed = JSON.parse(out.stdout.slice(out.stdout.indexOf("{")));

    const handle = openDatabase({ driver: "pglite", dir });
    try {
      const context = { ...(await velocityContext(handle.db)), today: "2026-11-24" };
      const report = velocityJson(await buildVelocityReport(handle.db, request, context));
      expect(printed.figures).toEqual(report.figures);
      expect(printed.segments).toEqual(report.segments);
      expect(printed.stageMap).toEqual(report.stageMap);
    } finally {
      await handle.close();
    }

    const bad = cli("velocity", "--from", "2026-09-30", "--to", "2026-07-01");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--period: The range is inverted");
  });
});
