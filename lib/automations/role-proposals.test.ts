import { describe, expect, it } from "vitest";
import { proposeRole } from "./role-proposals";

describe("proposeRole", () => {
  it("reads the title first", () => {
    expect(proposeRole({ title: "VP Finance", seniority: "vp", signalTypes: [] })).toEqual({ role: "economic_buyer", reason: "Title “VP Finance” reads as Economic Buyer" });
    expect(proposeRole({ title: "Senior Data Engineer", seniority: "individual_contributor", signalTypes: ["demo_request"] })).toEqual({
      role: "technical_evaluator",
      reason: "Title “Senior Data Engineer” reads as Technical Evaluator",
    });
    expect(proposeRole({ title: "Procurement Lead", seniority: null, signalTypes: [] })?.role).toBe("blocker_influencer");
  });

  it("falls back on the seniority when the title says nothing, then on what the contact did", () => {
    expect(proposeRole({ title: "Office Person", seniority: "c_level", signalTypes: [] })).toEqual({ role: "economic_buyer", reason: "C-level seniority reads as Economic Buyer" });
    expect(proposeRole({ title: null, seniority: "individual_contributor", signalTypes: [] })?.role).toBe("end_user");
    expect(proposeRole({ title: "  ", seniority: null, signalTypes: ["newsletter_open", "pricing_page_depth"] })).toEqual({
      role: "champion",
      reason: "They asked for a demo or read pricing in depth: behaves like a Champion",
    });
    expect(proposeRole({ title: null, seniority: null, signalTypes: ["competitor_comparison"] })?.role).toBe("technical_evaluator");
    expect(proposeRole({ title: null, seniority: null, signalTypes: ["trial_signup"] })?.role).toBe("end_user");
  });

  it("proposes nothing when nothing says, and never a role the rep turned down", () => {
    expect(proposeRole({ title: "Office Person", seniority: null, signalTypes: ["newsletter_open"] })).toBeNull();
    // Turned down as Champion: the seniority's Champion gives way to the behaviour's Technical Evaluator.
    expect(proposeRole({ title: "Operations Manager", seniority: "manager", signalTypes: ["review_site_research"] }, new Set(["champion"]))).toEqual({
      role: "technical_evaluator",
      reason: "They compared products on review sites or comparison pages: behaves like a Technical Evaluator",
    });
    expect(proposeRole({ title: "Operations Manager", seniority: "manager", signalTypes: [] }, new Set(["champion"]))).toBeNull();
  });

  it("keeps a long title short in the reason", () => {
    const reason = proposeRole({ title: `Head of ${"x".repeat(200)}`, seniority: null, signalTypes: [] })!.reason;
    expect(reason.length).toBeLessThan(120);
  });
});
