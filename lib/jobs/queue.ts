/**
 * Background work as jobs in the database (pg-boss, in its own schema `pgboss`, which it creates and
 * migrates itself): any instance may enqueue, a worker on any instance runs the job, a failed run is
 * retried with back-off, and a job whose instance died is handed to another within a minute.
 *
 * One queue client per process, kept on globalThis and started with the server (instrumentation.ts)
 * or a command that runs jobs (the CLI's import). On PostgreSQL pg-boss has its own small pool; on
 * PGlite it sends its SQL through the same embedded client (pglite-executor.ts).
 *
 * Liveness: pg-boss 10 expires an active job only after its fixed `expireIn`. A worker here keeps a
 * lease instead: it moves the job's expiry LEASE_SECONDS ahead every LEASE_REFRESH_MS while the
 * handler runs, so a job of a dead instance expires LEASE_SECONDS after its last sign of life, the
 * next maintenance (every MAINTENANCE_SECONDS, on one instance at a time) puts it back for a retry,
 * and any worker picks it up. An attempt completes or fails its job only while it still holds it,
 * so a worker that lost its lease cannot end the attempt that replaced it. PGlite has one process
 * per folder and a commit there holds the only connection (no lease could be written meanwhile): no
 * lease; instead, at start-up every job still marked active is known dead and put back for a retry.
 */
import PgBoss from "pg-boss";
import type { z } from "zod";
import { beforeDatabaseCloses, type DatabaseHandle } from "@/db/index";
import { withStartupLock } from "@/db/migrate";
import { QUEUE_SCHEMA, activeJobs, completeHeldJob, extendJobLease, holdsJob, listQueuedJobs, type JobAttempt, type QueuedJob } from "@/db/queries/jobs";
import { ValidationError } from "@/lib/errors";
import { JobInterruptedError } from "@/lib/errors";
import { pgliteExecutor } from "./pglite-executor";


/** How long a job stays a worker's without a sign of life. */
export const LEASE_SECONDS = 30;
export const LEASE_REFRESH_MS = 10_000;
/** How often expired jobs are put back for a retry (by one instance at a time). */
export const MAINTENANCE_SECONDS = 15;
/** How often an idle worker asks for a job (an enqueue on the same instance wakes it at once). */
export const POLL_MS = 2_000;

export interface JobContext {
  /** The queued job's id, the same on every attempt. */
  id: string;
  /** 0 on the first run, 1 on the first retry, … */
  attempt: number;
  /** Aborted when the server stops, the run takes longer than allowed, or the job is no longer this attempt's. */
  signal: AbortSignal;
  /** The database the queue runs on (the process's own). */
  database: DatabaseHandle;
}

