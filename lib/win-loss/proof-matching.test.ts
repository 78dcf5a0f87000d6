import { describe, expect, it } from "vitest";
import { bestMatches, dealSizeBand, gapGroups, gapLabel, MATCH_FLOOR, scoreStory, sizeBandOfEmployees, sizeBandOfSegment, type DealProfile, type ProofStory } from "./proof-matching";

const story = (id: number, fields: Partial<ProofStory>): ProofStory => ({ id, title: `Story ${id}`, industry: null, sizeBand: null, useCase: null, competitor: null, objection: null, stageId: null, ...fields });
const deal = (fields: Partial<DealProfile>): DealProfile => ({ industry: null, employees: null, segment: null, useCase: null, competitor: null, objection: null, stageId: null, ...fields });
const stageName = (id: number) => ["", "Discovery", "Solution Demo", "Proposal"][id] ?? `stage #${id}`;

describe("size bands", () => {
  it("reads employees at the band edges, and a segment as CRMs write it", () => {
    expect([1, 199, 200, 999, 1000].map(sizeBandOfEmployees)).toEqual(["smb", "smb", "mid_market", "mid_market", "enterprise"]);
    expect(["Mid-Market", "mid market", "SMB", "Small business", "Enterprise", "Strategic", "", null].map(sizeBandOfSegment)).toEqual(["mid_market", "mid_market", "smb", "smb", "enterprise", null, null, null]);
  });
  it("prefers the account's employees to the segment", () => {
    expect(dealSizeBand({ employees: 1500, segment: "SMB" })).toBe("enterprise");
    expect(dealSizeBand({ employees: null, segment: "SMB" })).toBe("smb");
    expect(dealSizeBand({ employees: null, segment: null })).toBeNull();
  });
});

describe("scoreStory", () => {
  it("adds the points of each shared attribute and says why, strongest first", () => {
    const profile = deal({ industry: "Financial Services", employees: 450, useCase: "Lead routing", competitor: "PipeIQ", objection: "Security review", stageId: 3 });
    const all = story(1, { industry: "financial  services", sizeBand: "mid_market", useCase: "lead routing", competitor: "PipeIQ", objection: "security review", stageId: 3 });
    expect(scoreStory(profile, all, stageName)).toEqual({
      score: 3 + 3 + 2 + 2 + 2 + 1,
      reasons: [
        "Same industry: financial  services",
        "Switched from PipeIQ, the competitor on this deal",
        "Same use case: lead routing",
        "Answers the objection: security review",
        "Similar size: Mid-market",
        "Helps at Proposal, the deal's stage",
      ],
    });
  });
  it("never matches on blanks: an unknown attribute on both sides is not shared", () => {
    expect(scoreStory(deal({}), story(1, {}))).toEqual({ score: 0, reasons: [] });
    expect(scoreStory(deal({ industry: " " }), story(1, { industry: " " })).score).toBe(0);
  });
  it("reads “&” as “and”", () => {
    expect(scoreStory(deal({ industry: "Marketing & Advertising" }), story(1, { industry: "Marketing and Advertising" })).score).toBe(3);
  });
});

describe("bestMatches and the gap floor", () => {
  const profile = deal({ industry: "Fintech", segment: "Mid-Market", useCase: "Lead routing", competitor: "RevSight", stageId: 2 });
  const stories = [
    story(1, { industry: "Fintech", stageId: 2 }), // 4: at the floor
    story(2, { useCase: "Lead routing" }), // 2: under it
    story(3, { sizeBand: "mid_market", stageId: 2 }), // 3: size and stage alone, under it
    story(6, { useCase: "Lead routing", sizeBand: "mid_market" }), // 4: at the floor
    story(4, { industry: "Fintech", competitor: "RevSight" }), // 6
    story(5, { useCase: "Lead routing", sizeBand: "mid_market", industry: "Fintech" }), // 7
  ];
  it("keeps the best three at or above the floor, most points first, the newer story first on a tie", () => {
    const best = bestMatches(profile, stories);
    expect(best.map((m) => [m.story.id, m.score])).toEqual([
      [5, 7],
      [4, 6],
      [6, 4],
    ]);
    expect(bestMatches(profile, stories, undefined, 5).map((m) => [m.story.id, m.score])).toEqual([
      [5, 7],
      [4, 6],
      [6, 4],
      [1, 4],
    ]);
    expect(MATCH_FLOOR).toBe(4);
  });
  it("is a gap when no story reaches the floor", () => {
    expect(bestMatches(profile, [stories[1]!, stories[2]!])).toEqual([]);
    expect(bestMatches(profile, [stories[0]!]).map((m) => m.story.id)).toEqual([1]);
  });
  it("groups the deals no story matches by their profile", () => {
    const groups = gapGroups(
      [
        { id: 10, amount: "1000.00", profile: deal({ industry: "Healthcare", employees: 150, useCase: "Forecasting" }) },
        { id: 11, amount: null, profile: deal({ industry: "healthcare", segment: "SMB", useCase: "forecasting" }) },
        { id: 12, amount: "5.00", profile },
        { id: 13, amount: "7.00", profile: deal({ industry: "Retail", competitor: "PipeIQ" }) },
      ],
      [story(1, { industry: "Fintech", stageId: 2 })],
    );
    expect(groups.map((g) => [gapLabel(g.profile), g.dealIds])).toEqual([
      ["Healthcare · SMB · Forecasting", [10, 11]],
      ["Retail · Size unknown · Use case unknown · against PipeIQ", [13]],
    ]);
  });
});
