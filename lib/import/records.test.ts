import { describe, expect, it } from "vitest";
import { suggestMapping } from "./formats";
import { normaliseDomain } from "./match-keys";
import { readAccountRow, readChannel, readLeadRow } from "./records";
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
      errors: [{ row: 2, column: "Number of Employees", value: "12.5", problem: "The number of employees must be a whole number" }],
    });
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
        value: { externalId: null, name: "Acme, Inc.", domain: "acme.com", industry: "Software", employees: 120, segment: null, owner: "Dana Rep" },
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
