import { describe, expect, it } from "vitest";
import { suggestMapping } from "./formats";
import { defaultAnswerRules } from "@/lib/attribution/answer-rules";
import { normaliseDomain } from "./match-keys";
import { readAccountRow, readChannel, readLeadRow, readTouchpointRow, touchChannel } from "./records";
import type { RowContext } from "./rows";

const context = (header: string[], entity: "accounts" | "leads"): RowContext => ({ header, mapping: suggestMapping(header, entity), dateFormat: "iso", timeZone: "UTC" });

describe("readAccountRow", () => {
  const header = ["Record ID", "Company name", "Company Domain Name", "Number of Employees"];
  const ctx = context(header, "accounts");
  it.each([
    ["1,200", 1200],
    ["1.200", 1200],
    ["1 200 000", 1200000],
    ["85", 85],
  ])("reads %s employees as %d", (cell, employees) => {
    expect(readAccountRow({ row: 2, cells: ["1", "Acme", "acme.com", cell] }, ctx)).toMatchObject({ ok: true, value: { employees } });
  });

  it("refuses a count that is not whole, instead of reading 12.5 as 125", () => {
    expect(readAccountRow({ row: 2, cells: ["1", "Acme", "acme.com", "12.5"] }, ctx)).toEqual({
      ok: false,
      errors: [{ row: 2, column: "Number of Employees", value: "12.5", problem: "is not a number of employees (a whole number such as 1,200, or a range such as 51-200)" }],
    });
  });

  it("reads a HubSpot companies export's firmographics: a size range, revenue, country and technologies", () => {
    const header = ["Record ID", "Company name", "Industry", "Number of Employees", "Annual Revenue", "Country/Region", "Parent Company", "Web Technologies"];
    const hubspot = context(header, "accounts");
    expect(hubspot.mapping).toEqual(["externalId", "name", "industry", "employees", "annualRevenue", "country", "parentAccount", "technologies"]);
    expect(readAccountRow({ row: 2, cells: ["7", "Acme", "technolgy", "51-200", "$12,500,000", " United  States ", "Acme Holdings", "salesforce;google_analytics; Salesforce"] }, hubspot)).toEqual({
      ok: true,
      value: {
        externalId: "7",
        name: "Acme",
        domain: null,
        industry: "technolgy",
        employees: 125,
        segment: null,
        owner: null,
        annualRevenue: "12500000.00",
        country: "United States",
        parentAccount: "Acme Holdings",
        technologies: ["salesforce", "google_analytics"],
      },
    });
    expect(readAccountRow({ row: 3, cells: ["8", "Beta", "", "", "lots", "", "", ""] }, hubspot)).toEqual({
      ok: false,
      errors: [{ row: 3, column: "Annual Revenue", value: "lots", problem: '"lots" is not an amount' }],
    });
  });

  it("maps a Salesforce account report's columns", () => {
    expect(suggestMapping(["Account ID", "Account Name", "Industry", "Employees", "Annual Revenue", "Billing Country", "Parent Account", "Website"], "accounts")).toEqual([
      "externalId", "name", "industry", "employees", "annualRevenue", "country", "parentAccount", "domain",
    ]);
  });

  it("normalises a domain and refuses what is not one", () => {
    expect(normaliseDomain("https://www.Acme.com/about")).toBe("acme.com");
    expect(normaliseDomain("not a domain")).toBeNull();
  });

  describe("a Salesforce account report without an ID column", () => {
    const header = ["Account Name", "Website", "Industry", "Employees", "Billing Country", "Account Owner"];
    const sf = context(header, "accounts");
    it("reads a row with no CRM id, to be matched on its domain or name", () => {
      expect(readAccountRow({ row: 2, cells: ["Acme, Inc.", "https://www.acme.com/", "Software", "120", "US", "Dana Rep"] }, sf)).toEqual({
        ok: true,
        value: { externalId: null, name: "Acme, Inc.", domain: "acme.com", industry: "Software", employees: 120, segment: null, owner: "Dana Rep", annualRevenue: null, country: "US", parentAccount: null, technologies: [] },
      });
      expect(readAccountRow({ row: 3, cells: ["Globex", "", "", "", "", ""] }, sf)).toMatchObject({ ok: true, value: { externalId: null, name: "Globex", domain: null } });
    });

    it("refuses a row with nothing to match it on, naming the row", () => {
      expect(readAccountRow({ row: 4, cells: ["", "", "Software", "", "US", ""] }, sf)).toEqual({
        ok: false,
        errors: [{ row: 4, column: "Account Name", value: "", problem: "The row has no account ID, domain or name to match it on" }],
      });
      expect(readAccountRow({ row: 5, cells: ["", "acme.com", "", "", "", ""] }, sf)).toMatchObject({ ok: false, errors: [{ row: 5, column: "Account Name", problem: "The name is required" }] });
    });
  });
});

