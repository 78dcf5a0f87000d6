import path from "node:path";
import { Readable } from "node:stream";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/db/index";
import { auditLog, opportunities, opportunityChanges, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { prepareImport } from "@/lib/import/prepare";
import { runImport } from "@/lib/import/run";
import { copyUpload, saveUpload } from "@/lib/import/uploads";
import { rollbackImport } from "./imports";
import { closedLostStage, closedWonStage } from "@/lib/domain/pipeline-stages";
import { dealsContext } from "@/lib/deals/view";
import { ValidationError } from "@/lib/errors";
import type { CloseReasonsInput } from "@/lib/win-loss/close-reasons";
import { dealTotals } from "./deals";
import { setCloseReasons, setDealProfile, setForecastCategory, setNextStep } from "./opportunity-changes";

const fixtures = path.join(import.meta.dirname, "../../lib/import/fixtures");
const at = new Date("2026-11-24T12:00:00Z");

describe.each(testDrivers())("opportunity change history on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let admin: number;
  let dana: number;
  let sam: number;

  async function importFile(upload: { uploadId: number; bytes: number }, name: string) {
    const id = await prepareImport(db, { ...upload, name }, { createdBy: admin });
    const dry = await runImport(db, id, "dry_run");
    return { id, dry };
  }
  const fixture = async (name: string) => importFile(await copyUpload(db, path.join(fixtures, name)), name);
  const text = async (csv: string) => importFile(await saveUpload(db, Readable.from([Buffer.from(csv)])), "deals.csv");
  const changes = () =>
    db
      .select({ externalId: opportunities.externalId, field: opportunityChanges.field, oldValue: opportunityChanges.oldValue, newValue: opportunityChanges.newValue, changedAt: opportunityChanges.changedAt, source: opportunityChanges.source })
      .from(opportunityChanges)
      .innerJoin(opportunities, eq(opportunities.id, opportunityChanges.opportunityId))
      .orderBy(asc(opportunityChanges.id));

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const [a, d, s] = await db
      .insert(users)
      .values([
        { email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" },
        { email: "dana@example.com", name: "Dana Rep", role: "sales", passwordHash: "x" },
        { email: "sam@example.com", name: "Sam Seller", role: "sales", passwordHash: "x" },
      ])
      .returning();
    [admin, dana, sam] = [a!.id, d!.id, s!.id];
  });
  afterAll(() => t.drop());
  beforeEach(async () => {
    await db.execute(sql`truncate opportunities, opportunity_stage_history, opportunity_changes, accounts, import_jobs, import_changes, audit_log cascade`);
  });

  it("reads the forecast category on import and keeps what a newer export changes, and what its rollback changes back", async () => {
    const first = await fixture("salesforce-opportunities.csv");
    await runImport(db, first.id, "commit", at);
    const stored = await db.select({ id: opportunities.externalId, category: opportunities.forecastCategory }).from(opportunities).orderBy(opportunities.externalId);
    expect(stored.map((o) => o.category)).toEqual(["closed", "omitted", "pipeline", "pipeline", "closed"]);
    // Creating a deal is not a change of it.
    expect(await changes()).toEqual([]);

    const newer = await fixture("salesforce-opportunities-updated.csv");
    await runImport(db, newer.id, "commit", at);
    const afterImport = await changes();
    const won = new Date("2026-07-10T00:00:00Z");
    expect(afterImport.map((c) => [c.externalId, c.field, c.oldValue, c.newValue, c.changedAt.toISOString(), c.source])).toEqual(
      expect.arrayContaining([
        // Initech was won on Jul 10 at 32,000: the status changed when the deal closed, the amount when the export came in.
        ["0065e00001AAA03", "amount", "30000.00", "32000.00", at.toISOString(), "import"],
        ["0065e00001AAA03", "stage", "3", "6", won.toISOString(), "import"],
        ["0065e00001AAA03", "status", "open", "won", won.toISOString(), "import"],
        ["0065e00001AAA03", "expected_close_date", "2026-06-30", null, at.toISOString(), "import"],
        ["0065e00001AAA03", "forecast_category", "pipeline", "closed", at.toISOString(), "import"],
        // Umbrella moved to Negotiation at some point before this export: dated when it was imported.
        ["0065e00001AAA04", "stage", "1", "4", at.toISOString(), "import"],
      ]),
    );
    expect(afterImport).toHaveLength(6);

    const rolledBackAt = new Date("2026-11-25T09:00:00Z");
    await rollbackImport(db, newer.id, admin, rolledBackAt);
    const undone = (await changes()).slice(afterImport.length);
    expect(undone.map((c) => [c.externalId, c.field, c.oldValue, c.newValue])).toEqual(
      expect.arrayContaining([
        ["0065e00001AAA03", "amount", "32000.00", "30000.00"],
        ["0065e00001AAA03", "status", "won", "open"],
        ["0065e00001AAA03", "expected_close_date", null, "2026-06-30"],
        ["0065e00001AAA04", "stage", "4", "1"],
      ]),
    );
    expect(undone).toHaveLength(6);
    expect(undone.every((c) => c.changedAt.getTime() === rolledBackAt.getTime())).toBe(true);
  });

  it("tolerates case and slips in a forecast category and names the row of one it cannot read", async () => {
    const header = '"Opportunity ID","Opportunity Name","Stage","Amount","Close Date","Created Date","ForecastCategoryName"\n';
    const { dry } = await text(
      `${header}"1","A","Discovery","100","3/15/2026","1/20/2026","BEST_CASE"\n"2","B","Discovery","100","3/15/2026","1/20/2026","Comit"\n"3","C","Discovery","100","3/15/2026","1/20/2026","Maybe"\n"4","D","Discovery","100","3/15/2026","1/20/2026",""\n`,
    );
    expect(dry.errors).toEqual([{ row: 4, column: "ForecastCategoryName", value: "Maybe", problem: "is not a forecast category (Pipeline, Best case, Commit, Closed or Omitted)" }]);
    expect(dry).toMatchObject({ failedRows: 1, createdRows: 3 });
  });

  it("lets the owner or an admin set a deal's category, refuses others and a stale version, and keeps the change", async () => {
    const [deal] = await db
      .insert(opportunities)
      .values({ name: "Initech", ownerId: dana, stageId: 3, status: "open", amount: "30000.00", createdAt: new Date("2026-10-01T00:00:00Z"), expectedCloseDate: "2026-12-15" })
      .returning();
    await expect(setForecastCategory(db, { opportunityId: deal!.id, category: "commit", version: 1, user: { id: sam, role: "sales" } })).rejects.toThrow(/owner or an admin/);
    await expect(setForecastCategory(db, { opportunityId: deal!.id, category: "commit", version: 1, user: { id: admin, role: "executive" } })).rejects.toThrow(/owner or an admin/);
    const { version } = await setForecastCategory(db, { opportunityId: deal!.id, category: "commit", version: 1, user: { id: dana, role: "sales" } }, at);
    expect(version).toBe(2);
    // Someone who opened the deal before that edit is told, not allowed to overwrite it.
    await expect(setForecastCategory(db, { opportunityId: deal!.id, category: "pipeline", version: 1, user: { id: admin, role: "admin" } })).rejects.toThrow(/changed by someone else/);
    await setForecastCategory(db, { opportunityId: deal!.id, category: null, version: 2, user: { id: admin, role: "admin" } }, at);
    const history = await changes();
    expect(history.map((c) => [c.field, c.oldValue, c.newValue, c.source])).toEqual([
      ["forecast_category", null, "commit", "edit"],
      ["forecast_category", "commit", null, "edit"],
    ]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.entity, "opportunity"));
    expect(audit.map((a) => [a.userId, a.oldValue, a.newValue])).toEqual([
      [dana, null, "commit"],
      [admin, "commit", null],
    ]);
    await expect(setForecastCategory(db, { opportunityId: 999_999, category: "commit", version: 1, user: { id: admin, role: "admin" } })).rejects.toThrow(/no deal #999999/);
  });

  it("imports a Salesforce report's Next Step trimmed, blank as none, and keeps what a newer export changes", async () => {
    const header = '"Opportunity ID","Opportunity Name","Opportunity Owner","Stage","Amount","Close Date","Created Date","Next Step"\n';
    const row = (id: string, nextStep: string) => `"${id}","Deal ${id}","Dana Rep","Discovery","100","12/15/2026","10/1/2026","${nextStep}"\n`;
    const first = await text(`${header}${row("1", "  Send the security review ")}${row("2", "")}${row("3", "Pricing call")}`);
    expect(first.dry).toMatchObject({ failedRows: 0, createdRows: 3 });
    await runImport(db, first.id, "commit", at);
    const stored = () => db.select({ id: opportunities.externalId, nextStep: opportunities.nextStep, setAt: opportunities.nextStepUpdatedAt }).from(opportunities).orderBy(opportunities.externalId);
    expect(await stored()).toEqual([
      { id: "1", nextStep: "Send the security review", setAt: at },
      { id: "2", nextStep: null, setAt: null },
      { id: "3", nextStep: "Pricing call", setAt: at },
    ]);

    const later = new Date("2026-11-30T08:00:00Z");
    const tooLong = await text(`${header}${row("4", "Fine")}${row("5", "x".repeat(1_001))}`);
    expect(tooLong.dry.errors).toEqual([{ row: 3, column: "Next Step", value: `${"x".repeat(40)}…`, problem: "has 1,001 characters; a next step has at most 1,000" }]);
    const newer = await text(`${header}${row("1", "Send the security review")}${row("2", "Book the demo")}${row("3", " ")}`);
    expect(newer.dry).toMatchObject({ failedRows: 0, updatedRows: 2 });
    await runImport(db, newer.id, "commit", later);
    expect(await stored()).toEqual([
      { id: "1", nextStep: "Send the security review", setAt: at },
      { id: "2", nextStep: "Book the demo", setAt: later },
      { id: "3", nextStep: null, setAt: later },
    ]);
    expect((await changes()).map((c) => [c.externalId, c.field, c.oldValue, c.newValue, c.changedAt.toISOString(), c.source])).toEqual([
      ["2", "next_step", null, "Book the demo", later.toISOString(), "import"],
      ["3", "next_step", "Pricing call", null, later.toISOString(), "import"],
    ]);

    await rollbackImport(db, newer.id, admin, new Date("2026-12-01T00:00:00Z"));
    expect((await stored()).map((o) => [o.id, o.nextStep, o.setAt])).toEqual([
      ["1", "Send the security review", at],
      ["2", null, null],
      ["3", "Pricing call", at],
    ]);
    expect((await changes()).slice(2).map((c) => [c.externalId, c.field, c.oldValue, c.newValue])).toEqual(
      expect.arrayContaining([
        ["2", "next_step", "Book the demo", null],
        ["3", "next_step", null, "Pricing call"],
      ]),
    );
  });

  it("lets the owner or an admin set a deal's next step, refuses others and a stale version, and keeps the change", async () => {
    const [deal] = await db
      .insert(opportunities)
      .values({ name: "Initech", ownerId: dana, stageId: 3, status: "open", amount: "30000.00", createdAt: new Date("2026-10-01T00:00:00Z"), expectedCloseDate: "2026-12-15" })
      .returning();
    const edit = (version: number, nextStep: string | null, user: { id: number; role: "sales" | "admin" | "executive" }, now = at) =>
      setNextStep(db, { opportunityId: deal!.id, nextStep, version, user }, now);
    await expect(edit(1, "Call the CFO", { id: sam, role: "sales" })).rejects.toThrow(/owner or an admin sets its next step/);
    await expect(edit(1, "Call the CFO", { id: admin, role: "executive" })).rejects.toThrow(/owner or an admin/);
    expect(await edit(1, "Call the CFO", { id: dana, role: "sales" })).toEqual({ version: 2, nextStepUpdatedAt: at });
    // Two people opened the deal at version 1: the second save is refused, not written over the first.
    await expect(edit(1, "Send the contract", { id: admin, role: "admin" })).rejects.toThrow(/changed by someone else/);
    // The same text again changes nothing, not even the version or when it was set.
    expect(await edit(2, "Call the CFO", { id: dana, role: "sales" }, new Date("2026-11-25T00:00:00Z"))).toEqual({ version: 2, nextStepUpdatedAt: at });
    const cleared = new Date("2026-11-26T00:00:00Z");
    expect(await edit(2, null, { id: admin, role: "admin" }, cleared)).toEqual({ version: 3, nextStepUpdatedAt: cleared });
    const [stored] = await db.select().from(opportunities).where(eq(opportunities.id, deal!.id));
    expect([stored!.nextStep, stored!.nextStepUpdatedAt, stored!.version]).toEqual([null, cleared, 3]);
    expect((await changes()).map((c) => [c.field, c.oldValue, c.newValue, c.source])).toEqual([
      ["next_step", null, "Call the CFO", "edit"],
      ["next_step", "Call the CFO", null, "edit"],
    ]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.entity, "opportunity"));
    expect(audit.map((a) => [a.userId, a.field, a.oldValue, a.newValue])).toEqual([
      [dana, "next_step", null, "Call the CFO"],
      [admin, "next_step", "Call the CFO", null],
    ]);
  });

  it("lets the owner or an admin record why a deal was lost and against whom, taking it off the Closed Lost SLA's breaches", async () => {
    const [lost, won] = await db
      .insert(opportunities)
      .values([
        { name: "Globex", ownerId: dana, stageId: closedLostStage.id, status: "lost", amount: "40000.00", createdAt: new Date("2026-09-01T00:00:00Z"), closedAt: new Date("2026-11-20T00:00:00Z") },
        { name: "Hooli", ownerId: dana, stageId: closedWonStage.id, status: "won", amount: "25000.00", createdAt: new Date("2026-09-01T00:00:00Z"), closedAt: new Date("2026-11-21T00:00:00Z") },
      ])
      .returning();
    const none: CloseReasonsInput = { reason: null, reasonNote: "", competitor: null, competitorNote: "" };
    const record = (id: number, version: number, reasons: Partial<CloseReasonsInput>, user: { id: number; role: "sales" | "admin" }) =>
      setCloseReasons(db, { opportunityId: id, version, user, reasons: { ...none, ...reasons } }, at);
    const withoutReason = async () => (await dealTotals(db, { status: "lost", noLossReason: true }, (await dealsContext(db, at)).deal)).deals;
    expect(await withoutReason()).toBe(1);

    await expect(record(lost!.id, 1, { reason: "Price" }, { id: sam, role: "sales" })).rejects.toThrow(/owner or an admin sets its reasons/);
    // A lost deal needs a reason; a wrong label is named by its field.
    const refused = await record(lost!.id, 1, { competitor: "PipeIQ" }, { id: dana, role: "sales" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused).toMatchObject({ field: "reason" });
    await expect(record(lost!.id, 1, { reason: "Price", competitor: "Acme" }, { id: dana, role: "sales" })).rejects.toMatchObject({ field: "competitor" });

    expect(await record(lost!.id, 1, { reason: "Price", reasonNote: "CFO cut the line item", competitor: "PipeIQ" }, { id: dana, role: "sales" })).toEqual({ version: 2 });
    expect(await withoutReason()).toBe(0);
    // Opened before that save: refused, not written over it.
    await expect(record(lost!.id, 1, { reason: "No budget" }, { id: admin, role: "admin" })).rejects.toThrow(/changed by someone else/);
    // The same reasons again change nothing.
    expect(await record(lost!.id, 2, { reason: "Price", reasonNote: "CFO cut the line item", competitor: "PipeIQ" }, { id: dana, role: "sales" })).toEqual({ version: 2 });
    // Words alone are mapped as an import maps them.
    expect(await record(lost!.id, 2, { reasonNote: "no budget this year", competitor: "PipeIQ" }, { id: admin, role: "admin" })).toEqual({ version: 3 });
    expect(await record(won!.id, 1, { reason: "Strong champion", competitorNote: "spreadsheets" }, { id: dana, role: "sales" })).toEqual({ version: 2 });

    const stored = await db.select().from(opportunities).orderBy(asc(opportunities.id));
    expect(stored.map((o) => [o.name, o.lossReason, o.lossReasonRaw, o.winReason, o.winReasonRaw, o.competitor, o.competitorRaw])).toEqual([
      ["Globex", "No budget", "no budget this year", null, null, "PipeIQ", "PipeIQ"],
      ["Hooli", null, null, "Strong champion", "Strong champion", "Spreadsheets (status quo)", "spreadsheets"],
    ]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.entity, "opportunity")).orderBy(asc(auditLog.id));
    expect(audit.map((a) => [a.entityId, a.userId, a.field, a.oldValue, a.newValue])).toEqual([
      [String(lost!.id), dana, "loss reason", null, "Price (“CFO cut the line item”)"],
      [String(lost!.id), dana, "competitor", null, "PipeIQ"],
      [String(lost!.id), admin, "loss reason", "Price (“CFO cut the line item”)", "No budget (“no budget this year”)"],
      [String(won!.id), dana, "win reason", null, "Strong champion"],
      [String(won!.id), dana, "competitor", null, "Spreadsheets (status quo) (“spreadsheets”)"],
    ]);
    // Reasons are not the change history's: the waterfall reads only amounts, dates, stages and status.
    expect(await changes()).toEqual([]);
  });

  it("imports a report's use case and objection custom columns, and a rollback puts them back", async () => {
    const header = '"Opportunity ID","Opportunity Name","Stage","Created Date","Primary Objection","Use Case"\n';
    const first = await text(`${header}"1","Deal 1","Discovery","10/15/2026","  Too expensive for our size ","Lead routing"\n"2","Deal 2","Discovery","10/15/2026","",""\n`);
    expect(first.dry, JSON.stringify(first.dry)).toMatchObject({ failedRows: 0, createdRows: 2 });
    await runImport(db, first.id, "commit", at);
    const stored = () => db.select({ id: opportunities.externalId, useCase: opportunities.useCase, objection: opportunities.objection }).from(opportunities).orderBy(opportunities.externalId);
    expect(await stored()).toEqual([
      { id: "1", useCase: "Lead routing", objection: "Too expensive for our size" },
      { id: "2", useCase: null, objection: null },
    ]);
    const newer = await text(`${header}"1","Deal 1","Discovery","10/15/2026","","Lead routing"\n"2","Deal 2","Discovery","10/15/2026","Security review takes too long","Forecasting"\n`);
    await runImport(db, newer.id, "commit", new Date("2026-11-30T08:00:00Z"));
    expect(await stored()).toEqual([
      { id: "1", useCase: "Lead routing", objection: null },
      { id: "2", useCase: "Forecasting", objection: "Security review takes too long" },
    ]);
    await rollbackImport(db, newer.id, admin, new Date("2026-12-01T00:00:00Z"));
    expect(await stored()).toEqual([
      { id: "1", useCase: "Lead routing", objection: "Too expensive for our size" },
      { id: "2", useCase: null, objection: null },
    ]);
  });

  it("lets the owner or an admin set what a deal is about, refuses others and a stale version, and audits each change", async () => {
    const [deal] = await db
      .insert(opportunities)
      .values({ name: "Initech", ownerId: dana, stageId: 3, status: "open", useCase: "Lead routing", createdAt: new Date("2026-10-01T00:00:00Z") })
      .returning();
    const edit = (version: number, profile: { useCase: string | null; objection: string | null }, user: { id: number; role: "sales" | "admin" | "executive" }) =>
      setDealProfile(db, { opportunityId: deal!.id, ...profile, version, user }, at);
    await expect(edit(1, { useCase: "Lead routing", objection: "Price" }, { id: sam, role: "sales" })).rejects.toThrow(/owner or an admin sets its use case and objection/);
    await expect(edit(1, { useCase: "Lead routing", objection: "Price" }, { id: admin, role: "executive" })).rejects.toThrow(/owner or an admin/);
    expect(await edit(1, { useCase: "Lead routing", objection: "Too expensive for our size" }, { id: dana, role: "sales" })).toEqual({ version: 2 });
    await expect(edit(1, { useCase: null, objection: null }, { id: admin, role: "admin" })).rejects.toThrow(/changed by someone else/);
    // The same values again change nothing, not even the version.
    expect(await edit(2, { useCase: "Lead routing", objection: "Too expensive for our size" }, { id: dana, role: "sales" })).toEqual({ version: 2 });
    expect(await edit(2, { useCase: "Forecasting", objection: null }, { id: admin, role: "admin" })).toEqual({ version: 3 });
    const [stored] = await db.select().from(opportunities).where(eq(opportunities.id, deal!.id));
    expect([stored!.useCase, stored!.objection, stored!.version]).toEqual(["Forecasting", null, 3]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.entity, "opportunity")).orderBy(asc(auditLog.id));
    expect(audit.map((a) => [a.userId, a.field, a.oldValue, a.newValue])).toEqual([
      [dana, "objection", null, "Too expensive for our size"],
      [admin, "use case", "Lead routing", "Forecasting"],
      [admin, "objection", "Too expensive for our size", null],
    ]);
    // Not the change history's: the waterfall reads only amounts, dates, stages, status, category and next step.
    expect(await changes()).toEqual([]);
  });
});
