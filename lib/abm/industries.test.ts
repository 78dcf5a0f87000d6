import { describe, expect, it } from "vitest";
import { checkIndustryRules, defaultIndustryRules, editDistance, normaliseIndustry, tidyIndustry, typosAllowed } from "./industries";

const industryOf = (raw: string | null) => normaliseIndustry(raw, defaultIndustryRules).industry;

describe("industry rules", () => {
  it("reads the spellings of one industry as one (METRICS.md §5)", () => {
    expect(["Technology", "technology", " TECHNOLOGY ", "technolgy", "Tehcnology", "Information Technology & Services"].map(industryOf)).toEqual(Array(6).fill("Technology"));
    expect(["Financial services", "FINANCIAL_SERVICES", "Finacial Services", "Banking", "Fintech"].map(industryOf)).toEqual(Array(5).fill("Financial Services"));
    expect(["Computer Software", "COMPUTER_SOFTWARE", "Sofware", "SaaS"].map(industryOf)).toEqual(Array(4).fill("Software"));
    expect(["Hospital & Health Care", "Helthcare", "Medical Devices"].map(industryOf)).toEqual(Array(3).fill("Healthcare"));
    expect(industryOf("E-commerce")).toBe("Retail");
    expect(industryOf("Hospitality")).toBe("Hospitality");
  });

  it("says how each value matched", () => {
    expect(normaliseIndustry("technolgy", defaultIndustryRules)).toEqual({ industry: "Technology", rule: 1, phrase: "Technology", match: "typo" });
    expect(normaliseIndustry("Marketing and Advertising", defaultIndustryRules)).toMatchObject({ industry: "Marketing & Advertising", match: "exact", phrase: "Marketing & Advertising" });
    expect(normaliseIndustry("", defaultIndustryRules)).toEqual({ industry: null, rule: null, phrase: null, match: null });
    expect(normaliseIndustry(null, defaultIndustryRules).industry).toBeNull();
  });

  it("matches whole words only, and short words only exactly", () => {
    // "Tech" is too short to read as Technology by a typo, and no rule names it: it keeps its text.
    expect(normaliseIndustry("Tech", defaultIndustryRules)).toEqual({ industry: "Tech", rule: null, phrase: null, match: null });
    expect(industryOf("Wealth Management")).toBe("Wealth Management");
    expect(industryOf("Healthy snacks")).toBe("Healthy snacks");
    expect(industryOf("Fintechs")).toBe("Financial Services");
  });

  it("prefers an exact match in a later rule to a typo in an earlier one", () => {
    const rules = [
      { industry: "Marketing", phrases: [] },
      { industry: "Markets", phrases: ["market research"] },
    ];
    expect(normaliseIndustry("Marketing", rules).industry).toBe("Marketing");
    expect(normaliseIndustry("Markting", rules).industry).toBe("Marketing");
    expect(normaliseIndustry("Market Research", rules).industry).toBe("Markets");
  });

  it("follows the first rule that matches, and edited rules", () => {
    const rules = [{ industry: "Technology", phrases: ["tech"] }, ...defaultIndustryRules];
    expect(normaliseIndustry("Tech", rules).industry).toBe("Technology");
    expect(normaliseIndustry("ed tech", rules).industry).toBe("Technology");
  });

  it("tidies values no rule matches", () => {
    expect(tidyIndustry("FOOD_PRODUCTION")).toBe("Food Production");
    expect(tidyIndustry("  space   mining ")).toBe("Space Mining");
    expect(tidyIndustry("eSports")).toBe("eSports");
    expect(tidyIndustry("non-profit/ngo")).toBe("Non-Profit/Ngo");
  });

  it("counts typos with transpositions and stops past the limit", () => {
    expect(editDistance("technology", "technolgy")).toBe(1);
    expect(editDistance("technology", "tehcnology")).toBe(1);
    expect(editDistance("health", "wealth")).toBe(1);
    expect(editDistance("abcdefgh", "zzzzzzzz", 2)).toBe(3);
    expect([typosAllowed("health"), typosAllowed("finance"), typosAllowed("healthcare")]).toEqual([0, 1, 2]);
  });

  it("finds repeated industries and names without letters", () => {
    expect(checkIndustryRules(defaultIndustryRules)).toEqual([]);
    expect(checkIndustryRules([{ industry: "Software", phrases: ["saas"] }, { industry: "software", phrases: ["apps"] }, { industry: "--", phrases: ["x"] }]).map((p) => p.message)).toEqual([
      "Rule 2 repeats the industry software of rule 1; put its phrases in rule 1.",
      'Rule 3: "--" is not an industry name.',
    ]);
  });
});