export interface JobDefinition<T> {
  /** The queue's name: letters, digits, `-`, `_`, `.`, `/`. */
  name: string;
  /** The job's data, checked when it is enqueued and again when it runs. */
  data: z.ZodType<T>;
  /** Runs one job; what it returns is kept as the job's output. Throwing fails the attempt (retried while retries remain). */
  handler: (data: T, job: JobContext) => Promise<object | void>;
  /** Retries after a failed attempt (an attempt whose worker died counts as failed). */
  retryLimit: number;
  /** Seconds before the first retry; doubled for each further one when retryBackoff. */
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** The longest one attempt may run before it is stopped and counted as failed. */
  maxRunSeconds: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyJob = JobDefinition<any>;

export function defineJob<T>(definition: Pick<JobDefinition<T>, "name" | "data" | "handler"> & Partial<JobDefinition<T>>): JobDefinition<T> {
  return { retryLimit: 3, retryDelaySeconds: 10, retryBackoff: true, maxRunSeconds: 15 * 60, ...definition };
}


interface Runtime {
  boss: PgBoss;
  handle: DatabaseHandle;
  definitions: Map<string, AnyJob>;
  working: boolean;
  stopping: boolean;
  /** Aborted at shutdown: every running handler's signal follows it. */
  shutdown: AbortController;
  wakers: Map<string, () => void>;
  running: Set<Promise<void>>;
  loops: Promise<void>[];
  removeCloseHook: () => void;
}

const runtimeKey = Symbol.for("pipeline-accelerator.jobs");
type GlobalWithJobs = typeof globalThis & { [runtimeKey]?: Promise<Runtime> };

function bossOptions(handle: DatabaseHandle, work: boolean, maintenanceSeconds: number): PgBoss.ConstructorOptions {
  const common: PgBoss.ConstructorOptions = {
    schema: QUEUE_SCHEMA,
    migrate: true,
    supervise: work,
    schedule: work,
    maintenanceIntervalSeconds: maintenanceSeconds,
  };
  if (handle.config.driver === "postgres") {
    return { ...common, connectionString: handle.config.url, max: 3, application_name: "pipeline-accelerator jobs" };
  }
  if (!handle.pglite) throw new Error("The embedded database has no client for the job queue.");
  return { ...common, db: pgliteExecutor(handle.pglite) as PgBoss.Db };
}

const queueOptions = (d: AnyJob): PgBoss.Queue => ({
  name: d.name,
  policy: "standard",
  retryLimit: d.retryLimit,
  retryDelay: d.retryDelaySeconds,
  retryBackoff: d.retryBackoff,
  expireInSeconds: d.maxRunSeconds,
});

/**
 * Starts this process's queue client once: creates or updates the queues of `definitions` and, with
 * `work`, runs a worker for each (one job at a time per queue) plus the maintenance and schedules.
 */
export function startJobs(
  handle: DatabaseHandle,
  definitions: readonly AnyJob[],
  { work = true, maintenanceSeconds = MAINTENANCE_SECONDS }: { work?: boolean; maintenanceSeconds?: number } = {},
): Promise<Runtime> {
  const g = globalThis as GlobalWithJobs;
  g[runtimeKey] ??= (async () => {
    const boss = new PgBoss(bossOptions(handle, work, maintenanceSeconds));
    boss.on("error", (error) => console.error("Job queue:", error instanceof Error ? error.message : error));
    // Instances starting together would deadlock creating the same queues (each a partition of pg-boss's table): they take turns.
    await withStartupLock(handle, async () => {
      await boss.start();
      for (const d of definitions) {
        await boss.createQueue(d.name, queueOptions(d));
        await boss.updateQueue(d.name, queueOptions(d));
      }
    });
    const runtime: Runtime = {
      boss,
      handle,
      definitions: new Map(definitions.map((d) => [d.name, d])),
      working: work,
      stopping: false,
      shutdown: new AbortController(),
      wakers: new Map(),
      running: new Set(),
      loops: [],
      removeCloseHook: () => {},
    };
    runtime.removeCloseHook = beforeDatabaseCloses(() => stopJobs());
    if (work) {
      if (handle.driver === "pglite") {
        // The folder lock proves no other process runs anything: a job still marked active died with the last one.
        for (const { queue, id } of await activeJobs(handle.db)) {
          await boss.fail(queue, id, { message: "The server stopped during this run; it runs again." });
        }
      }
      for (const d of definitions) runtime.loops.push(workLoop(runtime, d));
    }
    return runtime;
  })();
  const started = g[runtimeKey];
  started.catch(() => {
    if (g[runtimeKey] === started) g[runtimeKey] = undefined;
  });
  return started;
}

function runtime(): Promise<Runtime> {
  const started = (globalThis as GlobalWithJobs)[runtimeKey];
  if (!started) throw new Error("The job queue is not started in this process (startJobs).");
  return started;
}

export function jobsStarted(): boolean {
  return !!(globalThis as GlobalWithJobs)[runtimeKey];
}

/**
 * Stops the workers: a running job gets `graceMs` to end, then its signal is aborted and it is put
 * back in the queue for a retry (on this or another instance); then the queue client stops.
 */
export async function stopJobs({ graceMs = 3_000, timeoutMs = 4_000 }: { graceMs?: number; timeoutMs?: number } = {}): Promise<void> {
  const g = globalThis as GlobalWithJobs;
  const started = g[runtimeKey];
  if (!started) return;
  g[runtimeKey] = undefined;
  const rt = await started.catch(() => null);
  if (!rt) return;
  rt.removeCloseHook();
  rt.stopping = true;
  for (const wake of rt.wakers.values()) wake();
  const settled = () => Promise.allSettled([...rt.running, ...rt.loops]);
  const waited = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
  await Promise.race([settled(), waited(graceMs)]);
  rt.shutdown.abort(new JobInterruptedError("The server stopped during this run; it runs again."));
  await Promise.race([settled(), waited(timeoutMs)]);
  await rt.boss.stop({ graceful: false, close: true, wait: true }).catch((error) => console.error("Stopping the job queue failed:", error));
}

async function workLoop(rt: Runtime, d: AnyJob): Promise<void> {
  while (!rt.stopping) {
    let job: PgBoss.JobWithMetadata<unknown> | undefined;
    try {
      [job] = await rt.boss.fetch<unknown>(d.name, { includeMetadata: true, batchSize: 1 });
    } catch (error) {
      if (!rt.stopping) console.error(`Job queue ${d.name}: fetching failed:`, error instanceof Error ? error.message : error);
    }
    if (rt.stopping) {
      // Fetched as the server stops: back to the queue, for another instance or the next start.
      if (job) await rt.boss.fail(d.name, job.id, { message: "The server stopped before this run began; it runs again." }).catch(() => {});
      return;
    }
    if (!job) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, POLL_MS);
        function done() {
          clearTimeout(timer);
          rt.wakers.delete(d.name);
          resolve();
        }
        rt.wakers.set(d.name, done);
      });
      continue;
    }
    const run = runJob(rt, d, job);
    rt.running.add(run);
    await run;
    rt.running.delete(run);
  }
}