describe("readLeadRow", () => {
  const header = ["Lead ID", "Created Date", "MQL Date", "SQL Date", "Demo Request"];
  const ctx = context(header, "leads");
  it("reads lifecycle dates in order and refuses one before the stage before it", () => {
    expect(readLeadRow({ row: 2, cells: ["L1", "2026-03-02", "2026-03-05", "", "yes"] }, ctx)).toMatchObject({
      ok: true,
      value: { mqlAt: new Date("2026-03-05T00:00:00Z"), sqlAt: null, isDemoRequest: true },
    });
    expect(readLeadRow({ row: 3, cells: ["L2", "2026-03-02", "2026-03-05", "2026-03-04", "maybe"] }, ctx)).toEqual({
      ok: false,
      errors: [
        { row: 3, column: "SQL Date", value: "2026-03-04", problem: "is before the MQL date" },
        { row: 3, column: "Demo Request", value: "maybe", problem: "must be yes or no (true/false, 1/0)" },
      ],
    });
  });
});

describe("readChannel", () => {
  it("reads a channel from its key or label, case and punctuation aside", () => {
    expect(readChannel("Peer recommendation")).toBe("peer_recommendation");
    expect(readChannel("paid_ads")).toBe("paid_ads");
    expect(readChannel("REVIEW SITE")).toBe("review_site");
    expect(readChannel("Carrier pigeon")).toBeNull();
  });
});

describe("readTouchpointRow on a Salesforce campaign member report", () => {
  const header = ["Campaign Name", "Campaign Type", "Member Status", "First Responded Date", "Email", "Company / Account"];
  const ctx = { header, mapping: suggestMapping(header, "touchpoints"), dateFormat: "iso" as const, timeZone: "UTC", answerRules: defaultAnswerRules };

  it("maps the columns without an ID and reads the campaign type through the answer rules", () => {
    expect(ctx.mapping).toEqual(["campaign", "channel", "type", "occurredAt", "email", "account"]);
    const row = readTouchpointRow({ row: 2, cells: ["RevOps Summit 2026", "Conference", "Attended", "2026-10-02", "Ana@Acme.com", "Acme"] }, ctx);
    expect(row).toMatchObject({ ok: true, value: { channel: "event", campaign: "RevOps Summit 2026", type: "Attended", email: "ana@acme.com", occurredAt: new Date("2026-10-02T00:00:00Z") } });
    expect(readTouchpointRow({ row: 3, cells: ["Q3 retargeting", "Advertisement", "Responded", "2026-10-03", "bo@acme.com", ""] }, ctx)).toMatchObject({ ok: true, value: { channel: "paid_ads" } });
  });

  it("gives the same touch the same key on every import, and another touch another", () => {
    const cells = ["Pipeline webinar", "Webinar", "Attended", "2026-10-02", "ana@acme.com", "Acme"];
    const a = readTouchpointRow({ row: 2, cells }, ctx);
    const b = readTouchpointRow({ row: 9, cells: [...cells] }, ctx);
    const other = readTouchpointRow({ row: 3, cells: [...cells.slice(0, 3), "2026-10-03", ...cells.slice(4)] }, ctx);
    if (!a.ok || !b.ok || !other.ok) throw new Error("rows should read");
    expect(a.value.externalId).toMatch(/^touch:[0-9a-f]{32}$/);
    expect(b.value.externalId).toBe(a.value.externalId);
    expect(other.value.externalId).not.toBe(a.value.externalId);
  });

  it("refuses a channel neither a channel name nor a rule recognises, naming the row and column", () => {
    expect(readTouchpointRow({ row: 4, cells: ["Carrier pigeons", "Pigeon", "Sent", "2026-10-02", "ana@acme.com", ""] }, ctx)).toMatchObject({
      ok: false,
      errors: [{ row: 4, column: "Campaign Type", value: "Pigeon", problem: expect.stringContaining("is not a channel") }],
    });
  });
});

describe("touchChannel", () => {
  it("prefers a channel's own name over the rules", () => {
    expect(touchChannel("Email", defaultAnswerRules)).toBe("email");
    expect(touchChannel("Trade Show", defaultAnswerRules)).toBe("event");
    expect(touchChannel("Other", defaultAnswerRules)).toBe("other");
    expect(touchChannel("Pigeon", defaultAnswerRules)).toBeNull();
  });
});
