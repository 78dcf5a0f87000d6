import { describe, expect, it } from "vitest";
import { defaultIcpModel } from "@/lib/metrics/icp-fit";
import { fitOf, previewFit, previewIndustries, type FitGroup } from "./account-fit";
import { defaultIndustryRules } from "./industries";

const account = { industryRaw: "technolgy", industry: "technolgy", employees: 125, annualRevenue: "20000000.00", country: "Canada", technologies: ["salesforce"], override: null };

describe("an account's fit", () => {
  it("files the raw industry by the rules before the model reads it, and keeps the override in force", () => {
    expect(fitOf(account, defaultIcpModel, defaultIndustryRules)).toMatchObject({ industry: "Technology", model: 100, score: 100 });
    expect(fitOf({ ...account, override: 20 }, defaultIcpModel, defaultIndustryRules)).toMatchObject({ model: 100, score: 20 });
    // Kept before the rules: the industry is its raw value.
    expect(fitOf({ ...account, industryRaw: null, industry: "Computer Software" }, defaultIcpModel, defaultIndustryRules).industry).toBe("Software");
    expect(fitOf({ ...account, industryRaw: null, industry: null }, defaultIcpModel, defaultIndustryRules).industry).toBeNull();
  });

  it("previews the bands a candidate model would give, counting each group's accounts", () => {
    const groups: FitGroup[] = [
      { ...account, model: 100, score: 100, accounts: 3 },
      { ...account, industryRaw: "Tech", industry: "Tech", model: 75, score: 75, accounts: 2 },
      { ...account, industryRaw: "Hospitality", industry: "Hospitality", model: 70, score: 90, override: 90, accounts: 1 },
      { industryRaw: null, industry: null, employees: null, annualRevenue: null, country: null, technologies: [], model: null, score: null, override: null, accounts: 4 },
    ];
    // Tech: 70 of 100 → 70 (monitor); Hospitality: 70 (monitor) but overridden to 90.
    expect(previewFit(groups, defaultIcpModel, defaultIndustryRules)).toEqual({
      now: { qualified: 6, monitor: 0, disqualify: 0, none: 4 },
      next: { qualified: 4, monitor: 2, disqualify: 0, none: 4 },
      changed: 2,
      overridden: 1,
      accounts: 10,
    });
  });

  it("previews what candidate rules would file each industry under, and which stay unmapped", () => {
    const values = [
      { raw: "Tech", industry: "Tech", accounts: 2 },
      { raw: "technolgy", industry: "Technology", accounts: 1 },
    ];
    expect(previewIndustries(values, defaultIndustryRules)).toEqual([
      { raw: "Tech", accounts: 2, now: "Tech", next: "Tech", unmapped: true, match: null },
      { raw: "technolgy", accounts: 1, now: "Technology", next: "Technology", unmapped: false, match: "typo" },
    ]);
    expect(previewIndustries(values, [{ industry: "Technology", phrases: ["tech"] }])[0]).toMatchObject({ next: "Technology", unmapped: false, match: "exact" });
  });
});
