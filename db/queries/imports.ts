import "server-only";
import { recordRollbackChanges } from "./opportunity-changes";
import crypto from "node:crypto";
import os from "node:os";
import { and, desc, eq, inArray, not, sql } from "drizzle-orm";
import { queryRows, type Database, type DatabaseOrTransaction } from "@/db/index";
import { accounts, contacts, importJobs, importMappings, importUploads, opportunities, users, type ImportJob, type ImportMapping } from "@/db/schema";
import { storableText } from "@/db/storable";
import { ImportJobLostError } from "@/lib/errors";
import type { ImportEntity } from "@/lib/import/formats";
import type { MatchSummary } from "@/lib/import/match-keys";
import type { RowError } from "@/lib/import/rows";
import { ConflictError, ImportRunningError, NotFoundError } from "@/lib/errors";
import { touchContacts } from "./engagement";
import type { InferredStageCounts } from "@/lib/metrics/lead-stages";

/** The statuses in which an import's settings may change and a run may start. */
const startable = { dry_run: ["uploaded", "validated", "failed"], commit: ["validated"] } as const;

// ── Workers ─────────────────────────────────────────────────────────────────────────────────────
//
// A run is a job on the queue (lib/import/job.ts): starting one claims the import (running, with
// the queued job's id) and queues it; the worker that picks the job up, on any instance, takes the
// import over (records itself as its worker) and refreshes its heartbeat with the progress as it
// goes. The worker id fences the run: a run whose import was taken over (its worker was thought
// dead and the queue handed the job to another) writes nothing more, and a commit marks its import
// completed only while it is still the worker. A running import whose heartbeat is older than
// STALE_AFTER_SECONDS lost its worker and every retry of it: it is marked failed when found, so it
// does not block the imports after it. A process never marks a job it is running itself: a commit
// on PGlite holds the only connection, so its heartbeat cannot be seen until the commit ends.

/** How often a run writes its progress (its heartbeat). */
export const HEARTBEAT_MS = 1_000;
/**
 * A running job whose heartbeat is older than this lost its worker, and the queue did not hand it to
 * another (which it does within a minute; see lib/jobs/queue.ts).
 */
export const STALE_AFTER_SECONDS = 120;

const workerKey = Symbol.for("pipeline-accelerator.import-worker");
const worker = ((globalThis as { [workerKey]?: { id: string; running: Set<number> } })[workerKey] ??= {
  id: `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`,
  running: new Set(),
});

/** This server process, as recorded on the jobs it runs. */
export function importWorkerId(): string {
  return worker.id;
}

/** Declares that this process runs the job until the returned function is called. */
export function holdImportJob(id: number): () => void {
  worker.running.add(id);
  return () => worker.running.delete(id);
}

/** The job is running, and by this process. */
const ownedHere = (id: number) => and(eq(importJobs.id, id), eq(importJobs.running, true), eq(importJobs.worker, worker.id));

/**
 * Marks failed the running jobs whose worker gave no sign of life for STALE_AFTER_SECONDS (their
 * transaction, if any, ended with the worker: nothing of them was written). Returns their ids.
 */
export async function failStaleImports(db: Database): Promise<number[]> {
  const mine = [...worker.running];
  const rows = await db
    .update(importJobs)
    .set({
      running: false,
      status: "failed",
      finishedAt: new Date(),
      message: sql`'The server running this import' || coalesce(' (' || ${importJobs.worker} || ')', '') || ' stopped during the run; nothing was written. Run it again.'`,
    })
    .where(
      and(
        eq(importJobs.running, true),
        sql`coalesce(${importJobs.heartbeatAt}, ${importJobs.startedAt}) < now() - make_interval(secs => ${STALE_AFTER_SECONDS})`,
        mine.length ? not(and(eq(importJobs.worker, worker.id), inArray(importJobs.id, mine))!) : undefined,
      ),
    )
    .returning({ id: importJobs.id });
  return rows.map((r) => r.id);
}

