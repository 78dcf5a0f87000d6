import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/index";
import { users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { prepareImport } from "@/lib/import/prepare";
import { runImport } from "@/lib/import/run";
import { saveUpload } from "@/lib/import/uploads";
import { defaultReasonTaxonomies } from "@/lib/win-loss/reasons";
import { lossReasonSla } from "./funnel";
import { getImportJob, rollbackImport } from "./imports";
import { addReasonPhrase, reasonCounts, saveReasonTaxonomies, unmappedReasons } from "./reasons";
import { getSetting } from "./settings";

// A Salesforce report with its loss reason and competitor columns, and HubSpot's names for the win reason.
const header = "Opportunity ID,Opportunity Name,Stage,Amount,Created Date,Close Date,Closed Lost Reason,Closed won reason,Primary Competitor";
const report = [
  header,
  "O1,A,Closed Lost,1000.10,2026-03-01,2026-04-01,Price,,Forecastly",
  "O2,B,Closed Lost,2000,2026-03-01,2026-04-02,price too high,,",
  "O3,C,Closed Lost,300,2026-03-01,2026-04-03,Pricing,,",
  "O4,D,Closed Lost,50.25,2026-03-01,2026-04-04,Procurement took too long,,Acme Analytics",
  "O5,E,Closed Lost,70,2026-03-01,2026-04-05,Procurement took too long,,Acme Analytics",
  "O6,F,Closed Lost,9000,2026-03-01,2026-04-06,Legal review,,",
  "O7,G,Closed Won,5000,2026-03-01,2026-04-07,,Best onboarding experience,",
].join("\n");

describe.each(testDrivers())("win and loss reasons and competitors on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let admin: number;

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const [a] = await db.insert(users).values({ email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" }).returning();
    admin = a!.id;
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await db.execute(sql`truncate opportunities, opportunity_stage_history, accounts, import_jobs, import_changes, settings, audit_log cascade`);
  });

  async function importReport(text: string) {
    const saved = await saveUpload(db, Readable.from([Buffer.from(text)]));
    const id = await prepareImport(db, { ...saved, name: "report.csv" }, { createdBy: admin });
    const dry = await runImport(db, id, "dry_run");
    expect(dry).toMatchObject({ status: "validated", failedRows: 0 });
    await runImport(db, id, "commit", new Date("2026-11-24T12:00:00Z"));
    return id;
  }
  const deals = () =>
    queryRows<{ id: string; loss: string | null; loss_raw: string | null; win: string | null; win_raw: string | null; competitor: string | null; competitor_raw: string | null }>(
      db,
      sql`select external_id as id, loss_reason as loss, loss_reason_raw as loss_raw, win_reason as win, win_reason_raw as win_raw, competitor, competitor_raw
          from opportunities order by external_id`,
    );

  it("imports the raw text and the label it maps to; unmapped values wait in the review list, most frequent first", async () => {
    const id = await importReport(report);
    const job = await getImportJob(db, id);
    expect(Object.values(job.mapping as Record<string, string>)).toEqual(expect.arrayContaining(["lossReason", "winReason", "competitor"]));
    expect(await deals()).toEqual([
      { id: "O1", loss: "Price", loss_raw: "Price", win: null, win_raw: null, competitor: "Forecastly", competitor_raw: "Forecastly" },
      { id: "O2", loss: "Price", loss_raw: "price too high", win: null, win_raw: null, competitor: null, competitor_raw: null },
      { id: "O3", loss: "Price", loss_raw: "Pricing", win: null, win_raw: null, competitor: null, competitor_raw: null },
      { id: "O4", loss: null, loss_raw: "Procurement took too long", win: null, win_raw: null, competitor: null, competitor_raw: "Acme Analytics" },
      { id: "O5", loss: null, loss_raw: "Procurement took too long", win: null, win_raw: null, competitor: null, competitor_raw: "Acme Analytics" },
      { id: "O6", loss: null, loss_raw: "Legal review", win: null, win_raw: null, competitor: null, competitor_raw: null },
      { id: "O7", loss: null, loss_raw: null, win: "Support", win_raw: "Best onboarding experience", competitor: null, competitor_raw: null },
    ]);
    expect(await reasonCounts(db, "loss")).toEqual(new Map([["Price", 3]]));
    expect(await unmappedReasons(db, "loss")).toEqual({
      values: [
        { raw: "Procurement took too long", deals: 2, amount: "120.25" },
        { raw: "Legal review", deals: 1, amount: "9000.00" },
      ],
      total: 2,
    });
    expect(await unmappedReasons(db, "competitor")).toEqual({ values: [{ raw: "Acme Analytics", deals: 2, amount: "120.25" }], total: 1 });
    expect(await unmappedReasons(db, "win")).toEqual({ values: [], total: 0 });
    // An unmapped reason was still recorded: the loss-reason SLA counts it.
    expect(await lossReasonSla(db, { from: "2026-04-01", to: "2026-04-30", timeZone: "UTC" })).toMatchObject({ due: 6, within: 6 });

    // One click from the review list: a value joins a label, or becomes a label of its own; the deals follow.
    expect(await addReasonPhrase(db, "loss", { label: "Timing / priorities changed", phrase: "Procurement took too long", create: false }, admin)).toEqual({
      label: "Timing / priorities changed",
      remapped: 2,
    });
    expect(await addReasonPhrase(db, "competitor", { label: "Acme Analytics", phrase: "Acme Analytics", create: true }, admin)).toEqual({ label: "Acme Analytics", remapped: 2 });
    await expect(addReasonPhrase(db, "competitor", { label: "acme analytics", phrase: "Acme", create: true }, admin)).rejects.toThrow('"Acme Analytics" is already a competitor');
    await expect(addReasonPhrase(db, "loss", { label: "Gone", phrase: "Legal review", create: false }, admin)).rejects.toThrow('There is no loss reason "Gone" any more');
    expect(await unmappedReasons(db, "loss")).toEqual({ values: [{ raw: "Legal review", deals: 1, amount: "9000.00" }], total: 1 });
    const saved = await getSetting(db, "reasonTaxonomies");
    expect(saved.loss.find((e) => e.label === "Timing / priorities changed")!.phrases).toContain("Procurement took too long");
    expect(saved.competitor.at(-1)).toEqual({ label: "Acme Analytics", phrases: [] });
    expect((await deals()).map((d) => [d.id, d.loss, d.competitor])).toEqual([
      ["O1", "Price", "Forecastly"],
      ["O2", "Price", null],
      ["O3", "Price", null],
      ["O4", "Timing / priorities changed", "Acme Analytics"],
      ["O5", "Timing / priorities changed", "Acme Analytics"],
      ["O6", null, null],
      ["O7", null, null],
    ]);
  });

  it("re-maps every deal's raw text when the taxonomies are saved, and refuses to save over someone else's change", async () => {
    await importReport(report);
    const before = await getSetting(db, "reasonTaxonomies");
    const versions = await queryRows(db, sql`select external_id, version, updated_at from opportunities order by external_id`);
    const edited = {
      ...before,
      // "Price" renamed, and "pricing" no longer one of its phrases; a new label takes the legal review.
      loss: [...before.loss.map((e) => (e.label === "Price" ? { label: "Price / value", phrases: ["price"] } : e)), { label: "Legal", phrases: ["legal"] }],
    };
    const { remapped } = await saveReasonTaxonomies(db, edited, admin, { startedFrom: before });
    expect(remapped).toEqual({ loss: 4, win: 0, competitor: 0 });
    expect((await deals()).map((d) => [d.id, d.loss])).toEqual([
      ["O1", "Price / value"],
      ["O2", "Price / value"],
      ["O3", null],
      ["O4", null],
      ["O5", null],
      ["O6", "Legal"],
      ["O7", null],
    ]);
    // A label is derived from the raw text: no deal counts as edited (a rollback of the import is not blocked).
    expect(await queryRows(db, sql`select external_id, version, updated_at from opportunities order by external_id`)).toEqual(versions);
    expect((await unmappedReasons(db, "loss")).values.map((v) => v.raw)).toEqual(["Procurement took too long", "Pricing"]);
    await expect(saveReasonTaxonomies(db, defaultReasonTaxonomies, admin, { startedFrom: before })).rejects.toThrow("Someone saved the reasons since you opened them");

    // Back to the defaults: the deals are as the import left them.
    await saveReasonTaxonomies(db, defaultReasonTaxonomies, admin);
    expect((await deals()).map((d) => d.loss)).toEqual(["Price", "Price", "Price", null, null, null, null]);
  });

  it("rolls an import back with its raw text and labels", async () => {
    await importReport(report);
    const before = await queryRows(db, sql`select * from opportunities order by id`);
    const newer = await importReport(report.replace("O6,F,Closed Lost,9000,2026-03-01,2026-04-06,Legal review", "O6,F,Closed Lost,9000,2026-03-01,2026-04-06,Too expensive"));
    expect((await deals()).find((d) => d.id === "O6")).toMatchObject({ loss: "Price", loss_raw: "Too expensive" });
    await rollbackImport(db, newer, admin);
    expect(await queryRows(db, sql`select * from opportunities order by id`)).toEqual(before);
  });
});
