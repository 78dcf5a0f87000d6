import { getTableName, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/index";
import * as schema from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { demoDataChecksum } from "./checksum";
import { generateDemoData } from "./generate";
import { seedDemoData, type SeedResult } from "./index";

const asOf = new Date("2025-06-15T00:00:00Z");
const options = { seed: 99, asOf, scale: 0.05, passwordHash: "$2b$10$not-a-real-hash-but-fine-for-a-test" };
const tableOf = {
  users: schema.users,
  accounts: schema.accounts,
  contacts: schema.contacts,
  opportunities: schema.opportunities,
  opportunityStageHistory: schema.opportunityStageHistory,
  opportunityContacts: schema.opportunityContacts,
  webTraffic: schema.webTraffic,
  leads: schema.leads,
  touchpoints: schema.touchpoints,
  selfReportedAnswers: schema.selfReportedAnswers,
  signals: schema.signals,
  scores: schema.scores,
  meetings: schema.meetings,
  quotas: schema.quotas,
  targets: schema.targets,
  caseStudies: schema.caseStudies,
  settings: schema.settings,
} as const;

/** The data the load should have written, generated again (it is deterministic). */
let expected: ReturnType<typeof generateDemoData> | undefined;
function data() {
  expected ??= generateDemoData(options);
  return expected;
}

describe.each(testDrivers())("loading demo data into %s", (driver) => {
  const progress = new Map<string, number>();
  let t: TestDatabase;
  let db: Database;
  let result: SeedResult;

  beforeAll(async () => {
    // Migrated, with the reference data the app inserts on start.
    t = await createTestDatabase(driver);
    db = t.handle.db;
    result = await seedDemoData(db, { ...options, onProgress: (table, rows) => progress.set(table, rows) });
  });
  afterAll(() => t.drop());

  it("loads every generated row", async () => {
    for (const [name, table] of Object.entries(tableOf)) {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table);
      const generated = data()[name as keyof typeof tableOf].length;
      expect(row?.n, name).toBe(generated);
      expect(result.counts[name], name).toBe(generated);
      expect(progress.get(name), name).toBe(generated);
    }
    expect(result.checksum).toBe(demoDataChecksum(data()));
    expect(result.seconds.generate).toBeGreaterThan(0);
    expect(result.seconds.load).toBeGreaterThan(0);
  });

  it("reads back what was generated, to the second and the cent", async () => {
    const opportunities = await db.select().from(schema.opportunities).orderBy(schema.opportunities.id);
    opportunities.forEach((opp, i) => {
      const generated = data().opportunities[i]!;
      expect(opp.amount).toBe(generated.amount);
      expect(opp.closedAt).toEqual(generated.closedAt);
      expect(opp.expectedCloseDate).toBe(generated.expectedCloseDate);
    });
    const users = await db.select().from(schema.users);
    expect(users.every((u) => u.passwordHash === options.passwordHash)).toBe(true);
  });

  it("refuses to load into a database that has data", async () => {
    const users = data().users.length;
    await expect(seedDemoData(db, options)).rejects.toThrow(
      `The database already has data (${users} users); demo data loads only into an empty database. Run npm run db:reset first.`,
    );
  });

  it("moves identity sequences past the loaded ids", async () => {
    const [user] = await db
      .insert(schema.users)
      .values({ email: "new@example.com", name: "New Person", role: "marketing", passwordHash: "x" })
      .returning();
    expect(user?.id).toBe(data().users.length + 1);
    const [account] = await db.insert(schema.accounts).values({ name: "Fresh Co" }).returning();
    expect(account?.id).toBe(data().accounts.length + 1);
    for (const table of [schema.leads, schema.touchpoints, schema.signals, schema.opportunityStageHistory]) {
      const name = getTableName(table);
      const rows = await queryRows<{ last: number; max: number }>(
        db,
        sql.raw(`select (select last_value from pg_sequences where sequencename = '${name}_id_seq')::int as last, (select max(id) from ${name})::int as max`),
      );
      expect(rows[0]?.last, name).toBe(rows[0]?.max);
    }
  });
});
