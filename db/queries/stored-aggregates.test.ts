/**
 * The stored aggregates (stored_aggregates, migration 0029): attribution, a period's velocity
 * aggregates and the weekly trend, against a computation from scratch, on both drivers: a second view reads what the first stored; after random writes to what
 * the weighing reads (touches added, moved in time or deleted, a deal's amount, status or account, a
 * contact moved to another account), an import and its rollback, every view equals a fresh weighing;
 * and a write that changes nothing the weighing reads (a deal's next step) keeps the stored result.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { createRandom } from "@/db/seed/random";
import { createDemoTestDatabase } from "@/db/testing/demo-database";
import { testDrivers, type TestDatabase } from "@/db/testing/databases";
import { generateOpportunityExport } from "@/lib/cli/bench-import";
import { prepareImport } from "@/lib/import/prepare";
import { runImport } from "@/lib/import/run";
import { copyUpload } from "@/lib/import/uploads";
import { attributionAggregates, weighAttribution, type AttributionScope } from "./attribution";
import { rollbackImport } from "./imports";
import { storedVelocityAggregates, storedWeeklyTrend, velocityAggregates, weeklyTrend } from "./velocity";

const asOf = new Date("2026-11-24T00:00:00Z");
const scopes: AttributionScope[] = [
  { from: "2026-07-01", to: "2026-09-30", timeZone: "UTC", basis: "pipeline" },
  { from: "2025-12-01", to: "2026-11-23", timeZone: "UTC", basis: "revenue" },
  { from: "2025-12-01", to: "2026-11-23", timeZone: "America/New_York", basis: "pipeline", segment: "Mid-Market" },
];

const velocityPeriods = [
  { from: "2026-07-01", to: "2026-09-30", timeZone: "UTC" },
  { from: "2025-10-01", to: "2025-12-31", timeZone: "Europe/Berlin", segment: "Mid-Market" },
];
const trendArgs = { today: "2026-11-24", timeZone: "UTC", weeks: 52, windowDays: 91 };

const storedRows = async (db: Database) => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from stored_aggregates where kind = 'attribution'`))[0]!.n;

describe.each(testDrivers())("stored attribution on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    t = await createDemoTestDatabase(driver, asOf);
    db = t.handle.db;
  }, 120_000);
  afterAll(() => t.drop());

  async function expectFresh(after: string): Promise<void> {
    for (const scope of scopes) {
      const name = `${scope.basis} ${scope.from}…${scope.to} after ${after}`;
      // The first view after a write must not read a stale stored result; the second reads the stored one.
      const [viewed, again, fresh] = [await attributionAggregates(db, scope), await attributionAggregates(db, scope), await weighAttribution(db, scope)];
      expect(viewed, name).toEqual(fresh);
      expect(again, `${name}, read back`).toEqual(fresh);
    }
    for (const period of velocityPeriods) {
      const name = `velocity ${period.from}…${period.to} after ${after}`;
      const [viewed, again, fresh] = [await storedVelocityAggregates(db, period), await storedVelocityAggregates(db, period), await velocityAggregates(db, period)];
      expect(viewed, name).toEqual(fresh);
      expect(again, `${name}, read back`).toEqual(fresh);
    }
    const [trend, trendAgain, freshTrend] = [await storedWeeklyTrend(db, trendArgs), await storedWeeklyTrend(db, trendArgs), await weeklyTrend(db, trendArgs)];
    expect(trend, `the trend after ${after}`).toEqual(freshTrend);
    expect(trendAgain, `the trend after ${after}, read back`).toEqual(freshTrend);
  }

  it("stores a scope's aggregates and reads them back until something they weigh changes", async () => {
    const scope = scopes[1]!;
    const first = await attributionAggregates(db, scope);
    expect(first.totals.attributedDeals).toBeGreaterThan(0);
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from stored_aggregates where kind = 'attribution' and scope like ${`%"revenue"%`}`);
    expect(row!.n).toBe(1);
    // Planted in the stored row: a read that used it returns the planted total.
    await db.execute(sql`update stored_aggregates set result = jsonb_set(result, '{totals,deals}', '999999') where kind = 'attribution' and scope like ${`%"revenue"%`}`);
    expect((await attributionAggregates(db, scope)).totals.deals).toBe(999_999);
    // A deal's next step is not weighed: the stored row stays.
    await db.execute(sql`update opportunities set next_step = 'Call back' where id = (select min(id) from opportunities)`);
    expect((await attributionAggregates(db, scope)).totals.deals).toBe(999_999);
    // A deal's amount is: the next view weighs again.
    await db.execute(sql`update opportunities set amount = amount where id = (select min(id) from opportunities)`);
    expect(await attributionAggregates(db, scope)).toEqual(first);
  }, 60_000);

  it("equals a fresh weighing after 40 random writes to what it weighs", async () => {
    const rng = createRandom(`stored-attribution-${driver}`);
    const one = async (table: string) => rng.pick((await queryRows<{ id: number }>(db, sql`select id from ${sql.identifier(table)} order by id`)).map((r) => r.id));
    const writes: [string, () => Promise<unknown>][] = [
      [
        "a touch added",
        async () =>
          db.execute(sql`insert into touchpoints (contact_id, account_id, channel, type, occurred_at)
            select id, account_id, 'podcast', 'listen', ${new Date(asOf.getTime() - rng.int(1, 300) * 86_400_000).toISOString()}::timestamptz from contacts where id = ${await one("contacts")}`),
      ],
      ["a touch moved in time", async () => db.execute(sql`update touchpoints set occurred_at = occurred_at - interval '40 days' where id = ${await one("touchpoints")}`)],
      ["a touch deleted", async () => db.execute(sql`delete from touchpoints where id = ${await one("touchpoints")}`)],
      ["a deal's amount", async () => db.execute(sql`update opportunities set amount = ${rng.int(1000, 90000)} where id = ${await one("opportunities")}`)],
      ["a deal qualified", async () => db.execute(sql`update opportunities set qualified_at = created_at + interval '3 days' where id = ${await one("opportunities")}`)],
      ["a deal's segment", async () => db.execute(sql`update opportunities set segment = 'Mid-Market' where id = ${await one("opportunities")}`)],
      ["a deal's account", async () => db.execute(sql`update opportunities set account_id = ${await one("accounts")} where id = ${await one("opportunities")}`)],
      ["a contact's account", async () => db.execute(sql`update contacts set account_id = ${await one("accounts")} where id = ${await one("contacts")}`)],
      [
        "a deal won",
        async () => db.execute(sql`update opportunities set status = 'won', stage_id = 6, closed_at = ${new Date(asOf.getTime() - 5 * 86_400_000).toISOString()}::timestamptz where id = (select id from opportunities where status = 'open' order by id limit 1)`),
      ],
    ];
    await expectFresh("nothing");
    for (let step = 1; step <= 40; step++) {
      const [name, write] = rng.pick(writes);
      await write();
      await expectFresh(`write ${step} (${name})`);
    }
    expect(await storedRows(db)).toBe(scopes.length);
  }, 240_000);

  it("equals a fresh weighing after an import and its rollback", async () => {
    await expectFresh("before the import");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pa-stored-attribution-"));
    try {
      const file = path.join(dir, "opportunities.csv");
      fs.writeFileSync(file, generateOpportunityExport(300, 11).csv);
      const id = await prepareImport(db, { ...(await copyUpload(db, file)), name: "opportunities.csv" }, { createdBy: null });
      expect((await runImport(db, id, "dry_run")).status).toBe("validated");
      expect((await runImport(db, id, "commit")).status).toBe("completed");
      await expectFresh("the import");
      await rollbackImport(db, id, null);
      await expectFresh("the rollback");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
