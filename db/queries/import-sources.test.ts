import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/index";
import { users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import type { ImportOptions } from "@/lib/import/options";
import { prepareImport } from "@/lib/import/prepare";
import { runImport } from "@/lib/import/run";
import { saveUpload } from "@/lib/import/uploads";
import { findImportMapping, getImportJob, organisationSources, putImportSettings, rollbackImport, saveImportMapping } from "./imports";

const header = "Opportunity ID,Opportunity Name,Stage,Amount,Created Date,Lead Source";
const opportunities = (rows: string[]) => [header, ...rows].join("\n") + "\n";

describe.each(testDrivers())("lead sources mapped on import on %s", (driver) => {
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
    await db.execute(sql`truncate opportunities, opportunity_stage_history, leads, accounts, import_jobs, import_changes, import_mappings cascade`);
  });

  async function prepare(name: string, text: string, mapping?: Parameters<typeof prepareImport>[2]["mapping"]) {
    const saved = await saveUpload(db, Readable.from([Buffer.from(text)]));
    return prepareImport(db, { ...saved, name }, { createdBy: admin, mapping });
  }
  async function run(id: number) {
    const dry = await runImport(db, id, "dry_run");
    expect(dry).toMatchObject({ status: "validated", failedRows: 0 });
    expect(await runImport(db, id, "commit", new Date("2026-11-24T12:00:00Z"))).toMatchObject({ status: "completed" });
  }
  const sources = () => queryRows<{ external_id: string; source: string | null }>(db, sql`select external_id, source from opportunities order by external_id`);

  it("suggests the organisation's source for each value, keeps the others as given, and a saved mapping maps them next time", async () => {
    // The organisation's sources, from deals imported before.
    await run(await prepare("first.csv", opportunities(["A1,A,Discovery,100,2026-03-01,Events", "A2,B,Discovery,100,2026-03-01,Inbound", "A3,C,Discovery,100,2026-03-01,Partner"])));
    expect(await organisationSources(db)).toEqual(["Events", "Inbound", "Partner"]);

    const file = opportunities([
      "B1,D,Discovery,100,2026-03-02,Trade Show",
      "B2,E,Discovery,100,2026-03-02,Web",
      "B3,F,Discovery,100,2026-03-02,Employee Referral",
      "B4,G,Discovery,100,2026-03-02,Podcast",
      "B5,H,Discovery,100,2026-03-02,",
    ]);
    const id = await prepare("export.csv", file);
    const job = await getImportJob(db, id);
    expect((job.options as ImportOptions).sourceMap).toEqual({ "Employee Referral": null, Podcast: null, "Trade Show": "Events", Web: "Inbound" });
    // The admin maps the referral to Partner and saves the mapping, as the import page does.
    const options: ImportOptions = { ...(job.options as ImportOptions), sourceMap: { ...(job.options as ImportOptions).sourceMap, "Employee Referral": "Partner" } };
    await putImportSettings(db, id, job.mapping as Record<string, string>, options);
    await saveImportMapping(db, "Weekly opportunities", "opportunities", { columns: job.mapping, options: { stageMap: options.stageMap, sourceMap: options.sourceMap, dateFormat: null } }, admin);
    await run(id);
    expect((await sources()).filter((s) => s.external_id.startsWith("B"))).toEqual([
      { external_id: "B1", source: "Events" },
      { external_id: "B2", source: "Inbound" },
      { external_id: "B3", source: "Partner" },
      { external_id: "B4", source: "Podcast" },
      { external_id: "B5", source: null },
    ]);

    // Next time, in a workspace with none of these deals, the saved mapping maps the same values the same way.
    await db.execute(sql`truncate opportunities, opportunity_stage_history, accounts cascade`);
    expect(await organisationSources(db)).toEqual([]);
    const saved = await findImportMapping(db, "Weekly opportunities");
    const next = await prepare("next-week.csv", file.replace("B5,H", "B6,I"), saved!.mapping as { columns: Record<string, string>; options?: Partial<ImportOptions> });
    expect((await getImportJob(db, next)).options).toMatchObject({ sourceMap: { "Trade Show": "Events", Web: "Inbound", "Employee Referral": "Partner", Podcast: null } });
    await run(next);
    expect((await sources()).map((s) => s.source)).toEqual(["Events", "Inbound", "Partner", "Podcast", null]);
    // Importing it again changes nothing, and a rollback takes the deals away.
    const again = await prepare("next-week.csv", file.replace("B5,H", "B6,I"), saved!.mapping as { columns: Record<string, string> });
    expect(await runImport(db, again, "dry_run")).toMatchObject({ createdRows: 0, updatedRows: 0, unchangedRows: 5 });
    await rollbackImport(db, next, admin);
    expect(await sources()).toEqual([]);
  });

  it("maps the lead sources of a leads file the same way", async () => {
    await run(await prepare("first.csv", opportunities(["A1,A,Discovery,100,2026-03-01,Events"])));
    const id = await prepare("leads.csv", "Lead ID,Email,Lead Source,Created Date\nL1,ana@acme.com,Trade Show,2026-03-02\nL2,bo@globex.com,Webinar sponsor list,2026-03-02\n");
    const job = await getImportJob(db, id);
    expect(job.entity).toBe("leads");
    expect((job.options as ImportOptions).sourceMap).toEqual({ "Trade Show": "Events", "Webinar sponsor list": "Events" });
    await putImportSettings(db, id, job.mapping as Record<string, string>, { ...(job.options as ImportOptions), sourceMap: { "Trade Show": "Events", "Webinar sponsor list": null } });
    await run(id);
    expect(await queryRows(db, sql`select external_id, source from leads order by external_id`)).toEqual([
      { external_id: "L1", source: "Events" },
      { external_id: "L2", source: "Webinar sponsor list" },
    ]);
  });
});
