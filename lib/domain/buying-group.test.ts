import { describe, expect, it } from "vitest";
import { suggestRoleFromTitle } from "./buying-group";

describe("suggestRoleFromTitle", () => {
  it.each([
    ["Chief Financial Officer", "economic_buyer"],
    ["VP of Sales", "economic_buyer"],
    ["Head of Revenue", "economic_buyer"],
    ["CTO", "technical_evaluator"],
    ["Senior Solutions Architect", "technical_evaluator"],
    ["VP Engineering", "technical_evaluator"],
    ["Director of Sales Operations", "champion"],
    ["RevOps Manager", "champion"],
    ["Sales Development Rep", "end_user"],
    ["Financial Analyst", "end_user"],
    ["Procurement Manager", "blocker_influencer"],
    ["General Counsel", "blocker_influencer"],
  ] as const)("%s → %s", (title, role) => {
    expect(suggestRoleFromTitle(title)).toBe(role);
  });

  it("suggests nothing for an empty or uninformative title", () => {
    expect(suggestRoleFromTitle("")).toBeNull();
    expect(suggestRoleFromTitle(null)).toBeNull();
    expect(suggestRoleFromTitle("Astronaut")).toBeNull();
  });
});
