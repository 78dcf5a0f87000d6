import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { queryRows } from "@/db/index";
import { createTestDatabase, type TestDatabase } from "@/db/testing/databases";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pa-cli-import-"));
process.env.IMPORT_DIR = dir;
const { importCommand } = await import("./import");
const { stopJobs } = await import("@/lib/jobs/queue");
const fixture = path.join(import.meta.dirname, "../import/fixtures/salesforce-opportunities.csv");

describe("npm run cli -- import", () => {
  let t: TestDatabase;
  const errors: string[] = [];
  beforeAll(async () => {
    t = await createTestDatabase("pglite");
    vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
  });
  afterAll(async () => {
    await stopJobs();
    vi.restoreAllMocks();
    await t.drop();
  });
  const count = async () => (await queryRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from opportunities`))[0]!.n;

  it("exits 0 when the rows are imported, and a dry run writes nothing", async () => {
    expect(await importCommand(t.handle, fixture, { entity: "opportunities", "dry-run": true })).toBe(0);
    expect(await count()).toBe(0);
    expect(await importCommand(t.handle, fixture, { entity: "opportunities", format: "salesforce" })).toBe(0);
    expect(await count()).toBe(5);
    // Both runs went through the queue, and the file it was given is left where it was.
    const runs = await queryRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from pgboss.job where name = 'import-run' and state = 'completed'`);
    expect(runs[0]!.n).toBe(3);
    expect(fs.existsSync(fixture)).toBe(true);
  });

  it("exits 1 with the error report's path when rows have problems, and writes nothing", async () => {
    const bad = path.join(dir, "bad.csv");
    fs.writeFileSync(bad, "Opportunity ID,Opportunity Name,Stage,Amount,Close Date,Created Date\nX1,A,Haggling,100,3/15/2026,1/20/2026\n");
    errors.length = 0;
    expect(await importCommand(t.handle, bad, { entity: "opportunities" })).toBe(1);
    const report = errors.find((e) => e.startsWith("Error report: "))!.slice("Error report: ".length);
    expect(fs.readFileSync(report, "utf8")).toContain('2,Stage,Haggling,"""Haggling"" is not mapped to a stage of the pipeline"');
    expect(await count()).toBe(5);
  });

  it("exits 2 naming what cannot be used", async () => {
    errors.length = 0;
    expect(await importCommand(t.handle, fixture, { entity: "deals" })).toBe(2);
    expect(errors.at(-1)).toMatch(/--entity must be one of opportunities/);
    expect(await importCommand(t.handle, fixture, { entity: "opportunities", format: "hubspot" })).toBe(2);
    expect(errors.at(-1)).toMatch(/does not look like a HubSpot export/);
    expect(await importCommand(t.handle, fixture, { entity: "opportunities", mapping: "Nope" })).toBe(2);
    expect(errors.at(-1)).toMatch(/--mapping "Nope" is neither a file nor a saved mapping/);
  });
});
