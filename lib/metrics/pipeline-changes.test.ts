import { describe, expect, it } from "vitest";
import { contributionOf, movementKeysOf, movesOf, pipelineChanges, pipelineMoves, waterfallMoves, type DealMovementGroup, type PipelineChanges, type PipelineMove } from "./pipeline-changes";

const g = (start: DealMovementGroup["start"], end: DealMovementGroup["end"], startAmount: string, endAmount: string, deals = 1): DealMovementGroup => ({
  start,
  end,
  amountChange: Number(endAmount) > Number(startAmount) ? 1 : Number(endAmount) < Number(startAmount) ? -1 : 0,
  deals,
  startAmount,
  endAmount,
});

describe("movesOf", () => {
  it("moves a deal in the window at both ends by its amount change only", () => {
    expect(movesOf("in", "in", 100n, 150n)).toEqual([["increased", 50n]]);
    expect(movesOf("in", "in", 100n, 100n)).toEqual([]);
  });
  it("lets a deal leave at its end amount, its change before leaving counted as such", () => {
    expect(movesOf("in", "won", 5_000_000n, 6_000_000n)).toEqual([["increased", 1_000_000n], ["won", -6_000_000n]]);
    expect(movesOf("in", "after", 100n, 80n)).toEqual([["decreased", -20n], ["pushed_out", -80n]]);
    expect(movesOf("in", "before", 100n, 100n)).toEqual([["other", -100n]]);
  });
  it("brings deals in as new, pulled in or other, and counts those that came and closed in the period both ways", () => {
    expect(movesOf("absent", "in", 0n, 70n)).toEqual([["new", 70n]]);
    expect(movesOf("after", "in", 70n, 90n)).toEqual([["pulled_in", 90n]]);
    expect(movesOf("undated", "in", 0n, 10n)).toEqual([["other", 10n]]);
    expect(movesOf("absent", "won", 0n, 40n)).toEqual([["new", 40n], ["won", -40n]]);
    expect(movesOf("after", "lost", 40n, 40n)).toEqual([["pulled_in", 40n], ["lost", -40n]]);
  });
  it("ignores deals outside the window at both ends and deals closed before the period", () => {
    expect(movesOf("after", "after", 10n, 20n)).toEqual([]);
    expect(movesOf("won", "won", 10n, 10n)).toEqual([]);
    expect(movesOf("absent", "after", 0n, 10n)).toEqual([]);
  });
});

describe("pipelineChanges (docs/metrics.md worked example)", () => {
  const groups = [
    g("in", "in", "100000.00", "100000.00", 3),
    g("in", "in", "20000.00", "25000.50"),
    g("in", "in", "30000.00", "18000.00"),
    g("absent", "in", "0", "12000.00", 2),
    g("after", "in", "40000.00", "40000.00"),
    g("in", "after", "15000.00", "15000.00"),
    g("in", "won", "50000.00", "60000.00"),
    g("in", "lost", "8000.25", "8000.25"),
    g("absent", "won", "0", "5000.00"),
    g("undated", "in", "0", "7000.00"),
  ];
  const flow = pipelineChanges(groups);

  it("adds up: start + every move = end, to the cent", () => {
    expect(flow.start).toBe("223000.25");
    expect(flow.end).toBe("202000.50");
    expect(flow.moves).toEqual({
      new: { amount: "17000.00", deals: 3 },
      pulled_in: { amount: "40000.00", deals: 1 },
      increased: { amount: "15000.50", deals: 2 },
      pushed_out: { amount: "-15000.00", deals: 1 },
      decreased: { amount: "-12000.00", deals: 1 },
      won: { amount: "-65000.00", deals: 2 },
      lost: { amount: "-8000.25", deals: 1 },
      other: { amount: "7000.00", deals: 1 },
    });
    const cents = (d: string) => BigInt(d.replace(".", ""));
    const sum = Object.values(flow.moves).reduce((a, m) => a + cents(m.amount), cents(flow.start));
    expect(sum).toBe(cents(flow.end));
    expect([flow.startDeals, flow.endDeals]).toEqual([8, 9]);
  });
  it("selects the deals behind each bar by the same rule", () => {
    expect(movementKeysOf("new")).toEqual(expect.arrayContaining(["absent:in:1", "absent:won:1", "absent:lost:0"]));
    expect(movementKeysOf("increased")).toEqual(expect.arrayContaining(["in:in:1", "in:won:1"]));
    expect(movementKeysOf("increased")).not.toContain("in:in:0");
    expect(movementKeysOf("pushed_out")).toEqual(["in:after:-1", "in:after:0", "in:after:1"]);
  });
});

describe("waterfallMoves", () => {
  const flow = (start: string, amounts: Partial<Record<PipelineMove, string>>): PipelineChanges => ({
    start,
    end: "0",
    startDeals: 0,
    endDeals: 0,
    moves: Object.fromEntries(pipelineMoves.map((m) => [m, { amount: amounts[m] ?? "0.00", deals: 0 }])) as PipelineChanges["moves"],
  });
  /** The lowest the running total reaches, drawing the bars in the waterfall's order. */
  const lowest = (f: PipelineChanges) => {
    let running = Number(f.start);
    let low = running;
    for (const m of waterfallMoves(f.moves)) low = Math.min(low, (running += Number(f.moves[m].amount)));
    return low;
  };

  it("draws other moves that add with the increases, before anything is taken away", () => {
    // Nothing at the start; a past-due deal moved in (+6,000) and then lost along with others: in the
    // table's order the running total would sink to −6,000 before other moves brought it back.
    const f = flow("0.00", { lost: "-6000.00", other: "6000.00" });
    expect(waterfallMoves(f.moves)).toEqual(["new", "pulled_in", "increased", "other", "pushed_out", "decreased", "won", "lost"]);
    expect(lowest(f)).toBe(0);
  });

  it("draws other moves that take away after the other decreases, and keeps every bar once", () => {
    const f = flow("100.00", { new: "50.00", other: "-30.00", won: "-120.00" });
    const order = waterfallMoves(f.moves);
    expect(order).toEqual(["new", "pulled_in", "increased", "pushed_out", "decreased", "won", "lost", "other"]);
    expect([...order].sort()).toEqual([...pipelineMoves].sort());
    expect(lowest(f)).toBe(0);
  });
});

describe("contributionOf", () => {
  it("gives each deal its part of a bar, a deal that came in and closed counting in both", () => {
    expect(contributionOf("increased", "in", "won", 1_400_000n, 1_500_000n)).toBe(100_000n);
    expect(contributionOf("won", "in", "won", 1_400_000n, 1_500_000n)).toBe(-1_500_000n);
    expect(contributionOf("new", "absent", "won", 0n, 400_000n)).toBe(400_000n);
    expect(contributionOf("won", "absent", "won", 0n, 400_000n)).toBe(-400_000n);
    expect(contributionOf("lost", "in", "in", 100n, 90n)).toBe(0n);
  });
});
