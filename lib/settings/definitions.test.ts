import { describe, expect, it } from "vitest";
import { abmSettings, settingDefinitions } from "./definitions";

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
