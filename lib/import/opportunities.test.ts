import { describe, expect, it } from "vitest";
import { defaultPipelineStages } from "@/lib/domain/pipeline-stages";
import { detectFormat } from "./formats";
import { readOpportunityRow, suggestStageMapping, type OpportunityRowContext } from "./opportunities";

const stages = defaultPipelineStages.map(({ id, name, isWon, isLost }) => ({ id, name, isWon, isLost }));
const header = ["Opportunity ID", "Opportunity Name", "Account Name", "Opportunity Owner", "Stage", "Amount", "Close Date", "Created Date", "Lead Source"];
const ctx: OpportunityRowContext = {
  header,
  mapping: detectFormat(header).mapping,
  stages,
  stageMap: { Discovery: 1, "Closed Won": 6, "Closed Lost": 7 },
  dateFormat: "mdy",
  timeZone: "America/New_York",
};
const row = (cells: string[], n = 2) => readOpportunityRow({ row: n, cells }, ctx);

describe("readOpportunityRow", () => {
  it("reads an open and a won deal", () => {
    expect(row(["006A", "Acme expansion", "Acme", "Dana Rep", "Discovery", "$18,000.00", "12/31/2026", "10/1/2026 9:30 AM", "Paid Search"])).toEqual({
      ok: true,
      value: {
        externalId: "006A", name: "Acme expansion", account: "Acme", owner: "Dana Rep", stageId: 1, status: "open", amount: "18000.00",
        createdAt: new Date("2026-10-01T13:30:00Z"), closedAt: null, expectedCloseDate: "2026-12-31", source: "Paid Search",
        segment: null, type: null, winReason: null, lossReason: null, competitor: null, forecastCategory: null, nextStep: null, useCase: null, objection: null, stageDates: [],
      },
    });
    const won = row(["006B", "Globex", "", "", "Closed Won", "5000", "11/3/2026", "11/3/2026 4:00 PM", ""]);
    expect(won.ok && won.value).toMatchObject({ status: "won", stageId: 6, closedAt: new Date("2026-11-03T21:00:00Z"), expectedCloseDate: null, account: null });
  });

  it("reads a use case and an objection from the CRM's custom columns, in any order, trimmed; too long is refused naming the column", () => {
    const custom = ["Primary Objection", "Opportunity ID", "Opportunity Name", "Stage", "Created Date", "Use Case"];
    const read = (cells: string[]) =>
      readOpportunityRow({ row: 3, cells }, { ...ctx, header: custom, mapping: detectFormat(custom).mapping });
    expect(read(["  Too expensive for our size ", "006P", "Profiled", "Discovery", "10/1/2026", "Lead routing"])).toMatchObject({
      ok: true,
      value: { objection: "Too expensive for our size", useCase: "Lead routing" },
    });
    expect(read(["", "006Q", "Blank", "Discovery", "10/1/2026", " "])).toMatchObject({ ok: true, value: { objection: null, useCase: null } });
    expect(read(["x".repeat(201), "006R", "Long", "Discovery", "10/1/2026", ""])).toEqual({
      ok: false,
      errors: [{ row: 3, column: "Primary Objection", value: `${"x".repeat(40)}…`, problem: "has 201 characters; an objection has at most 200" }],
    });
  });

  it("names every problem in a row with its column and value", () => {
    const bad = row(["", "Nameless", "", "", "Negotiating", "18 thousand", "", "31/12/2026", ""], 7);
    expect(bad).toEqual({
      ok: false,
      errors: [
        { row: 7, column: "Opportunity ID", value: "", problem: "The opportunity ID is required" },
        { row: 7, column: "Stage", value: "Negotiating", problem: '"Negotiating" is not mapped to a stage of the pipeline' },
        { row: 7, column: "Amount", value: "18 thousand", problem: '"18 thousand" is not an amount' },
        { row: 7, column: "Created Date", value: "31/12/2026", problem: "is not a date in the format chosen for this file" },
      ],
    });
    expect(row(["006C", "Lost", "", "", "Closed Lost", "100", "", "1/2/2026", ""])).toMatchObject({ ok: false, errors: [{ column: "Close Date", problem: "A lost opportunity needs its close date" }] });
    expect(row(["006D", "Early", "", "", "Closed Won", "100", "1/1/2026", "1/2/2026", ""])).toMatchObject({ ok: false, errors: [{ problem: "is before the created date" }] });
    expect(row(["006E", "Short"])).toMatchObject({ ok: false, errors: [{ problem: "has 2 cells where the header has 9" }] });
  });

  it("reads a blank amount as no amount (an early open deal often has none), never 0; an unreadable one is still refused", () => {
    const open = (amount: string) => row(["006G", "Early deal", "", "", "Discovery", amount, "12/31/2026", "10/1/2026", ""], 4);
    expect(open("")).toMatchObject({ ok: true, value: { amount: null, status: "open" } });
    expect(open("   ")).toMatchObject({ ok: true, value: { amount: null } });
    expect(open("0")).toMatchObject({ ok: true, value: { amount: "0.00" } });
    expect(open("TBD")).toEqual({ ok: false, errors: [{ row: 4, column: "Amount", value: "TBD", problem: '"TBD" is not an amount' }] });
    const won = row(["006H", "Won, no amount", "", "", "Closed Won", "", "11/3/2026", "10/1/2026", ""]);
    expect(won).toMatchObject({ ok: true, value: { amount: null, status: "won" } });
  });

  it("refuses what the database cannot store: an amount past 12 digits, a year before 1900 or past 9999", () => {
    const deal = (amount: string, created: string, close = "12/31/2026") => row(["006F", "Big", "", "", "Discovery", amount, close, created, ""]);
    expect(deal("$999,999,999,999.99", "1/2/2026")).toMatchObject({ ok: true, value: { amount: "999999999999.99" } });
    expect(deal("$1,000,000,000,000.00", "1/2/2026")).toMatchObject({ ok: false, errors: [{ column: "Amount", problem: "is too large (at most 999,999,999,999.99)" }] });
    expect(deal("100", "1/2/0000")).toMatchObject({ ok: false, errors: [{ column: "Created Date", value: "1/2/0000", problem: "is outside the years 1900 to 9999" }] });
    expect(deal("100", "1/2/1899")).toMatchObject({ ok: false, errors: [{ column: "Created Date", problem: "is outside the years 1900 to 9999" }] });
    // 11 PM on the last day in New York is already the next year in UTC: a year the database cannot write.
    expect(deal("100", "1/2/2026", "12/31/9999")).toMatchObject({ ok: true });
    expect(deal("100", "12/31/9999 11:00 PM")).toMatchObject({ ok: false, errors: [{ column: "Created Date", problem: "is outside the years 1900 to 9999" }] });
  });
});

