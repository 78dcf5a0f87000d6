/**
 * The live feed misses nothing: a signal whose transaction commits after a signal with a higher id
 * was read still reaches the feed (two connections on PostgreSQL), and everything stored between two
 * polls comes back, a page at a time. On PGlite, one connection serves one statement at a time: the
 * feed's read waits for the open transaction, so it cannot read around it.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database, type DatabaseOrTransaction } from "@/db/index";
import { signals } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import type { FeedCursor } from "@/lib/signals/feed-cursor";
import { signalFeed, signalFeedSince } from "./signals";

const newSignal = (db: DatabaseOrTransaction) =>
  db
    .insert(signals)
    .values({ type: "demo_request", tier: "high", occurredAt: new Date() })
    .returning({ id: signals.id })
    .then(([row]) => row!.id);

/**
 * A transaction that stores a signal and commits (or rolls back) only when told; `txid` is its
 * transaction id as the feed's cursor names it.
 */
function heldTransaction(db: Database) {
  let release!: (commit: boolean) => void;
  const decided = new Promise<boolean>((resolve) => (release = resolve));
  let stored!: (id: number) => void;
  const id = new Promise<number>((resolve) => (stored = resolve));
  let named!: (txid: string) => void;
  const txid = new Promise<string>((resolve) => (named = resolve));
  const done = db
    .transaction(async (tx) => {
      const [row] = await queryRows<{ txid: string }>(tx, sql`select pg_current_xact_id()::text as txid`);
      named(row!.txid);
      stored(await newSignal(tx));
      if (!(await decided)) tx.rollback();
    })
    .catch((error: Error) => {
      if (!/rollback/i.test(error.message)) throw error;
    });
  return { id, txid, commit: () => release(true), rollBack: () => release(false), done };
}

/** Every signal since the cursor, following `more`; the cursor to go on from. */
async function readAll(db: Database, cursor: FeedCursor, limit?: number) {
  const read: number[] = [];
  let pages = 0;
  for (let more = true; more; pages++) {
    const page = await signalFeedSince(db, { cursor, limit });
    read.push(...page.signals.map((s) => s.id));
    ({ cursor, more } = page);
  }
  return { read, cursor, pages };
}

describe.each(testDrivers())("the live feed on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
  });
  afterAll(() => t.drop());

  it("returns every signal stored between two polls, a page at a time, each once", async () => {
    const { cursor } = await signalFeed(db);
    const stored: number[] = [];
    for (let i = 0; i < 120; i++) stored.push(await newSignal(db));
    const { read, cursor: next, pages } = await readAll(db, cursor);
    expect(read).toEqual(stored);
    expect(pages).toBe(3);
    expect((await signalFeedSince(db, { cursor: next })).signals).toEqual([]);
  });

  if (driver === "postgres") {
    it("reads a signal committed after a higher id was read, once it commits, and forgets a rolled-back one", async () => {
      const other = t.another().db;
      const { cursor } = await signalFeed(db);
      const late = heldTransaction(other);
      const lateId = await late.id;
      const early = await newSignal(db);
      expect(lateId).toBeLessThan(early);

      // The feed reads the higher id while the lower one is not committed yet: paging by id would skip it now.
      // (The server's other databases may have transactions in flight too: the cursor names those as well.)
      const first = await signalFeedSince(db, { cursor });
      expect(first.signals.map((s) => s.id)).toEqual([early]);
      expect(first.cursor.inFlight).toContain(await late.txid);

      late.commit();
      await late.done;
      const second = await signalFeedSince(db, { cursor: first.cursor });
      expect(second.signals.map((s) => s.id)).toEqual([lateId]);
      expect(second.cursor.inFlight).not.toContain(await late.txid);
      expect((await signalFeedSince(db, { cursor: second.cursor })).signals).toEqual([]);

      const aborted = heldTransaction(other);
      await aborted.id;
      const committed = await newSignal(db);
      const third = await signalFeedSince(db, { cursor: second.cursor });
      expect(third.signals.map((s) => s.id)).toEqual([committed]);
      expect(third.cursor.inFlight).toContain(await aborted.txid);
      aborted.rollBack();
      await aborted.done;
      const fourth = await signalFeedSince(db, { cursor: third.cursor });
      expect(fourth.signals).toEqual([]);
      expect(fourth.more).toBe(false);
      expect(fourth.cursor.inFlight).not.toContain(await aborted.txid);
    });
  } else {
    it("cannot read around an open transaction: the read waits for its commit and sees its signal", async () => {
      const { cursor } = await signalFeed(db);
      const late = heldTransaction(db);
      const lateId = await late.id;
      let answered = false;
      const reading = signalFeedSince(db, { cursor }).then((page) => {
        answered = true;
        return page;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(answered).toBe(false);
      late.commit();
      await late.done;
      const page = await reading;
      expect(page.signals.map((s) => s.id)).toEqual([lateId]);
      expect(page.cursor.inFlight).toEqual([]);
    });
  }
});
