import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";

/**
 * The queue's own tables (schema `pgboss`, created and migrated by pg-boss itself), read and fenced
 * here where pg-boss has no call for it: a lease that a live worker keeps extending, completion only
 * by the attempt that holds the job, and the recent jobs of a queue for the admin.
 */
export const QUEUE_SCHEMA = "pgboss";

const job = sql.raw(`${QUEUE_SCHEMA}.job`);
const archive = sql.raw(`${QUEUE_SCHEMA}.archive`);

/** The attempt of a job a worker holds: pg-boss counts a retry when it hands the job out again. */
export interface JobAttempt {
  queue: string;
  id: string;
  attempt: number;
}

const held = (a: JobAttempt) => sql`name = ${a.queue} and id = ${a.id}::uuid and state = 'active' and retry_count = ${a.attempt}`;

/**
 * Moves the job's expiry to `seconds` from now, while this attempt holds it. False when it no
 * longer does (expired and handed to another worker, or ended): the attempt must stop.
 */
export async function extendJobLease(db: Database, attempt: JobAttempt, seconds: number): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update ${job} set expire_in = (now() - started_on) + make_interval(secs => ${seconds}) where ${held(attempt)} returning id`,
  );
  return rows.length > 0;
}

/** True while this attempt still holds the job. */
export async function holdsJob(db: Database, attempt: JobAttempt): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(db, sql`select id from ${job} where ${held(attempt)}`);
  return rows.length > 0;
}

/** Completes the job with its output, only if this attempt still holds it. */
export async function completeHeldJob(db: Database, attempt: JobAttempt, output: object): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update ${job} set state = 'completed', completed_on = now(), output = ${JSON.stringify(output)}::jsonb where ${held(attempt)} returning id`,
  );
  return rows.length > 0;
}

/** Every job marked active: at start-up on the embedded database, all of them lost their process. */
export async function activeJobs(db: Database): Promise<{ queue: string; id: string }[]> {
  return queryRows<{ queue: string; id: string }>(db, sql`select name as queue, id::text as id from ${job} where state = 'active'`);
}

export type QueuedJobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

export interface QueuedJob {
  id: string;
  queue: string;
  state: QueuedJobState;
  data: unknown;
  /** What the handler returned, or the error it failed with ({ message, … }). */
  output: unknown;
  /** 0 for the first run, then one more for each retry. */
  attempt: number;
  retryLimit: number;
  createdAt: Date;
  startAfter: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}

/** The most recent jobs of a queue, newest first, from the live table and the archive. */
export async function listQueuedJobs(db: Database, queue: string, limit = 50): Promise<QueuedJob[]> {
  const columns = sql`id::text as id, name as queue, state::text as state, data, output, retry_count as attempt, retry_limit as "retryLimit",
    created_on as "createdAt", start_after as "startAfter", started_on as "startedAt", completed_on as "completedAt"`;
  const rows = await queryRows<QueuedJob>(
    db,
    sql`select * from (
          select ${columns} from ${job} where name = ${queue}
          union all select ${columns} from ${archive} where name = ${queue}
        ) j order by "createdAt" desc, id limit ${limit}`,
  );
  const at = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(v as string));
  return rows.map((r) => ({
    ...r,
    attempt: Number(r.attempt),
    retryLimit: Number(r.retryLimit),
    createdAt: at(r.createdAt)!,
    startAfter: at(r.startAfter)!,
    startedAt: at(r.startedAt),
    completedAt: at(r.completedAt),
  }));
}