async function runJob(rt: Runtime, d: AnyJob, job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
  const db = rt.handle.db;
  const held: JobAttempt = { queue: d.name, id: job.id, attempt: job.retryCount };
  const controller = new AbortController();
  const onShutdown = () => controller.abort(rt.shutdown.signal.reason);
  rt.shutdown.signal.addEventListener("abort", onShutdown, { once: true });
  const limit = setTimeout(() => controller.abort(new JobInterruptedError(`The run took longer than ${d.maxRunSeconds} s and was stopped.`)), d.maxRunSeconds * 1000);
  limit.unref();
  const leased = rt.handle.driver === "postgres";
  let lease: NodeJS.Timeout | undefined;
  let pendingLease: Promise<unknown> | null = null;
  const lost = () => controller.abort(new JobInterruptedError("Another worker took this job over; this run stopped."));
  try {
    if (leased) {
      if (!(await extendJobLease(db, held, LEASE_SECONDS))) return lost();
      lease = setInterval(() => {
        if (pendingLease) return;
        pendingLease = extendJobLease(db, held, LEASE_SECONDS)
          .then((ours) => (ours ? undefined : lost()))
          .catch((error) => console.error(`Job ${d.name} ${job.id}: its lease could not be extended:`, error instanceof Error ? error.message : error))
          .finally(() => (pendingLease = null));
      }, LEASE_REFRESH_MS);
      lease.unref();
    }
    let output: object | void;
    try {
      const data = d.data.parse(job.data);
      output = await d.handler(data, { id: job.id, attempt: job.retryCount, signal: controller.signal, database: rt.handle });
    } catch (error) {
      clearInterval(lease);
      await pendingLease;
      const reason = error instanceof Error ? error : new Error(String(error));
      if (!(error instanceof JobInterruptedError)) console.error(`Job ${d.name} ${job.id} (attempt ${job.retryCount + 1}) failed:`, error);
      if (await holdsJob(db, held)) await rt.boss.fail(d.name, job.id, { name: reason.name, message: reason.message });
      return;
    }
    clearInterval(lease);
    await pendingLease;
    await completeHeldJob(db, held, output ?? {});
  } catch (error) {
    console.error(`Job ${d.name} ${job.id}: its end could not be recorded:`, error);
  } finally {
    clearTimeout(limit);
    clearInterval(lease);
    rt.shutdown.signal.removeEventListener("abort", onShutdown);
  }
}

