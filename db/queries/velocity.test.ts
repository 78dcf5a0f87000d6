/**
 * The Layer 1 SQL (METRICS.md §1) against a small hand-built dataset whose answers are worked out
 * below. Stage ids (lib/domain/pipeline-stages.ts): 1 Discovery 10 %, 2 Solution Demo 25 %,
 * 3 Proposal 50 %, 4 Negotiation 75 %, 5 Contract Sent 90 %, 6 Closed Won, 7 Closed Lost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, opportunities, opportunityStageHistory, quotas, targets, users, type NewOpportunity } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { missingAmountsNote } from "@/lib/format";
import { velocityFigures, type VelocityAggregates } from "@/lib/metrics/velocity";
import {
  pipelineCreated,
  pipelineSnapshot,
  stageAggregates,
  targetInForce,
  velocityAggregates,
  velocityBySegment,
  velocityFilterOptions,
  weeklyTrend,
  type VelocityScope,
} from "./velocity";

const ALICE = 1;
const BOB = 2;
const CAROL = 3; // an admin who owns nothing

/** "2026-07-01" is midnight UTC; anything longer is a full ISO time. */
const at = (s: string) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s);

interface Deal {
  id: number;
  name: string;
  owner: number | null;
  source: string | null;
  segment: string;
  amount: string;
  created: string;
  expectedClose?: string;
  /** Stage history: [stage id, entered at]. Each entry is exited when the next one is entered;
   *  qualified_at is the Discovery entry; a last stage 6 / 7 makes the deal won / lost at that time. */
  path: [number, string][];
}

function opportunityOf(d: Deal): NewOpportunity {
  const [lastStage, lastAt] = d.path[d.path.length - 1]!;
  const status = lastStage === 6 ? "won" : lastStage === 7 ? "lost" : "open";
  const discovery = d.path.find(([stage]) => stage === 1);
  return {
    id: d.id,
    name: d.name,
    accountId: (d.id % 4) + 1,
    ownerId: d.owner,
    source: d.source,
    segment: d.segment,
    amount: d.amount,
    stageId: lastStage,
    status,
    createdAt: at(d.created),
    qualifiedAt: discovery ? at(discovery[1]) : null,
    closedAt: status === "open" ? null : at(lastAt),
    expectedCloseDate: d.expectedClose ?? null,
  };
}

function historyOf(d: Deal) {
  return d.path.map(([stageId, entered], i) => ({
    opportunityId: d.id,
    stageId,
    enteredAt: at(entered),
    exitedAt: i + 1 < d.path.length ? at(d.path[i + 1]![1]) : null,
  }));
}

// Cycle (created → closed) and stage dwells in days are in the comments.
const deals: Deal[] = [
  // A: won in Q3, 10.5 days. D 2, SD 2, P 3, N 3.5 days.
  { id: 1, name: "A", owner: ALICE, source: "inbound", segment: "Enterprise", amount: "18000.00", created: "2026-07-01",
    path: [[1, "2026-07-01"], [2, "2026-07-03"], [3, "2026-07-05"], [4, "2026-07-08"], [6, "2026-07-11T12:00:00Z"]] },
  // B: qualified in June, won in Q3 after 56 days (Jun 20 → Aug 15: 10 + 31 + 15). Skipped Solution Demo. D 20, P 36.
  { id: 2, name: "B", owner: BOB, source: "referral", segment: "Mid-Market", amount: "12000.50", created: "2026-06-20",
    path: [[1, "2026-06-20"], [3, "2026-07-10"], [6, "2026-08-15"]] },
  // C: created Sep 1, qualified Sep 2, won Sep 11 06:00 = 10.25 days; one cent. D 9.25.
  { id: 3, name: "C", owner: ALICE, source: "partner", segment: "SMB", amount: "0.01", created: "2026-09-01",
    path: [[1, "2026-09-02"], [6, "2026-09-11T06:00:00Z"]] },
  // L1: lost exactly at Jul 1 00:00 (the first instant of Q3). D 22 (exit in May), SD 30 (exit Jul 1).
  { id: 4, name: "L1", owner: BOB, source: "outbound", segment: "Mid-Market", amount: "9999.99", created: "2026-05-10",
    path: [[1, "2026-05-10"], [2, "2026-06-01"], [7, "2026-07-01"]] },
  // L2: lost at Sep 30 23:59:59.999 (the last instant of Q3); last stage before lost: Proposal. D 4, SD 15, P 42 − 1 ms.
  { id: 5, name: "L2", owner: ALICE, source: "inbound", segment: "Enterprise", amount: "30000.00", created: "2026-08-01",
    path: [[1, "2026-08-01"], [2, "2026-08-05"], [3, "2026-08-20"], [7, "2026-09-30T23:59:59.999Z"]] },
  // L3: lost at Oct 1 00:00 — just outside Q3. D 16 (exit Oct 1).
  { id: 6, name: "L3", owner: BOB, source: "inbound", segment: "SMB", amount: "5000.00", created: "2026-09-15",
    path: [[1, "2026-09-15"], [7, "2026-10-01"]] },
  // T: won Oct 1 02:00 UTC = Sep 30 22:00 in New York; 11 days. Skipped SD and P. D 5, N 6 (exit Oct 1).
  { id: 7, name: "T", owner: ALICE, source: "outbound", segment: "Mid-Market", amount: "25000.00", created: "2026-09-20T02:00:00Z",
    path: [[1, "2026-09-20T02:00:00Z"], [4, "2026-09-25T02:00:00Z"], [6, "2026-10-01T02:00:00Z"]] },
  // Open deals (stage probability in brackets).
  { id: 8, name: "O1", owner: ALICE, source: "inbound", segment: "Enterprise", amount: "60000.00", created: "2026-07-20",
    expectedClose: "2026-12-15", path: [[1, "2026-07-20"], [2, "2026-07-25"], [4, "2026-08-10"]] }, // N [75 %]; D 5, SD 16
  { id: 9, name: "O2", owner: BOB, source: "outbound", segment: "SMB", amount: "12000.50", created: "2026-09-05",
    expectedClose: "2026-11-30", path: [[1, "2026-09-05"], [2, "2026-09-10"]] }, // SD [25 %]; D 5
  { id: 10, name: "O3", owner: BOB, source: null, segment: "Mid-Market", amount: "10000.00", created: "2026-08-10",
    expectedClose: "2027-01-15", path: [[1, "2026-08-12"], [3, "2026-08-25"]] }, // P [50 %]; D 13; exactly 10,000
  // M: the METRICS convention example: created 10/20/2016, closed 3/1/2017 → exactly 132 days.
  { id: 11, name: "M", owner: BOB, source: "referral", segment: "Enterprise", amount: "50000.00", created: "2016-10-20",
    path: [[1, "2016-10-20"], [6, "2017-03-01"]] },
  // L5: lost Oct 25 22:30 UTC = 23:30 CET in Berlin, on the 25-hour day when summer time ends.
  { id: 12, name: "L5", owner: ALICE, source: "partner", segment: "SMB", amount: "1000.00", created: "2026-10-20",
    path: [[1, "2026-10-20"], [7, "2026-10-25T22:30:00Z"]] },
  // O4: open, no owner. D [10 %].
  { id: 13, name: "O4", owner: null, source: "partner", segment: "Enterprise", amount: "333.33", created: "2026-10-02",
    expectedClose: "2026-10-31", path: [[1, "2026-10-02"]] },
];

