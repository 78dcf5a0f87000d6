import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/index";
import { stalledBy } from "@/db/queries/stalls";
import { testDrivers, type TestDatabase } from "@/db/testing/databases";
import { createDemoTestDatabase } from "@/db/testing/demo-database";
import { defaultStallSettings, stallPatterns, type StallPattern } from "@/lib/win-loss/stalls";

/** The planted stall patterns, read by the app's own SQL (db/queries/stalls.ts) with the default thresholds. */
describe.each(testDrivers())("planted stall patterns in the demo data on %s", (driver) => {
  let t: TestDatabase;
  const asOf = new Date("2026-11-24T00:00:00Z");
  let byRep: (Record<StallPattern, number> & { ownerId: number; open: number })[];

  beforeAll(async () => {
    t = await createDemoTestDatabase(driver, asOf, 1);
    const context = { now: asOf, settings: defaultStallSettings };
    byRep = await queryRows(
      t.handle.db,
      sql`select o.owner_id as "ownerId", count(*)::int as open, ${sql.join(
        stallPatterns.map((p) => sql`(count(*) filter (where ${stalledBy(p, context)}))::int as ${sql.identifier(p)}`),
        sql`, `,
      )} from opportunities o where o.status = 'open' group by o.owner_id order by 1`,
    );
  }, 180_000);
  afterAll(() => t.drop());

  it("every rep with open deals has one stuck in Contract Sent, one pushed twice, one waiting on budget and some missing buy-in", () => {
    expect(byRep.length).toBeGreaterThanOrEqual(5);
    for (const rep of byRep) {
      for (const pattern of ["procurement", "competingPriority", "budget", "missingBuyIn"] as const) expect(rep[pattern], `${pattern}, rep ${rep.ownerId}`).toBeGreaterThan(0);
      // Stalls are the exception: most open deals show none of these four.
      expect(rep.procurement + rep.competingPriority + rep.budget, `rep ${rep.ownerId}`).toBeLessThan(rep.open);
    }
  });

  it("quiet deals past Proposal and champions gone dark show on several reps' deals", () => {
    expect(byRep.filter((r) => r.thinkAboutIt > 0).length).toBeGreaterThanOrEqual(3);
    expect(byRep.filter((r) => r.championDark > 0).length).toBeGreaterThanOrEqual(3);
  });

  it("a pushed deal's close-date history ends at its current close date", async () => {
    const rows = await queryRows<{ id: number; last: string; current: string }>(
      t.handle.db,
      sql`select o.id, (select ch.new_value from opportunity_changes ch where ch.opportunity_id = o.id and ch.field = 'expected_close_date' order by ch.changed_at desc, ch.id desc limit 1) as last,
            o.expected_close_date::text as current
          from opportunities o where ${stalledBy("competingPriority", { now: asOf, settings: defaultStallSettings })}`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.last, `deal ${r.id}`).toBe(r.current);
  });
});