describe("suggestStageMapping", () => {
  it("reads the next step trimmed, blank as none, and refuses one over the limit", () => {
    const withNextStep = [...header, "Next Step"];
    const read = (nextStep: string) => readOpportunityRow({ row: 3, cells: ["006A", "Acme", "Acme", "Dana Rep", "Discovery", "100", "12/31/2026", "10/1/2026", "Web", nextStep] }, { ...ctx, header: withNextStep, mapping: detectFormat(withNextStep).mapping });
    expect(read("  Demo with IT on Tuesday ")).toMatchObject({ ok: true, value: { nextStep: "Demo with IT on Tuesday" } });
    expect(read("   ")).toMatchObject({ ok: true, value: { nextStep: null } });
    expect(read("x".repeat(1_001))).toEqual({ ok: false, errors: [{ row: 3, column: "Next Step", value: `${"x".repeat(40)}…`, problem: "has 1,001 characters; a next step has at most 1,000" }] });
  });

  it("matches names, and sends won and lost names to the closed stages", () => {
    expect(suggestStageMapping(["discovery", "Pricing Call", "closedwon", "Closed Lost", "Contract sent"], stages)).toEqual({
      discovery: 1, "Pricing Call": null, closedwon: 6, "Closed Lost": 7, "Contract sent": 5,
    });
  });

  it("sends the default Salesforce and HubSpot stages to the closest default stage", () => {
    expect(suggestStageMapping(["Proposal/Price Quote", "Negotiation/Review", "Appointment Scheduled", "presentationscheduled", "Id. Decision Makers"], stages)).toEqual({
      "Proposal/Price Quote": 3, "Negotiation/Review": 4, "Appointment Scheduled": 1, presentationscheduled: 2, "Id. Decision Makers": 3,
    });
  });
});
