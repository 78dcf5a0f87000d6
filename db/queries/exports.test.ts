import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/index";
import { accounts, contacts, opportunities, opportunityContacts, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import type { ExportEntity } from "@/lib/export/entities";
import { csvDownloadStream } from "@/lib/export/stream";
import { readCsv } from "@/lib/import/csv";
import { detectFormat, suggestMapping } from "@/lib/import/formats";
import { accountExists, csvExports, type ExportOptions } from "./exports";

const t0 = (iso: string) => new Date(iso);
const formula = '=HYPERLINK("http://evil.example","Click")';
const multiline = "Renewal, phase 2\nEMEA";

async function collect(db: Database, entity: ExportEntity, options?: ExportOptions): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of csvExports[entity].rows(db, options)) rows.push(row);
  return rows;
}

/** The download as a spreadsheet reads it back: header first. */
async function download(db: Database, entity: ExportEntity, options?: ExportOptions): Promise<string[][]> {
  const body = await new Response(csvDownloadStream(csvExports[entity].header, csvExports[entity].rows(db, options))).text();
  const rows: string[][] = [];
  for await (const { cells } of readCsv(Readable.from([body]), ",")) rows.push(cells);
  return rows;
}

describe.each(testDrivers())("CSV exports on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    await db.insert(users).values([
      { id: 1, name: "Ada Lovelace", email: "ada@example.com", role: "sales", passwordHash: "x" },
      { id: 2, name: "Ben Ortiz", email: "ben@example.com", role: "sales", passwordHash: "x" },
    ]);
    await db.insert(accounts).values([
      {
        id: 1, externalId: "A-1", name: "Acme, Inc.", domain: "acme.example", industry: "Software", employees: 250,
        annualRevenue: "12500000", region: "EMEA", segment: "Mid-Market", ownerId: 1, icpFitScore: 82, abmTier: "tier_1",
        industryRaw: "COMPUTER_SOFTWARE", country: "Ireland", parentAccountName: "Acme Holdings", technographicTags: ["Salesforce", "Gong"],
        icpFitModel: 64, icpFitOverride: 82, icpFitOverrideReason: "Board-level sponsor", icpFitOverrideAt: t0("2026-07-01T00:00:00Z"),
      },
      { id: 2, name: "Globex" },
      { id: 3, externalId: "A-3", name: "Initech", ownerId: 2, abmTier: "tier_3" },
    ]);
    await db.insert(opportunities).values([
      {
        id: 1, externalId: "O-1", name: formula, accountId: 1, ownerId: 1, stageId: 3, amount: "18000.5", nextStep: "Pricing call with the CFO",
        createdAt: t0("2026-07-01T09:30:00Z"), qualifiedAt: t0("2026-07-02T00:00:00.250Z"), expectedCloseDate: "2026-09-30",
        source: "Inbound", segment: "Mid-Market", type: "New Business",
      },
      {
        id: 2, externalId: "O-2", name: multiline, accountId: 2, stageId: 6, status: "won", amount: "100",
        createdAt: t0("2026-06-01T00:00:00Z"), closedAt: t0("2026-07-15T12:00:00Z"), winReason: "Price, fit", competitor: "Initech",
      },
      {
        id: 4, name: "Lost deal", accountId: 3, ownerId: 2, stageId: 7, status: "lost", amount: "0",
        createdAt: t0("2026-05-01T00:00:00Z"), closedAt: t0("2026-06-30T23:59:59Z"), lossReason: "No budget", competitor: "-Globex",
      },
      { id: 5, externalId: "O-5", name: "Initech expansion", accountId: 3, stageId: 1, amount: "5000", createdAt: t0("2026-07-20T00:00:00Z") },
      // No account, and no amount: the CRM had none.
      { id: 7, name: "No account", stageId: 2, amount: null, createdAt: t0("2026-07-21T00:00:00Z") },
      {
        id: 8, externalId: "O-8", name: "Lost, reason not mapped yet", stageId: 7, status: "lost", amount: "2", createdAt: t0("2026-07-22T00:00:00Z"),
        closedAt: t0("2026-07-23T00:00:00Z"), lossReason: null, lossReasonRaw: "Procurement stalled", competitor: "PipeIQ", competitorRaw: "Pipe IQ",
      },
    ]);
    await db.insert(contacts).values([
      {
        id: 1, externalId: "C-1", accountId: 1, name: "Carla Diaz", email: "carla@acme.example", title: "CFO", seniority: "c_level",
        buyingGroupRole: "economic_buyer", status: "active", engagementLevel: "high", lastTouchAt: t0("2026-07-10T08:00:00Z"),
      },
      {
        id: 2, accountId: 1, name: "Dan Wu", title: "Staff Engineer", seniority: "individual_contributor", buyingGroupRole: "technical_evaluator",
        status: "engaged", engagementLevel: "medium", gapAction: "@mention in the security review",
      },
      { id: 3, accountId: 1, name: "Eve Noel", email: "eve@acme.example" },
      { id: 4, externalId: "C-4", accountId: 2, name: "Finn Berg", buyingGroupRole: "champion", gapAction: "Book an executive sponsor meeting" },
      { id: 5, name: "Gia Free", email: "gia@example.com" },
    ]);
    await db.insert(opportunityContacts).values([
      { opportunityId: 1, contactId: 2, buyingGroupRole: "technical_evaluator", status: "engaged", engagementLevel: "low", gapAction: "Send the API docs" },
      { opportunityId: 1, contactId: 1, buyingGroupRole: "economic_buyer", status: "active", engagementLevel: "high", lastTouchAt: t0("2026-07-11T00:00:00Z") },
      { opportunityId: 2, contactId: 4, buyingGroupRole: "champion" },
      { opportunityId: 1, contactId: 3 },
      { opportunityId: 5, contactId: 5, buyingGroupRole: "end_user", status: "identified" },
    ]);
  });
  afterAll(() => t.drop());

  it("exports opportunities with their account, owner and stage, values as stored", async () => {
    expect(csvExports.opportunities.header).toEqual([
      "Opportunity ID", "Opportunity Name", "Account Name", "Owner Name", "Owner Email", "Stage", "Status", "Amount", "Created Date",
      "Qualified Date", "Expected Close Date", "Closed Date", "Source", "Segment", "Type", "Win Reason", "Loss Reason", "Competitor",
      "Win Reason (as entered)", "Loss Reason (as entered)", "Competitor (as entered)", "Next Step", "Use Case", "Objection",
    ]);
    // An export imports again: the import reads its Next Step, Use Case and Objection columns as themselves.
    expect(detectFormat(csvExports.opportunities.header).mapping.slice(-3)).toEqual(["nextStep", "useCase", "objection"]);
    expect(await collect(db, "opportunities")).toEqual([
      ["O-1", formula, "Acme, Inc.", "Ada Lovelace", "ada@example.com", "Proposal", "open", "18000.50", "2026-07-01T09:30:00Z",
        "2026-07-02T00:00:00.250Z", "2026-09-30", "", "Inbound", "Mid-Market", "New Business", "", "", "", "", "", "", "Pricing call with the CFO", "", ""],
      ["O-2", multiline, "Globex", "", "", "Closed Won", "won", "100.00", "2026-06-01T00:00:00Z", "", "", "2026-07-15T12:00:00Z",
        "", "", "", "Price, fit", "", "Initech", "", "", "", "", "", ""],
      ["", "Lost deal", "Initech", "Ben Ortiz", "ben@example.com", "Closed Lost", "lost", "0.00", "2026-05-01T00:00:00Z", "", "",
        "2026-06-30T23:59:59Z", "", "", "", "", "No budget", "-Globex", "", "", "", "", "", ""],
      ["O-5", "Initech expansion", "Initech", "", "", "Discovery", "open", "5000.00", "2026-07-20T00:00:00Z", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
      // A deal without an amount has a blank Amount cell, never 0 (the lost deal above really is 0.00).
      ["", "No account", "", "", "", "Solution Demo", "open", "", "2026-07-21T00:00:00Z", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
      // The label, else the text marked as not mapped yet; and the text as the CRM gave it.
      ["O-8", "Lost, reason not mapped yet", "", "", "", "Closed Lost", "lost", "2.00", "2026-07-22T00:00:00Z", "", "", "2026-07-23T00:00:00Z",
        "", "", "", "", "Unmapped: Procurement stalled", "PipeIQ", "", "Procurement stalled", "Pipe IQ", "", "", ""],
    ]);
  });

  it("exports accounts and contacts", async () => {
    expect(csvExports.accounts.header).toEqual([
      "Account ID", "Account Name", "Domain", "Industry", "Industry (as entered)", "Employees", "Annual Revenue", "Country", "Region", "Segment",
      "Parent Account", "Technologies", "Account Owner", "ICP Fit Score", "ICP Fit (model)", "ICP Fit Override Reason", "ABM Tier",
    ]);
    expect(await collect(db, "accounts")).toEqual([
      ["A-1", "Acme, Inc.", "acme.example", "Software", "COMPUTER_SOFTWARE", "250", "12500000.00", "Ireland", "EMEA", "Mid-Market",
        "Acme Holdings", "Salesforce; Gong", "Ada Lovelace", "82", "64", "Board-level sponsor", "tier_1"],
      ["", "Globex", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
      ["A-3", "Initech", "", "", "", "", "", "", "", "", "", "", "Ben Ortiz", "", "", "", "tier_3"],
    ]);
    // Imported again, the export maps itself: the industry as entered, so the rules file it again.
    expect(suggestMapping(csvExports.accounts.header, "accounts")).toEqual([
      "externalId", "name", "domain", null, "industry", "employees", "annualRevenue", "country", null, "segment", "parentAccount", "technologies", "owner",
      null, null, null, null,
    ]);
    expect(csvExports.contacts.header).toEqual([
      "Contact ID", "Name", "Email", "Job Title", "Account Name", "Seniority", "Buying-Group Role", "Status", "Engagement", "Last Touch",
    ]);
    expect(await collect(db, "contacts")).toEqual([
      ["C-1", "Carla Diaz", "carla@acme.example", "CFO", "Acme, Inc.", "c_level", "economic_buyer", "active", "high", "2026-07-10T08:00:00Z"],
      ["", "Dan Wu", "", "Staff Engineer", "Acme, Inc.", "individual_contributor", "technical_evaluator", "engaged", "medium", ""],
      ["", "Eve Noel", "eve@acme.example", "", "Acme, Inc.", "", "", "identified", "none", ""],
      ["C-4", "Finn Berg", "", "", "Globex", "", "champion", "identified", "none", ""],
      ["", "Gia Free", "gia@example.com", "", "", "", "", "identified", "none", ""],
    ]);
  });

  it("exports buying-group maps: the contacts with a role, then each deal's contacts", async () => {
    const accountLevel = [
      ["Acme, Inc.", "", "economic_buyer", "Carla Diaz", "CFO", "carla@acme.example", "active", "high", "2026-07-10T08:00:00Z", ""],
      ["Acme, Inc.", "", "technical_evaluator", "Dan Wu", "Staff Engineer", "", "engaged", "medium", "", "@mention in the security review"],
      ["Globex", "", "champion", "Finn Berg", "", "", "identified", "none", "", "Book an executive sponsor meeting"],
    ];
    const dealLevel = [
      ["Acme, Inc.", formula, "economic_buyer", "Carla Diaz", "CFO", "carla@acme.example", "active", "high", "2026-07-11T00:00:00Z", ""],
      ["Acme, Inc.", formula, "technical_evaluator", "Dan Wu", "Staff Engineer", "", "engaged", "low", "", "Send the API docs"],
      ["Acme, Inc.", formula, "", "Eve Noel", "", "eve@acme.example", "identified", "none", "", ""],
      ["Globex", multiline, "champion", "Finn Berg", "", "", "identified", "none", "", ""],
      ["Initech", "Initech expansion", "end_user", "Gia Free", "", "gia@example.com", "identified", "none", "", ""],
    ];
    expect(csvExports["buying-groups"].header).toEqual([
      "Account Name", "Opportunity Name", "Buying-Group Role", "Contact Name", "Job Title", "Email", "Status", "Engagement", "Last Touch", "Gap Action",
    ]);
    expect(await collect(db, "buying-groups")).toEqual([...accountLevel, ...dealLevel]);
    // One account: its contacts with a role, and the deals on that account (whoever the contact works for).
    expect(await collect(db, "buying-groups", { accountId: 1 })).toEqual([...accountLevel.slice(0, 2), ...dealLevel.slice(0, 3)]);
    expect(await collect(db, "buying-groups", { accountId: 3 })).toEqual([dealLevel[4]]);
    expect(await collect(db, "buying-groups", { accountId: 999 })).toEqual([]);
    expect(await accountExists(db, 3)).toBe(true);
    expect(await accountExists(db, 999)).toBe(false);
  });

  it("neither drops nor repeats a row across batch boundaries", async () => {
    for (const entity of ["opportunities", "accounts", "contacts", "buying-groups"] as const) {
      const whole = await collect(db, entity);
      // 1: every row its own batch; 2 and 3: boundaries inside and at the end of the table (5 opportunities, 5 deal contacts).
      for (const batchSize of [1, 2, 3, 5]) expect(await collect(db, entity, { batchSize }), `${entity} in batches of ${batchSize}`).toEqual(whole);
    }
    expect(await collect(db, "buying-groups", { accountId: 1, batchSize: 2 })).toHaveLength(5);
  });

  it("downloads a file a spreadsheet reads back, with formulas written as text", async () => {
    const rows = await download(db, "opportunities", { batchSize: 2 });
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual(csvExports.opportunities.header);
    expect(rows.map((r) => r[1])).toEqual(["Opportunity Name", `'${formula}`, multiline, "Lost deal", "Initech expansion", "No account", "Lost, reason not mapped yet"]);
    expect(rows[2]![15]).toBe("Price, fit");
    expect(rows[3]![17]).toBe("'-Globex");
    // The Amount column as a spreadsheet reads it: 0.00 where the amount is 0, a blank where there is none.
    expect(rows.map((r) => r[7])).toEqual(["Amount", "18000.50", "100.00", "0.00", "5000.00", "", "2.00"]);
    const maps = await download(db, "buying-groups", { accountId: 1 });
    expect(maps[2]![9]).toBe("'@mention in the security review");
  });
});