/**
 * The worker's sign of life, with the progress so far (what the import page and the CLI show,
 * whichever instance they ask). False when the job is no longer this process's to run: it was
 * marked interrupted, or another worker took it over.
 */
export async function heartbeatImportJob(db: Database, id: number, progress: ImportCounts): Promise<boolean> {
  const rows = await db
    .update(importJobs)
    .set({
      heartbeatAt: sql`now()`,
      processedRows: progress.processedRows,
      createdRows: progress.createdRows,
      updatedRows: progress.updatedRows,
      unchangedRows: progress.unchangedRows,
      failedRows: progress.failedRows,
    })
    .where(ownedHere(id))
    .returning({ id: importJobs.id });
  return rows.length > 0;
}

export async function createImportJob(
  db: Database,
  job: Pick<ImportJob, "entity" | "format" | "fileName" | "fileBytes" | "uploadId" | "analysis" | "mapping" | "options" | "totalRows"> & { createdBy: number | null },
): Promise<number> {
  const [row] = await db.insert(importJobs).values(job).returning({ id: importJobs.id });
  return row!.id;
}

/** The job; a job whose worker died is marked failed when found (see failStaleImports). */
export async function getImportJob(db: Database, id: number): Promise<ImportJob> {
  await failStaleImports(db);
  return findImportJob(db, id);
}

export async function importJobExists(db: Database, id: number): Promise<boolean> {
  const [job] = await db.select({ id: importJobs.id }).from(importJobs).where(eq(importJobs.id, id));
  return job !== undefined;
}

/** The job as it is, writing nothing (to read it through a commit's own transaction). */
export async function findImportJob(db: Database, id: number): Promise<ImportJob> {
  const [job] = await db.select().from(importJobs).where(eq(importJobs.id, id));
  if (!job) throw new NotFoundError(`There is no import #${id}.`);
  return job;
}

export interface ImportHistoryEntry {
  id: number;
  entity: ImportEntity;
  format: string;
  fileName: string;
  fileBytes: number | null;
  status: ImportJob["status"];
  totalRows: number;
  createdRows: number;
  updatedRows: number;
  unchangedRows: number;
  failedRows: number;
  createdAt: Date;
  committedAt: Date | null;
  rolledBackAt: Date | null;
  createdByName: string | null;
  rolledBackByName: string | null;
}

export async function listImportJobs(db: Database, limit = 50): Promise<ImportHistoryEntry[]> {
  await failStaleImports(db);
  const rolledBackBy = sql<string | null>`(select name from users where id = ${importJobs.rolledBackBy})`;
  return db
    .select({
      id: importJobs.id,
      entity: importJobs.entity,
      format: importJobs.format,
      fileName: importJobs.fileName,
      fileBytes: importJobs.fileBytes,
      status: importJobs.status,
      totalRows: importJobs.totalRows,
      createdRows: importJobs.createdRows,
      updatedRows: importJobs.updatedRows,
      unchangedRows: importJobs.unchangedRows,
      failedRows: importJobs.failedRows,
      createdAt: importJobs.createdAt,
      committedAt: importJobs.committedAt,
      rolledBackAt: importJobs.rolledBackAt,
      createdByName: users.name,
      rolledBackByName: rolledBackBy,
    })
    .from(importJobs)
    .leftJoin(users, eq(users.id, importJobs.createdBy))
    .orderBy(desc(importJobs.id))
    .limit(limit) as Promise<ImportHistoryEntry[]>;
}

