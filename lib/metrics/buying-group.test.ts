import { describe, expect, it } from "vitest";
import { coverage, gapAnalysis, knownChampions, threading, threadingOf, type BuyingGroupMember } from "./buying-group";

const now = new Date("2026-11-24T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const m = (name: string, role: BuyingGroupMember["role"], status: BuyingGroupMember["status"], touched: number | null = 1): BuyingGroupMember => ({
  name,
  role,
  status,
  lastTouchAt: touched === null ? null : daysAgo(touched),
});

describe("coverage (METRICS §5)", () => {
  it("counts roles, not contacts, at each status, each status implying the one before", () => {
    const members = [
      m("Ana", "economic_buyer", "active"),
      m("Raj", "technical_evaluator", "engaged"),
      m("Lee", "technical_evaluator", "identified"),
      m("Kim", "end_user", "identified"),
      m("Zoe", null, "active"),
    ];
    expect(coverage(members)).toEqual({ identified: 3, engaged: 2, active: 1 });
  });

  it("is 0/5 for an empty map and 5/5 for a full, active one", () => {
    expect(coverage([])).toEqual({ identified: 0, engaged: 0, active: 0 });
    const full = (["economic_buyer", "champion", "technical_evaluator", "end_user", "blocker_influencer"] as const).map((r) => m(r, r, "active"));
    expect(coverage(full)).toEqual({ identified: 5, engaged: 5, active: 5 });
  });
});

describe("threading", () => {
  it("is multi at 3 engaged or active contacts, single at most 1, partial at 2", () => {
    expect(threading([m("a", "champion", "engaged"), m("b", "end_user", "active"), m("c", null, "engaged")])).toBe("multi");
    expect(threading([m("a", "champion", "engaged"), m("b", "end_user", "active")])).toBe("partial");
    expect(threading([m("a", "champion", "engaged"), m("b", "end_user", "identified"), m("c", null, "identified")])).toBe("single");
    expect(threading([])).toBe("single");
    expect([0, 1, 2, 3, 7].map(threadingOf)).toEqual(["single", "single", "partial", "multi", "multi"]);
  });
});

describe("gapAnalysis", () => {
  it("names missing, under-engaged and gone-dark roles with an action and the role's asset", () => {
    const gaps = gapAnalysis(
      [
        m("Ana", "economic_buyer", "active", 3),
        m("Cleo", "champion", "engaged", 31),
        m("Raj", "technical_evaluator", "identified", 2),
        m("Uma", "end_user", "engaged", 30),
      ],
      { now, darkAfterDays: 30 },
    );
    expect(gaps.map((g) => [g.role, g.kind, g.contacts])).toEqual([
      ["champion", "gone_dark", ["Cleo"]],
      ["technical_evaluator", "under_engaged", ["Raj"]],
      ["blocker_influencer", "missing", []],
    ]);
    expect(gaps[0]!.action).toBe("Re-engage Cleo: no touch in 30 days; share the business case template, competitive comparison.");
    expect(gaps[1]!.asset).toBe("Architecture doc, security whitepaper");
    expect(gaps[2]!.action).toMatch(/^Identify the Blocker \/ Influencer/);
  });

  it("counts an engaged contact never touched as gone dark, and follows the dark-after setting", () => {
    expect(gapAnalysis([m("Cleo", "champion", "engaged", null)], { now, darkAfterDays: 30 }).find((g) => g.role === "champion")?.kind).toBe("gone_dark");
    expect(gapAnalysis([m("Cleo", "champion", "engaged", 10)], { now, darkAfterDays: 7 }).find((g) => g.role === "champion")?.kind).toBe("gone_dark");
    expect(gapAnalysis([m("Cleo", "champion", "engaged", 10)], { now, darkAfterDays: 14 }).find((g) => g.role === "champion")).toBeUndefined();
  });
});

describe("gap actions follow the map's Champion", () => {
  const others = [m("Ana", "economic_buyer", "active"), m("Raj", "technical_evaluator", "engaged"), m("Uma", "end_user", "engaged")];
  const blockerAction = (members: BuyingGroupMember[]) => gapAnalysis(members, { now, darkAfterDays: 30 }).find((g) => g.role === "blocker_influencer")!.action;

  it("says to ask the Champion, by name, only when the map has one Engaged or Active", () => {
    expect(blockerAction([...others, m("Cleo", "champion", "engaged")])).toBe(
      "Identify the Blocker / Influencer (ask Cleo, your Champion, who owns risk mitigation), then send the migration plan, SLA documentation.",
    );
    expect(blockerAction([...others, m("Cleo", "champion", "active"), m("Dev", "champion", "engaged")])).toContain("(ask Cleo or Dev, your Champions, who owns risk mitigation)");
  });

  it("never says to ask a champion when the map has none, or only one identified", () => {
    for (const members of [others, [...others, m("Cleo", "champion", "identified")], []]) {
      const gaps = gapAnalysis(members, { now, darkAfterDays: 30 });
      for (const gap of gaps) expect(gap.action).not.toMatch(/ask .*champion/i);
      expect(blockerAction(members)).toBe(
        "Identify the Blocker / Influencer: find who owns risk mitigation (there is no engaged Champion to ask yet), then send the migration plan, SLA documentation.",
      );
    }
  });

  it("asks to find a Champion when that role is missing, not to ask one", () => {
    const champion = gapAnalysis(others, { now, darkAfterDays: 30 }).find((g) => g.role === "champion")!;
    expect(champion).toMatchObject({ kind: "missing" });
    expect(champion.action).toBe("Find a Champion: someone at the account who would drive the evaluation and sell it internally, then send the business case template, competitive comparison.");
  });

  it("knows a champion only when one in the Champion role is Engaged or Active", () => {
    expect(knownChampions([m("Cleo", "champion", "identified"), m("Zoe", null, "active"), m("Ana", "economic_buyer", "active")])).toEqual([]);
    expect(knownChampions([m("Cleo", "champion", "engaged"), m("Dev", "champion", "identified"), m("Eve", "champion", "active")])).toEqual(["Cleo", "Eve"]);
  });
});
