import { describe, expect, it } from "vitest";
import { abmSettings, funnelSettings, icpModelSettings, industryRulesSettings, settingDefinitions, velocitySettings } from "./definitions";

describe("ABM settings", () => {
  const defaults = settingDefinitions.abm.defaults;

  it("accepts the playbook's defaults", () => {
    expect(abmSettings.parse(defaults)).toEqual(defaults);
    expect(defaults.tierRules).toEqual({ tier1MinFit: 85, tier2MinFit: 70, tier3MinFit: 50, activeIntent: 60, someIntent: 20 });
    expect(defaults.darkAfterDays).toBe(30);
  });

  it("refuses rules that contradict each other, days out of range and empty content, naming the field", () => {
    const issues = (value: unknown) => abmSettings.safeParse(value).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues({ ...defaults, tierRules: { ...defaults.tierRules, tier2MinFit: 90 } })).toEqual([["tierRules.tier2MinFit", "Minimum fit must not rise from Tier 1 to Tier 3"]]);
    expect(issues({ ...defaults, tierRules: { ...defaults.tierRules, activeIntent: 10 } })).toEqual([["tierRules.activeIntent", "Active intent must be at least some intent"]]);
    expect(issues({ ...defaults, tierRules: { ...defaults.tierRules, tier3MinFit: -1 } })).toEqual([["tierRules.tier3MinFit", "Tier 3's minimum fit must be 0 or more"]]);
    expect(issues({ ...defaults, darkAfterDays: 0 })).toEqual([["darkAfterDays", "Days must be at least 1"]]);
    expect(issues({ ...defaults, darkAfterDays: Number.NaN })).toEqual([["darkAfterDays", "Days must be a number"]]);
    expect(issues({ ...defaults, roleContent: { ...defaults.roleContent, champion: { ...defaults.roleContent.champion, asset: " " } } })).toEqual([
      ["roleContent.champion.asset", "Enter the content asset"],
    ]);
  });
});

describe("ICP model and industry rules", () => {
  const model = settingDefinitions.icpModel.defaults;
  const issues = (value: unknown) => icpModelSettings.safeParse(value).error?.issues.map((i) => [i.path.join("."), i.message]);

  it("accepts the defaults for a $1M–5M ARR B2B SaaS seller", () => {
    expect(icpModelSettings.parse(model)).toEqual(model);
    expect(model.employees).toEqual({ weight: 20, min: 50, max: 1_000 });
    expect(model.annualRevenue).toEqual({ weight: 15, min: 10_000_000, max: 250_000_000 });
    expect(industryRulesSettings.parse(settingDefinitions.industryRules.defaults).rules.length).toBeGreaterThan(10);
  });

  it("refuses bad weights, bands and lists, naming the field", () => {
    expect(issues({ ...model, industries: { ...model.industries, weight: 101 } })).toEqual([["industries.weight", "The industry weight must be 100 or less"]]);
    expect(issues({ ...model, employees: { weight: 20, min: 500, max: 100 } })).toEqual([["employees.max", "The lowest employee count must not be above the highest"]]);
    expect(issues({ ...model, annualRevenue: { weight: 15, min: -1, max: null } })).toEqual([["annualRevenue.min", "The lowest annual revenue must be 0 or more"]]);
    expect(issues({ ...model, countries: { weight: 10, targets: ["US", "us"] } })).toEqual([["countries.targets", "A target country is listed twice"]]);
    expect(issues({ ...model, technologies: { ...model.technologies, match: "some" } })).toEqual([["technologies.match", "Technologies match any or all"]]);
    const off = { weight: 0 };
    expect(
      issues({ ...model, industries: { ...model.industries, ...off }, employees: { ...model.employees, ...off }, annualRevenue: { ...model.annualRevenue, ...off }, countries: { ...model.countries, ...off }, technologies: { ...model.technologies, ...off } }),
    ).toEqual([["industries.weight", "Give at least one criterion a weight above 0"]]);
  });

  it("refuses a rule without an industry name", () => {
    expect(industryRulesSettings.safeParse({ rules: [{ industry: " ", phrases: ["x"] }] }).error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["rules.0.industry", "Name the industry"]]);
  });
});

describe("funnel settings", () => {
  const defaults = settingDefinitions.funnel.defaults;
  const issues = (value: unknown) => funnelSettings.safeParse(value).error?.issues.map((i) => [i.path.join("."), i.message]);

  it("defaults to 30, 14, 14 and 90 expected days and a 90-day archive cut-off", () => {
    expect(funnelSettings.parse(defaults)).toEqual({ expectedDays: { lead: 30, mql: 14, sql: 14, opportunity: 90 }, breachArchiveDays: 90 });
  });

  it("refuses days out of range, naming the field", () => {
    expect(issues({ ...defaults, expectedDays: { ...defaults.expectedDays, mql: 0 } })).toEqual([["expectedDays.mql", "Expected days in MQL must be at least 1"]]);
    expect(issues({ ...defaults, expectedDays: { ...defaults.expectedDays, sql: 2.5 } })).toEqual([["expectedDays.sql", "Expected days in SQL must be a whole number"]]);
    expect(issues({ ...defaults, breachArchiveDays: 3 })).toEqual([["breachArchiveDays", "The archive cut-off must be at least 7"]]);
  });
});

describe("the deal-size benchmark", () => {
  it("is a setting, empty by default, and a velocity setting stored before it still reads", () => {
    const stored = { ...settingDefinitions.velocity.defaults, benchmarks: { winRate: 0.25, opportunitiesPerMonth: 40, cycleDays: 50 } };
    expect(velocitySettings.parse(stored).benchmarks).toEqual({ winRate: 0.25, opportunitiesPerMonth: 40, cycleDays: 50, averageDealSize: null });
    const set = { ...stored, benchmarks: { ...stored.benchmarks, averageDealSize: 18_000 } };
    expect(velocitySettings.parse(set).benchmarks.averageDealSize).toBe(18_000);
    expect(velocitySettings.safeParse({ ...stored, benchmarks: { ...stored.benchmarks, averageDealSize: 0 } }).error?.issues[0]?.message).toBe("The deal-size benchmark must be above 0");
  });
});