const zeros: VelocityAggregates = { qualified: 0, won: 0, lost: 0, wonAmount: "0", wonWithoutAmount: 0, wonCycleDays: 0 };
const Q3 = { from: "2026-07-01", to: "2026-09-30", timeZone: "UTC" } as const;

describe.each(testDrivers())("velocity queries on %s", (driver) => {
  let t: TestDatabase;
  const agg = (scope: VelocityScope) => velocityAggregates(t.handle.db, scope);

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    await db.insert(users).values([
      { id: ALICE, email: "alice@example.com", name: "Alice Rep", role: "sales", passwordHash: "x" },
      { id: BOB, email: "bob@example.com", name: "Bob Rep", role: "sales", passwordHash: "x", active: false },
      { id: CAROL, email: "carol@example.com", name: "Carol Admin", role: "admin", passwordHash: "x" },
    ]);
    await db.insert(accounts).values([1, 2, 3, 4].map((id) => ({ id, name: `Account ${id}` })));
    await db.insert(opportunities).values(deals.map(opportunityOf));
    await db.insert(opportunityStageHistory).values(deals.flatMap(historyOf));
    await db.insert(quotas).values([
      { userId: ALICE, quarterStart: "2026-07-01", amount: "100000.00" },
      { userId: BOB, quarterStart: "2026-07-01", amount: "80000.50" },
      { userId: ALICE, quarterStart: "2026-10-01", amount: "120000.00" },
      { userId: BOB, quarterStart: "2026-10-01", amount: "90000.00" },
    ]);
    await db.insert(targets).values([
      { metric: "pipeline_created_monthly", effectiveFrom: "2026-01-01", value: "50000" },
      { metric: "pipeline_created_monthly", effectiveFrom: "2026-07-01", value: "75000.5" },
      { metric: "velocity_per_day", effectiveFrom: "2025-01-01", value: "999" },
    ]);
  });
  afterAll(() => t.drop());

  it("aggregates Q3: qualified by qualified_at, won and lost by closed_at, open deals excluded", async () => {
    // Qualified in Q3: A (Jul 1 00:00), C, L2, L3, T, O1, O2, O3 = 8 (B and L1 qualified before, O4 and L5 after).
    // Won in Q3: A 18,000.00 + B 12,000.50 + C 0.01 = 30,000.51; cycles 10.5 + 56 + 10.25 = 76.75 days.
    // Lost in Q3: L1 (Jul 1 00:00, inside) + L2 (Sep 30 23:59:59.999, inside) = 2; L3 (Oct 1 00:00) is not.
    expect(await agg(Q3)).toEqual({ qualified: 8, won: 3, lost: 2, wonAmount: "30000.51", wonWithoutAmount: 0, wonCycleDays: 76.75 });
  });

  it("reproduces the METRICS cycle example: 10/20/2016 → 3/1/2017 is exactly 132 days", async () => {
    expect(await agg({ from: "2017-01-01", to: "2017-03-31", timeZone: "UTC" })).toEqual({
      qualified: 0, won: 1, lost: 0, wonAmount: "50000.00", wonWithoutAmount: 0, wonCycleDays: 132,
    });
    expect((await agg({ from: "2016-10-01", to: "2016-12-31", timeZone: "UTC" })).qualified).toBe(1);
  });

  it("includes from 00:00 and to 23:59:59.999, excludes to + 1 00:00", async () => {
    // Jul 1: L1 lost at 00:00, A qualified at 00:00.
    expect(await agg({ from: "2026-07-01", to: "2026-07-01", timeZone: "UTC" })).toEqual({ ...zeros, qualified: 1, lost: 1 });
    // Sep 30: only L2 (23:59:59.999); L3 at Oct 1 00:00 is the next day.
    expect(await agg({ from: "2026-09-30", to: "2026-09-30", timeZone: "UTC" })).toEqual({ ...zeros, lost: 1 });
    // Oct 1: L3 lost at 00:00, T won at 02:00 (11 days).
    expect(await agg({ from: "2026-10-01", to: "2026-10-01", timeZone: "UTC" })).toEqual({
      ...zeros, won: 1, lost: 1, wonAmount: "25000.00", wonWithoutAmount: 0, wonCycleDays: 11,
    });
  });

  it("reads days in the organisation's time zone: T closes in September in New York, October in UTC", async () => {
    const sep = { from: "2026-09-01", to: "2026-09-30" };
    const oct = { from: "2026-10-01", to: "2026-10-31" };
    // UTC September: qualified C, L3, T, O2 = 4; won C (0.01, 10.25 d); lost L2.
    expect(await agg({ ...sep, timeZone: "UTC" })).toEqual({ qualified: 4, won: 1, lost: 1, wonAmount: "0.01", wonWithoutAmount: 0, wonCycleDays: 10.25 });
    // New York September [Sep 1 04:00Z, Oct 1 04:00Z): also T (won 25,000.00, 11 d) and L3 (Oct 1 00:00Z = Sep 30 20:00).
    // Won 0.01 + 25,000.00 = 25,000.01; cycles 10.25 + 11 = 21.25.
    expect(await agg({ ...sep, timeZone: "America/New_York" })).toEqual({
      qualified: 4, won: 2, lost: 2, wonAmount: "25000.01", wonWithoutAmount: 0, wonCycleDays: 21.25,
    });
    // UTC October: qualified L5, O4; won T; lost L3, L5.
    expect(await agg({ ...oct, timeZone: "UTC" })).toEqual({ qualified: 2, won: 1, lost: 2, wonAmount: "25000.00", wonWithoutAmount: 0, wonCycleDays: 11 });
    // New York October: T and L3 are gone to September; lost L5 only.
    expect(await agg({ ...oct, timeZone: "America/New_York" })).toEqual({ ...zeros, qualified: 2, lost: 1 });
    // New York Q3 [Jul 1 04:00Z, Oct 1 04:00Z): A's qualification and L1's loss (Jul 1 00:00Z) move out,
    // T and L3 move in: qualified 8 − A = 7; won A, B, C, T = 30,000.51 + 25,000.00 = 55,000.51, 76.75 + 11 = 87.75 d; lost L2, L3.
    expect(await agg({ ...Q3, timeZone: "America/New_York" })).toEqual({
      qualified: 7, won: 4, lost: 2, wonAmount: "55000.51", wonWithoutAmount: 0, wonCycleDays: 87.75,
    });
  });

  it("keeps the 25-hour day in Berlin when summer time ends", async () => {
    // Oct 25 2026 in Berlin is [Oct 24 22:00Z, Oct 25 23:00Z): L5 (22:30Z) is inside; a 24-hour day would miss it.
    expect(await agg({ from: "2026-10-25", to: "2026-10-25", timeZone: "Europe/Berlin" })).toEqual({ ...zeros, lost: 1 });
    expect(await agg({ from: "2026-10-26", to: "2026-10-26", timeZone: "Europe/Berlin" })).toEqual(zeros);
    // Berlin October [Sep 30 22:00Z, Oct 31 23:00Z): L2 (Sep 30 23:59:59.999Z = Oct 1 01:59 CEST) joins L3 and L5.
    expect(await agg({ from: "2026-10-01", to: "2026-10-31", timeZone: "Europe/Berlin" })).toEqual({
      qualified: 2, won: 1, lost: 3, wonAmount: "25000.00", wonWithoutAmount: 0, wonCycleDays: 11,
    });
  });

  it("filters by segment, source and owner, alone and combined; unknown values give zeros", async () => {
    // Enterprise: qualified A, L2, O1; won A; lost L2.
    expect(await agg({ ...Q3, segment: "Enterprise" })).toEqual({ qualified: 3, won: 1, lost: 1, wonAmount: "18000.00", wonWithoutAmount: 0, wonCycleDays: 10.5 });
    // inbound: qualified A, L2, L3, O1; won A; lost L2 (L3 lost in October).
    expect(await agg({ ...Q3, source: "inbound" })).toEqual({ qualified: 4, won: 1, lost: 1, wonAmount: "18000.00", wonWithoutAmount: 0, wonCycleDays: 10.5 });
    // Alice: qualified A, C, L2, T, O1; won A + C = 18,000.01 in 10.5 + 10.25 = 20.75 d; lost L2.
    expect(await agg({ ...Q3, ownerId: ALICE })).toEqual({ qualified: 5, won: 2, lost: 1, wonAmount: "18000.01", wonWithoutAmount: 0, wonCycleDays: 20.75 });
    // Bob: qualified L3, O2, O3; won B; lost L1.
    expect(await agg({ ...Q3, ownerId: BOB })).toEqual({ qualified: 3, won: 1, lost: 1, wonAmount: "12000.50", wonWithoutAmount: 0, wonCycleDays: 56 });
    // Bob's Mid-Market: qualified O3; won B; lost L1.
    expect(await agg({ ...Q3, ownerId: BOB, segment: "Mid-Market" })).toEqual({
      qualified: 1, won: 1, lost: 1, wonAmount: "12000.50", wonWithoutAmount: 0, wonCycleDays: 56,
    });
    // inbound SMB: L3 qualified, closed in October.
    expect(await agg({ ...Q3, source: "inbound", segment: "SMB" })).toEqual({ ...zeros, qualified: 1 });
    // Alice's outbound: T qualified, won in October.
    expect(await agg({ ...Q3, source: "outbound", ownerId: ALICE })).toEqual({ ...zeros, qualified: 1 });
    expect(await agg({ ...Q3, segment: "No such segment" })).toEqual(zeros);
    expect(await agg({ ...Q3, source: "No such source" })).toEqual(zeros);
    expect(await agg({ ...Q3, ownerId: 9999 })).toEqual(zeros);
    expect(await agg({ ...Q3, ownerId: CAROL })).toEqual(zeros);
  });

  it("segments Q3 by source: groups only qualified, only closed, and null", async () => {
    expect(await velocityBySegment(t.handle.db, Q3, "source", [10_000, 50_000])).toEqual([
      { key: "inbound", qualified: 4, won: 1, lost: 1, wonAmount: "18000.00", wonWithoutAmount: 0, wonCycleDays: 10.5 }, // A, L2, L3, O1
      { key: "outbound", ...zeros, qualified: 2, lost: 1 }, // T, O2 qualified; L1 lost
      { key: "partner", qualified: 1, won: 1, lost: 0, wonAmount: "0.01", wonWithoutAmount: 0, wonCycleDays: 10.25 }, // C
      { key: "referral", ...zeros, won: 1, wonAmount: "12000.50", wonWithoutAmount: 0, wonCycleDays: 56 }, // B: closed only
      { key: null, ...zeros, qualified: 1 }, // O3: qualified only
    ]);
  });

  it("segments Q3 by segment and by owner", async () => {
    expect(await velocityBySegment(t.handle.db, Q3, "segment", [10_000, 50_000])).toEqual([
      { key: "Enterprise", qualified: 3, won: 1, lost: 1, wonAmount: "18000.00", wonWithoutAmount: 0, wonCycleDays: 10.5 }, // A, L2, O1
      { key: "Mid-Market", qualified: 2, won: 1, lost: 1, wonAmount: "12000.50", wonWithoutAmount: 0, wonCycleDays: 56 }, // T, O3; B; L1
      { key: "SMB", qualified: 3, won: 1, lost: 0, wonAmount: "0.01", wonWithoutAmount: 0, wonCycleDays: 10.25 }, // C, L3, O2; C
    ]);
    expect(await velocityBySegment(t.handle.db, Q3, "owner", [10_000, 50_000])).toEqual([
      { key: String(ALICE), qualified: 5, won: 2, lost: 1, wonAmount: "18000.01", wonWithoutAmount: 0, wonCycleDays: 20.75 },
      { key: String(BOB), qualified: 3, won: 1, lost: 1, wonAmount: "12000.50", wonWithoutAmount: 0, wonCycleDays: 56 },
    ]);
    // October UTC: Alice qualified L5, won T, lost L5; Bob lost L3 only; O4 has no owner.
    expect(await velocityBySegment(t.handle.db, { from: "2026-10-01", to: "2026-10-31", timeZone: "UTC" }, "owner", [])).toEqual([
      { key: String(ALICE), qualified: 1, won: 1, lost: 1, wonAmount: "25000.00", wonWithoutAmount: 0, wonCycleDays: 11 },
      { key: String(BOB), ...zeros, lost: 1 },
      { key: null, ...zeros, qualified: 1 },
    ]);
    // Filters apply within the groups: Bob's sources.
    expect(await velocityBySegment(t.handle.db, { ...Q3, ownerId: BOB }, "source", [])).toEqual([
      { key: "inbound", ...zeros, qualified: 1 }, // L3
      { key: "outbound", ...zeros, qualified: 1, lost: 1 }, // O2; L1
      { key: "referral", ...zeros, won: 1, wonAmount: "12000.50", wonWithoutAmount: 0, wonCycleDays: 56 }, // B
      { key: null, ...zeros, qualified: 1 }, // O3
    ]);
  });

  it("segments by deal-size tier with bounds [10,000, 50,000]: 10,000 exactly is tier 1", async () => {
    // Tier 0 (< 10k): C 0.01, L1 9,999.99, L3 5,000. Tier 1: A, B, L2, T, O2, O3 (10,000.00). Tier 2 (≥ 50k): O1.
    expect(await velocityBySegment(t.handle.db, Q3, "dealSizeTier", [10_000, 50_000])).toEqual([
      { key: "0", qualified: 2, won: 1, lost: 1, wonAmount: "0.01", wonWithoutAmount: 0, wonCycleDays: 10.25 }, // C, L3; C; L1
      // qualified A, L2, T, O2, O3; won A 18,000.00 + B 12,000.50 = 30,000.50 in 10.5 + 56 = 66.5 d; lost L2
      { key: "1", qualified: 5, won: 2, lost: 1, wonAmount: "30000.50", wonWithoutAmount: 0, wonCycleDays: 66.5 },
      { key: "2", ...zeros, qualified: 1 }, // O1: qualified only
    ]);
    // Q1 2017: M, 50,000.00 exactly, is tier 2 and only closed.
    expect(await velocityBySegment(t.handle.db, { from: "2017-01-01", to: "2017-03-31", timeZone: "UTC" }, "dealSizeTier", [10_000, 50_000])).toEqual([
      { key: "2", ...zeros, won: 1, wonAmount: "50000.00", wonWithoutAmount: 0, wonCycleDays: 132 },
    ]);
    // No bounds: one open-ended tier "0" holding everything (Q3 totals).
    expect(await velocityBySegment(t.handle.db, Q3, "dealSizeTier", [])).toEqual([
      { key: "0", qualified: 8, won: 3, lost: 2, wonAmount: "30000.51", wonWithoutAmount: 0, wonCycleDays: 76.75 },
    ]);
  });

  it("groups add up to the totals", async () => {
    const total = await agg(Q3);
    for (const dimension of ["source", "segment", "dealSizeTier", "owner"] as const) {
      const groups = await velocityBySegment(t.handle.db, Q3, dimension, [10_000, 50_000]);
      expect(groups.reduce((n, g) => n + g.qualified, 0)).toBe(total.qualified);
      expect(groups.reduce((n, g) => n + g.won + g.lost, 0)).toBe(total.won + total.lost);
      expect(groups.reduce((n, g) => n + g.wonCycleDays, 0)).toBeCloseTo(total.wonCycleDays, 9);
    }
  });

  it("computes stage entries, advances, exits, dwell and drop-off from the history", async () => {
    const rows = await stageAggregates(t.handle.db, Q3);
    expect(rows.map((r) => [r.stageId, r.name, r.position, r.isWon, r.isLost])).toEqual([
      [1, "Discovery", 1, false, false], [2, "Solution Demo", 2, false, false], [3, "Proposal", 3, false, false],
      [4, "Negotiation", 4, false, false], [5, "Contract Sent", 5, false, false], [6, "Closed Won", 6, true, false],
      [7, "Closed Lost", 7, false, true],
    ]);
    const byStage = Object.fromEntries(rows.map(({ stageId, entered, advanced, exits, dwellDays, lostFrom }) =>
      [stageId, { entered, advanced, exits, dwellDays, lostFrom }]));
    // Discovery entered in Q3: A, C, L2, L3, T, O1, O2, O3 = 8 (B, L1, M, L5, O4 outside); all but L3 advanced.
    // Exits in Q3: A 2 + B 20 + C 9.25 + L2 4 + T 5 + O1 5 + O2 5 + O3 13 = 63.25 days over 8 (L1 exited in May, L3 on Oct 1).
    expect(byStage[1]).toEqual({ entered: 8, advanced: 7, exits: 8, dwellDays: 63.25, lostFrom: 0 });
    // Solution Demo entered: A, L2, O1, O2 (L1 in June); advanced A, L2 (to P), O1 (skipped P to N).
    // Exits: A 2 + L1 30 (exited Jul 1 00:00) + L2 15 + O1 16 = 63 over 4. L1 was lost from SD.
    expect(byStage[2]).toEqual({ entered: 4, advanced: 3, exits: 4, dwellDays: 63, lostFrom: 1 });
    // Proposal entered: A, B (skipped SD), L2, O3; advanced A, B (L2 lost, O3 open).
    // Exits: A 3 + B 36 + L2 (Aug 20 → Sep 30 23:59:59.999: 42 days less 1 ms) ≈ 81 over 3. L2 was lost from Proposal.
    expect(byStage[3]).toMatchObject({ entered: 4, advanced: 2, exits: 3, lostFrom: 1 });
    expect(byStage[3]!.dwellDays).toBeCloseTo(81 - 0.001 / 86_400, 9);
    // Negotiation entered: A, T, O1; advanced A and T (won Oct 1: later than the period, still an advance).
    // Exits: A 3.5 (T exits on Oct 1, O1 has not).
    expect(byStage[4]).toEqual({ entered: 3, advanced: 2, exits: 1, dwellDays: 3.5, lostFrom: 0 });
    expect(byStage[5]).toEqual({ entered: 0, advanced: 0, exits: 0, dwellDays: 0, lostFrom: 0 });
    // Closed Won entered A, B, C (T on Oct 1); Closed Lost L1, L2 (L3 on Oct 1). Nothing exits a closed stage.
    expect(byStage[6]).toEqual({ entered: 3, advanced: 0, exits: 0, dwellDays: 0, lostFrom: 0 });
    expect(byStage[7]).toEqual({ entered: 2, advanced: 0, exits: 0, dwellDays: 0, lostFrom: 0 });

    // Bob only: Discovery entered L3, O2, O3; exits B 20 + O2 5 + O3 13 = 38; lost L1 from SD.
    const bob = await stageAggregates(t.handle.db, { ...Q3, ownerId: BOB });
    expect(bob[0]).toMatchObject({ entered: 3, advanced: 2, exits: 3, dwellDays: 38, lostFrom: 0 });
    expect(bob.map((r) => r.lostFrom)).toEqual([0, 1, 0, 0, 0, 0, 0]);
    const none = await stageAggregates(t.handle.db, { ...Q3, segment: "No such segment" });
    expect(none.map((r) => r.entered + r.advanced + r.exits + r.dwellDays + r.lostFrom)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it("snapshots open and weighted pipeline and the quarter's coverage inputs", async () => {
    const snapshot = (today: string, extra: { timeZone?: string; ownerId?: number; segment?: string } = {}) =>
      pipelineSnapshot(t.handle.db, { today, timeZone: "UTC", ...extra });
    // Open: O1 60,000.00 (N 75 %) + O2 12,000.50 (SD 25 %) + O3 10,000.00 (P 50 %) + O4 333.33 (D 10 %) = 82,333.83.
    // Weighted: 45,000 + 3,000.125 + 5,000 + 33.333 = 53,033.458 → 53,033.46.
    // Q4 2026: closing O1 (Dec 15), O2 (Nov 30), O4 (Oct 31) = 72,333.83 (O3 closes Jan 15); won T 25,000.00;
    // quota Alice 120,000.00 + Bob 90,000.00 = 210,000.00.
    expect(await snapshot("2026-11-10")).toEqual({
      openPipeline: "82333.83", weightedPipeline: "53033.46", openClosingInQuarter: "72333.83", wonInQuarter: "25000.00",
      openDeals: 4, openWithoutAmount: 0, closingInQuarterDeals: 3, closingInQuarterWithoutAmount: 0, wonInQuarterDeals: 1, wonInQuarterWithoutAmount: 0,
      quota: "210000.00", quarterStart: "2026-10-01", quarterEnd: "2026-12-31",
    });
    // In New York T was won on Sep 30, so not in Q4.
    expect((await snapshot("2026-11-10", { timeZone: "America/New_York" })).wonInQuarter).toBe("0");
    // Alice: O1 only, 60,000 × 75 % = 45,000.00; her Q4 quota.
    expect(await snapshot("2026-12-31", { ownerId: ALICE })).toEqual({
      openPipeline: "60000.00", weightedPipeline: "45000.00", openClosingInQuarter: "60000.00", wonInQuarter: "25000.00",
      openDeals: 1, openWithoutAmount: 0, closingInQuarterDeals: 1, closingInQuarterWithoutAmount: 0, wonInQuarterDeals: 1, wonInQuarterWithoutAmount: 0,
      quota: "120000.00", quarterStart: "2026-10-01", quarterEnd: "2026-12-31",
    });
    // Bob: O2 + O3 = 22,000.50; weighted 3,000.125 + 5,000 = 8,000.125 → 8,000.13; closing O2; nothing won in Q4.
    expect(await snapshot("2026-10-01", { ownerId: BOB })).toEqual({
      openPipeline: "22000.50", weightedPipeline: "8000.13", openClosingInQuarter: "12000.50", wonInQuarter: "0",
      openDeals: 2, openWithoutAmount: 0, closingInQuarterDeals: 1, closingInQuarterWithoutAmount: 0, wonInQuarterDeals: 0, wonInQuarterWithoutAmount: 0,
      quota: "90000.00", quarterStart: "2026-10-01", quarterEnd: "2026-12-31",
    });
    // Q3 (today Sep 30): no open deal closes in Q3; won A + B + C = 30,000.51; quota 100,000.00 + 80,000.50.
    expect(await snapshot("2026-09-30")).toMatchObject({
      openClosingInQuarter: "0", wonInQuarter: "30000.51", quota: "180000.50", quarterStart: "2026-07-01", quarterEnd: "2026-09-30",
    });
    // Q1 2027: O3 closes Jan 15; no quotas set.
    expect(await snapshot("2027-02-15")).toMatchObject({
      openClosingInQuarter: "10000.00", wonInQuarter: "0", quota: "0", quarterStart: "2027-01-01", quarterEnd: "2027-03-31",
    });
    // Enterprise: O1 + O4 = 60,333.33; weighted 45,000 + 33.333 = 45,033.33.
    expect(await snapshot("2026-11-10", { segment: "Enterprise" })).toMatchObject({
      openPipeline: "60333.33", weightedPipeline: "45033.33", openClosingInQuarter: "60333.33", wonInQuarter: "0",
    });
    expect(await snapshot("2026-11-10", { segment: "No such segment" })).toMatchObject({
      openPipeline: "0", openClosingInQuarter: "0", wonInQuarter: "0",
    });
    expect(Number((await snapshot("2026-11-10", { segment: "No such segment" })).weightedPipeline)).toBe(0);
  });

  it("sums pipeline created in a period", async () => {
    const created = (scope: VelocityScope) => pipelineCreated(t.handle.db, scope);
    // Created in Q3: A 18,000.00 + C 0.01 + L2 30,000.00 + L3 5,000.00 + T 25,000.00 + O1 60,000.00 + O2 12,000.50
    // + O3 10,000.00 = 160,000.51 (B in June, L1 in May).
    expect(await created(Q3)).toEqual({ amount: "160000.51", deals: 8, withoutAmount: 0 });
    // In New York, A (Jul 1 00:00Z) was created on Jun 30: 160,000.51 − 18,000.00.
    expect(await created({ ...Q3, timeZone: "America/New_York" })).toEqual({ amount: "142000.51", deals: 7, withoutAmount: 0 });
    // Bob: L3 5,000.00 + O2 12,000.50 + O3 10,000.00.
    expect(await created({ ...Q3, ownerId: BOB })).toEqual({ amount: "27000.50", deals: 3, withoutAmount: 0 });
    expect(await created({ from: "2026-10-01", to: "2026-10-31", timeZone: "UTC" })).toEqual({ amount: "1333.33", deals: 2, withoutAmount: 0 }); // L5 + O4
    expect(await created({ from: "2026-11-01", to: "2026-11-30", timeZone: "UTC" })).toEqual({ amount: "0", deals: 0, withoutAmount: 0 });
  });

  it("finds the target in force on a day", async () => {
    const target = (day: string) => targetInForce(t.handle.db, "pipeline_created_monthly", day);
    expect(await target("2025-12-31")).toBeNull();
    expect(Number(await target("2026-01-01"))).toBe(50_000);
    expect(Number(await target("2026-06-30"))).toBe(50_000);
    expect(Number(await target("2026-07-01"))).toBe(75_000.5);
    expect(Number(await target("2030-01-01"))).toBe(75_000.5);
    expect(await targetInForce(t.handle.db, "no_such_metric", "2030-01-01")).toBeNull();
  });

  it("trends weekly over a sliding window ending on Sundays", async () => {
    // Today Wed Sep 30 2026 → weeks ending Sun Sep 20, Sep 27, Oct 4; 14-day windows.
    const points = await weeklyTrend(t.handle.db, { today: "2026-09-30", timeZone: "UTC", weeks: 3, windowDays: 14 });
    expect(points).toEqual([
      // [Sep 7, Sep 20]: qualified L3, T; won C.
      { weekEnd: "2026-09-20", qualified: 2, won: 1, lost: 0, wonAmount: "0.01", wonWithoutAmount: 0, wonCycleDays: 10.25 },
      // [Sep 14, Sep 27]: qualified L3, T.
      { weekEnd: "2026-09-27", ...zeros, qualified: 2 },
      // [Sep 21, Oct 4]: qualified O4; won T; lost L2, L3.
      { weekEnd: "2026-10-04", qualified: 1, won: 1, lost: 2, wonAmount: "25000.00", wonWithoutAmount: 0, wonCycleDays: 11 },
    ]);
    // On a Sunday the last week ends that day; every point equals the aggregates over its window.
    for (const [timeZone, ownerId] of [["UTC", undefined], ["America/New_York", ALICE]] as const) {
      const trend = await weeklyTrend(t.handle.db, { today: "2026-10-04", timeZone, weeks: 4, windowDays: 10, ownerId });
      expect(trend.map((p) => p.weekEnd)).toEqual(["2026-09-13", "2026-09-20", "2026-09-27", "2026-10-04"]);
      for (const { weekEnd, ...point } of trend) {
        const from = new Date(Date.parse(weekEnd) - 9 * 86_400_000).toISOString().slice(0, 10);
        expect(point).toEqual(await agg({ from, to: weekEnd, timeZone, ownerId }));
      }
    }
  });

  it("lists the filter values in use", async () => {
    expect(await velocityFilterOptions(t.handle.db)).toEqual({
      segments: ["Enterprise", "Mid-Market", "SMB"],
      sources: ["inbound", "outbound", "partner", "referral"],
      owners: [
        { id: ALICE, name: "Alice Rep", active: true },
        { id: BOB, name: "Bob Rep", active: false },
      ],
    });
  });
});

/**
 * Deals without an amount (docs/metrics.md, "Deals without an amount"): counted in N, win rate and
 * cycle, left out of every sum and mean of money, and counted beside each sum. A second small
 * dataset, all in Q3 2026 (UTC), so the worked values stay short:
 *
 * | deal | amount    | source   | stage            | created | closed / expected close | cycle |
 * |------|-----------|----------|------------------|---------|-------------------------|-------|
 * | W1   | 20,000.00 | inbound  | won              | Jul 1   | Jul 11                  | 10 d  |
 * | W2   | 10,000.50 | outbound | won              | Jul 1   | Jul 21                  | 20 d  |
 * | W3   | —         | inbound  | won              | Aug 1   | Aug 31                  | 30 d  |
 * | L1   | —         | outbound | lost             | Jul 5   | Aug 5                   |       |
 * | O1   | 40,000.00 | inbound  | Negotiation 75 % | Jul 10  | Sep 15                  |       |
 * | O2   | —         | outbound | Proposal 50 %    | Aug 10  | Sep 20                  |       |
 * | O3   | —         | inbound  | Discovery 10 %   | Sep 1   | Dec 1                   |       |
 * | O4   | 8,000.00  | outbound | Solution Demo 25 %| Sep 5  | (none)                  |       |
 *
 * Every deal is qualified when created.
 */
describe.each(testDrivers())("deals without an amount on %s", (driver) => {
  let t: TestDatabase;
  const deal = (id: number, name: string, amount: string | null, source: string, stageId: number, created: string, closed: string | null, expectedClose: string | null = null): NewOpportunity => ({
    id, name, ownerId: ALICE, source, amount, stageId,
    status: stageId === 6 ? "won" : stageId === 7 ? "lost" : "open",
    createdAt: at(created), qualifiedAt: at(created), closedAt: closed ? at(closed) : null, expectedCloseDate: expectedClose,
  });

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    await db.insert(users).values({ id: ALICE, email: "alice@example.com", name: "Alice Rep", role: "sales", passwordHash: "x" });
    await db.insert(opportunities).values([
      deal(1, "W1", "20000.00", "inbound", 6, "2026-07-01", "2026-07-11"),
      deal(2, "W2", "10000.50", "outbound", 6, "2026-07-01", "2026-07-21"),
      deal(3, "W3", null, "inbound", 6, "2026-08-01", "2026-08-31"),
      deal(4, "L1", null, "outbound", 7, "2026-07-05", "2026-08-05"),
      deal(5, "O1", "40000.00", "inbound", 4, "2026-07-10", null, "2026-09-15"),
      deal(6, "O2", null, "outbound", 3, "2026-08-10", null, "2026-09-20"),
      deal(7, "O3", null, "inbound", 1, "2026-09-01", null, "2026-12-01"),
      deal(8, "O4", "8000.00", "outbound", 2, "2026-09-05", null),
    ]);
    await db.insert(quotas).values({ userId: ALICE, quarterStart: "2026-07-01", amount: "100000.00" });
  });
  afterAll(() => t.drop());

  it("counts them in N, won and lost, and sums only the amounts there are", async () => {
    // Qualified: all 8. Won W1, W2, W3; lost L1. Won amount 20,000.00 + 10,000.50 = 30,000.50 (W3 adds nothing, and is
    // counted as the one won deal without an amount); cycles 10 + 20 + 30 = 60 days over all three.
    const q3 = await velocityAggregates(t.handle.db, Q3);
    expect(q3).toEqual({ qualified: 8, won: 3, lost: 1, wonAmount: "30000.50", wonWithoutAmount: 1, wonCycleDays: 60 });
    // WR 3 ÷ 4 = 75 %; ADS 30,000.50 ÷ 2 = 15,000.25 (÷ 3 would be 10,000.17); L 60 ÷ 3 = 20 days;
    // V = 8 × 0.75 × 15,000.25 ÷ 20 = 4,500.075 a day.
    const f = velocityFigures(q3);
    expect(f.winRate.value).toBe(0.75);
    expect(f.averageDealSize.value).toBe(15_000.25);
    expect(f.salesCycleDays.value).toBe(20);
    expect(f.velocity.value).toBeCloseTo(4500.075, 9);
    expect(missingAmountsNote(f.wonAmounts, { kind: "won" })).toBe("1 of 3 won deals has no amount");
    // August alone: W3 is the only won deal and has no amount: ADS and V are undefined, WR and L are not.
    const august = velocityFigures(await velocityAggregates(t.handle.db, { from: "2026-08-01", to: "2026-08-31", timeZone: "UTC" }));
    expect(august.averageDealSize).toEqual({ value: null, reason: "the one won deal in this period has no amount" });
    expect(august.velocity.value).toBeNull();
    expect(august.winRate.value).toBe(0.5);
    expect(august.salesCycleDays.value).toBe(30);
  });

  it("segments: no amount is its own deal-size group, and each group counts its won deals without one", async () => {
    // Tier 0 (< 10k): O4. Tier 1: W1, W2, O1. No amount (null key): W3, L1, O2, O3.
    expect(await velocityBySegment(t.handle.db, Q3, "dealSizeTier", [10_000, 50_000])).toEqual([
      { key: "0", ...zeros, qualified: 1 },
      { key: "1", qualified: 3, won: 2, lost: 0, wonAmount: "30000.50", wonWithoutAmount: 0, wonCycleDays: 30 },
      { key: null, qualified: 4, won: 1, lost: 1, wonAmount: "0", wonWithoutAmount: 1, wonCycleDays: 30 },
    ]);
    // No bounds: every priced deal in tier "0", the others still apart.
    expect(await velocityBySegment(t.handle.db, Q3, "dealSizeTier", [])).toEqual([
      { key: "0", qualified: 4, won: 2, lost: 0, wonAmount: "30000.50", wonWithoutAmount: 0, wonCycleDays: 30 },
      { key: null, qualified: 4, won: 1, lost: 1, wonAmount: "0", wonWithoutAmount: 1, wonCycleDays: 30 },
    ]);
    // By source: inbound won W1 and W3 (20,000.00; one without an amount, cycles 10 + 30); outbound won W2, lost L1.
    expect(await velocityBySegment(t.handle.db, Q3, "source", [])).toEqual([
      { key: "inbound", qualified: 4, won: 2, lost: 0, wonAmount: "20000.00", wonWithoutAmount: 1, wonCycleDays: 40 },
      { key: "outbound", qualified: 4, won: 1, lost: 1, wonAmount: "10000.50", wonWithoutAmount: 0, wonCycleDays: 20 },
    ]);
  });

  it("pipeline: open, weighted, coverage inputs and created skip them and count them", async () => {
    // Open: O1 40,000.00 + O4 8,000.00 = 48,000.00 over 4 open deals, 2 without an amount (O2, O3).
    // Weighted: 40,000 × 75 % + 8,000 × 25 % = 32,000.00 (O2 and O3 add nothing).
    // Closing in Q3: O1 and O2: 40,000.00, 1 of 2 without. Won in Q3: W1, W2, W3: 30,000.50, 1 of 3 without.
    expect(await pipelineSnapshot(t.handle.db, { today: "2026-09-10", timeZone: "UTC" })).toEqual({
      openPipeline: "48000.00", weightedPipeline: "32000.00", openDeals: 4, openWithoutAmount: 2,
      openClosingInQuarter: "40000.00", closingInQuarterDeals: 2, closingInQuarterWithoutAmount: 1,
      wonInQuarter: "30000.50", wonInQuarterDeals: 3, wonInQuarterWithoutAmount: 1,
      quota: "100000.00", quarterStart: "2026-07-01", quarterEnd: "2026-09-30",
    });
    // Created in Q3: all 8; 20,000.00 + 10,000.50 + 40,000.00 + 8,000.00 = 78,000.50; W3, L1, O2, O3 have no amount.
    expect(await pipelineCreated(t.handle.db, Q3)).toEqual({ amount: "78000.50", deals: 8, withoutAmount: 4 });
    // September: O3 (none) and O4 (8,000.00).
    expect(await pipelineCreated(t.handle.db, { from: "2026-09-01", to: "2026-09-30", timeZone: "UTC" })).toEqual({ amount: "8000.00", deals: 2, withoutAmount: 1 });
    expect(missingAmountsNote({ deals: 4, withoutAmount: 2 }, { kind: "open" })).toBe("2 of 4 open deals have no amount");
  });

  it("the weekly trend counts them as the period aggregates do", async () => {
    // Sunday Sep 6, a 91-day window [Jun 8, Sep 6]: everything above.
    expect(await weeklyTrend(t.handle.db, { today: "2026-09-06", timeZone: "UTC", weeks: 1, windowDays: 91 })).toEqual([
      { weekEnd: "2026-09-06", qualified: 8, won: 3, lost: 1, wonAmount: "30000.50", wonWithoutAmount: 1, wonCycleDays: 60 },
    ]);
  });
});
