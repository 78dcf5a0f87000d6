import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/index";
import { opportunities, opportunityChanges, users, type NewOpportunity, type NewOpportunityChange } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { centsToDecimal, decimalToUnits } from "@/lib/metrics/attribution";
import { pipelineChanges, pipelineMoves, type PipelineMove } from "@/lib/metrics/pipeline-changes";
import { dealMovementGroups, dealsBehindMove, type PipelineChangesScope } from "./pipeline-changes";

const day = (d: string) => new Date(`${d}T00:00:00Z`);

/**
 * October 2026 against the fourth quarter's window, by hand (docs/metrics.md worked example):
 * start 59,000.17 + new 7,000.33 + pulled in 12,000 + increased 6,000.50 − pushed out 8,000
 * − won 19,000 − lost 7,000.07 + other 6,000 = end 56,000.93.
 */
type Deal = Omit<NewOpportunity, "stageId" | "createdAt"> & { createdAt: string; stageId?: number; changes?: Omit<NewOpportunityChange, "opportunityId" | "source">[] };
const deals: Record<string, Deal> = {
  A: { name: "A steady", createdAt: "2026-09-01", amount: "10000.10", expectedCloseDate: "2026-11-15" },
  B: { name: "B raised", createdAt: "2026-09-01", amount: "25000.50", expectedCloseDate: "2026-12-01", changes: [{ field: "amount", oldValue: "20000.00", newValue: "25000.50", changedAt: day("2026-10-10") }] },
  C: { name: "C pushed", createdAt: "2026-09-05", amount: "8000.00", expectedCloseDate: "2027-01-20", changes: [{ field: "expected_close_date", oldValue: "2026-12-10", newValue: "2027-01-20", changedAt: day("2026-10-12") }] },
  D: { name: "D pulled in", createdAt: "2026-09-05", amount: "12000.00", expectedCloseDate: "2026-12-20", changes: [{ field: "expected_close_date", oldValue: "2027-02-01", newValue: "2026-12-20", changedAt: day("2026-10-15") }] },
  E: { name: "E new", createdAt: "2026-10-05", amount: "3000.33", expectedCloseDate: "2026-11-30" },
  F: {
    name: "F won bigger", createdAt: "2026-08-01", amount: "15000.00", stageId: 6, status: "won", closedAt: day("2026-10-20"), expectedCloseDate: "2026-10-31",
    changes: [
      { field: "amount", oldValue: "14000.00", newValue: "15000.00", changedAt: day("2026-10-18") },
      { field: "status", oldValue: "open", newValue: "won", changedAt: day("2026-10-20") },
    ],
  },
  G: { name: "G lost", createdAt: "2026-08-01", amount: "7000.07", stageId: 7, status: "lost", closedAt: day("2026-10-25"), expectedCloseDate: "2026-11-01", changes: [{ field: "status", oldValue: "open", newValue: "lost", changedAt: day("2026-10-25") }] },
  H: { name: "H no amount", createdAt: "2026-09-01", amount: null, expectedCloseDate: "2026-11-01" },
  // Pulled into the quarter only in November: at the end of October it was still after the window.
  I: { name: "I later", createdAt: "2026-09-01", amount: "9999.99", expectedCloseDate: "2026-11-20", changes: [{ field: "expected_close_date", oldValue: "2027-03-01", newValue: "2026-11-20", changedAt: day("2026-11-05") }] },
  J: { name: "J won before", createdAt: "2026-09-01", amount: "50000.00", stageId: 6, status: "won", closedAt: day("2026-09-20"), expectedCloseDate: null },
  K: { name: "K came and won", createdAt: "2026-10-03", amount: "4000.00", stageId: 6, status: "won", closedAt: day("2026-10-28"), changes: [{ field: "status", oldValue: "open", newValue: "won", changedAt: day("2026-10-28") }] },
  L: { name: "L overdue moved in", createdAt: "2026-07-01", amount: "6000.00", expectedCloseDate: "2026-11-10", changes: [{ field: "expected_close_date", oldValue: "2026-09-15", newValue: "2026-11-10", changedAt: day("2026-10-08") }] },
};

const scope: PipelineChangesScope = { from: "2026-10-01", to: "2026-10-31", windowFrom: "2026-10-01", windowTo: "2026-12-31", timeZone: "UTC" };

