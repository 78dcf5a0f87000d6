import { describe, expect, it } from "vitest";
import { competitorRows, factComparisons, lossPoints, lossSentence, paretoBars, quarterLabel, quartersEnding, reasonTable, winRateGroups, type ReasonCount } from "./win-loss";

/** docs/metrics.md §9, worked example: 40 deals lost in the period. */
const lost: ReasonCount[] = [
  { reason: "Price", mapped: true, deals: 12, amount: "240000.00", withoutAmount: 1 },
  { reason: "No decision / status quo", mapped: true, deals: 9, amount: "90000.00", withoutAmount: 0 },
  { reason: "Lost to competitor", mapped: true, deals: 7, amount: "210000.00", withoutAmount: 0 },
  { reason: "Went dark after proposal", mapped: true, deals: 4, amount: "20000.00", withoutAmount: 0 },
  { reason: "Budget freeze", mapped: true, deals: 3, amount: "45000.00", withoutAmount: 0 },
  { reason: "Missing feature", mapped: true, deals: 1, amount: "30000.00", withoutAmount: 0 },
  { reason: "too pricey for now", mapped: false, deals: 1, amount: "5000.00", withoutAmount: 0 },
  { reason: null, mapped: false, deals: 3, amount: "15000.00", withoutAmount: 0 },
];

const pct = (x: number | undefined) => Number(((x ?? Number.NaN) * 100).toFixed(1));

describe("reasonTable", () => {
  const table = reasonTable(lost, 40);

  it("names the five most frequent reasons with their share of the lost deals and its 95 % interval", () => {
    expect(table.top.map((r) => r.reason)).toEqual(["Price", "No decision / status quo", "Lost to competitor", "Went dark after proposal", "Budget freeze"]);
    expect(table.top.map((r) => [pct(r.share.rate!), pct(r.share.interval?.low), pct(r.share.interval?.high)])).toEqual([
      [30, 18.1, 45.4],
      [22.5, 12.3, 37.5],
      [17.5, 8.7, 31.9],
      [10, 4, 23.1],
      [7.5, 2.6, 19.9],
    ]);
    expect(table.top[0]).toMatchObject({ amount: "240000.00", withoutAmount: 1 });
  });

  it("counts the reasons beyond the top together, and the deals without a reason apart", () => {
    expect(table.others).toEqual({ reasons: 2, deals: 2 });
    expect(table.none).toMatchObject({ deals: 3, amount: "15000.00" });
    expect(pct(table.none!.share.rate!)).toBe(7.5);
    expect(table.top.reduce((s, r) => s + r.deals, 0) + table.others.deals + table.none!.deals).toBe(40);
  });

  it("breaks a tie in deals by money, and has no shares when nothing closed", () => {
    const tie = reasonTable(
      [
        { reason: "A", mapped: true, deals: 2, amount: "100.00", withoutAmount: 0 },
        { reason: "B", mapped: true, deals: 2, amount: "900.00", withoutAmount: 0 },
      ],
      4,
      1,
    );
    expect(tie.top.map((r) => r.reason)).toEqual(["B"]);
    expect(tie.none).toBeNull();
    const empty = reasonTable([], 0);
    expect(empty).toEqual({ closed: 0, top: [], others: { reasons: 0, deals: 0 }, none: null });
  });
});

describe("paretoBars", () => {
  it("gives each loss reason's money and the running share of all money lost", () => {
    const bars = paretoBars(
      [
        { reason: "Price", amount: "240000.00", cumulativeAmount: "240000.00" },
        { reason: "Lost to competitor", amount: "210000.00", cumulativeAmount: "450000.00" },
        { reason: "No decision / status quo", amount: "90000.00", cumulativeAmount: "540000.00" },
        { reason: null, amount: "115000.00", cumulativeAmount: "655000.00" },
      ],
      "655000.00",
    );
    expect(bars.map((b) => pct(b.cumulativeShare))).toEqual([36.6, 68.7, 82.4, 100]);
    expect(paretoBars([], "0")).toEqual([]);
  });
});