/** Stores the mapping and options the admin chose; refused while the import runs or after it was committed. */
export async function putImportSettings(db: Database, id: number, mapping: Record<string, string>, options: object): Promise<void> {
  await failStaleImports(db);
  const updated = await db
    .update(importJobs)
    .set({ mapping, options, status: "uploaded" })
    .where(and(eq(importJobs.id, id), eq(importJobs.running, false), inArray(importJobs.status, ["uploaded", "validated", "failed"])))
    .returning({ id: importJobs.id });
  if (updated.length === 0) {
    const job = await getImportJob(db, id);
    throw new ConflictError(job.running ? "This import is running; wait for it to finish." : `This import is ${job.status.replace("_", " ")}; its settings can no longer change.`);
  }
}

/** A run that starts (or starts again) has done nothing yet. */
const noProgress = { processedRows: 0, createdRows: 0, updatedRows: 0, unchangedRows: 0, failedRows: 0, message: null, matches: null };

/**
 * Marks an import as running a dry run or a commit. The database allows one running import at a
 * time, so two starts at once (two tabs, the app and the CLI) get one run and one clear refusal.
 * With `queueJobId` the run waits for that queued job's worker (takeOverImportJob); without, this
 * process runs it at once.
 */
export async function claimImportJob(
  db: Database,
  id: number,
  run: "dry_run" | "commit",
  { validOnly, queueJobId }: { validOnly?: boolean; queueJobId?: string } = {},
): Promise<ImportJob> {
  // Reading the job first marks failed any job whose worker died, so it refuses nothing.
  const job = await getImportJob(db, id);
  const allowed = startable[run] as readonly string[];
  if (!allowed.includes(job.status)) {
    throw new ConflictError(
      job.running
        ? "This import is already running."
        : run === "commit" && job.status === "uploaded"
          ? "Check the rows (dry run) before importing them."
          : `This import is ${job.status.replace("_", " ")}; it cannot run again.`,
    );
  }
  const running = await db.select({ id: importJobs.id, fileName: importJobs.fileName }).from(importJobs).where(eq(importJobs.running, true));
  if (running[0]) throw new ImportRunningError(running[0]);
  try {
    const [claimed] = await db
      .update(importJobs)
      .set({
        running: true,
        status: run === "dry_run" ? "validating" : "committing",
        startedAt: new Date(),
        worker: queueJobId ? null : worker.id,
        queueJobId: queueJobId ?? null,
        heartbeatAt: sql`now()`,
        finishedAt: null,
        ...noProgress,
        // Whether to import the valid rows only is chosen when committing, after the dry run showed them.
        ...(validOnly === undefined ? {} : { options: sql`${importJobs.options} || ${JSON.stringify({ validOnly })}::jsonb` }),
      })
      .where(and(eq(importJobs.id, id), eq(importJobs.running, false), inArray(importJobs.status, [...allowed] as ImportJob["status"][])))
      .returning();
    if (!claimed) throw new ConflictError("This import was started a moment ago by someone else.");
    return claimed;
  } catch (error) {
    if (error instanceof ConflictError) throw error;
    const [other] = await db.select({ id: importJobs.id, fileName: importJobs.fileName }).from(importJobs).where(eq(importJobs.running, true));
    if (other) throw new ImportRunningError(other);
    throw error;
  }
}

/**
 * The worker of queued job `queueJobId` takes its import over: on its first attempt, or on a retry
 * after the worker before died (whose transaction ended with it: nothing of it was written). The
 * progress starts again from nothing. Undefined when the import no longer waits for this job
 * (finished, discarded, or marked failed meanwhile): there is nothing to run.
 */
export async function takeOverImportJob(db: Database, id: number, queueJobId: string): Promise<ImportJob | undefined> {
  const [job] = await db
    .update(importJobs)
    .set({
      worker: worker.id,
      heartbeatAt: sql`now()`,
      startedAt: new Date(),
      ...noProgress,
    })
    .where(and(eq(importJobs.id, id), eq(importJobs.running, true), eq(importJobs.queueJobId, queueJobId)))
    .returning();
  return job;
}

