import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDrivers, type TestDatabase } from "./testing/databases";
import { funnelDefinitionSignoffs, funnelDefinitions, opportunities, pipelineStages, settings, signalTypes, users } from "./schema";
import { prepare } from "./startup";

const options = { demoData: true, seed: 7, scale: 0.05, asOf: new Date("2026-11-24T00:00:00Z"), log: () => {} };

describe.each(testDrivers())("start-up on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver, { reference: false });
  });
  afterAll(() => t.drop());

  async function counts() {
    const db = t.handle.db;
    const [u] = await db.select({ n: count() }).from(users);
    const [o] = await db.select({ n: count() }).from(opportunities);
    const [s] = await db.select({ n: count() }).from(pipelineStages);
    const [d] = await db.select({ n: count() }).from(funnelDefinitions);
    const [k] = await db.select({ n: count() }).from(signalTypes);
    return { users: Number(u!.n), opportunities: Number(o!.n), stages: Number(s!.n), definitions: Number(d!.n), signalTypes: Number(k!.n) };
  }

  it("migrates, inserts reference data and loads the demo data on first start", async () => {
    const lines: string[] = [];
    await prepare(t.handle, { ...options, log: (l) => lines.push(l) });
    const first = await counts();
    expect(first).toMatchObject({ users: 11, stages: 7, definitions: 6 });
    expect(first.opportunities).toBeGreaterThan(20);
    expect(first.signalTypes).toBeGreaterThan(20);
    expect(lines.join("\n")).toContain("admin@example.com");
    const [demo] = await t.handle.db.select().from(settings).where(eq(settings.key, "demo_data"));
    expect(demo?.value).toMatchObject({ seed: 7, scale: 0.05, asOf: "2026-11-24" });
    // The playbook's definitions are in force: version 1, signed by both teams.
    const [signoffs] = await t.handle.db.select({ n: count() }).from(funnelDefinitionSignoffs);
    expect(Number(signoffs!.n)).toBe(12);
  });

  it("reuses the data on the next start without duplicating anything", async () => {
    const before = await counts();
    const lines: string[] = [];
    await prepare(t.handle, { ...options, log: (l) => lines.push(l) });
    expect(await counts()).toEqual(before);
    expect(lines.join("\n")).not.toContain("Loading demo data");
  });
});