describe("winRateGroups", () => {
  it("gives each group its n and interval, marks n < 30 too small to judge, and puts the deals with none last", () => {
    const groups = winRateGroups([
      { key: null, won: 2, lost: 1 },
      { key: "Mid-market", won: 5, lost: 12 },
      { key: "Enterprise", won: 9, lost: 21 },
      { key: "SMB", won: 0, lost: 0 },
    ]);
    expect(groups.map((g) => g.key)).toEqual(["Enterprise", "Mid-market", null]);
    expect(groups.map((g) => [g.winRate.n, pct(g.winRate.rate!), pct(g.winRate.interval?.low), pct(g.winRate.interval?.high), g.tooSmallToJudge])).toEqual([
      [30, 30, 16.7, 47.9, false],
      [17, 29.4, 13.3, 53.1, true],
      [3, 66.7, 20.8, 93.9, true],
    ]);
  });
});

describe("competitorRows", () => {
  it("gives deals met, win rate against each, money lost, and the win rate in each of the last four quarters", () => {
    const quarters = quartersEnding("2026-11-15");
    expect(quarters.map(quarterLabel)).toEqual(["Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"]);
    expect(quarters[0]).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    const rows = competitorRows(
      [
        { key: "PipeIQ", won: 3, lost: 12, lostAmount: "300000.00", lostWithoutAmount: 1, mapped: true },
        { key: "Forecastly", won: 14, lost: 6, lostAmount: "90000.00", lostWithoutAmount: 0, mapped: true },
      ],
      [
        { key: "Forecastly", quarterStart: "2026-07-01", won: 4, lost: 1 },
        { key: "Forecastly", quarterStart: "2026-10-01", won: 3, lost: 3 },
      ],
      quarters,
    );
    expect(rows.map((r) => [r.key, r.met, pct(r.winRate.rate!), pct(r.winRate.interval?.low), pct(r.winRate.interval?.high), r.lostAmount])).toEqual([
      ["Forecastly", 20, 70, 48.1, 85.5, "90000.00"],
      ["PipeIQ", 15, 20, 7, 45.2, "300000.00"],
    ]);
    expect(rows[0]!.trend.map((t) => [t.label, t.winRate.n, t.winRate.rate])).toEqual([
      ["Q1 2026", 0, null],
      ["Q2 2026", 0, null],
      ["Q3 2026", 5, 0.8],
      ["Q4 2026", 6, 0.5],
    ]);
  });
});

describe("lossPoints", () => {
  it("puts the largest first and says each in words", () => {
    const rows = lossPoints(
      [
        { stageId: 2, stageName: "Solution Demo", reason: "No budget", segment: "SMB", deals: 3, amount: "9000.00", withoutAmount: 0 },
        { stageId: 3, stageName: "Proposal", reason: "Price", segment: "Mid-market", deals: 5, amount: "100000.00", withoutAmount: 0 },
        { stageId: 3, stageName: "Proposal", reason: "Went dark after proposal", segment: "Mid-market", deals: 3, amount: "60000.00", withoutAmount: 0 },
      ],
      11,
    );
    expect(rows.map((r) => r.sentence)).toEqual([
      "Lost at Proposal on Price, Mid-market",
      "Lost at Proposal on Went dark after proposal, Mid-market",
      "Lost at Solution Demo on No budget, SMB",
    ]);
    expect(pct(rows[0]!.share.rate!)).toBe(45.5);
    expect(lossSentence({ stageName: null, reason: null, segment: null })).toBe("Lost at an unknown stage with no reason recorded, no segment");
  });
});

describe("factComparisons", () => {
  it("compares each fact's won and lost means with Welch's t, and has no test with a side missing", () => {
    const rows = factComparisons([
      { fact: "cycleDays", outcome: "won", n: 12, mean: 40, variance: 100 },
      { fact: "cycleDays", outcome: "lost", n: 30, mean: 60, variance: 400 },
      { fact: "engagedContacts", outcome: "won", n: 12, mean: 2.5, variance: 1 },
      { fact: "engagedContacts", outcome: "lost", n: 30, mean: 2.2, variance: 1.2 },
      { fact: "touches", outcome: "lost", n: 30, mean: 5, variance: 4 },
    ]);
    expect(rows.map((r) => [r.fact, r.test?.difference ?? null, r.test?.beyondNoise ?? null])).toEqual([
      ["cycleDays", -20, true],
      ["engagedContacts", 2.5 - 2.2, false],
      ["rolesCovered", null, null],
      ["touches", null, null],
    ]);
  });
});