/** A claimed run whose job could not be queued: the import is free again, failed with the reason. */
export async function releaseImportClaim(db: Database, id: number, message: string): Promise<void> {
  await db
    .update(importJobs)
    .set({ running: false, status: "failed", finishedAt: new Date(), message })
    .where(and(eq(importJobs.id, id), eq(importJobs.running, true)));
}

export interface ImportCounts {
  processedRows: number;
  createdRows: number;
  updatedRows: number;
  unchangedRows: number;
  failedRows: number;
}

/** The longest message and error cells a job keeps (the error report shows the cells cut). */
const MAX_MESSAGE_CHARS = 2000;
const MAX_ERROR_CELL_CHARS = 200;

/** Row errors as the database can store them: no NUL, no half surrogate, no cell of a megabyte. */
export function storableErrors(errors: readonly RowError[]): RowError[] {
  return errors.map((e) => ({
    row: e.row,
    column: storableText(e.column, MAX_ERROR_CELL_CHARS),
    value: storableText(e.value, MAX_ERROR_CELL_CHARS),
    problem: storableText(e.problem, MAX_MESSAGE_CHARS),
  }));
}

type Outcome = ImportCounts & {
  status: "validated" | "completed" | "failed";
  errors: RowError[];
  message: string | null;
  matches?: MatchSummary | null;
  inferredLeadStages?: InferredStageCounts | Record<string, never>;
};

const storableOutcome = (outcome: Outcome) => ({
  ...outcome,
  message: outcome.message === null ? null : storableText(outcome.message, MAX_MESSAGE_CHARS),
  errors: storableErrors(outcome.errors),
});

/**
 * Records how a run of this process ended (a job marked interrupted meanwhile is left as it is). What
 * is stored is cleaned so storing it cannot fail on the file's text; if it fails anyway, the job is
 * still ended, failed, with a generic message.
 */
export async function finishImportJob(db: Database, id: number, outcome: Outcome): Promise<void> {
  const now = new Date();
  try {
    await db
      .update(importJobs)
      .set({ ...storableOutcome(outcome), running: false, finishedAt: now, committedAt: outcome.status === "completed" ? now : null })
      .where(ownedHere(id));
  } catch (error) {
    console.error(`Import #${id}: its outcome could not be stored:`, error);
    await db
      .update(importJobs)
      .set({
        running: false,
        status: "failed",
        finishedAt: now,
        committedAt: null,
        message: "The run ended but its outcome could not be recorded; nothing was written. Run it again.",
        errors: [],
      })
      .where(ownedHere(id));
  }
}

/**
 * Ends a commit inside its own transaction, so the rows and the job's completion are written
 * together or not at all. A job that is no longer this process's (marked interrupted because its
 * worker seemed dead) throws ImportJobLostError: the transaction rolls back and nothing is written.
 */
export async function completeImportJob(tx: DatabaseOrTransaction, id: number, outcome: Outcome & { status: "completed" }): Promise<void> {
  const now = new Date();
  const done = await tx
    .update(importJobs)
    .set({ ...storableOutcome(outcome), running: false, finishedAt: now, committedAt: now })
    .where(ownedHere(id))
    .returning({ id: importJobs.id });
  if (done.length === 0) throw new ImportJobLostError(id);
}

/** Discards an import that was not committed: it stays in the history as cancelled. Returns its upload, to delete. */
export async function cancelImportJob(db: Database, id: number): Promise<number | null> {
  await failStaleImports(db);
  const [row] = await db
    .update(importJobs)
    .set({ status: "cancelled", finishedAt: new Date() })
    .where(and(eq(importJobs.id, id), eq(importJobs.running, false), inArray(importJobs.status, ["uploaded", "validated", "failed"])))
    .returning({ uploadId: importJobs.uploadId });
  if (!row) {
    const job = await getImportJob(db, id);
    throw new ConflictError(job.running ? "This import is running; wait for it to finish." : `This import is ${job.status.replace("_", " ")}; it cannot be discarded.`);
  }
  return row.uploadId;
}

