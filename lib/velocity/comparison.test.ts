/**
 * The velocity report compares like with like: a quarter to date with the same days of the previous
 * quarter and of a year earlier, and deal size with the benchmark the admin sets (docs/metrics.md).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, opportunities, users, type NewOpportunity } from "@/db/schema";
import { putSetting } from "@/db/queries/settings";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { settingDefinitions } from "@/lib/settings/definitions";
import { buildVelocityReport, velocityContext, type VelocityContext } from "./report";
import { parseVelocityRequest } from "./request";

const REP = 1;
const TODAY = "2026-12-05"; // 66 days into Q4 2026

let nextId = 1;
/** A deal created 30 days before it closed (won or lost) at noon UTC on `closed`. */
function deal(closed: string, status: "won" | "lost", amount: string): NewOpportunity {
  const closedAt = new Date(`${closed}T12:00:00Z`);
  const createdAt = new Date(closedAt.getTime() - 30 * 86_400_000);
  return {
    id: nextId++,
    name: `Deal closed ${closed}`,
    accountId: 1,
    ownerId: REP,
    segment: "Mid-Market",
    amount,
    stageId: status === "won" ? 6 : 7,
    status,
    createdAt,
    qualifiedAt: createdAt,
    closedAt,
  };
}

describe.each(testDrivers())("comparison periods of the velocity report on %s", (driver) => {
  let t: TestDatabase;
  let context: VelocityContext;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    await db.insert(users).values([
      { id: REP, email: "rep@example.com", name: "Riley Rep", role: "sales", passwordHash: "x" },
      { id: 2, email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" },
    ]);
    await db.insert(accounts).values({ id: 1, name: "Acme" });
    await db.insert(opportunities).values([
      deal("2026-11-02", "won", "10000.00"), // this quarter to date
      deal("2026-07-10", "won", "30000.00"), // the same 66 days of Q3 (Jul 1 – Sep 4)
      deal("2026-09-04", "lost", "5000.00"), // the last of those days
      deal("2026-09-20", "won", "90000.00"), // Q3, but after day 66: the old "previous 66 days" took it
      deal("2025-10-20", "won", "20000.00"), // the same days a year earlier
      deal("2025-12-20", "won", "70000.00"), // Q4 2025 after day 66: not comparable
    ]);
    context = { ...(await velocityContext(db)), today: TODAY };
  });
  afterAll(() => t.drop());

  const thisQuarter = () => {
    const parsed = parseVelocityRequest({ period: "this_quarter" }, TODAY);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.request;
  };

  it("compares this quarter to date with the same 66 days of last quarter and of last year", async () => {
    const report = await buildVelocityReport(t.handle.db, thisQuarter(), context);
    expect(report.request.period).toEqual({ from: "2026-10-01", to: "2026-12-05" });
    expect(report.previous).toEqual({ from: "2026-07-01", to: "2026-09-04", label: "the same 66 days of last quarter" });
    expect(report.lastYear).toMatchObject({ from: "2025-10-01", to: "2025-12-05" });

    expect(report.current.averageDealSize.value).toBe(10_000);
    // Jul 10 won at 30,000 and Sep 4 lost: not Sep 20's 90,000
    expect(report.prior.averageDealSize.value).toBe(30_000);
    expect(report.prior.winRate.value).toBe(0.5);
    expect(report.priorYear.averageDealSize.value).toBe(20_000);
    // 10,000 against 30,000 and 20,000
    expect(report.deltas.averageDealSize.value).toBeCloseTo(-2 / 3, 12);
    expect(report.yearDeltas.averageDealSize.value).toBeCloseTo(-0.5, 12);
  });

  it("measures deal size against the comparison period until the admin sets a benchmark", async () => {
    const before = await buildVelocityReport(t.handle.db, thisQuarter(), context);
    expect(before.dealSizeBenchmark).toEqual({ value: 30_000, basis: "comparison" });
    expect("values" in before.levers && before.levers.prioritisation.gaps.find((g) => g.lever === "averageDealSize")).toMatchObject({ benchmark: 30_000, basis: "comparison" });

    const velocity = settingDefinitions.velocity.defaults;
    await putSetting(t.handle.db, "velocity", { ...velocity, benchmarks: { ...velocity.benchmarks, averageDealSize: 12_500 } }, 2);
    const after = await buildVelocityReport(t.handle.db, thisQuarter(), { ...(await velocityContext(t.handle.db)), today: TODAY });
    expect(after.dealSizeBenchmark).toEqual({ value: 12_500, basis: "setting" });
    expect("values" in after.levers && after.levers.prioritisation.gaps.find((g) => g.lever === "averageDealSize")).toMatchObject({ benchmark: 12_500, basis: "setting" });
  });
});
