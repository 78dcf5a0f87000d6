/**
 * The engagement recompute as a queued job: a database never recomputed (just upgraded) gets one
 * run at start-up, which marks it done; later start-ups queue nothing more (the daily schedule goes on).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/index";
import { accounts, contacts, touchpoints } from "@/db/schema";
import { engagementBackfillDone } from "@/db/queries/engagement";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { startJobs, stopJobs } from "@/lib/jobs/queue";
import { engagementRecomputeJob, enqueueFirstEngagementRun } from "./engagement";

const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> => {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe.each(testDrivers())("engagement recompute job on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    // Data from before the rule: a touch two days ago, and the contact has neither a last touch nor a level.
    const [acme] = await db.insert(accounts).values({ name: "Acme" }).returning();
    const [ana] = await db.insert(contacts).values({ accountId: acme!.id, name: "Ana" }).returning();
    await db.insert(touchpoints).values({ accountId: acme!.id, contactId: ana!.id, channel: "email", type: "email_click", occurredAt: new Date(Date.now() - 2 * 86_400_000) });
  });
  afterAll(async () => {
    await stopJobs({ graceMs: 100, timeoutMs: 2_000 });
    await t.drop();
  });

  it("runs once on a database never recomputed, then marks it done", async () => {
    const db = t.handle.db;
    await startJobs(t.handle, [engagementRecomputeJob]);
    expect(await engagementBackfillDone(db)).toBe(false);
    expect(await enqueueFirstEngagementRun(db)).toBe(true);
    await until(() => engagementBackfillDone(db), (done) => done);
    const [ana] = await queryRows<{ level: string; touched: boolean }>(db, sql`select engagement_level as level, last_touch_at is not null as touched from contacts`);
    expect(ana).toEqual({ level: "low", touched: true });
    expect(await enqueueFirstEngagementRun(db)).toBe(false);
  });
});