export interface EnqueueOptions {
  /** The job's id (a UUID), when the caller records it before the job exists. */
  id?: string;
  /** Not before this time. */
  startAfter?: Date;
}

/** Queues a job; returns its id. The data is checked against the job's schema first. */
export async function enqueue<T>(definition: JobDefinition<T>, data: T, options: EnqueueOptions = {}): Promise<string> {
  const parsed = definition.data.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ValidationError(`${definition.name}: ${issue.path.join(".") || "data"}: ${issue.message}`, issue.path.join(".") || "data");
  }
  const rt = await runtime();
  const id = await rt.boss.send(definition.name, parsed.data as object, {
    ...(options.id ? { id: options.id } : {}),
    ...(options.startAfter ? { startAfter: options.startAfter } : {}),
  });
  if (!id) throw new Error(`The job could not be queued on ${definition.name}.`);
  rt.wakers.get(definition.name)?.();
  return id;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the job on a cron schedule ("m h dom mon dow") in a time zone, with the same data each time;
 * one schedule per job (scheduling again replaces it). Refuses a bad cron or zone naming the field.
 */
export async function schedule<T>(definition: JobDefinition<T>, cron: string, { tz }: { tz: string }, data: T): Promise<void> {
  if (!isTimeZone(tz)) throw new ValidationError(`"${tz}" is not a time zone; use a name such as Europe/Paris or UTC.`, "tz");
  const parsed = definition.data.safeParse(data);
  if (!parsed.success) throw new ValidationError(`${definition.name}: ${parsed.error.issues[0]!.message}`, "data");
  const rt = await runtime();
  try {
    await rt.boss.schedule(definition.name, cron, parsed.data as object, { tz });
  } catch (error) {
    if (/cron|expression|invalid|validation error|constraint|alias/i.test(error instanceof Error ? error.message : "")) {
      throw new ValidationError(`"${cron}" is not a schedule; write it as minute hour day-of-month month day-of-week, e.g. 0 6 * * 1.`, "cron");
    }
    throw error;
  }
}

export async function unschedule(definition: Pick<AnyJob, "name">): Promise<void> {
  await (await runtime()).boss.unschedule(definition.name);
}

export async function listSchedules(): Promise<{ name: string; cron: string; tz: string | null; data: unknown }[]> {
  const schedules = await (await runtime()).boss.getSchedules();
  return schedules.map((s) => ({ name: s.name, cron: s.cron, tz: (s.options?.tz as string | undefined) ?? null, data: s.data ?? null }));
}

export interface JobSummary {
  id: string;
  queue: string;
  state: QueuedJob["state"];
  data: unknown;
  output: unknown;
  /** The error of a failed (or to-be-retried) attempt. */
  error: string | null;
  attempt: number;
  retryLimit: number;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}

/** The most recent jobs of a queue, newest first: state, times, output or error. */
export async function listJobs(queue: string, { limit = 50 }: { limit?: number } = {}): Promise<JobSummary[]> {
  const rt = await runtime();
  const jobs = await listQueuedJobs(rt.handle.db, queue, limit);
  return jobs.map(({ startAfter: _startAfter, ...j }) => {
    const out = j.output as { message?: unknown; value?: { message?: unknown } } | null;
    const failedMessage = out?.message ?? out?.value?.message;
    return { ...j, error: (j.state === "failed" || j.state === "retry") && typeof failedMessage === "string" ? failedMessage : null };
  });
}
