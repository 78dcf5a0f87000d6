import { describe, expect, it } from "vitest";
import { demoSources } from "@/lib/domain/go-to-market";
import type { ImportAnalysis } from "./options";
import { suggestOptions, suggestSourceMapping } from "./suggest";

describe("suggestSourceMapping", () => {
  it("maps a file's lead sources to the organisation's: the same name, else the same kind", () => {
    expect(
      suggestSourceMapping(["Web", "Trade Show", "Employee Referral", "partner", "Paid Search", "Google AdWords", "Cold Call", "Podcast guest"], demoSources),
    ).toEqual({
      Web: "Inbound",
      "Trade Show": "Events",
      // No source of the organisation is a referral: kept as the file gives it.
      "Employee Referral": null,
      partner: "Partner",
      "Paid Search": "Paid Search",
      "Google AdWords": "Paid Search",
      "Cold Call": "Outbound",
      "Podcast guest": null,
    });
  });

  it("reads Salesforce's and HubSpot's default picklists", () => {
    const hubspot = ["Organic search", "Paid search", "Direct traffic", "Referrals", "Social media", "Email marketing", "Offline sources", "Paid social"];
    expect(suggestSourceMapping(["Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Employee Referral", "Trade Show"], hubspot)).toEqual({
      Web: "Organic search",
      "Phone Inquiry": "Organic search",
      "Partner Referral": null,
      "Purchased List": null,
      "Employee Referral": "Referrals",
      "Trade Show": "Offline sources",
    });
    expect(suggestSourceMapping(["Web"], [])).toEqual({ Web: null });
  });
});

describe("suggestOptions", () => {
  const analysis: ImportAnalysis = {
    delimiter: ",",
    bom: false,
    header: ["Lead ID", "Lead Source"],
    rows: 3,
    columns: [
      { name: "Lead ID", samples: [], distinct: null, dateFailures: null, dateAmbiguous: false },
      { name: "Lead Source", samples: [], distinct: ["Employee Referral", "Trade Show", "Web"], dateFailures: null, dateAmbiguous: false },
    ],
    stageColumns: [],
  };
  const mapping = { "Lead ID": "externalId", "Lead Source": "source" };

  it("suggests a source for each value of the source column, keeping the choices already made or saved", () => {
    expect(suggestOptions(analysis, mapping, [], [], demoSources).sourceMap).toEqual({ "Employee Referral": null, "Trade Show": "Events", Web: "Inbound" });
    const saved = { sourceMap: { "Employee Referral": "Partner", "Trade Show": null, Elsewhere: "Outbound" } };
    expect(suggestOptions(analysis, mapping, [], [], demoSources, saved).sourceMap).toEqual({ "Employee Referral": "Partner", "Trade Show": null, Web: "Inbound" });
    expect(suggestOptions(analysis, { "Lead ID": "externalId" }, [], [], demoSources).sourceMap).toEqual({});
  });
});
