import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/index";
import { importJobs, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { prepareImport } from "@/lib/import/prepare";
import type { ImportOptions } from "@/lib/import/options";
import { runImport } from "@/lib/import/run";
import { copyUpload, saveUpload } from "@/lib/import/uploads";
import { Readable } from "node:stream";
import type { ImportEntity } from "@/lib/import/formats";
import { getImportJob, putImportSettings, rollbackImport } from "./imports";
import { pipelineSnapshot, velocityAggregates } from "./velocity";

const fixtures = path.join(import.meta.dirname, "../../lib/import/fixtures");
/** A fixture, or the given text, uploaded as the import page uploads it (into the database). */
async function upload(db: Database, name: string, text?: string): Promise<{ uploadId: number; name: string; bytes: number }> {
  const saved = text === undefined ? await copyUpload(db, path.join(fixtures, name)) : await saveUpload(db, Readable.from([Buffer.from(text)]));
  return { ...saved, name };
}

/** Every row an import can touch, in a stable order: compared before and after to prove a rollback exact. */
async function snapshot(db: Database) {
  return {
    opportunities: await queryRows(db, sql`select * from opportunities order by external_id`),
    history: await queryRows(db, sql`select * from opportunity_stage_history order by opportunity_id, entered_at, id`),
    accounts: await queryRows(db, sql`select * from accounts order by id`),
    contacts: await queryRows(db, sql`select * from contacts order by id`),
  };
}

describe.each(testDrivers())("imports on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let admin: number;

  async function importFile(file: Awaited<ReturnType<typeof upload>>, opts: { entity?: ImportEntity; options?: Partial<ImportOptions> } = {}) {
    const id = await prepareImport(db, file, { entity: opts.entity, createdBy: admin });
    if (opts.options) {
      const job = await getImportJob(db, id);
      await putImportSettings(db, id, job.mapping as Record<string, string>, { ...(job.options as object), ...opts.options });
    }
    const dry = await runImport(db, id, "dry_run");
    return { id, dry };
  }
  async function commit(id: number) {
    return runImport(db, id, "commit", new Date("2026-11-24T12:00:00Z"));
  }

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const [a] = await db.insert(users).values({ email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" }).returning();
    admin = a!.id;
    await db.insert(users).values([
      { email: "dana@example.com", name: "Dana Rep", role: "sales", passwordHash: "x" },
      { email: "sam@example.com", name: "Sam Seller", role: "sales", passwordHash: "x" },
    ]);
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await db.execute(sql`truncate opportunities, opportunity_stage_history, accounts, contacts, leads, touchpoints, self_reported_answers, web_traffic, import_jobs, import_changes cascade`);
  });

  it("imports a Salesforce report with no manual mapping and gives the worked-out figures", async () => {
    const before = await snapshot(db);
    const { id, dry } = await importFile(await upload(db, "salesforce-opportunities.csv"));
    expect(dry).toMatchObject({ status: "validated", processedRows: 5, createdRows: 5, updatedRows: 0, unchangedRows: 0, failedRows: 0 });
    expect(await snapshot(db)).toEqual(before);
    const job = await getImportJob(db, id);
    expect(job.format).toBe("salesforce_opportunities");

    expect(await commit(id)).toMatchObject({ status: "completed", createdRows: 5 });
    const opps = await queryRows<{ external_id: string; name: string; amount: string; status: string; account: string; owner: string }>(
      db,
      sql`select o.external_id, o.name, o.amount::text, o.status, a.name as account, u.name as owner
          from opportunities o left join accounts a on a.id = o.account_id left join users u on u.id = o.owner_id order by o.external_id`,
    );
    expect(opps.map((o) => [o.external_id, o.name, o.amount, o.status, o.account, o.owner])).toEqual([
      ["0065e00001AAA01", "Acme Corp - Platform, Annual", "18000.00", "won", "Acme Corp", "Dana Rep"],
      ["0065e00001AAA02", 'Globex "Expansion"', "24500.00", "lost", "Globex", "Sam Seller"],
      ["0065e00001AAA03", "Initech - Multi-line\ndeal notes", "30000.00", "open", "Initech", "Dana Rep"],
      ["0065e00001AAA04", "Umbrella renewal", "12000.00", "open", "Umbrella", "Sam Seller"],
      ["0065e00001AAA05", "Hooli pilot", "9500.50", "won", "Hooli", "Dana Rep"],
    ]);
    // H1 2026 in UTC: won Acme (Jan 10 → Mar 15, 64 days) and Hooli (Feb 14 → May 20, 95 days), lost Globex;
    // all five were qualified when created.
    const h1 = await velocityAggregates(db, { from: "2026-01-01", to: "2026-06-30", timeZone: "UTC" });
    expect(h1).toEqual({ qualified: 5, won: 2, lost: 1, wonAmount: "27500.50", wonWithoutAmount: 0, wonCycleDays: 159 });
  });

  it("changes nothing when the same file is imported twice, updates from a newer export, and rolls back exactly", async () => {
    const empty = await snapshot(db);
    const first = await importFile(await upload(db, "salesforce-opportunities.csv"));
    await commit(first.id);
    const afterFirst = await snapshot(db);

    const again = await importFile(await upload(db, "salesforce-opportunities.csv"));
    expect(again.dry).toMatchObject({ createdRows: 0, updatedRows: 0, unchangedRows: 5 });
    expect(await commit(again.id)).toMatchObject({ status: "completed", createdRows: 0, updatedRows: 0, unchangedRows: 5 });
    expect(await snapshot(db)).toEqual(afterFirst);

    const newer = await importFile(await upload(db, "salesforce-opportunities-updated.csv"));
    expect(newer.dry).toMatchObject({ createdRows: 1, updatedRows: 2, unchangedRows: 3, failedRows: 0 });
    await commit(newer.id);
    const history = await queryRows<{ external_id: string; stage: string; entered_at: Date | string; exited_at: Date | string | null }>(
      db,
      sql`select o.external_id, s.name as stage, h.entered_at, h.exited_at from opportunity_stage_history h
          join opportunities o on o.id = h.opportunity_id join pipeline_stages s on s.id = h.stage_id
          where o.external_id in ('0065e00001AAA03', '0065e00001AAA04') order by o.external_id, h.entered_at`,
    );
    const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
    expect(history.map((h) => [h.external_id, h.stage, iso(h.entered_at), iso(h.exited_at)])).toEqual([
      // Initech was in Proposal since it was created and was won on Jul 10: the change is appended.
      ["0065e00001AAA03", "Proposal", "2026-02-03T00:00:00.000Z", "2026-07-10T00:00:00.000Z"],
      ["0065e00001AAA03", "Closed Won", "2026-07-10T00:00:00.000Z", null],
      // Umbrella moved to Negotiation at some point before this export: dated when it was imported.
      ["0065e00001AAA04", "Discovery", "2026-03-01T00:00:00.000Z", "2026-11-24T12:00:00.000Z"],
      ["0065e00001AAA04", "Negotiation", "2026-11-24T12:00:00.000Z", null],
    ]);
    const year = await velocityAggregates(db, { from: "2026-01-01", to: "2026-12-31", timeZone: "UTC" });
    expect(year).toMatchObject({ qualified: 6, won: 3, lost: 1, wonAmount: "59500.50" });

    // A rollback of the first import is refused while the later one stands.
    await expect(rollbackImport(db, first.id, admin)).rejects.toThrow(/Import #\d+ changed the same rows later/);
    await rollbackImport(db, newer.id, admin);
    expect(await snapshot(db)).toEqual(afterFirst);
    expect((await getImportJob(db, newer.id)).status).toBe("rolled_back");
    await rollbackImport(db, first.id, admin);
    expect(await snapshot(db)).toEqual(empty);
  });

  it("keeps an account a rollback would delete while rows added since use it", async () => {
    const opps = await importFile(await upload(db, "salesforce-opportunities.csv"));
    await commit(opps.id);
    const people = await importFile(await upload(db, "contacts.csv", "Record ID,First Name,Last Name,Email,Job Title,Associated Company\n301,Ana,Lopez,ana@acme.com,CFO,Acme Corp\n"));
    await commit(people.id);
    const before = await snapshot(db);
    await expect(rollbackImport(db, opps.id, admin)).rejects.toThrow('The account "Acme Corp" this import created is used by rows added since');
    expect(await snapshot(db)).toEqual(before);
    await rollbackImport(db, people.id, admin);
    await rollbackImport(db, opps.id, admin);
    expect(await queryRows(db, sql`select id from accounts`)).toEqual([]);
  });

  it("imports a HubSpot deals export with its per-stage dates as stage history", async () => {
    const { id, dry } = await importFile(await upload(db, "hubspot-deals.csv"));
    expect(dry).toMatchObject({ createdRows: 3, failedRows: 0 });
    const job = await getImportJob(db, id);
    expect(job.format).toBe("hubspot_deals");
    // The unknown owner is listed for the admin, unassigned until mapped.
    expect((job.options as ImportOptions).ownerMap).toEqual({ "dana@example.com": expect.any(Number), "sam@example.com": expect.any(Number), "Unknown Person": null });
    await commit(id);
    const rows = await queryRows<{ external_id: string; amount: string; status: string; stages: string }>(
      db,
      sql`select o.external_id, o.amount::text, o.status,
            string_agg(s.name || '@' || to_char(h.entered_at at time zone 'UTC', 'MM-DD HH24:MI') || '-' || coalesce(to_char(h.exited_at at time zone 'UTC', 'MM-DD HH24:MI'), 'open'), ' > ' order by h.entered_at) as stages
          from opportunities o join opportunity_stage_history h on h.opportunity_id = o.id join pipeline_stages s on s.id = h.stage_id
          group by o.external_id, o.amount, o.status order by o.external_id`,
    );
    expect(rows).toEqual([
      { external_id: "9001", amount: "18000.00", status: "won", stages: "Discovery@02-02 09:00-02-20 10:00 > Solution Demo@02-20 10:00-04-30 16:00 > Closed Won@04-30 16:00-open" },
      { external_id: "9002", amount: "25000.50", status: "open", stages: "Discovery@03-05 11:30-03-25 15:00 > Solution Demo@03-25 15:00-open" },
      { external_id: "9003", amount: "7000.00", status: "lost", stages: "Discovery@03-10 08:00-05-12 12:00 > Closed Lost@05-12 12:00-open" },
    ]);
    // Importing it again changes nothing.
    const again = await importFile(await upload(db, "hubspot-deals.csv"));
    expect(again.dry).toMatchObject({ createdRows: 0, updatedRows: 0, unchangedRows: 3 });
  });

  it("reads a semicolon-separated European export with D.M.YYYY dates and 18.000,00 € amounts", async () => {
    const { id, dry } = await importFile(await upload(db, "european-opportunities.csv"));
    expect(dry).toMatchObject({ createdRows: 2, failedRows: 0 });
    await commit(id);
    const rows = await queryRows<{ external_id: string; amount: string; expected_close_date: string | null }>(
      db,
      sql`select external_id, amount::text, expected_close_date::text from opportunities order by external_id`,
    );
    expect(rows).toEqual([
      { external_id: "EU-1", amount: "18000.00", expected_close_date: null },
      { external_id: "EU-2", amount: "1250.50", expected_close_date: "2026-09-30" },
    ]);
  });

  it("imports a Salesforce report whose open deals have no amount: every row, stored as no amount, never 0", async () => {
    const { id, dry } = await importFile(await upload(db, "salesforce-opportunities-open-without-amount.csv"));
    expect(dry).toMatchObject({ status: "validated", processedRows: 5, createdRows: 5, failedRows: 0 });
    expect(await commit(id)).toMatchObject({ status: "completed", createdRows: 5, failedRows: 0 });
    const amounts = async () =>
      (await queryRows<{ external_id: string; amount: string | null }>(db, sql`select external_id, amount::text from opportunities order by external_id`)).map(
        (o) => [o.external_id.slice(-3), o.amount],
      );
    expect(await amounts()).toEqual([["B01", "18000.00"], ["B02", "24500.00"], ["B03", null], ["B04", "12000.00"], ["B05", null]]);
    // The figures tell the truth: open pipeline is Umbrella's 12,000.00, with 2 of the 3 open deals without an amount;
    // the deals without one still count in N (all 5 qualified in H1).
    expect(await pipelineSnapshot(db, { today: "2026-05-01", timeZone: "UTC" })).toMatchObject({ openPipeline: "12000.00", openDeals: 3, openWithoutAmount: 2 });
    expect(await velocityAggregates(db, { from: "2026-01-01", to: "2026-06-30", timeZone: "UTC" })).toEqual({
      qualified: 5, won: 1, lost: 1, wonAmount: "18000.00", wonWithoutAmount: 0, wonCycleDays: 64,
    });

    // A newer export: Initech has an amount now and Umbrella's was cleared in the CRM. A blank is the CRM's
    // "no amount", so Umbrella's stored amount goes too.
    const fixture = fs.readFileSync(path.join(fixtures, "salesforce-opportunities-open-without-amount.csv"), "utf8");
    const newer = fixture.replace('"Discovery","","10","9/30/2026"', '"Discovery","$5,000.00","10","9/30/2026"').replace('"Proposal","$12,000.00"', '"Proposal",""');
    expect(newer).not.toBe(fixture);
    const update = await importFile(await upload(db, "newer.csv", newer));
    expect(update.dry).toMatchObject({ createdRows: 0, updatedRows: 2, unchangedRows: 3, failedRows: 0 });
    await commit(update.id);
    expect(await amounts()).toEqual([["B01", "18000.00"], ["B02", "24500.00"], ["B03", "5000.00"], ["B04", null], ["B05", null]]);
    // The same file again changes nothing: no amount in the file and none stored are the same.
    expect((await importFile(await upload(db, "newer-again.csv", newer))).dry).toMatchObject({ updatedRows: 0, unchangedRows: 5 });

    // A file without an Amount column leaves the stored amounts alone; a deal new to the app has none.
    const noColumn = '"Opportunity ID","Opportunity Name","Stage","Created Date"\n"0065e00001BBB03","Initech - early","Discovery","2/3/2026"\n"0065e00001BBB06","Stark","Discovery","5/2/2026"\n';
    const partial = await importFile(await upload(db, "no-amount-column.csv", noColumn), { options: { dateFormat: "mdy" } });
    expect(partial.dry).toMatchObject({ createdRows: 1, updatedRows: 0, unchangedRows: 1, failedRows: 0 });
    await commit(partial.id);
    expect((await amounts()).slice(2)).toEqual([["B03", "5000.00"], ["B04", null], ["B05", null], ["B06", null]]);

    // Salesforce's opportunity history report has an Amount column too; blank cells there are fine.
    const history = '"Opportunity ID","Opportunity Name","From Stage","To Stage","Amount","Last Modified"\n"0065e00001BBB05","Hooli","Discovery","Solution Demo","","5/1/2026"\n';
    const changes = await importFile(await upload(db, "history.csv", history), { options: { dateFormat: "mdy" } });
    expect((await getImportJob(db, changes.id)).entity).toBe("opportunity_stage_history");
    expect(changes.dry).toMatchObject({ createdRows: 1, failedRows: 0 });
  });

  it("imports CRM-shaped Salesforce and HubSpot exports whose open deals have blank amounts", async () => {
    const amounts = async (prefix: string) =>
      (
        await queryRows<{ external_id: string; status: string; amount: string | null }>(
          db,
          sql`select external_id, status::text, amount::text from opportunities where external_id like ${`${prefix}%`} order by external_id`,
        )
      ).map((o) => [o.external_id.slice(-2), o.status, o.amount]);
    const salesforce = await importFile(await upload(db, "crm/salesforce-opportunities.csv"));
    expect(salesforce.dry).toMatchObject({ status: "validated", processedRows: 10, createdRows: 10, failedRows: 0 });
    expect(await commit(salesforce.id)).toMatchObject({ status: "completed", createdRows: 10 });
    expect(await amounts("0065e00002CRM")).toEqual([
      ["01", "open", null], ["02", "won", "24000.00"], ["03", "lost", "60000.00"], ["04", "open", null], ["05", "lost", "18000.00"],
      ["06", "won", "15500.50"], ["07", "lost", "9000.00"], ["08", "open", null], ["09", "open", "30000.00"], ["10", "lost", "5000.00"],
    ]);
    // Open pipeline is Cobalt EMEA's 30,000.00 (Proposal, 50 %); 3 of the 4 open deals have no amount.
    expect(await pipelineSnapshot(db, { today: "2026-11-24", timeZone: "UTC" })).toMatchObject({
      openPipeline: "30000.00", weightedPipeline: "15000.00", openDeals: 4, openWithoutAmount: 3,
    });

    const hubspot = await importFile(await upload(db, "crm/hubspot-deals.csv"));
    expect(hubspot.dry).toMatchObject({ status: "validated", processedRows: 4, createdRows: 4, failedRows: 0 });
    await commit(hubspot.id);
    expect(await amounts("800")).toEqual([["01", "open", null], ["02", "won", "12000.00"], ["03", "lost", "40000.00"], ["04", "open", null]]);
  });

  it("still refuses an amount it cannot read, naming the row and column", async () => {
    const text = '"Opportunity ID","Opportunity Name","Stage","Amount","Close Date","Created Date"\n"1","A","Discovery","","3/15/2026","1/20/2026"\n"2","B","Discovery","TBD","3/15/2026","1/20/2026"\n';
    const { dry } = await importFile(await upload(db, "tbd.csv", text));
    expect(dry).toMatchObject({ failedRows: 1 });
    expect(dry.errors).toEqual([{ row: 3, column: "Amount", value: "TBD", problem: '"TBD" is not an amount' }]);
  });

  it("adds a Salesforce opportunity history report to the stage history, and refuses opportunities it does not know", async () => {
    await commit((await importFile(await upload(db, "salesforce-opportunities.csv"))).id);
    const { id, dry } = await importFile(await upload(db, "salesforce-opportunity-history.csv"));
    expect((await getImportJob(db, id)).entity).toBe("opportunity_stage_history");
    // Initech's Proposal entry on Feb 3 (from the opportunity report) is not in the history report.
    expect(dry).toMatchObject({ createdRows: 3, unchangedRows: 1, failedRows: 0 });
    await commit(id);
    const stages = await queryRows<{ stage: string; exited: string | null }>(
      db,
      sql`select s.name as stage, to_char(h.exited_at at time zone 'UTC', 'YYYY-MM-DD') as exited from opportunity_stage_history h
          join opportunities o on o.id = h.opportunity_id join pipeline_stages s on s.id = h.stage_id
          where o.external_id = '0065e00001AAA03' order by h.entered_at, s.position`,
    );
    // Entered at the same moment, the earlier pipeline stage comes first.
    expect(stages.map((s) => `${s.stage}:${s.exited}`)).toEqual(["Discovery:2026-02-03", "Proposal:2026-02-24", "Solution Demo:2026-03-30", "Proposal:null"]);

    const unknown = await importFile(await upload(db, "history.csv", '"Opportunity ID","From Stage","To Stage","Last Modified"\n"006NOPE","","Discovery","2/13/2026"\n'));
    expect(unknown.dry.failedRows).toBe(1);
    expect(unknown.dry.errors[0]).toEqual({ row: 2, column: "Opportunity ID", value: "006NOPE", problem: "is not an opportunity in the app; import the opportunities first" });
  });

  it("imports accounts and contacts, suggesting a buying-group role from the job title", async () => {
    await commit((await importFile(await upload(db, "companies.csv", "Record ID,Company name,Company Domain Name,Industry,Number of Employees\n101,Acme Corp,https://www.acme.com/,Software,\"1,200\"\n"))).id);
    const { id, dry } = await importFile(
      await upload(db, "contacts.csv", "Record ID,First Name,Last Name,Email,Job Title,Associated Company\n201,Ana,Lopez,ANA@ACME.COM,Chief Financial Officer,Acme Corp\n202,Raj,Patel,raj@acme.com,Solutions Architect,Acme Corp\n"),
    );
    expect(dry).toMatchObject({ createdRows: 2, failedRows: 0 });
    await commit(id);
    const rows = await queryRows(db, sql`select c.name, c.email, c.buying_group_role as role, a.name as account, a.domain, a.employees from contacts c join accounts a on a.id = c.account_id order by c.external_id`);
    expect(rows).toEqual([
      { name: "Ana Lopez", email: "ana@acme.com", role: "economic_buyer", account: "Acme Corp", domain: "acme.com", employees: 1200 },
      { name: "Raj Patel", email: "raj@acme.com", role: "technical_evaluator", account: "Acme Corp", domain: "acme.com", employees: 1200 },
    ]);
    // A newer companies export updates the changed field only, bumps the version, and rolls back.
    const before = await snapshot(db);
    const newer = await importFile(await upload(db, "companies.csv", "Record ID,Company name,Company Domain Name,Industry,Number of Employees\n101,Acme Corp,acme.com,Fintech,\"1,200\"\n"));
    expect(newer.dry).toMatchObject({ createdRows: 0, updatedRows: 1, unchangedRows: 0 });
    await commit(newer.id);
    expect(await queryRows(db, sql`select industry, industry_raw, employees, version from accounts`)).toEqual([{ industry: "Financial Services", industry_raw: "Fintech", employees: 1200, version: 2 }]);
    await rollbackImport(db, newer.id, admin);
    expect(await snapshot(db)).toEqual(before);
  });

  it("imports a HubSpot companies export's firmographics, files its industries by the rules and gives each account its fit", async () => {
    const file = [
      "Record ID,Company name,Company Domain Name,Industry,Number of Employees,Annual Revenue,Country/Region,Parent Company,Web Technologies",
      '301,Northwind,northwind.io,Technology,"1,500",40000000,USA,,HubSpot;Slack',
      '302,Contoso,contoso.com,technolgy,51-200,"$20,000,000",Canada,Contoso Group,salesforce',
      "303,Fabrikam,fabrikam.com,Tech,12,,France,,",
      "304,Globex,globex.com,Financial services,,,,,",
      "305,Initech,initech.com,Hospitality,120,,Brazil,,",
      "306,Hooli,hooli.com,,,,,,",
    ].join("\n");
    const { id, dry } = await importFile(await upload(db, "hubspot-companies.csv", file));
    expect((await getImportJob(db, id)).format).toBe("hubspot_companies");
    expect(dry).toMatchObject({ createdRows: 6, failedRows: 0 });
    await commit(id);
    const rows = await queryRows(
      db,
      sql`select external_id as id, industry, industry_raw as raw, employees, annual_revenue::text as revenue, country, parent_account_name as parent,
            technographic_tags as tags, icp_fit_model as model, icp_fit_score as fit, jsonb_array_length(icp_fit_reasons) as reasons
          from accounts order by external_id`,
    );
    // By hand, with the default model (METRICS.md §5): industry 30, employees 20, revenue 15, country 10, a CRM 25.
    expect(rows).toEqual([
      { id: "301", industry: "Technology", raw: "Technology", employees: 1500, revenue: "40000000.00", country: "USA", parent: null, tags: ["HubSpot", "Slack"], model: 90, fit: 90, reasons: 6 },
      { id: "302", industry: "Technology", raw: "technolgy", employees: 125, revenue: "20000000.00", country: "Canada", parent: "Contoso Group", tags: ["salesforce"], model: 100, fit: 100, reasons: 6 },
      // "Tech" is left as it is (no rule names it): not a target industry; 12 employees is under half the band's 50.
      { id: "303", industry: "Tech", raw: "Tech", employees: 12, revenue: null, country: "France", parent: null, tags: [], model: 0, fit: 0, reasons: 6 },
      { id: "304", industry: "Financial Services", raw: "Financial services", employees: null, revenue: null, country: null, parent: null, tags: [], model: 100, fit: 100, reasons: 6 },
      { id: "305", industry: "Hospitality", raw: "Hospitality", employees: 120, revenue: null, country: "Brazil", parent: null, tags: [], model: 33, fit: 33, reasons: 6 },
      // Nothing the model reads: no fit.
      { id: "306", industry: null, raw: null, employees: null, revenue: null, country: null, parent: null, tags: [], model: null, fit: null, reasons: 5 },
    ]);
    // The same file again changes nothing.
    const again = await importFile(await upload(db, "hubspot-companies.csv", file));
    expect(again.dry).toMatchObject({ createdRows: 0, updatedRows: 0, unchangedRows: 6 });
    // A newer export moves that account into half the employee band (30 ≥ 50 ÷ 2): 10 of 60 points = 17.
    const newer = await importFile(await upload(db, "hubspot-companies.csv", file.replace("303,Fabrikam,fabrikam.com,Tech,12,", "303,Fabrikam,fabrikam.com,Tech,30,")));
    expect(newer.dry).toMatchObject({ updatedRows: 1, unchangedRows: 5 });
    await commit(newer.id);
    expect(await queryRows(db, sql`select icp_fit_score as fit from accounts where external_id = '303'`)).toEqual([{ fit: 17 }]);
    // An industry the CRM no longer has is cleared, and left out of the fit: 10 of 30 = 33.
    const cleared = await importFile(await upload(db, "hubspot-companies.csv", file.replace("303,Fabrikam,fabrikam.com,Tech,12,", "303,Fabrikam,fabrikam.com,,30,")));
    await commit(cleared.id);
    expect(await queryRows(db, sql`select industry, industry_raw as raw, icp_fit_score as fit from accounts where external_id = '303'`)).toEqual([{ industry: null, raw: null, fit: 33 }]);
  });

  it("imports leads with lifecycle dates, touchpoints, self-reported answers and daily visitors, and rolls each back", async () => {
    await db.execute(sql`truncate leads, touchpoints, self_reported_answers, web_traffic cascade`);
    const empty = await queryRows(db, sql`select (select count(*)::int from leads) as l, (select count(*)::int from touchpoints) as t, (select count(*)::int from self_reported_answers) as a, (select count(*)::int from web_traffic) as w`);
    await commit((await importFile(await upload(db, "contacts.csv", "Record ID,First Name,Last Name,Email,Job Title,Associated Company\n201,Ana,Lopez,ana@acme.com,CFO,Acme Corp\n"))).id);

    const leadsFile = "Lead ID,Email,Company,Lead Source,Demo Request,Created Date,MQL Date,SQL Date\nL1,ana@acme.com,Acme Corp,Podcast,yes,2026-03-02,2026-03-05,2026-03-09\nL2,bo@globex.com,Globex,Search,no,2026-03-03,2026-03-01,\n";
    const leadsJob = await importFile(await upload(db, "leads.csv", leadsFile));
    expect((await getImportJob(db, leadsJob.id)).entity).toBe("leads");
    expect(leadsJob.dry).toMatchObject({ createdRows: 1, failedRows: 1 });
    expect(leadsJob.dry.errors).toEqual([{ row: 3, column: "MQL Date", value: "2026-03-01", problem: "is before the created date" }]);
    const validLeads = await importFile(await upload(db, "leads.csv", leadsFile), { options: { validOnly: true } });
    await commit(validLeads.id);
    const [lead] = await queryRows<{ external_id: string; contact: string; account: string; is_demo_request: boolean; sql: string }>(
      db,
      sql`select l.external_id, c.name as contact, a.name as account, l.is_demo_request, to_char(l.sql_at at time zone 'UTC', 'YYYY-MM-DD') as sql
          from leads l join contacts c on c.id = l.contact_id join accounts a on a.id = l.account_id`,
    );
    expect(lead).toEqual({ external_id: "L1", contact: "Ana Lopez", account: "Acme Corp", is_demo_request: true, sql: "2026-03-09" });

    const touches = await importFile(await upload(db, "touches.csv", "Touchpoint ID,Email,Channel,Campaign,Date\nT1,ana@acme.com,Podcast,Founders FM,2026-03-01\nT2,ana@acme.com,Carrier pigeon,,2026-03-02\n"));
    expect((await getImportJob(db, touches.id)).entity).toBe("touchpoints");
    expect(touches.dry.errors[0]).toMatchObject({ row: 3, column: "Channel", value: "Carrier pigeon", problem: expect.stringMatching(/^is not a channel, and no answer rule recognises it \(channels: Podcast, Peer recommendation/) });
    const validTouches = await importFile(await upload(db, "touches.csv", "Touchpoint ID,Email,Channel,Campaign,Date\nT1,ana@acme.com,Podcast,Founders FM,2026-03-01\n"));
    await commit(validTouches.id);
    expect(await queryRows(db, sql`select t.channel, t.campaign, a.name as account from touchpoints t join accounts a on a.id = t.account_id`)).toEqual([
      { channel: "podcast", campaign: "Founders FM", account: "Acme Corp" },
    ]);

    const answersText = "Lead ID,How did you hear about us?\nL1,Heard you on the Founders FM podcast\nL9,A friend\n";
    const answers = await importFile(await upload(db, "answers.csv", answersText), { options: { validOnly: true } });
    expect((await getImportJob(db, answers.id)).entity).toBe("self_reported_answers");
    expect(answers.dry.errors).toEqual([{ row: 3, column: "Lead ID", value: "L9", problem: "is not a lead in the app; import the leads first" }]);
    await commit(answers.id);
    const again = await importFile(await upload(db, "answers.csv", answersText), { options: { validOnly: true } });
    expect(again.dry).toMatchObject({ createdRows: 0, unchangedRows: 1, failedRows: 1 });
    // No channel in the file: the answer rules map it, and a rule change may re-map it later.
    expect(await queryRows(db, sql`select answer, channel, overridden from self_reported_answers`)).toEqual([{ answer: "Heard you on the Founders FM podcast", channel: "podcast", overridden: false }]);

    const visitors = await importFile(await upload(db, "visitors.csv", "Date,Visitors\n2026-03-01,120\n2026-03-02,95\n2026-03-01,130\n"));
    expect((await getImportJob(db, visitors.id)).entity).toBe("web_traffic");
    expect(visitors.dry.errors).toEqual([{ row: 4, column: "Date", value: "2026-03-01", problem: "appears again (first on row 2); each day may appear once" }]);
    await commit((await importFile(await upload(db, "visitors.csv", "Date,Visitors\n2026-03-01,120\n2026-03-02,95\n"))).id);
    const newer = await importFile(await upload(db, "visitors.csv", "Date,Visitors\n2026-03-01,120\n2026-03-02,99\n2026-03-03,80\n"));
    expect(newer.dry).toMatchObject({ createdRows: 1, updatedRows: 1, unchangedRows: 1 });
    const beforeNewer = await queryRows(db, sql`select day::text, visitors from web_traffic order by day`);
    await commit(newer.id);
    await rollbackImport(db, newer.id, admin);
    expect(await queryRows(db, sql`select day::text, visitors from web_traffic order by day`)).toEqual(beforeNewer);

    // Newest first, each rollback undoes its import.
    const completed = await queryRows<{ id: number }>(db, sql`select id from import_jobs where status = 'completed' order by id desc`);
    for (const { id } of completed) await rollbackImport(db, id, admin);
    expect(await queryRows(db, sql`select (select count(*)::int from leads) as l, (select count(*)::int from touchpoints) as t, (select count(*)::int from self_reported_answers) as a, (select count(*)::int from web_traffic) as w`)).toEqual(empty);
  });

  describe("bad input: a clear message naming the row and column, and nothing written", () => {
    const header = '"Opportunity ID","Opportunity Name","Stage","Amount","Close Date","Created Date"';
    const cases: [string, string, RegExp][] = [
      ["ragged row", `${header}\n"1","A","Discovery","100","3/15/2026","1/20/2026"\n"2","B","Discovery"\n`, /Row 3: has 3 cells where the header has 6/],
      ["duplicate ID", `${header}\n"1","A","Discovery","100","3/15/2026","1/20/2026"\n"1","B","Discovery","100","3/15/2026","1/20/2026"\n`, /Row 3, column "Opportunity ID": "1" appears again \(first on row 2\)/],
      ["unmapped stage", `${header}\n"1","A","Haggling","100","3/15/2026","1/20/2026"\n`, /Row 2, column "Stage": "Haggling" "Haggling" is not mapped to a stage of the pipeline/],
      ["negative amount", `${header}\n"1","A","Discovery","-100","3/15/2026","1/20/2026"\n`, /Row 2, column "Amount": "-100" "-100" is negative/],
      ["non-numeric amount", `${header}\n"1","A","Discovery","lots","3/15/2026","1/20/2026"\n`, /Row 2, column "Amount": "lots" "lots" is not an amount/],
      ["close before create", `${header}\n"1","A","Closed Won","100","1/15/2026","3/20/2026"\n`, /Row 2, column "Close Date": "1\/15\/2026" is before the created date/],
      ["won without close date", `${header}\n"1","A","Closed Won","100","","3/20/2026"\n`, /Row 2, column "Close Date": A won opportunity needs its close date/],
      ["open without created date", `${header}\n"1","A","Discovery","100","3/15/2026",""\n`, /Row 2, column "Created Date": The created date is required/],
      ["date in no format", `${header}\n"1","A","Discovery","100","3/15/2026","yesterday"\n`, /Row 2, column "Created Date": "yesterday" is not a date in the format chosen for this file/],
    ];
    it.each(cases)("%s", async (_name, text, message) => {
      const before = await snapshot(db);
      const { id, dry } = await importFile(await upload(db, "bad.csv", text));
      expect(dry.status).toBe("validated");
      expect(dry.failedRows).toBeGreaterThan(0);
      const outcome = await commit(id);
      expect(outcome.status).toBe("failed");
      expect(outcome.message).toMatch(message);
      expect(outcome.message).toMatch(/Nothing was imported\.$/);
      expect(await snapshot(db)).toEqual(before);
    });

    it("imports the valid rows only when the admin chooses so", async () => {
      const text = `${header}\n"1","A","Discovery","100","3/15/2026","1/20/2026"\n"2","B","Discovery","lots","3/15/2026","1/20/2026"\n`;
      const { id } = await importFile(await upload(db, "mixed.csv", text), { options: { validOnly: true } });
      expect(await commit(id)).toMatchObject({ status: "completed", createdRows: 1, failedRows: 1 });
      expect(await queryRows(db, sql`select external_id from opportunities`)).toEqual([{ external_id: "1" }]);
    });

    it("asks for the date format when the dates read both as month/day and day/month", async () => {
      const text = `${header}\n"1","A","Discovery","100","3/4/2026","1/2/2026"\n`;
      const { id, dry } = await importFile(await upload(db, "ambiguous.csv", text));
      expect(dry).toMatchObject({ status: "failed", message: "The dates read both as month/day and day/month; choose the date format." });
      const job = await getImportJob(db, id);
      await putImportSettings(db, id, job.mapping as Record<string, string>, { ...(job.options as object), dateFormat: "dmy" });
      expect(await runImport(db, id, "dry_run")).toMatchObject({ status: "validated", createdRows: 1 });
      await commit(id);
      const [row] = await queryRows<{ d: string }>(db, sql`select expected_close_date::text as d from opportunities`);
      expect(row!.d).toBe("2026-04-03");
    });

    it.each([
      ["an empty file", "", /The file is empty/],
      ["a header only", `${header}\n`, /header row but no data rows/],
      ["a file that is not text", "\u0000\u0001\u0002PK\u0003\u0004", /not a text file/],
      ["a broken quote", `${header}\n"1,"A\n`, /cannot be read/],
    ])("refuses %s at upload", async (_name, text, message) => {
      await expect(prepareImport(db, await upload(db, "bad.csv", text), { createdBy: admin })).rejects.toThrow(message);
      expect(await db.select().from(importJobs)).toEqual([]);
    });

    it("runs one import at a time: a second start is refused while the first runs", async () => {
      const a = await prepareImport(db, await upload(db, "salesforce-opportunities.csv"), { createdBy: admin });
      const b = await prepareImport(db, await upload(db, "salesforce-opportunities.csv"), { createdBy: admin });
      const results = await Promise.allSettled([runImport(db, a, "dry_run"), runImport(db, b, "dry_run")]);
      const refused = results.filter((r) => r.status === "rejected");
      // Both may finish when the first ends before the second starts; never both at once.
      for (const r of refused) expect(String((r as PromiseRejectedResult).reason)).toMatch(/Import #\d+ \(salesforce-opportunities.csv\) is running/);
      const [running] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from import_jobs where running`);
      expect(running!.n).toBe(0);
      // Claimed by hand, the second is refused for certain.
      await db.update(importJobs).set({ running: true }).where(sql`id = ${a}`);
      await expect(runImport(db, b, "dry_run")).rejects.toThrow(/is running; start this one when it has finished/);
    });
  });
});
