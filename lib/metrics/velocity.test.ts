import { describe, expect, it } from "vitest";
import { toCents } from "./figure";
import { averageDealSize, leverAnalysis, scenarios, velocityFigures, velocityOf, type LeverValues } from "./velocity";

const current: LeverValues = { qualifiedOpportunities: 50, winRate: 0.22, averageDealSize: 18_000, salesCycleDays: 45 };
const cents = (v: number | null) => (v === null ? null : toCents(v));
const pct1 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

describe("pipeline velocity: the METRICS §1 vectors", () => {
  it("current: 50 × 22 % × 18,000 ÷ 45 = 4,400.00 a day", () => {
    expect(cents(velocityOf(current).value)).toBe(4400);
  });

  it("the five rows of the lever analysis at 15 %", () => {
    const rows = leverAnalysis(current, 0.15);
    expect(rows.map((r) => r.change)).toEqual(["qualifiedOpportunities", "winRate", "averageDealSize", "salesCycleDays", "all"]);
    expect(rows.map((r) => cents(r.velocity.value))).toEqual([5060, 5060, 5060, 5176.47, 7872.76]);
    expect(rows.map((r) => pct1(r.velocityChange.value))).toEqual([15, 15, 15, 17.6, 78.9]);
    const all = rows[4]!.values;
    expect(all.qualifiedOpportunities).toBeCloseTo(57.5, 10);
    expect(all.winRate).toBeCloseTo(0.253, 10);
    expect(all.averageDealSize).toBeCloseTo(20_700, 10);
    expect(all.salesCycleDays).toBeCloseTo(38.25, 10);
  });

  it("all four at ±10 %, ±20 %, ±30 %", () => {
    const all = scenarios(current, [0.1, 0.2, 0.3]).map((s) => s.rows.find((r) => r.change === "all")!);
    expect(all.map((r) => cents(r.velocity.value))).toEqual([6507.11, 9504, 13809.71]);
    expect(all.map((r) => pct1(r.velocityChange.value))).toEqual([47.9, 116, 213.9]);
  });
});

describe("pipeline velocity: edge cases", () => {
  it("caps the improved win rate at 100 %", () => {
    const rows = leverAnalysis({ ...current, winRate: 0.95 }, 0.15);
    expect(rows[1]!.values.winRate).toBe(1);
    expect(rows[4]!.values.winRate).toBe(1);
  });

  it("is undefined, with a reason, for a zero-day cycle", () => {
    expect(velocityOf({ ...current, salesCycleDays: 0 })).toEqual({ value: null, reason: "the sales cycle is zero days" });
  });

  it("derives the levers from SQL aggregates", () => {
    const f = velocityFigures({ qualified: 50, won: 11, lost: 39, wonAmount: "198000.00", wonWithoutAmount: 0, wonCycleDays: 495 });
    expect(f.winRate.value).toBe(0.22);
    expect(f.averageDealSize.value).toBe(18_000);
    expect(f.salesCycleDays.value).toBe(45);
    expect(cents(f.velocity.value)).toBe(4400);
  });

  it("says why when there are no closed or no won deals", () => {
    const none = velocityFigures({ qualified: 12, won: 0, lost: 0, wonAmount: "0", wonWithoutAmount: 0, wonCycleDays: 0 });
    expect(none.winRate).toEqual({ value: null, reason: "no closed deals in this period" });
    expect(none.velocity).toEqual({ value: null, reason: "no closed deals in this period" });
    const noWins = velocityFigures({ qualified: 12, won: 0, lost: 4, wonAmount: "0", wonWithoutAmount: 0, wonCycleDays: 0 });
    expect(noWins.winRate.value).toBe(0);
    expect(noWins.averageDealSize).toEqual({ value: null, reason: "no won deals in this period" });
    expect(noWins.velocity.value).toBeNull();
  });

  it("is zero, not undefined, when deals close but none was qualified in the period", () => {
    const f = velocityFigures({ qualified: 0, won: 2, lost: 2, wonAmount: "20000", wonWithoutAmount: 0, wonCycleDays: 60 });
    expect(f.velocity.value).toBe(0);
  });
});

describe("pipeline velocity: deals without an amount (the docs/metrics.md §1 vector)", () => {
  // 50 qualified; 11 won, 39 lost; 3 of the 11 won have no amount, the other 8 sum to 144,000.00; 495 cycle days.
  const aggregates = { qualified: 50, won: 11, lost: 39, wonAmount: "144000.00", wonWithoutAmount: 3, wonCycleDays: 495 };

  it("counts them in N, win rate and cycle, and leaves them out of average deal size", () => {
    const f = velocityFigures(aggregates);
    expect(f.qualifiedOpportunities.value).toBe(50);
    expect(f.winRate.value).toBe(0.22); // 11 ÷ 50, the 3 included
    expect(f.salesCycleDays.value).toBe(45); // 495 ÷ 11, the 3 included
    expect(f.averageDealSize.value).toBe(18_000); // 144,000 ÷ 8, not ÷ 11
    expect(cents(f.velocity.value)).toBe(4400); // 50 × 22 % × 18,000 ÷ 45
    expect(f.wonAmounts).toEqual({ deals: 11, withoutAmount: 3 });
  });

  it("reading a missing amount as 0 would understate velocity: 3,200.00 instead of 4,400.00", () => {
    const asZero = velocityFigures({ ...aggregates, wonWithoutAmount: 0 });
    expect(cents(asZero.averageDealSize.value)).toBe(13_090.91);
    expect(cents(asZero.velocity.value)).toBe(3200);
  });

  it("is undefined, with a reason, when no won deal has an amount; win rate and cycle stay defined", () => {
    const f = velocityFigures({ qualified: 5, won: 2, lost: 2, wonAmount: "0", wonWithoutAmount: 2, wonCycleDays: 60 });
    expect(f.averageDealSize).toEqual({ value: null, reason: "none of the 2 won deals in this period has an amount" });
    expect(f.velocity).toEqual({ value: null, reason: "none of the 2 won deals in this period has an amount" });
    expect(f.winRate.value).toBe(0.5);
    expect(f.salesCycleDays.value).toBe(30);
    expect(averageDealSize({ qualified: 1, won: 1, lost: 0, wonAmount: "0", wonWithoutAmount: 1, wonCycleDays: 3 })).toEqual({
      value: null,
      reason: "the one won deal in this period has no amount",
    });
  });

  it("every deal priced: the figures of the playbook vector, and nothing left out", () => {
    const f = velocityFigures({ ...aggregates, wonAmount: "198000.00", wonWithoutAmount: 0 });
    expect(f.averageDealSize.value).toBe(18_000);
    expect(f.wonAmounts).toEqual({ deals: 11, withoutAmount: 0 });
  });
});
