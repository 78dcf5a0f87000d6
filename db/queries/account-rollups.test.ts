/**
 * The maintained account rollups (account_rollups, migration 0028) against a recomputation from
 * scratch, on both drivers: after random writes of every kind to scores, contacts, opportunities
 * and accounts (single and multi-row inserts, updates that move rows between accounts, deletes,
 * cascades, truncates), after an import is committed and rolled back, and after signals are ingested.
 * The recomputation here is written independently of the triggers' SQL functions.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { accounts, users } from "@/db/schema";
import { createRandom } from "@/db/seed/random";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { generateOpportunityExport } from "@/lib/cli/bench-import";
import { prepareImport } from "@/lib/import/prepare";
import { runImport } from "@/lib/import/run";
import { copyUpload } from "@/lib/import/uploads";
import { buyingGroupRoles, contactStatuses } from "@/lib/domain/buying-group";
import { rollbackImport } from "./imports";
import { forgetIngestContext } from "./ingest-context-cache";
import { ingestContext } from "./signal-context";
import { ingestSignal } from "./signal-ingest";

interface Rollup {
  id: number;
  intent: number;
  identified: number;
  engaged: number;
  active: number;
  hasChampion: boolean;
  openPipeline: string;
  openDeals: number;
  openWithoutAmount: number;
}

/** Every account's rollup as the tables hold it now, computed from scratch. */
function recomputed(db: Database): Promise<Rollup[]> {
  return queryRows<Rollup>(
    db,
    sql`with roles as (
          select account_id, buying_group_role::text as role, max(case status when 'active' then 2 when 'engaged' then 1 else 0 end) as best
          from contacts where buying_group_role is not null group by account_id, buying_group_role
        ), coverage as (
          select account_id, count(*)::int as identified, (count(*) filter (where best >= 1))::int as engaged,
            (count(*) filter (where best = 2))::int as active, bool_or(role = 'champion' and best >= 1) as has_champion
          from roles group by account_id
        ), intent as (
          select distinct on (account_id) account_id, intent from scores where contact_id is null order by account_id, computed_at desc, id desc
        ), pipeline as (
          select account_id, sum(amount) as amount, count(*)::int as deals, (count(*) filter (where amount is null))::int as without
          from opportunities where status = 'open' group by account_id
        )
        select a.id, coalesce(i.intent, 0)::float8 as intent, coalesce(c.identified, 0) as identified, coalesce(c.engaged, 0) as engaged,
          coalesce(c.active, 0) as active, coalesce(c.has_champion, false) as "hasChampion", coalesce(p.amount, 0)::numeric(16, 2)::text as "openPipeline",
          coalesce(p.deals, 0) as "openDeals", coalesce(p.without, 0) as "openWithoutAmount"
        from accounts a
        left join coverage c on c.account_id = a.id left join intent i on i.account_id = a.id left join pipeline p on p.account_id = a.id
        order by a.id`,
  );
}

/** Every account's rollup as the maintained table holds it. */
function maintained(db: Database): Promise<Rollup[]> {
  return queryRows<Rollup>(
    db,
    sql`select a.id, coalesce(r.intent, 0)::float8 as intent, coalesce(r.identified, 0)::int as identified, coalesce(r.engaged, 0)::int as engaged,
          coalesce(r.active, 0)::int as active, coalesce(r.has_champion, false) as "hasChampion", coalesce(r.open_pipeline, 0)::numeric(16, 2)::text as "openPipeline",
          coalesce(r.open_deals, 0) as "openDeals", coalesce(r.open_without_amount, 0) as "openWithoutAmount"
        from accounts a left join account_rollups r on r.account_id = a.id
        order by a.id`,
  );
}

async function expectInStep(db: Database, after: string): Promise<void> {
  const [want, got] = [await recomputed(db), await maintained(db)];
  expect(got, `after ${after}`).toEqual(want);
}

