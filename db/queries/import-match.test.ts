import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/index";
import { accounts, contacts, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import type { ImportEntity } from "@/lib/import/formats";
import type { ImportOptions } from "@/lib/import/options";
import { prepareImport } from "@/lib/import/prepare";
import { runImport } from "@/lib/import/run";
import { saveUpload } from "@/lib/import/uploads";
import { getImportJob, putImportSettings, rollbackImport } from "./imports";

const accountReport = (rows: string[]) => ["Account Name,Website,Industry,Employees,Billing Country,Account Owner", ...rows].join("\n") + "\n";

describe.each(testDrivers())("matching imported accounts and contacts without CRM ids on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let admin: number;
  let dana: number;

  async function importText(name: string, text: string, opts: { entity?: ImportEntity; options?: Partial<ImportOptions> } = {}) {
    const saved = await saveUpload(db, Readable.from([Buffer.from(text)]));
    const id = await prepareImport(db, { ...saved, name }, { entity: opts.entity, createdBy: admin });
    if (opts.options) {
      const job = await getImportJob(db, id);
      await putImportSettings(db, id, job.mapping as Record<string, string>, { ...(job.options as object), ...opts.options });
    }
    return { id, dry: await runImport(db, id, "dry_run") };
  }
  const commit = (id: number) => runImport(db, id, "commit", new Date("2026-11-24T12:00:00Z"));
  const snapshot = async () => ({
    accounts: await queryRows(db, sql`select * from accounts order by id`),
    contacts: await queryRows(db, sql`select * from contacts order by id`),
    opportunities: await queryRows(db, sql`select * from opportunities order by id`),
  });

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const [a] = await db.insert(users).values({ email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" }).returning();
    const [d] = await db.insert(users).values({ email: "dana@example.com", name: "Dana Rep", role: "sales", passwordHash: "x" }).returning();
    admin = a!.id;
    dana = d!.id;
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await db.execute(sql`truncate opportunities, opportunity_stage_history, accounts, contacts, import_jobs, import_changes cascade`);
    // Accounts as a CRM sync and earlier opportunity imports leave them: some with a CRM id, some with a domain, some with neither.
    await db.insert(accounts).values([
      { name: "Acme Corp", domain: "acme.com", externalId: "001A" },
      { name: "Globex", domain: null, externalId: null },
      { name: "Initech Inc", domain: null, externalId: null },
      { name: "INITECH LLC", domain: null, externalId: null },
      { name: "Umbrella", domain: "umbrella.com", externalId: null },
    ]);
  });

  it("imports a Salesforce account report without an ID column: by domain, else by name, ambiguous names refused", async () => {
    const before = await snapshot();
    const file = accountReport([
      "Acme Corporation,https://www.acme.com/,Software,120,US,Dana Rep",
      '"Globex, Inc.",globex.com,Fintech,45,DE,',
      "Initech,,Software,300,US,",
      "Hooli,hooli.com,Software,900,US,Dana Rep",
      "Umbrella,umbrella.co.uk,Healthcare,80,GB,",
      "Vandelay,,Logistics,12,US,",
      "vandelay  ,,Logistics,12,US,",
    ]);
    const { id, dry } = await importText("accounts.csv", file);
    const job = await getImportJob(db, id);
    expect(job).toMatchObject({ entity: "accounts", format: "salesforce_accounts" });
    expect(dry).toMatchObject({ status: "validated", createdRows: 3, updatedRows: 2, unchangedRows: 0, failedRows: 2 });
    expect(dry.errors).toEqual([
      { row: 4, column: "Account Name", value: "Initech", problem: 'matches more than one account ("Initech Inc" and "INITECH LLC"); add the account\'s ID or website to the file, or rename one of them' },
      { row: 8, column: "Account Name", value: "vandelay", problem: "appears again (first on row 7); a row without an account ID or domain is matched on its name" },
    ]);
    // The preview says what each row matched on.
    expect(dry.matches).toEqual({
      counts: { domain: 1, name: 1, new: 3 },
      examples: [
        { row: 2, key: "domain", value: "acme.com", matched: "Acme Corp" },
        { row: 3, key: "name", value: "Globex, Inc.", matched: "Globex" },
      ],
    });
    expect(job.matches).toEqual(dry.matches);
    expect(await snapshot()).toEqual(before);

    // All rows or none: the ambiguous row blocks the import until the admin chooses the valid rows only.
    expect(await commit(id)).toMatchObject({ status: "failed", message: expect.stringMatching(/^Row 4, column "Account Name": "Initech" matches more than one account/) });
    expect(await snapshot()).toEqual(before);
    const valid = await importText("accounts.csv", file, { options: { validOnly: true } });
    expect(await commit(valid.id)).toMatchObject({ status: "completed", createdRows: 3, updatedRows: 2, failedRows: 2, matches: dry.matches });
    const rows = await queryRows(db, sql`select a.name, a.domain, a.industry, a.employees, a.external_id, u.name as owner from accounts a left join users u on u.id = a.owner_id order by a.id`);
    expect(rows).toEqual([
      // Matched by domain: the account keeps its name and its CRM id.
      { name: "Acme Corp", domain: "acme.com", industry: "Software", employees: 120, external_id: "001A", owner: "Dana Rep" },
      // Matched by name: the account keeps its spelling and gains the domain.
      { name: "Globex", domain: "globex.com", industry: "Financial Services", employees: 45, external_id: null, owner: null },
      { name: "Initech Inc", domain: null, industry: null, employees: null, external_id: null, owner: null },
      { name: "INITECH LLC", domain: null, industry: null, employees: null, external_id: null, owner: null },
      { name: "Umbrella", domain: "umbrella.com", industry: null, employees: null, external_id: null, owner: null },
      { name: "Hooli", domain: "hooli.com", industry: "Software", employees: 900, external_id: null, owner: "Dana Rep" },
      // Same name, another website: another company.
      { name: "Umbrella", domain: "umbrella.co.uk", industry: "Healthcare", employees: 80, external_id: null, owner: null },
      { name: "Vandelay", domain: null, industry: "Transportation & Logistics", employees: 12, external_id: null, owner: null },
    ]);
    expect(dana).toBeGreaterThan(0);

    // The same file again changes nothing: every row finds the account it made or matched.
    const afterFirst = await snapshot();
    const again = await importText("accounts.csv", file, { options: { validOnly: true } });
    expect(again.dry).toMatchObject({ createdRows: 0, updatedRows: 0, unchangedRows: 5, failedRows: 2, matches: { counts: { domain: 4, name: 1 } } });
    await commit(again.id);
    expect(await snapshot()).toEqual(afterFirst);

    // Rolled back, newest first, every account is as it was.
    await rollbackImport(db, again.id, admin);
    await rollbackImport(db, valid.id, admin);
    expect(await snapshot()).toEqual(before);
  });

  it("gives a CRM id to the account with no id that its domain or name matches, instead of a duplicate", async () => {
    const before = await snapshot();
    const { id, dry } = await importText(
      "companies.csv",
      "Record ID,Company name,Company Domain Name\n701,Globex Inc,globex.com\n702,Umbrella Ltd,umbrella.com\n703,Acme,acme.com\n704,Initech,\n",
    );
    expect((await getImportJob(db, id)).format).toBe("hubspot_companies");
    expect(dry).toMatchObject({ createdRows: 0, updatedRows: 2, failedRows: 2, matches: { counts: { name: 1, domain: 1 } } });
    expect(dry.errors).toEqual([
      { row: 4, column: "Company Domain Name", value: "acme.com", problem: 'already belongs to the account "Acme Corp"' },
      { row: 5, column: "Company name", value: "Initech", problem: expect.stringMatching(/^matches more than one account/) },
    ]);
    const valid = await importText("companies.csv", "Record ID,Company name,Company Domain Name\n701,Globex Inc,globex.com\n702,Umbrella Ltd,umbrella.com\n");
    await commit(valid.id);
    expect(await queryRows(db, sql`select name, domain, external_id from accounts where external_id in ('701', '702') order by external_id`)).toEqual([
      { name: "Globex", domain: "globex.com", external_id: "701" },
      { name: "Umbrella", domain: "umbrella.com", external_id: "702" },
    ]);
    expect(await queryRows(db, sql`select count(*)::int as n from accounts`)).toEqual([{ n: 5 }]);
    await rollbackImport(db, valid.id, admin);
    expect(await snapshot()).toEqual(before);
  });

  it("matches an opportunity's account name with the same key, and refuses a name that matches two accounts", async () => {
    const header = "Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Created Date";
    const { dry } = await importText("opps.csv", `${header}\nO1,Globex expansion,"Globex, Inc.",Discovery,1000,2026-03-01\nO2,Initech pilot,Initech,Discovery,2000,2026-03-02\n`);
    expect(dry).toMatchObject({ createdRows: 1, failedRows: 1 });
    expect(dry.errors).toEqual([
      { row: 3, column: "Account Name", value: "Initech", problem: 'matches more than one account ("Initech Inc" and "INITECH LLC"); give the account\'s exact name, or rename one of them' },
    ]);
    const exact = await importText("opps.csv", `${header}\nO1,Globex expansion,"Globex, Inc.",Discovery,1000,2026-03-01\nO2,Initech pilot,initech inc,Discovery,2000,2026-03-02\n`);
    await commit(exact.id);
    expect(await queryRows(db, sql`select o.external_id, a.name from opportunities o join accounts a on a.id = o.account_id order by o.external_id`)).toEqual([
      { external_id: "O1", name: "Globex" },
      { external_id: "O2", name: "Initech Inc" },
    ]);
    expect(await queryRows(db, sql`select count(*)::int as n from accounts`)).toEqual([{ n: 5 }]);
  });

  it("matches contacts without an id on their e-mail; without either, a row is a new contact", async () => {
    await db.insert(contacts).values([
      { name: "Ana Lopez", email: "ana@acme.com", externalId: null },
      { name: "Bo Chen", email: "Bo@Globex.com", externalId: "C9" },
    ]);
    const before = await snapshot();
    const file = "First Name,Last Name,Email,Job Title\nAna,Lopez,ANA@ACME.COM,CFO\nBo,Chen,bo@globex.com,VP Engineering\nCy,Young,,Analyst\nCy,Young,,Analyst\nAnn,Lopez,ana@acme.com,CFO\n";
    const { dry } = await importText("people.csv", file, { entity: "contacts" });
    expect(dry).toMatchObject({ createdRows: 2, updatedRows: 2, failedRows: 1 });
    expect(dry.errors).toEqual([{ row: 6, column: "Email", value: "ana@acme.com", problem: "appears again (first on row 2); a row without a contact ID is matched on its e-mail" }]);
    expect(dry.matches).toEqual({
      counts: { email: 2, new: 2 },
      examples: [
        { row: 2, key: "email", value: "ana@acme.com", matched: "Ana Lopez" },
        { row: 3, key: "email", value: "bo@globex.com", matched: "Bo Chen" },
      ],
    });
    const valid = await importText("people.csv", file, { entity: "contacts", options: { validOnly: true } });
    await commit(valid.id);
    expect(await queryRows(db, sql`select name, email, title, external_id from contacts order by id`)).toEqual([
      { name: "Ana Lopez", email: "ana@acme.com", title: "CFO", external_id: null },
      { name: "Bo Chen", email: "bo@globex.com", title: "VP Engineering", external_id: "C9" },
      { name: "Cy Young", email: null, title: "Analyst", external_id: null },
      { name: "Cy Young", email: null, title: "Analyst", external_id: null },
    ]);
    await rollbackImport(db, valid.id, admin);
    expect(await snapshot()).toEqual(before);
  });
});