describe.each(testDrivers())("pipeline changes on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  const ids: Record<string, number> = {};
  let dana: number;

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const [u] = await db.insert(users).values({ email: "dana@example.com", name: "Dana Rep", role: "sales", passwordHash: "x" }).returning();
    dana = u!.id;
    for (const [key, { changes, createdAt, ...deal }] of Object.entries(deals)) {
      const [row] = await db
        .insert(opportunities)
        .values({ stageId: 3, ...deal, ownerId: key === "A" ? null : dana, createdAt: day(createdAt) })
        .returning({ id: opportunities.id });
      ids[key] = row!.id;
      if (changes?.length) await db.insert(opportunityChanges).values(changes.map((c) => ({ ...c, opportunityId: row!.id, source: "seed" as const })));
    }
  });
  afterAll(() => t.drop());

  it("adds up exactly: start + every move = end, to the cent", async () => {
    const flow = pipelineChanges(await dealMovementGroups(db, scope));
    expect(flow.start).toBe("59000.17");
    expect(flow.end).toBe("56000.93");
    expect(Object.fromEntries(Object.entries(flow.moves).map(([m, v]) => [m, v.amount]))).toEqual({
      new: "7000.33",
      pulled_in: "12000.00",
      increased: "6000.50",
      pushed_out: "-8000.00",
      decreased: "0.00",
      won: "-19000.00",
      lost: "-7000.07",
      other: "6000.00",
    });
    // A, B, C, F, G and H at the start; A, B, D, E, H and L at the end.
    expect([flow.startDeals, flow.endDeals]).toEqual([6, 6]);
  });

  it("lists exactly the deals behind a bar", async () => {
    const names = async (move: Parameters<typeof dealsBehindMove>[2]) => (await dealsBehindMove(db, scope, move, 1)).deals.map((d) => d.name);
    expect(await names("won")).toEqual(["F won bigger", "K came and won"]);
    expect(await names("new")).toEqual(["K came and won", "E new"]);
    expect(await names("increased")).toEqual(["B raised", "F won bigger"]);
    expect(await names("pushed_out")).toEqual(["C pushed"]);
    expect(await names("other")).toEqual(["L overdue moved in"]);
    const won = await dealsBehindMove(db, scope, "won", 1);
    expect(won.total).toBe(2);
    expect(won.deals[0]).toMatchObject({ start: "in", end: "won", startAmount: "14000.00", endAmount: "15000.00" });
  });

  it("gives each deal's contribution to its bar; the contributions add up to the bar", async () => {
    const flow = pipelineChanges(await dealMovementGroups(db, scope));
    const listed = async (move: PipelineMove) => (await dealsBehindMove(db, scope, move, 1)).deals.map((d) => [d.name, d.contribution]);
    expect(await listed("increased")).toEqual([["B raised", "5000.50"], ["F won bigger", "1000.00"]]);
    expect(await listed("won")).toEqual([["F won bigger", "-15000.00"], ["K came and won", "-4000.00"]]);
    expect(await listed("new")).toEqual([["K came and won", "4000.00"], ["E new", "3000.33"]]);
    expect(await listed("lost")).toEqual([["G lost", "-7000.07"]]);
    expect(await listed("decreased")).toEqual([]);
    for (const move of pipelineMoves) {
      const { deals, total } = await dealsBehindMove(db, scope, move, 1);
      const sum = deals.reduce((cents, d) => cents + decimalToUnits(d.contribution, 2), 0n);
      expect(centsToDecimal(sum), move).toBe(flow.moves[move].amount);
      expect(total, move).toBe(flow.moves[move].deals);
    }
  });

  it("reads one owner's deals only, and November from the changes made in it", async () => {
    const own = pipelineChanges(await dealMovementGroups(db, { ...scope, ownerId: dana }));
    expect(own.start).toBe("49000.07");
    const november = pipelineChanges(await dealMovementGroups(db, { ...scope, from: "2026-11-01", to: "2026-11-30" }));
    expect(november.start).toBe("56000.93");
    expect(november.moves.pulled_in).toEqual({ amount: "9999.99", deals: 1 });
    expect(november.end).toBe("66000.92");
  });
});
