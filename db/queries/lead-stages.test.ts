/**
 * Lead lifecycle consistency (METRICS.md §2) in SQL, on PGlite and PostgreSQL: the import infers and
 * flags a missing earlier stage and reports it; the funnel counts inferred stages, leaves their dates
 * out of days per stage and the SLAs, and says how many there are; the migration's backfill infers
 * exactly as the import does; and for random leads (any dates, in any order) no conversion the
 * funnel computes exceeds 100 %.
 *
 * The vector's leads, all created 2026-02-01 (dates in 2026):
 *   L1 MQL 03-01, SQL 03-05             → as given
 *   L2 SQL 03-05                        → MQL 03-05 inferred
 *   L3 Opportunity 04-01, Won 05-01     → MQL and SQL 04-01 inferred
 *   L4 MQL 03-01, Won 05-01             → SQL and Opportunity 05-01 inferred
 *   L5 nothing                          → as given
 * Reached: 5, 4, 4, 2, 2. Days: Lead → MQL over L1 and L4 (28 days each); MQL → SQL over L1 (4);
 * SQL → Opportunity over none; Opportunity → Won over L3 (30). MQL routing in March: L1 and L4 (L2's
 * MQL date is inferred), neither routed, both overdue.
 */
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/index";
import { leads, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { prepareImport } from "@/lib/import/prepare";
import { runImport } from "@/lib/import/run";
import { saveUpload } from "@/lib/import/uploads";
import { importJobView } from "@/lib/import/view";
import { cohortFunnel } from "@/lib/metrics/funnel";
import { inferLeadStages, type LeadStageDates } from "@/lib/metrics/lead-stages";
import { listBreaches } from "./breaches";
import { cohortCounts, mqlRoutingSla } from "./funnel";
import { getImportJob } from "./imports";

const at = (day: string) => new Date(`2026-${day}T00:00:00Z`);
const NOW = at("06-30");
const february = { from: "2026-02-01", to: "2026-02-28", timeZone: "UTC" };
const march = { from: "2026-03-01", to: "2026-03-31", timeZone: "UTC" };
const header = "Lead ID,Email,Created Date,MQL Date,SQL Date,Opportunity Date,Won Date";
const vectorFile = [header, "L1,,2026-02-01,2026-03-01,2026-03-05,,", "L2,,2026-02-01,,2026-03-05,,", "L3,,2026-02-01,,,2026-04-01,2026-05-01", "L4,,2026-02-01,2026-03-01,,,2026-05-01", "L5,,2026-02-01,,,,"].join("\n");

/** The migration's backfill statement, as shipped. */
const backfill = fs
  .readFileSync(path.join(import.meta.dirname, "../migrations/0016_engagement_and_inferred_lead_stages.sql"), "utf8")
  .split("--> statement-breakpoint")
  .find((s) => s.includes('UPDATE "leads"'))!;

describe.each(testDrivers())("lead stage inference on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let admin: number;

  async function importText(text: string) {
    const saved = await saveUpload(db, Readable.from([Buffer.from(text)]));
    const id = await prepareImport(db, { ...saved, name: "leads.csv" }, { createdBy: admin });
    const dry = await runImport(db, id, "dry_run", NOW);
    const preview = importJobView(await getImportJob(db, id)).inferredNote;
    const done = await runImport(db, id, "commit", NOW);
    return { dry, done, preview, committed: importJobView(await getImportJob(db, id)).inferredNote };
  }

  const stored = async () =>
    Object.fromEntries(
      (
        await queryRows<{ id: string; mql: string | null; sql: string | null; opp: string | null; won: string | null; inferred: string }>(
          db,
          sql`select external_id as id, to_char(mql_at at time zone 'UTC', 'MM-DD') as mql, to_char(sql_at at time zone 'UTC', 'MM-DD') as sql,
                to_char(opportunity_at at time zone 'UTC', 'MM-DD') as opp, to_char(won_at at time zone 'UTC', 'MM-DD') as won, array_to_string(inferred_stages, ',') as inferred
              from leads order by external_id`,
        )
      ).map(({ id, ...r }) => [id, r]),
    );

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const [a] = await db.insert(users).values({ email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" }).returning();
    admin = a!.id;
  });
  afterAll(() => t.drop());

  it("infers and flags each missing earlier date on import, and says so in the preview and the result", async () => {
    const { dry, done, preview, committed } = await importText(vectorFile);
    const note = "3 leads had a stage date inferred (MQL date missing: 2, SQL date missing: 2, Opportunity date missing: 1)";
    expect(dry.inferredLeadStages).toEqual({ leads: 3, mql: 2, sql: 2, opportunity: 1 });
    expect(preview).toBe(note);
    expect(done).toMatchObject({ status: "completed", createdRows: 5 });
    expect(committed).toBe(note);
    expect(await stored()).toEqual({
      L1: { mql: "03-01", sql: "03-05", opp: null, won: null, inferred: "" },
      L2: { mql: "03-05", sql: "03-05", opp: null, won: null, inferred: "mql" },
      L3: { mql: "04-01", sql: "04-01", opp: "04-01", won: "05-01", inferred: "mql,sql" },
      L4: { mql: "03-01", sql: "05-01", opp: "05-01", won: "05-01", inferred: "sql,opportunity" },
      L5: { mql: null, sql: null, opp: null, won: null, inferred: "" },
    });
  });

  it("counts inferred stages, and leaves their dates out of days per stage, SLAs and breaches", async () => {
    const counts = await cohortCounts(db, february);
    expect(counts.reached).toEqual({ lead: 5, mql: 4, sql: 4, opportunity: 2, won: 2 });
    expect(counts.inferred).toEqual({ mql: 2, sql: 2, opportunity: 1 });
    expect(counts.transitionDays).toEqual({
      mql: { sumDays: 56, leads: 2 },
      sql: { sumDays: 4, leads: 1 },
      opportunity: { sumDays: 0, leads: 0 },
      won: { sumDays: 30, leads: 1 },
    });
    const funnel = cohortFunnel(counts);
    expect(funnel.transitions.slice(1).map((x) => x.conversion.value)).toEqual([4 / 5, 1, 2 / 4, 1]);
    expect(funnel.inferred).toEqual({ mql: 2, sql: 2, opportunity: 1 });
    // Routing cases: L1 and L4 (MQL Mar 1 as given); L2 and L3's MQL dates are inferred. Neither has
    // a routing time, but both moved on, so were routed by their SQL date at the latest: L1 after
    // 4 days, L4 after 61 (its SQL date is its opportunity's). Breached, and the median is that
    // upper bound; no breach is open.
    expect(await mqlRoutingSla(db, march, 300, NOW)).toEqual({ due: 2, within: 0, medianSeconds: ((4 + 61) / 2) * 86_400 });
    expect(await listBreaches(db, { kind: "mql", seconds: 300, archiveAfterDays: 365, now: NOW, state: "open", limit: 10 })).toEqual([]);
  });

  it("changes nothing when the file comes again, and infers again from what an update makes known", async () => {
    const again = await importText(vectorFile);
    expect(again.done).toMatchObject({ status: "completed", createdRows: 0, updatedRows: 0, unchangedRows: 5 });
    // L2 gets its MQL date; L1 gets a won date from a file without the other stage columns.
    await importText([header, "L2,,2026-02-01,2026-03-02,2026-03-05,,", "L3,,2026-02-01,,,2026-04-01,2026-05-01"].join("\n"));
    const partial = await importText(["Lead ID,Created Date,Won Date", "L1,2026-02-01,2026-06-01"].join("\n"));
    expect(partial.committed).toBe("1 lead had a stage date inferred (Opportunity date missing: 1)");
    const now = await stored();
    expect(now.L2).toEqual({ mql: "03-02", sql: "03-05", opp: null, won: null, inferred: "" });
    expect(now.L1).toEqual({ mql: "03-01", sql: "03-05", opp: "06-01", won: "06-01", inferred: "opportunity" });
    // The won date taken away again: the inferred opportunity date goes with it.
    await importText(["Lead ID,Created Date,Won Date", "L1,2026-02-01,"].join("\n"));
    expect((await stored()).L1).toEqual({ mql: "03-01", sql: "03-05", opp: null, won: null, inferred: "" });
  });

  it("backfills stored leads as the import infers, and no conversion of random leads exceeds 100 %", async () => {
    const day = fc.option(fc.integer({ min: 0, max: 200 }), { nil: null });
    const leadArb = fc.record({ created: fc.integer({ min: 0, max: 27 }), mql: day, sql: day, opp: day, won: day });
    await fc.assert(
      fc.asyncProperty(fc.array(leadArb, { minLength: 1, maxLength: 30 }), async (drawn) => {
        await db.execute(sql`truncate leads cascade`);
        const dayOf = (n: number | null) => (n === null ? null : new Date(Date.UTC(2026, 1, 1) + n * 86_400_000));
        const rows = drawn.map((d, i) => ({ externalId: `R${i}`, createdAt: dayOf(d.created)!, mqlAt: dayOf(d.mql), sqlAt: dayOf(d.sql), opportunityAt: dayOf(d.opp), wonAt: dayOf(d.won) }));
        await db.insert(leads).values(rows);
        await db.execute(sql.raw(backfill));
        const after = await queryRows<{ id: string; mql: number | null; sql: number | null; opp: number | null; won: number | null; inferred: string }>(
          db,
          sql`select external_id as id, ${ms("mql_at")} as mql, ${ms("sql_at")} as sql, ${ms("opportunity_at")} as opp, ${ms("won_at")} as won,
                array_to_string(inferred_stages, ',') as inferred from leads l order by l.id`,
        );
        for (const [i, r] of after.entries()) {
          const given: LeadStageDates = rows[i]!;
          const want = inferLeadStages(given);
          const time = (d: Date | null) => d?.getTime() ?? null;
          expect({ mql: r.mql, sql: r.sql, opp: r.opp, won: r.won, inferred: r.inferred }).toEqual({
            mql: time(want.dates.mqlAt),
            sql: time(want.dates.sqlAt),
            opp: time(want.dates.opportunityAt),
            won: time(want.dates.wonAt),
            inferred: want.inferred.join(","),
          });
        }
        const funnel = cohortFunnel(await cohortCounts(db, february));
        expect(funnel.counts.lead).toBe(rows.length);
        for (const x of [...funnel.transitions.slice(1).map((t) => t.conversion), funnel.overall]) {
          if (x.value === null) continue;
          expect(x.value).toBeGreaterThanOrEqual(0);
          expect(x.value).toBeLessThanOrEqual(1);
        }
      }),
      { seed: 20261124, numRuns: 30 },
    );
  });
});

const ms = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);