/** The lead sources the organisation's deals and leads have, that an import's source values are mapped to. */
export async function organisationSources(db: DatabaseOrTransaction): Promise<string[]> {
  const rows = await queryRows<{ source: string }>(
    db,
    sql`select source from opportunities where source is not null union select source from leads where source is not null order by 1 limit 500`,
  );
  return rows.map((r) => r.source);
}

// ── Saved mappings ──────────────────────────────────────────────────────────────────────────────

export async function listImportMappings(db: Database, entity?: ImportEntity): Promise<ImportMapping[]> {
  return db
    .select()
    .from(importMappings)
    .where(entity ? eq(importMappings.entity, entity) : undefined)
    .orderBy(importMappings.name);
}

export async function findImportMapping(db: Database, name: string): Promise<ImportMapping | undefined> {
  const [row] = await db.select().from(importMappings).where(sql`lower(${importMappings.name}) = ${storableText(name.trim().toLowerCase())}`);
  return row;
}

/** Saves a mapping under a name (replacing one of the same name and entity). */
export async function saveImportMapping(db: Database, name: string, entity: ImportEntity, mapping: object, userId: number | null): Promise<void> {
  const existing = await findImportMapping(db, name);
  if (existing && existing.entity !== entity) throw new ConflictError(`"${existing.name}" is a mapping for ${existing.entity.replace(/_/g, " ")}; choose another name.`);
  if (existing) {
    await db.update(importMappings).set({ mapping, createdBy: userId, updatedAt: new Date() }).where(eq(importMappings.id, existing.id));
  } else {
    await db.insert(importMappings).values({ name: storableText(name.trim()), entity, mapping, createdBy: userId });
  }
}

// ── Rollback ────────────────────────────────────────────────────────────────────────────────────

/** The tables an import writes, in the order a rollback undoes them (dependants first). */
const rollbackTables = [
  "meetings",
  "scores",
  "signals",
  "opportunity_stage_history",
  "self_reported_answers",
  "touchpoints",
  "leads",
  "opportunities",
  "contacts",
  "accounts",
  "web_traffic",
] as const;
type ChangedTable = (typeof rollbackTables)[number];

const editedSince: Partial<Record<ChangedTable, typeof opportunities | typeof accounts | typeof contacts>> = {
  opportunities,
  accounts,
  contacts,
};

/**
 * Undoes a completed import exactly: rows it inserted are deleted, rows it updated get their
 * before-images back. Refused when a later import changed the same rows, or someone edited them
 * since, so a rollback never loses anyone's later work.
 */
