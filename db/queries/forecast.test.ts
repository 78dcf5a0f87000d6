import { defaultStallSettings } from "@/lib/win-loss/stalls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/index";
import { opportunities, quotas, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { forecastDealsHref } from "@/lib/deals/drill-down";
import { parseDealsRequest } from "@/lib/deals/request";
import { dealTotals } from "./deals";
import { forecastFor } from "./forecast";

const quarter = { from: "2026-10-01", to: "2026-12-31" };
const at = (d: string) => new Date(`${d}T00:00:00Z`);

describe.each(testDrivers())("forecast on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let dana: number;
  let sam: number;

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const [d, s] = await db
      .insert(users)
      .values([
        { email: "dana@example.com", name: "Dana Rep", role: "sales", passwordHash: "x" },
        { email: "sam@example.com", name: "Sam Seller", role: "sales", passwordHash: "x" },
        { email: "eve@example.com", name: "Eve Exec", role: "executive", passwordHash: "x" },
      ])
      .returning();
    [dana, sam] = [d!.id, s!.id];
    await db.insert(quotas).values([
      { userId: dana, quarterStart: "2026-10-01", amount: "100000.00" },
      { userId: sam, quarterStart: "2026-10-01", amount: "80000.00" },
      { userId: dana, quarterStart: "2027-01-01", amount: "120000.00" },
    ]);
    const open = (ownerId: number | null, stageId: number, amount: string | null, close: string, forecastCategory: "commit" | "best_case" | "pipeline" | "closed" | "omitted" | null = null) =>
      ({ name: `deal ${amount}`, ownerId, stageId, amount, expectedCloseDate: close, forecastCategory, status: "open" as const, createdAt: at("2026-09-01") });
    await db.insert(opportunities).values([
      // Dana: won 33,333.33 + 16,666.67 in the quarter; one won last quarter does not count.
      { name: "won 1", ownerId: dana, stageId: 6, status: "won", amount: "33333.33", createdAt: at("2026-08-01"), closedAt: at("2026-10-15") },
      { name: "won 2", ownerId: dana, stageId: 6, status: "won", amount: "16666.67", createdAt: at("2026-08-01"), closedAt: new Date("2026-12-31T23:00:00Z") },
      { name: "won before", ownerId: dana, stageId: 6, status: "won", amount: "99999.00", createdAt: at("2026-06-01"), closedAt: at("2026-09-30") },
      open(dana, 5, "20000.01", "2026-11-30"), // Contract Sent, 90 %: commit by its stage
      open(dana, 2, "10000.00", "2026-12-15", "commit"), // called commit by its owner at 25 %
      open(dana, 3, "7777.77", "2026-10-20"), // Proposal, 50 %: best case
      open(dana, 1, null, "2026-12-01"), // no amount: counted, not summed
      open(dana, 1, "5000.00", "2027-01-15"), // next quarter
      // Sam: nothing won; a deal left out of the call; a lost deal does not count.
      open(sam, 4, "40000.00", "2026-12-20", "omitted"),
      open(sam, 1, "12345.67", "2026-11-11"),
      { name: "lost", ownerId: sam, stageId: 7, status: "lost", amount: "50000.00", createdAt: at("2026-08-01"), closedAt: at("2026-11-01") },
      // Nobody's deal.
      open(null, 2, "3000.00", "2026-10-31"),
      // Called Closed but still open: Commit until it is won.
      open(null, 1, "222.22", "2026-12-05", "closed"),
    ]);
  });
  afterAll(() => t.drop());

  it("rolls up each rep and the total to the cent", async () => {
    const forecast = await forecastFor(db, { quarter, timeZone: "UTC" });
    expect(forecast.rows.map((r) => r.ownerId)).toEqual([dana, sam, null]);
    const [d, s, nobody] = forecast.rows;
    expect(d).toMatchObject({ closedWon: "50000.00", commit: "30000.01", bestCase: "7777.77", pipeline: "0.00", quota: "100000.00", gapToQuota: "50000.00", openDeals: 4, wonDeals: 2, withoutAmount: 1 });
    // 20,000.01 × 90 % + 10,000 × 25 % + 7,777.77 × 50 % = 18,000.009 + 2,500 + 3,888.885 = 24,388.894 → 24,388.89
    expect(d!.weightedPipeline).toBe("24388.89");
    expect(d!.attainment.value).toBeCloseTo(0.5, 10);
    expect(s).toMatchObject({ closedWon: "0.00", commit: "0.00", pipeline: "12345.67", omitted: "40000.00", quota: "80000.00", gapToQuota: "80000.00", weightedPipeline: "31234.57" });
    // 3,000 × 25 % + 222.22 × 10 % = 772.222 → 772.22
    expect(nobody).toMatchObject({ pipeline: "3000.00", commit: "222.22", quota: null, weightedPipeline: "772.22" });
    expect(forecast.total).toMatchObject({ closedWon: "50000.00", commit: "30222.23", bestCase: "7777.77", pipeline: "15345.67", omitted: "40000.00", quota: "180000.00", gapToQuota: "130000.00", weightedPipeline: "56395.68" });
    expect(forecast.names).toEqual({ [dana]: "Dana Rep", [sam]: "Sam Seller" });
  });

  it("gives a rep their own row only, from the query", async () => {
    const own = await forecastFor(db, { quarter, timeZone: "UTC", ownerId: sam });
    expect(own.rows.map((r) => r.ownerId)).toEqual([sam]);
    expect(own.total).toMatchObject({ pipeline: "12345.67", omitted: "40000.00", quota: "80000.00" });
    const next = await forecastFor(db, { quarter: { from: "2027-01-01", to: "2027-03-31" }, timeZone: "UTC", ownerId: dana });
    expect(next.rows).toHaveLength(1);
    expect(next.total).toMatchObject({ pipeline: "5000.00", quota: "120000.00", closedWon: "0.00", attainment: { value: 0 } });
  });

  it("opens each money figure's deals, per rep and in total: the list's total is the figure", async () => {
    const context = { timeZone: "UTC", today: "2026-11-15", now: at("2026-11-15"), tierBounds: [10_000, 50_000], stalls: defaultStallSettings };
    const figures = ["closedWon", "commit", "best_case", "pipeline"] as const;
    const field = { closedWon: "closedWon", commit: "commit", best_case: "bestCase", pipeline: "pipeline" } as const;
    for (const q of [quarter, { from: "2027-01-01", to: "2027-03-31" }]) {
      const forecast = await forecastFor(db, { quarter: q, timeZone: "UTC" });
      const rows = [...forecast.rows.map((r) => ({ ownerId: r.ownerId as number | null | undefined, row: r })), { ownerId: undefined, row: forecast.total }];
      for (const { ownerId, row } of rows) {
        for (const figure of figures) {
          const parsed = parseDealsRequest(Object.fromEntries(new URL(forecastDealsHref(q, figure, ownerId), "http://x").searchParams), context.today);
          if (!parsed.ok) throw new Error(parsed.error);
          const totals = await dealTotals(db, parsed.request.filters, context);
          expect(totals.amount === "0" ? "0.00" : totals.amount, `${q.from} owner ${String(ownerId)} ${figure}`).toBe(row[field[figure]]);
          // The figure opens its list only when the list has deals: the count behind it is the list's.
          expect(totals.deals, `${q.from} owner ${String(ownerId)} ${figure} deals`).toBe(row.dealsIn[field[figure]]);
        }
      }
    }
    // By hand: the open deal called Closed is in nobody's Commit; Dana's closed won holds her two deals won in the quarter.
    const commitOfNobody = parseDealsRequest(Object.fromEntries(new URL(forecastDealsHref(quarter, "commit", null), "http://x").searchParams), context.today);
    expect(commitOfNobody.ok && (await dealTotals(db, commitOfNobody.request.filters, context))).toEqual({ deals: 1, amount: "222.22", withoutAmount: 0 });
    const wonOfDana = parseDealsRequest(Object.fromEntries(new URL(forecastDealsHref(quarter, "closedWon", dana), "http://x").searchParams), context.today);
    expect(wonOfDana.ok && (await dealTotals(db, wonOfDana.request.filters, context))).toEqual({ deals: 2, amount: "50000.00", withoutAmount: 0 });
  });
});