describe.each(testDrivers())("account rollups on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  const now = new Date("2026-11-27T15:00:00Z");

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const [rep] = await db.insert(users).values({ email: "rep@example.com", name: "Riley Rep", role: "sales", passwordHash: "x" }).returning();
    await db.insert(accounts).values(Array.from({ length: 8 }, (_, i) => ({ name: `Account ${i + 1}`, domain: `account${i + 1}.com`, icpFitScore: 50 + i * 5, ownerId: rep!.id })));
  }, 60_000);
  afterAll(() => t.drop());

  it("equal a recomputation after 300 random writes of every kind", async () => {
    const rng = createRandom(`rollups-${driver}`);
    const ids = async (table: "accounts" | "contacts" | "scores" | "opportunities") =>
      (await queryRows<{ id: number }>(db, sql`select id from ${sql.identifier(table)} order by id`)).map((r) => r.id);
    const anAccount = async () => rng.pick(await ids("accounts"));
    const stamp = () => new Date(now.getTime() - rng.int(0, 90) * 86_400_000).toISOString();
    const amount = () => (rng.chance(0.2) ? null : (rng.int(100, 9_999_999) / 100).toFixed(2));
    const role = () => (rng.chance(0.2) ? null : rng.pick(buyingGroupRoles));
    const ops: [string, () => Promise<unknown>][] = [
      ["an account", async () => db.execute(sql`insert into accounts (name) values (${`New ${rng.int(1, 1e9)}`})`)],
      [
        "contacts",
        async () => {
          const rows = Array.from({ length: rng.int(1, 4) }, () => sql`(${rng.int(1, 1e9)}::text, ${null}, ${role()}::buying_group_role, ${rng.pick(contactStatuses)}::contact_status)`);
          const account = await anAccount();
          await db.execute(sql`insert into contacts (name, email, buying_group_role, status, account_id) select v.column1, v.column2, v.column3, v.column4, ${account} from (values ${sql.join(rows, sql`, `)}) v`);
        },
      ],
      ["a contact's status", async () => db.execute(sql`update contacts set status = ${rng.pick(contactStatuses)} where id = ${rng.pick([0, ...(await ids("contacts"))])}`)],
      ["a contact's role", async () => db.execute(sql`update contacts set buying_group_role = ${role()} where id = ${rng.pick([0, ...(await ids("contacts"))])}`)],
      ["a contact moved", async () => db.execute(sql`update contacts set account_id = ${await anAccount()} where id = ${rng.pick([0, ...(await ids("contacts"))])}`)],
      ["a contact's last touch", async () => db.execute(sql`update contacts set last_touch_at = ${stamp()}::timestamptz`)],
      ["a contact deleted", async () => db.execute(sql`delete from contacts where id = ${rng.pick([0, ...(await ids("contacts"))])}`)],
      [
        "scores",
        async () => {
          const account = await anAccount();
          const [contact] = await queryRows<{ id: number }>(db, sql`select id from contacts where account_id = ${account} limit 1`);
          const rows = Array.from({ length: rng.int(1, 3) }, () => {
            const contactId = contact && rng.chance(0.3) ? contact.id : null;
            return sql`(${account}, ${contactId}::int, 50, ${rng.int(0, 10000) / 100}, 10, 10, ${stamp()}::timestamptz)`;
          });
          await db.execute(sql`insert into scores (account_id, contact_id, fit, intent, engagement, readiness, computed_at) values ${sql.join(rows, sql`, `)}`);
        },
      ],
      ["a score's intent", async () => db.execute(sql`update scores set intent = ${rng.int(0, 100)} where id = ${rng.pick([0, ...(await ids("scores"))])}`)],
      ["a score's time", async () => db.execute(sql`update scores set computed_at = ${stamp()}::timestamptz where id = ${rng.pick([0, ...(await ids("scores"))])}`)],
      ["a score deleted", async () => db.execute(sql`delete from scores where id = ${rng.pick([0, ...(await ids("scores"))])}`)],
      [
        "opportunities",
        async () => {
          const account = rng.chance(0.1) ? null : await anAccount();
          const rows = Array.from({ length: rng.int(1, 3) }, () => sql`(${`Deal ${rng.int(1, 1e9)}`}, ${account}::int, ${amount()}::numeric, 1, ${rng.chance(0.7) ? "open" : "won"}::opportunity_status, ${stamp()}::timestamptz)`);
          await db.execute(sql`insert into opportunities (name, account_id, amount, stage_id, status, created_at, closed_at)
            select v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, case when v.column5 = 'open' then null else v.column6 end from (values ${sql.join(rows, sql`, `)}) v`);
        },
      ],
      ["a deal's amount", async () => db.execute(sql`update opportunities set amount = ${amount()} where id = ${rng.pick([0, ...(await ids("opportunities"))])}`)],
      [
        "a deal closed or reopened",
        async () =>
          db.execute(sql`update opportunities set status = (case when status = 'open' then 'lost' else 'open' end)::opportunity_status,
            closed_at = case when status = 'open' then created_at end where id = ${rng.pick([0, ...(await ids("opportunities"))])}`),
      ],
      ["a deal moved", async () => db.execute(sql`update opportunities set account_id = ${await anAccount()} where id = ${rng.pick([0, ...(await ids("opportunities"))])}`)],
      ["every deal of an account moved", async () => db.execute(sql`update opportunities set account_id = ${await anAccount()} where account_id = ${await anAccount()}`)],
      ["a deal deleted", async () => db.execute(sql`delete from opportunities where id = ${rng.pick([0, ...(await ids("opportunities"))])}`)],
      ["an account deleted", async () => db.execute(sql`delete from accounts where id = ${await anAccount()} and (select count(*) from accounts) > 3`)],
    ];
    for (let step = 1; step <= 300; step++) {
      const [name, op] = rng.pick(ops);
      await op();
      await expectInStep(db, `write ${step} (${name})`);
    }
    await db.execute(sql`truncate scores`);
    await expectInStep(db, "truncating the scores");
    await db.execute(sql`truncate opportunities cascade`);
    await expectInStep(db, "truncating the deals");
  }, 240_000);

  it("equal a recomputation after an import is committed, re-imported and rolled back", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pa-rollups-"));
    try {
      const file = path.join(dir, "opportunities.csv");
      fs.writeFileSync(file, generateOpportunityExport(400, 7).csv);
      const commit = async () => {
        const id = await prepareImport(db, { ...(await copyUpload(db, file)), name: "opportunities.csv" }, { createdBy: null });
        expect((await runImport(db, id, "dry_run")).status).toBe("validated");
        const outcome = await runImport(db, id, "commit");
        expect(outcome.status).toBe("completed");
        return id;
      };
      const first = await commit();
      const [withDeals] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from account_rollups where open_deals > 0`);
      expect(withDeals!.n).toBeGreaterThan(5);
      await expectInStep(db, "the import");
      await commit();
      await expectInStep(db, "the re-import");
      await rollbackImport(db, first, null);
      await expectInStep(db, "the rollback");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("stay in step when transactions write one account at once", async () => {
    const [account] = await queryRows<{ id: number }>(db, sql`select id from accounts order by id limit 1`);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction(async (tx) => {
          await tx.execute(sql`insert into scores (account_id, fit, intent, engagement, readiness, computed_at) values (${account!.id}, 50, ${i * 7}, 1, 1, ${new Date(now.getTime() + i * 1000).toISOString()}::timestamptz)`);
          await tx.execute(sql`insert into opportunities (name, account_id, amount, stage_id, status, created_at) values (${`Race ${i}`}, ${account!.id}, 1000, 1, 'open', now())`);
          await tx.execute(sql`insert into contacts (name, account_id, buying_group_role, status) values (${`Racer ${i}`}, ${account!.id}, ${buyingGroupRoles[i % buyingGroupRoles.length]!}, 'active')`);
        }),
      ),
    );
    const [row] = await queryRows<{ intent: number; active: number }>(db, sql`select intent::float8 as intent, active::int as active from account_rollups where account_id = ${account!.id}`);
    expect(row).toEqual({ intent: 77, active: buyingGroupRoles.length });
    await expectInStep(db, "concurrent writes");
  }, 60_000);

  it("equal a recomputation after signals are ingested", async () => {
    forgetIngestContext();
    const context = await ingestContext(db);
    for (let i = 0; i < 6; i++) {
      await ingestSignal(
        db,
        {
          type: "pricing_page_depth",
          occurredAt: new Date(now.getTime() - i * 3_600_000),
          account: { domain: `signal${i % 2}.com` },
          contact: i % 3 === 0 ? { email: `kim${i}@signal${i % 2}.com` } : null,
          properties: {},
          idempotencyKey: null,
        },
        context,
        { now },
      );
    }
    const [scored] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from account_rollups r join accounts a on a.id = r.account_id where a.domain like 'signal%' and r.intent > 0`);
    expect(scored!.n).toBe(2);
    await expectInStep(db, "the signals");
  }, 60_000);
});
