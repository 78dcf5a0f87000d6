/**
 * The job queue on PGlite (through the executor adapter) and on PostgreSQL (its own pool): jobs
 * run with their output kept, a failing job is retried with back-off and then shown failed, bad
 * data and bad schedules are refused naming the field, a job whose worker died is run again (by
 * lease expiry on PostgreSQL, at start-up on PGlite), a stale attempt cannot end its successor's,
 * and stopping the server hands a running job back to the queue.
 */
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { PGlite } from "@electric-sql/pglite";
import { queryRows } from "@/db/index";
import { completeHeldJob, extendJobLease } from "@/db/queries/jobs";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { ValidationError } from "@/lib/errors";
import { pgliteExecutor } from "./pglite-executor";
import { defineJob, enqueue, listJobs, listSchedules, schedule, startJobs, stopJobs, unschedule, type JobContext } from "./queue";

const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> => {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe("the PGlite executor", () => {
  it("runs several statements without parameters (giving the last rows) and one with parameters", async () => {
    const client = new PGlite();
    try {
      const { executeSql } = pgliteExecutor(client);
      expect((await executeSql("create table t (n int); insert into t values (1), (2); select sum(n)::int as s from t; ")).rows).toEqual([{ s: 3 }]);
      expect((await executeSql("BEGIN; insert into t values (4); COMMIT;")).rows).toEqual([]);
      expect((await executeSql("select n from t where n > $1 order by n", [1])).rows).toEqual([{ n: 2 }, { n: 4 }]);
    } finally {
      await client.close();
    }
  });
});

describe.each(testDrivers())("the job queue on %s", (driver) => {
  let t: TestDatabase;
  const calls: { n: number; attempt: number }[] = [];
  let block: ((ctx: JobContext) => Promise<void>) | null = null;

  const echo = defineJob({
    name: "test-echo",
    data: z.object({ n: z.number().int() }),
    retryLimit: 2,
    retryDelaySeconds: 1,
    retryBackoff: true,
    async handler({ n }, job) {
      calls.push({ n, attempt: job.attempt });
      if (block) await block(job);
      if (n < 0) throw new Error(`negative ${n}`);
      return { doubled: n * 2 };
    },
  });

  beforeAll(async () => {
    t = await createTestDatabase(driver, { reference: false });
  });
  afterEach(async () => {
    block = null;
    await stopJobs({ graceMs: 100, timeoutMs: 2_000 });
  });
  afterAll(async () => {
    await t.drop();
  });

  const jobOf = async (id: string) => (await listJobs(echo.name, { limit: 100 })).find((j) => j.id === id)!;

  it("runs a job on a worker and keeps its state, times and output", async () => {
    await startJobs(t.handle, [echo]);
    const id = await enqueue(echo, { n: 21 });
    const job = await until(() => jobOf(id), (j) => j.state === "completed");
    expect(job).toMatchObject({ queue: "test-echo", state: "completed", output: { doubled: 42 }, error: null, attempt: 0, data: { n: 21 } });
    expect(job.startedAt!.getTime()).toBeGreaterThanOrEqual(job.createdAt.getTime());
    expect(job.completedAt!.getTime()).toBeGreaterThanOrEqual(job.startedAt!.getTime());
  });

  it("retries a failing job with back-off, then shows it failed with its error", async () => {
    await startJobs(t.handle, [echo]);
    const started = Date.now();
    const id = await enqueue(echo, { n: -3 });
    const job = await until(() => jobOf(id), (j) => j.state === "failed");
    expect(job).toMatchObject({ state: "failed", attempt: 2, retryLimit: 2, error: "negative -3" });
    expect(calls.filter((c) => c.n === -3).map((c) => c.attempt)).toEqual([0, 1, 2]);
    // Delays of 1 s, then 2 s (back-off).
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
  });

  it("refuses data that does not fit the job, and a bad schedule, naming the field", async () => {
    await startJobs(t.handle, [echo], { work: false });
    await expect(enqueue(echo, { n: 1.5 })).rejects.toMatchObject({ field: "n" });
    await expect(enqueue(echo, { n: 1.5 })).rejects.toBeInstanceOf(ValidationError);
    await expect(schedule(echo, "0 6 * * 1", { tz: "Mars/Olympus" }, { n: 1 })).rejects.toMatchObject({ field: "tz" });
    await expect(schedule(echo, "every monday", { tz: "Europe/Paris" }, { n: 1 })).rejects.toMatchObject({ field: "cron" });
    await schedule(echo, "0 6 * * 1", { tz: "Europe/Paris" }, { n: 7 });
    expect(await listSchedules()).toEqual([{ name: "test-echo", cron: "0 6 * * 1", tz: "Europe/Paris", data: { n: 7 } }]);
    await unschedule(echo);
    expect(await listSchedules()).toEqual([]);
  });

  it("runs again a job whose worker died while running it, and the dead attempt cannot end it", async () => {
    await startJobs(t.handle, [echo], { work: false });
    const id = await enqueue(echo, { n: 5 });
    // What a worker that died had done: taken the job (active, attempt 0), then gone silent.
    await t.handle.db.execute(sql`update pgboss.job set state = 'active', started_on = now() where id = ${id}::uuid`);
    await stopJobs();
    const dead = { queue: echo.name, id, attempt: 0 };
    if (driver === "postgres") {
      // Its lease ran out a second after its last sign of life; the next maintenance puts it back.
      expect(await extendJobLease(t.handle.db, dead, 1)).toBe(true);
      await startJobs(t.handle, [echo], { maintenanceSeconds: 2 });
    } else {
      // PGlite: one process per folder, so at start-up every active job is known dead.
      await startJobs(t.handle, [echo]);
    }
    const job = await until(() => jobOf(id), (j) => j.state === "completed");
    expect(job).toMatchObject({ attempt: 1, output: { doubled: 10 } });
    expect(calls.filter((c) => c.n === 5).map((c) => c.attempt)).toEqual([1]);
    // The dead attempt, were it to wake up, could neither extend nor complete the job.
    expect(await extendJobLease(t.handle.db, dead, 30)).toBe(false);
    expect(await completeHeldJob(t.handle.db, dead, { stale: true })).toBe(false);
    expect((await jobOf(id)).output).toEqual({ doubled: 10 });
  });

  if (driver === "postgres")
    it("keeps extending the lease of a live job, so a long run is not taken for dead", async () => {
      await startJobs(t.handle, [echo], { maintenanceSeconds: 1 });
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let running!: (id: string) => void;
      const started = new Promise<string>((r) => (running = r));
      block = async (ctx) => {
        running(ctx.id);
        await released;
      };
      const id = await enqueue(echo, { n: 8 });
      await started;
      const lease = async () =>
        (await queryRows<{ left: number }>(t.handle.db, sql`select extract(epoch from (started_on + expire_in) - now())::float8 as left from pgboss.job where id = ${id}::uuid`))[0]!.left;
      // Expiry about LEASE_SECONDS ahead, not the job's six-hour limit; maintenance runs meanwhile and leaves it.
      expect(await lease()).toBeLessThanOrEqual(31);
      expect(await lease()).toBeGreaterThan(20);
      await new Promise((r) => setTimeout(r, 2_500));
      expect((await jobOf(id)).state).toBe("active");
      release();
      expect(await until(() => jobOf(id), (j) => j.state === "completed")).toMatchObject({ attempt: 0 });
    });

  it("hands a running job back to the queue when the server stops, and runs it again on the next start", async () => {
    await startJobs(t.handle, [echo]);
    let running!: (id: string) => void;
    const started = new Promise<string>((r) => (running = r));
    block = (ctx) =>
      new Promise<void>((_resolve, reject) => {
        running(ctx.id);
        ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason));
      });
    const id = await enqueue(echo, { n: 9 });
    await started;
    await stopJobs({ graceMs: 100 });
    block = null;
    await startJobs(t.handle, [echo], { work: false });
    expect(await jobOf(id)).toMatchObject({ state: "retry", error: expect.stringMatching(/server stopped/) });
    await stopJobs();
    await startJobs(t.handle, [echo]);
    expect(await until(() => jobOf(id), (j) => j.state === "completed")).toMatchObject({ attempt: 1, output: { doubled: 18 } });
  });
});
