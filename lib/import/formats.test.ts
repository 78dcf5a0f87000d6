import { describe, expect, it } from "vitest";
import { detectFormat, missingRequiredFields, suggestMapping } from "./formats";

const salesforce = ["Opportunity Owner", "Account Name", "Opportunity Name", "Stage", "Fiscal Period", "Amount", "Probability (%)", "Age", "Close Date", "Created Date", "Next Step", "Lead Source", "Type", "Closed", "Won", "Forecast Category", "Opportunity ID"];
const hubspot = ["Record ID", "Deal Name", "Deal Stage", "Pipeline", "Amount", "Close Date", "Create Date", "Deal owner", "Original Source Type", "Next step", 'Date entered "Discovery (Sales Pipeline)"', 'Date exited "Discovery (Sales Pipeline)"', 'Date entered "Closed won (Sales Pipeline)"'];

describe("detectFormat", () => {
  it("recognises a Salesforce opportunity report and maps its columns", () => {
    const f = detectFormat(salesforce);
    expect(f.format).toBe("salesforce_opportunities");
    expect(f.entity).toBe("opportunities");
    const byColumn = Object.fromEntries(salesforce.map((h, i) => [h, f.mapping[i]]));
    expect(byColumn).toMatchObject({
      "Opportunity ID": "externalId", "Opportunity Name": "name", "Account Name": "account", "Opportunity Owner": "owner", Stage: "stage",
      Amount: "amount", "Probability (%)": "probability", "Close Date": "closeDate", "Created Date": "createdAt", "Lead Source": "source",
      Type: "type", Closed: "closed", Won: "won", "Forecast Category": "forecastCategory", Age: null, "Next Step": "nextStep", "Fiscal Period": null,
    });
    expect(missingRequiredFields(f.mapping, f.entity)).toEqual([]);
  });

  it("recognises a Salesforce opportunity history report", () => {
    const header = ["Opportunity ID", "Opportunity Name", "From Stage", "To Stage", "Amount", "Last Modified"];
    const f = detectFormat(header);
    expect(f.format).toBe("salesforce_opportunity_history");
    expect(f.mapping).toEqual(["opportunityId", null, "fromStage", "stage", "amount", "changedAt"]);
  });

  it("recognises a HubSpot deals export with its per-stage date columns", () => {
    const f = detectFormat(hubspot);
    expect(f.format).toBe("hubspot_deals");
    expect(f.mapping.slice(0, 10)).toEqual(["externalId", "name", "stage", "pipeline", "amount", "closeDate", "createdAt", "owner", "source", "nextStep"]);
    expect(f.stageColumns).toEqual([
      { column: 10, kind: "entered", stage: "Discovery", pipeline: "Sales Pipeline" },
      { column: 11, kind: "exited", stage: "Discovery", pipeline: "Sales Pipeline" },
      { column: 12, kind: "entered", stage: "Closed won", pipeline: "Sales Pipeline" },
    ]);
  });

  it("recognises HubSpot companies and contacts", () => {
    expect(detectFormat(["Record ID", "Company name", "Company Domain Name", "Industry"])).toMatchObject({ format: "hubspot_companies", entity: "accounts", mapping: ["externalId", "name", "domain", "industry"] });
    expect(detectFormat(["Record ID", "First Name", "Last Name", "Email", "Job Title"])).toMatchObject({ format: "hubspot_contacts", entity: "contacts" });
  });

  it("recognises a Salesforce account report, with or without its IDs", () => {
    expect(detectFormat(["Account Name", "Industry", "Employees", "Annual Revenue", "Billing Country", "Parent Account", "Website"])).toMatchObject({
      format: "salesforce_accounts",
      entity: "accounts",
      mapping: ["name", "industry", "employees", "annualRevenue", "country", "parentAccount", "domain"],
    });
    expect(detectFormat(["Account ID", "Account Name", "Industry"])).toMatchObject({ format: "salesforce_accounts", entity: "accounts" });
    // An opportunity report names accounts too, and stays one.
    expect(detectFormat(salesforce).format).toBe("salesforce_opportunities");
  });

  it("recognises a Salesforce account report without an ID column, which needs no ID to import", () => {
    const header = ["Account Name", "Website", "Industry", "Employees", "Billing Country", "Account Owner"];
    const f = detectFormat(header);
    expect(f).toMatchObject({ format: "salesforce_accounts", entity: "accounts", mapping: ["name", "domain", "industry", "employees", "country", "owner"] });
    expect(missingRequiredFields(f.mapping, "accounts")).toEqual([]);
    expect(missingRequiredFields(suggestMapping(["First Name", "Last Name", "Email"], "contacts"), "contacts")).toEqual([]);
    // An opportunity report naming its account owner is still an opportunity report.
    expect(detectFormat(["Opportunity Name", "Account Name", "Account Owner", "Stage"]).entity).toBe("opportunities");
  });

  it("recognises a Salesforce contact report, whose Account Name is the person's account", () => {
    const header = ["First Name", "Last Name", "Title", "Email", "Account Name", "Mailing Country", "Account Owner"];
    expect(detectFormat(header)).toMatchObject({ format: "salesforce_contacts", entity: "contacts", mapping: ["firstName", "lastName", "title", "email", "account", null, null] });
    // A lead report has people too, and stays a leads file.
    expect(detectFormat(["Lead ID", "First Name", "Last Name", "Email", "Company", "MQL Date"]).entity).toBe("leads");
  });

  it("suggests fields for any other CSV by column name, and lists what is still missing", () => {
    const header = ["ref", "Deal name", "STAGE", "amount", "created"];
    const f = detectFormat(header);
    expect(f.format).toBe("generic");
    expect(f.mapping).toEqual([null, "name", "stage", "amount", "createdAt"]);
    expect(missingRequiredFields(f.mapping, "opportunities").map((x) => x.key)).toEqual(["externalId"]);
    expect(suggestMapping(["ID", "deal_id"], "opportunities")).toEqual([null, "externalId"]);
    // An export without an Amount column can be imported: open deals often have none.
    expect(missingRequiredFields([null, "name", "stage", "createdAt"], "opportunities").map((x) => x.key)).toEqual(["externalId"]);
  });

  it("recognises the CRMs' win and loss reason and competitor columns", () => {
    expect(suggestMapping(["Loss Reason", "Primary Competitor"], "opportunities")).toEqual(["lossReason", "competitor"]);
    expect(suggestMapping(["Closed Lost Reason"], "opportunities")).toEqual(["lossReason"]);
    expect(suggestMapping(["Closed lost reason", "Closed won reason"], "opportunities")).toEqual(["lossReason", "winReason"]);
    // This app's own export: the text as entered is what an import reads back.
    expect(suggestMapping(["Loss Reason", "Loss Reason (as entered)", "Competitor", "Competitor (as entered)"], "opportunities")).toEqual([null, "lossReason", null, "competitor"]);
  });

  it("takes the entity the admin chose over the signature of another", () => {
    expect(detectFormat(["Record ID", "Company name"], "contacts")).toMatchObject({ format: "generic", entity: "contacts" });
  });
});