export async function rollbackImport(db: Database, id: number, userId: number | null, now = new Date()): Promise<{ deleted: number; restored: number }> {
  await failStaleImports(db);
  return db.transaction(async (t) => {
    const [job] = await t.select().from(importJobs).where(eq(importJobs.id, id)).for("update");
    if (!job) throw new NotFoundError(`There is no import #${id}.`);
    if (job.status !== "completed") throw new ConflictError(`Import #${id} is ${job.status.replace("_", " ")}; only a completed import can be rolled back.`);
    const [later] = await queryRows<{ job_id: number }>(
      t,
      sql`with mine as (
            select table_name, row_id from import_changes where job_id = ${id}
            union all select table_name, unnest(row_ids) from import_inserts where job_id = ${id}
          )
          select b.job_id from mine
          join import_changes b on b.table_name = mine.table_name and b.row_id = mine.row_id and b.job_id > ${id}
          join import_jobs j on j.id = b.job_id and j.status = 'completed'
          order by b.job_id desc limit 1`,
    );
    if (later) throw new ConflictError(`Import #${later.job_id} changed the same rows later; roll it back first.`);
    for (const [table, target] of Object.entries(editedSince)) {
      const [edited] = await queryRows<{ n: number }>(
        t,
        sql`select count(*)::int as n from ${target} r
            where r.updated_at > ${job.committedAt!.toISOString()}::timestamptz and r.id in (
              select row_id from import_changes where job_id = ${id} and table_name = ${table}
              union all select unnest(row_ids) from import_inserts where job_id = ${id} and table_name = ${table})`,
      );
      if (edited && edited.n > 0) throw new ConflictError(`${edited.n} ${table.replace(/_/g, " ")} were edited after this import; a rollback would lose those edits.`);
    }

    // An account this import created that rows added since point to (a later contacts import, a
    // new lead) stays: deleting it would take those rows with it.
    const mine = (table: string) => sql`(select unnest(row_ids) from import_inserts where job_id = ${id} and table_name = ${table}
      union all select row_id from import_changes where job_id = ${id} and table_name = ${table})`;
    const [used] = await queryRows<{ name: string }>(
      t,
      sql`select a.name from accounts a where a.id in (select unnest(row_ids) from import_inserts where job_id = ${id} and table_name = 'accounts')
          and (exists (select 1 from opportunities o where o.account_id = a.id and o.id not in ${mine("opportunities")})
            or exists (select 1 from contacts c where c.account_id = a.id and c.id not in ${mine("contacts")})
            or exists (select 1 from leads l where l.account_id = a.id and l.id not in ${mine("leads")})
            or exists (select 1 from touchpoints p where p.account_id = a.id and p.id not in ${mine("touchpoints")})
            or exists (select 1 from signals s where s.account_id = a.id and s.id not in ${mine("signals")}))
          limit 1`,
    );
    if (used) throw new ConflictError(`The account "${used.name}" this import created is used by rows added since; remove those (or roll back their import) first.`);

    // The contacts whose touches the rollback takes away (or gives back): their levels are recomputed after it.
    const [touched] = await queryRows<{ ids: number[] | null }>(
      t,
      sql`select array_agg(distinct contact_id) as ids from (
            select contact_id from touchpoints where id in ${mine("touchpoints")}
            union all select contact_id from signals where id in ${mine("signals")}
            union all select contact_id from meetings where id in ${mine("meetings")}
            union all select (before->>'contact_id')::int from import_changes where job_id = ${id} and table_name in ('touchpoints', 'signals', 'meetings')
          ) x where contact_id is not null`,
    );
    // The deals' amount, close date, stage, status and category move back: history, like any change.
    await recordRollbackChanges(t, id, now);
    let deleted = 0;
    let restored = 0;
    for (const table of rollbackTables) {
      const removed = await queryRows<{ id: number }>(
        t,
        sql`delete from ${sql.identifier(table)} where id in (select unnest(row_ids) from import_inserts where job_id = ${id} and table_name = ${table}) returning id`,
      );
      deleted += removed.length;
      const columns = await queryRows<{ column_name: string }>(
        t,
        sql`select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${table} and column_name <> 'id' order by ordinal_position`,
      );
      const list = sql.join(columns.map((c) => sql.identifier(c.column_name)), sql`, `);
      const values = sql.join(columns.map((c) => sql`r.${sql.identifier(c.column_name)}`), sql`, `);
      const back = await queryRows<{ id: number }>(
        t,
        sql`update ${sql.identifier(table)} t set (${list}) = (select ${values} from jsonb_populate_record(null::${sql.identifier(table)}, c.before) r)
            from import_changes c where c.job_id = ${id} and c.table_name = ${table} and t.id = c.row_id returning t.id`,
      );
      restored += back.length;
    }
    // A last touch never moves back; the level follows the touches that remain.
    await touchContacts(t, touched?.ids ?? [], now);
    await t.update(importJobs).set({ status: "rolled_back", rolledBackAt: new Date(), rolledBackBy: userId, uploadId: null }).where(eq(importJobs.id, id));
    // The file is not needed again: a rolled-back import cannot run.
    if (job.uploadId) await t.delete(importUploads).where(eq(importUploads.id, job.uploadId));
    return { deleted, restored };
  });
}

