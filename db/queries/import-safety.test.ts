/**
 * What a broken or hostile file, a dead worker or a demoted admin must not do to the import, on
 * PGlite and PostgreSQL: a NUL byte past the sniffed head is a row's error (and a failure is always
 * recorded), a job whose worker died does not block the imports after it, progress is shown only to
 * whom the database says may import, and free-text columns do not swell the job record.
 */
import { Readable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/index";
import { importJobs, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { SNIFF_BYTES } from "@/lib/import/csv";
import { importDuringRun, userDuringRun } from "@/lib/import/live-access";
import { can } from "@/lib/auth/permissions";
import { prepareImport } from "@/lib/import/prepare";
import type { ImportAnalysis } from "@/lib/import/options";
import { executeImportRun, runImport } from "@/lib/import/run";
import { saveUpload } from "@/lib/import/uploads";
import { importJobView } from "@/lib/import/view";
import {
  STALE_AFTER_SECONDS,
  cancelImportJob,
  claimImportJob,
  failStaleImports,
  finishImportJob,
  getImportJob,
  holdImportJob,
  putImportSettings,
} from "./imports";

/** The file as the upload route stores it: in the database, in chunks. */
async function upload(db: Database, text: string, name = "report.csv"): Promise<{ uploadId: number; name: string; bytes: number }> {
  return { ...(await saveUpload(db, Readable.from([Buffer.from(text)]))), name };
}

/** A Salesforce opportunity report (BOM, every cell quoted, CRLF) with a description and any extra columns. */
const salesforceHeader = ["Opportunity ID", "Opportunity Name", "Account Name", "Opportunity Owner", "Stage", "Amount", "Probability (%)", "Close Date", "Created Date", "Lead Source", "Type", "Description"];
function salesforceReport(rows: number, cell: (row: number, column: string) => string | undefined = () => undefined, extra: string[] = []): string {
  const header = [...salesforceHeader, ...extra];
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = [header.map(quote).join(",")];
  for (let i = 0; i < rows; i++) {
    const row = i + 2;
    const base: Record<string, string> = {
      "Opportunity ID": `0065e00002B${String(i).padStart(5, "0")}`,
      "Opportunity Name": `Renewal ${i} - Platform, Annual`,
      "Account Name": `Account ${i % 600}`,
      "Opportunity Owner": i % 2 ? "Dana Rep" : "Sam Seller",
      Stage: i % 3 ? "Discovery" : "Closed Won",
      Amount: `$${(12_000 + i).toLocaleString("en-US")}.00`,
      "Probability (%)": i % 3 ? "20" : "100",
      "Close Date": "3/15/2026",
      "Created Date": "1/10/2026",
      "Lead Source": "Web",
      Type: "New Business",
      Description: `Call notes ${i}: champion is the VP Sales, procurement wants a three-year term; next step is the security review.`,
    };
    lines.push(header.map((h) => quote(cell(row, h) ?? base[h] ?? "")).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The byte offset of the first NUL in a file. */
const nulOffset = (text: string) => Buffer.from(text).indexOf(0);

describe.each(testDrivers())("import safety on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let admin: number;

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
    await db.execute(sql`truncate opportunities, opportunity_stage_history, accounts, contacts, import_jobs, import_changes, import_inserts cascade`);
  });

  const count = async (table: string) => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;
  const commit = (id: number) => runImport(db, id, "commit", new Date("2026-11-24T12:00:00Z"));
  async function setOptions(id: number, options: object) {
    const job = await getImportJob(db, id);
    await putImportSettings(db, id, job.mapping as Record<string, string>, { ...(job.options as object), ...options });
  }

  describe("a NUL byte past the first 64 KB", () => {
    it("is a row's error in the dry run, naming the row and column; the commit refuses it and records why; the next import runs", async () => {
      const text = salesforceReport(900, (row, column) => (row === 700 && column === "Account Name" ? "Initech\u0000Holdings" : undefined));
      expect(nulOffset(text)).toBeGreaterThan(SNIFF_BYTES);
      const id = await prepareImport(db, await upload(db, text), { createdBy: admin });

      const dry = await runImport(db, id, "dry_run");
      expect(dry).toMatchObject({ status: "validated", processedRows: 900, failedRows: 1 });
      expect(dry.errors).toEqual([expect.objectContaining({ row: 700, column: "Account Name", problem: expect.stringMatching(/NUL/) })]);
      expect(JSON.stringify(dry.errors)).not.toContain("\\u0000");

      const outcome = await commit(id);
      expect(outcome.status).toBe("failed");
      expect(outcome.message).toMatch(/^Row 700, column "Account Name": .*NUL.*Nothing was imported\.$/);
      const job = await getImportJob(db, id);
      expect(job).toMatchObject({ status: "failed", running: false, message: outcome.message });
      expect(await count("opportunities")).toBe(0);
      expect(await count("accounts")).toBe(0);

      // Nothing is left running: the same file, its valid rows only, and a discard all go through.
      await setOptions(id, { validOnly: true });
      await runImport(db, id, "dry_run");
      expect(await commit(id)).toMatchObject({ status: "completed", createdRows: 899, failedRows: 1 });
      const next = await prepareImport(db, await upload(db, salesforceReport(3)), { createdBy: admin });
      expect(await runImport(db, next, "dry_run")).toMatchObject({ status: "validated" });
      await cancelImportJob(db, next);
    });

    it("is found in any cell, mapped or not, and in a column whose values the upload lists", async () => {
      const text = salesforceReport(900, (row, column) => {
        if (row === 650 && column === "Description") return "Left a voicemail\u0000";
        if (row === 800 && column === "Stage") return "Discovery\u0000";
        return undefined;
      });
      expect(nulOffset(text)).toBeGreaterThan(SNIFF_BYTES);
      const id = await prepareImport(db, await upload(db, text), { createdBy: admin });
      const analysis = (await getImportJob(db, id)).analysis as ImportAnalysis;
      expect(JSON.stringify(analysis)).not.toContain("\\u0000");
      const dry = await runImport(db, id, "dry_run");
      expect(dry.failedRows).toBe(2);
      expect(dry.errors.map((e) => [e.row, e.column])).toEqual([
        [650, "Description"],
        [800, "Stage"],
      ]);
      expect((await commit(id)).message).toMatch(/^Row 650, column "Description"/);
    });

    it("or within them: a row's error as well, while a file NUL from its first line on is not text", async () => {
      const text = salesforceReport(20, (row, column) => (row === 4 && column === "Opportunity Name" ? "Initech\u0000" : undefined));
      expect(nulOffset(text)).toBeLessThan(SNIFF_BYTES);
      const id = await prepareImport(db, { ...(await upload(db, text)), name: "nul\u0000name.csv" }, { createdBy: admin });
      const job = await getImportJob(db, id);
      expect(job.fileName).toBe("nul\u2400name.csv");
      const dry = await runImport(db, id, "dry_run");
      expect(dry.errors).toEqual([expect.objectContaining({ row: 4, column: "Opportunity Name", value: "Initech\u2400" })]);
      await expect(prepareImport(db, await upload(db, "O\u0000p\u0000p\u0000,\u0000S\u0000\n\u00001\u0000,\u00002\u0000\n"), { createdBy: admin })).rejects.toThrow(/not a text file/);
    });

    it("in a header past the first 64 KB refuses the upload with a clear message", async () => {
      const long = "x".repeat(SNIFF_BYTES);
      const text = `"Opportunity ID","Opportunity Name","Stage","Amount","Created Date","${long}","Notes\u0000"\r\n"1","A","Discovery","100","1/20/2026","",""\r\n`;
      await expect(prepareImport(db, await upload(db, text), { createdBy: admin })).rejects.toThrow(/column 7 .*NUL/i);
    });
  });

  describe("the dry run names what the commit would refuse", () => {
    it.each([
      ["an amount past the column's 12 digits", (row: number, column: string) => (row === 5 && column === "Amount" ? "$1,000,000,000,000.00" : undefined), /^Row 5, column "Amount": "\$1,000,000,000,000\.00" .*too large/],
      ["a year the database has no day for", (row: number, column: string) => (row === 6 && column === "Created Date" ? "1/10/0000" : undefined), /^Row 6, column "Created Date": "1\/10\/0000" .*year/],
    ])("%s", async (_name, cell, message) => {
      const id = await prepareImport(db, await upload(db, salesforceReport(20, cell)), { createdBy: admin });
      const dry = await runImport(db, id, "dry_run");
      expect(dry).toMatchObject({ status: "validated", failedRows: 1 });
      const outcome = await commit(id);
      expect(outcome.message).toMatch(message);
      expect(outcome.message).toMatch(/Nothing was imported\.$/);
      expect(await count("opportunities")).toBe(0);
    });

    it("two new companies with one domain in a HubSpot companies export", async () => {
      const text = "Record ID,Company name,Company Domain Name,Industry,Number of Employees\n101,Acme Corp,https://www.acme.com/,Software,\"1,200\"\n102,Acme EMEA,acme.com,Software,300\n103,Globex,globex.com,Energy,50\n";
      const id = await prepareImport(db, await upload(db, text, "hubspot-companies.csv"), { createdBy: admin });
      const dry = await runImport(db, id, "dry_run");
      expect(dry).toMatchObject({ status: "validated", failedRows: 1, createdRows: 2 });
      expect(dry.errors).toEqual([expect.objectContaining({ row: 3, column: "Company Domain Name", value: "acme.com", problem: expect.stringMatching(/row 2/) })]);
      expect((await commit(id)).message).toMatch(/^Row 3, column "Company Domain Name": "acme.com" .*row 2.*Nothing was imported\.$/);
      expect(await count("accounts")).toBe(0);
    });
  });

  describe("a failure is always recorded", () => {
    it("stores a message and row errors holding NUL bytes cleaned, and a generic message when storing fails anyway", async () => {
      const id = await prepareImport(db, await upload(db, salesforceReport(2)), { createdBy: admin });
      await claimImportJob(db, id, "dry_run");
      const counts = { processedRows: 2, createdRows: 0, updatedRows: 0, unchangedRows: 0, failedRows: 1 };
      await finishImportJob(db, id, { ...counts, status: "failed", message: "bad \u0000 byte \ud800", errors: [{ row: 2, column: "Na\u0000me", value: "a\u0000b", problem: "x\u0000" }] });
      const job = await getImportJob(db, id);
      expect(job).toMatchObject({ status: "failed", running: false });
      expect(job.message).toBe("bad \u2400 byte \ufffd");
      expect(job.errors).toEqual([{ row: 2, column: "Na\u2400me", value: "a\u2400b", problem: "x\u2400" }]);

      // A status the database refuses stands for any failure to store the outcome.
      await claimImportJob(db, id, "dry_run");
      await finishImportJob(db, id, { ...counts, status: "no such status" as never, message: "x", errors: [] });
      expect(await getImportJob(db, id)).toMatchObject({ status: "failed", running: false, message: expect.stringMatching(/could not be recorded/), errors: [] });
    });
  });

  describe("a job whose worker died", () => {
    it("does not block the next import: found with no sign of life, it is marked failed and the next one runs", async () => {
      const dead = await prepareImport(db, await upload(db, salesforceReport(3)), { createdBy: admin });
      // What a worker killed mid-commit leaves: a committing job, started long ago, never finished.
      await db.update(importJobs).set({ running: true, status: "committing", startedAt: sql`now() - interval '10 minutes'` as never }).where(eq(importJobs.id, dead));
      const next = await prepareImport(db, await upload(db, salesforceReport(3)), { createdBy: admin });
      expect(await runImport(db, next, "dry_run")).toMatchObject({ status: "validated" });
      expect(await getImportJob(db, dead)).toMatchObject({ status: "failed", running: false, message: expect.stringMatching(/stopped.*nothing was written/i) });
      await cancelImportJob(db, dead);
    });

    /** A job claimed by another server, whose last sign of life was `secondsAgo` ago. */
    async function claimedElsewhere(secondsAgo: number) {
      const id = await prepareImport(db, await upload(db, salesforceReport(3)), { createdBy: admin });
      await claimImportJob(db, id, "dry_run");
      await db
        .update(importJobs)
        .set({ worker: "other-host:4242:abcd", heartbeatAt: sql`now() - make_interval(secs => ${secondsAgo})` as never })
        .where(eq(importJobs.id, id));
      return id;
    }

    it("never takes another server's live job for dead: only a heartbeat older than two minutes is", async () => {
      const alive = await claimedElsewhere(STALE_AFTER_SECONDS - 30);
      const next = await prepareImport(db, await upload(db, salesforceReport(3)), { createdBy: admin });
      await expect(runImport(db, next, "dry_run")).rejects.toThrow(/is running; start this one when it has finished/);
      expect(await failStaleImports(db)).toEqual([]);
      expect(await getImportJob(db, alive)).toMatchObject({ running: true, status: "validating" });

      await db.update(importJobs).set({ heartbeatAt: sql`now() - make_interval(secs => ${STALE_AFTER_SECONDS + 5})` as never }).where(eq(importJobs.id, alive));
      expect(await runImport(db, next, "dry_run")).toMatchObject({ status: "validated" });
      expect(await getImportJob(db, alive)).toMatchObject({ running: false, status: "failed", message: expect.stringContaining("(other-host:4242:abcd) stopped during the run") });
    });

    it("never takes this process's own run for dead, however old its heartbeat (a PGlite commit cannot write one)", async () => {
      const id = await prepareImport(db, await upload(db, salesforceReport(3)), { createdBy: admin });
      await claimImportJob(db, id, "dry_run");
      const release = holdImportJob(id);
      await db.update(importJobs).set({ heartbeatAt: sql`now() - interval '1 hour'` as never }).where(eq(importJobs.id, id));
      expect(await failStaleImports(db)).toEqual([]);
      release();
      expect(await failStaleImports(db)).toEqual([id]);
    });

    it("a run refreshes its heartbeat and progress while it works (on PostgreSQL also while its commit holds the job's row)", async () => {
      const id = await prepareImport(db, await upload(db, salesforceReport(20_000)), { createdBy: admin });
      for (const kind of ["dry_run", "commit"] as const) {
        const job = await claimImportJob(db, id, kind);
        const claimedAt = (await getImportJob(db, id)).heartbeatAt!;
        const run = executeImportRun(db, job, kind, new Date("2026-11-24T12:00:00Z"), { heartbeatMs: 20 });
        let finished = false;
        void run.finally(() => (finished = true)).catch(() => {});
        if (driver === "postgres") {
          let beat: { heartbeatAt: Date | null; processedRows: number } | undefined;
          while (!finished) {
            [beat] = await db.select({ heartbeatAt: importJobs.heartbeatAt, processedRows: importJobs.processedRows }).from(importJobs).where(eq(importJobs.id, id));
            if (beat!.processedRows > 0) break;
            await new Promise((r) => setTimeout(r, 10));
          }
          expect(beat!.processedRows).toBeGreaterThan(0);
          expect(beat!.heartbeatAt!.getTime()).toBeGreaterThan(claimedAt.getTime());
        }
        expect(await run).toMatchObject({ status: kind === "commit" ? "completed" : "validated", processedRows: 20_000 });
        if (kind === "dry_run") expect((await getImportJob(db, id)).heartbeatAt!.getTime()).toBeGreaterThan(claimedAt.getTime());
      }
      expect(await count("opportunities")).toBe(20_000);
    });

    // Needs a second connection while the commit holds one: PostgreSQL only (PGlite has one).
    if (driver === "postgres")
      it("a commit whose job another server marked interrupted meanwhile writes nothing", async () => {
      const id = await prepareImport(db, await upload(db, salesforceReport(40_000)), { createdBy: admin });
      await runImport(db, id, "dry_run");
      const job = await claimImportJob(db, id, "commit");
      const running = executeImportRun(db, job, "commit", new Date("2026-11-24T12:00:00Z"), { heartbeatMs: 50 });
      while ((await importDuringRun(t.handle, id)).processedRows === 0) await new Promise((r) => setTimeout(r, 5));
      // What another server does when this one looks dead to it.
      await db.update(importJobs).set({ worker: "other-host:4242:abcd", heartbeatAt: sql`now() - interval '1 hour'` as never }).where(eq(importJobs.id, id));
      expect(await failStaleImports(db)).toEqual([id]);
      const outcome = await running;
      expect(outcome).toMatchObject({ status: "failed", createdRows: 0, message: expect.stringMatching(/marked as interrupted/) });
      expect(await getImportJob(db, id)).toMatchObject({ status: "failed", running: false, message: expect.stringMatching(/stopped during the run/) });
      expect(await count("opportunities")).toBe(0);
      expect(await count("import_inserts")).toBe(0);
    });
  });

  describe("the progress of a live run", () => {
    it("is refused to a session whose user the database no longer allows to import, while the commit runs", async () => {
      const [demoted, deactivated, other] = await db
        .insert(users)
        .values([
          { email: "ex-admin@example.com", name: "Ex Admin", role: "admin", passwordHash: "x" },
          { email: "gone@example.com", name: "Gone Admin", role: "admin", passwordHash: "x" },
          { email: "second@example.com", name: "Second Admin", role: "admin", passwordHash: "x" },
        ])
        .returning();
      const session = (u: { id: number; sessionVersion: number }) => ({ user: { id: String(u.id), role: "admin" as const, sessionVersion: u.sessionVersion } });
      // Signed in as admins; the database changes after the cookie was signed.
      await db.update(users).set({ active: false, sessionVersion: sql`${users.sessionVersion} + 1` as never }).where(eq(users.id, deactivated!.id));
      if (driver === "pglite") await db.update(users).set({ role: "sales" }).where(eq(users.id, demoted!.id));

      const id = await prepareImport(db, await upload(db, salesforceReport(15_000)), { createdBy: admin });
      await runImport(db, id, "dry_run");
      const running = commit(id);
      // Until the commit has written progress (the dry run's counts stand until it is claimed).
      for (let job = await importDuringRun(t.handle, id); !(job.status === "committing" && job.processedRows > 0); job = await importDuringRun(t.handle, id)) {
        if (!job.running && job.status === "completed") break;
        await new Promise((r) => setTimeout(r, 5));
      }
      // On PostgreSQL the demotion lands while the commit runs; on PGlite no write can until it ends.
      if (driver === "postgres") await db.update(users).set({ role: "sales" }).where(eq(users.id, demoted!.id));

      // What the guard sees: the user as stored now (so the demoted one is refused the import), or nobody.
      const mayImport = async (s: Parameters<typeof userDuringRun>[1]) => {
        const user = await userDuringRun(t.handle, s, id);
        return user === null ? "signed out" : can(user.role, "imports:manage") ? "allowed" : "refused";
      };
      expect(await mayImport(session(demoted!))).toBe("refused");
      expect(await mayImport(session(deactivated!))).toBe("signed out");
      expect(await mayImport({ user: { ...session(other!).user, sessionVersion: 99 } })).toBe("signed out");
      expect(await mayImport(null)).toBe("signed out");
      expect(await mayImport(session(other!))).toBe("allowed");
      // Answered while the commit still ran, not after it.
      expect(await importDuringRun(t.handle, id)).toMatchObject({ running: true, status: "committing" });
      expect(await running).toMatchObject({ status: "completed", createdRows: 15_000 });
    });
  });

  describe("free-text columns", () => {
    const notes = Array.from({ length: 10 }, (_, i) => `Notes ${i + 1}`);
    const longText = (row: number, column: string) => `${column} on row ${row}: ${"The customer described their evaluation at length. ".repeat(60)}`;

    it("keep the job record small (analysis under 64 KB) while stages and owners are still listed for mapping", async () => {
      const text = salesforceReport(400, (row, column) => (column.startsWith("Notes") ? longText(row, column) : undefined), notes);
      expect(text.length).toBeGreaterThan(10_000_000);
      const id = await prepareImport(db, await upload(db, text), { createdBy: admin });
      const [size] = await queryRows<{ analysis: number; row: number }>(
        db,
        sql`select octet_length(analysis::text) as analysis, octet_length(j::text) as row from import_jobs j where id = ${id}`,
      );
      expect(size!.analysis).toBeLessThan(64 * 1024);
      expect(size!.row).toBeLessThan(80 * 1024);
      const job = await getImportJob(db, id);
      const analysis = job.analysis as ImportAnalysis;
      expect(analysis.columns.find((c) => c.name === "Stage")!.distinct).toEqual(["Closed Won", "Discovery"]);
      expect(analysis.columns.find((c) => c.name === "Opportunity Owner")!.distinct).toEqual(["Dana Rep", "Sam Seller"]);
      expect(analysis.columns.find((c) => c.name === "Notes 1")!.distinct).toBeNull();
      expect(job.options).toMatchObject({ stageMap: { "Closed Won": expect.any(Number), Discovery: expect.any(Number) }, ownerMap: { "Dana Rep": expect.any(Number) } });

      // The page's poll: the whole view when no run is live, progress only while one is.
      expect(JSON.stringify(importJobView(job)).length).toBeLessThan(64 * 1024);
      expect(await runImport(db, id, "dry_run")).toMatchObject({ status: "validated", failedRows: 0 });
      expect(JSON.stringify(importJobView(await getImportJob(db, id))).length).toBeLessThan(64 * 1024);
    });

    it("keep at most 16 KB of distinct values per column when the values are short enough to list", async () => {
      const text = salesforceReport(450, (row, column) => (column.startsWith("Notes") ? `${column} ${row}: ${"call back next week ".repeat(7)}` : undefined), notes);
      const id = await prepareImport(db, await upload(db, text), { createdBy: admin });
      const analysis = (await getImportJob(db, id)).analysis as ImportAnalysis;
      for (const c of analysis.columns) expect(Buffer.byteLength(JSON.stringify(c.distinct ?? []))).toBeLessThan(17 * 1024);
      const [size] = await queryRows<{ row: number }>(db, sql`select octet_length(j::text) as row from import_jobs j where id = ${id}`);
      expect(size!.row).toBeLessThan(256 * 1024);
    });
  });
});
