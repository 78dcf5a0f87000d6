/**
 * Running an import: the file is streamed row by row, each row read through the mapping, and the
 * valid rows applied in batches. A dry run writes nothing and gives the counts a commit would; a
 * commit is one transaction (all rows or none, unless the admin chose to import the valid rows only)
 * that also marks the job completed, so the rows and the job's outcome are written together.
 */
import { sql } from "drizzle-orm";
import { isEmbedded, type Database, type DatabaseOrTransaction } from "@/db/index";
import { pipelineStages, type ImportJob } from "@/db/schema";
import { applyAnswers, applyLeads, applyOpportunities, applyStageChanges, applySignals, applyTouchpoints, applyWebTraffic, type ApplyContext, type BatchOutcome, type Rowed } from "@/db/queries/import-apply";
import { applyAccounts, applyContacts } from "@/db/queries/import-match";
import { HEARTBEAT_MS, claimImportJob, completeImportJob, finishImportJob, heartbeatImportJob, holdImportJob, type ImportCounts } from "@/db/queries/imports";
import { getSetting } from "@/db/queries/settings";
import { uploadExists } from "@/db/queries/uploads";
import { refusedCharacter, storableText } from "@/db/storable";
import { CsvError, ImportJobLostError, ImportSettingsError, JobInterruptedError, RowsRejected } from "@/lib/errors";
import { readCsv, type CsvRecord } from "./csv";
import { entityFields, missingRequiredFields, type ImportEntity } from "./formats";
import type { MatchSummary } from "./match-keys";
import { readOpportunityRow } from "./opportunities";
import type { ImportAnalysis, ImportOptions } from "./options";
import { readAccountRow, readAnswerRow, readContactRow, readLeadRow, readStageChangeRow, readTouchpointRow, readSignalRow, readWebTrafficRow } from "./records";
import type { RowContext, RowError, RowResult } from "./rows";
import { chooseDateFormat } from "./suggest";
import { readUpload } from "./uploads";
import type { DateFormat } from "./values";
import { noInferredStages, type InferredStageCounts } from "@/lib/metrics/lead-stages";

export const BATCH_ROWS = 2000;
/** Errors kept on a job for the preview and the error report (the count of failed rows is exact). */
export const MAX_STORED_ERRORS = 10_000;

export interface ImportProgress extends ImportCounts {
  totalRows: number;
  startedAt: number;
  /** Rows per second so far. */
  rate: number;
}

export interface RunOutcome extends ImportCounts {
  status: "validated" | "completed" | "failed";
  errors: RowError[];
  message: string | null;
  /** Accounts and contacts: what the rows were matched on. */
  matches: MatchSummary | null;
  /** A leads import: the leads of the file that had a stage date inferred, by stage (empty when none had). */
  inferredLeadStages: InferredStageCounts | Record<string, never>;
}

// A commit on PGlite holds the only connection until it ends: anything else waits for it. While it
// is open, its transaction is kept here, so that the progress poll of the same process can read the
// job (whose progress the run writes through that transaction) and the user without waiting. PGlite
// allows one process per data folder, so no other process could be asked. On PostgreSQL nothing is
// kept: the run writes its progress through the pool, and any instance reads it from the database.
interface LiveRun {
  progress: ImportProgress;
  /** The job is no longer this worker's (taken over, or marked interrupted): stop, write nothing. */
  lost: boolean;
  inferred: InferredStageCounts;
}
const commitsKey = Symbol.for("pipeline-accelerator.embedded-commits");
// Set before the transaction begins (a read queued between its BEGIN and its first statement would
// wait for the whole commit), resolved with the transaction as soon as it is open (null if it never opens).
const embeddedCommits = ((globalThis as { [commitsKey]?: Map<number, Promise<DatabaseOrTransaction | null>> })[commitsKey] ??= new Map());

/**
 * The transaction of this process's commit of `jobId` on the embedded database while it is open,
 * for a read that must not wait for the commit to end. Read-only use: a write through it would be
 * committed or rolled back with the import.
 */
export async function embeddedCommitTransaction(jobId: number): Promise<DatabaseOrTransaction | null> {
  return (await embeddedCommits.get(jobId)) ?? null;
}

export function columnMapping(header: readonly string[], mapping: Record<string, string>): (string | null)[] {
  const used = new Set<string>();
  return header.map((h) => {
    const field = mapping[h];
    if (!field || used.has(field)) return null;
    used.add(field);
    return field;
  });
}

/** The date format for a job: the admin's choice, or the only reading of the mapped date columns. */
export function resolveDateFormat(analysis: ImportAnalysis, entity: ImportEntity, mapping: readonly (string | null)[], chosen: DateFormat | null): DateFormat {
  if (chosen) return chosen;
  const dateFields = new Set(entityFields[entity].filter((f) => f.kind === "date").map((f) => f.key));
  const columns = mapping.flatMap((f, i) => (f && dateFields.has(f) ? [i] : [])).concat(analysis.stageColumns.map((c) => c.column));
  const guess = chooseDateFormat(analysis, columns);
  if (guess.ambiguous) throw new ImportSettingsError("The dates read both as month/day and day/month; choose the date format.");
  return guess.format ?? "iso";
}

// A row is matched on its external id when it has one (a stage change or an answer has none of its
// own; an account or contact may have none, and is matched on other keys).
type Reader = (record: CsvRecord) => RowResult<object & { externalId?: string | null }>;

/**
 * Runs a claimed job to the end and records the outcome on it. Never throws for a bad file or bad
 * rows: those end as a failed job with the reasons. Throws JobInterruptedError when `signal` stops
 * it (the server stops): nothing is recorded and the job stays running, for the queue's retry to
 * take it over.
 */
export async function executeImportRun(
  db: Database,
  job: ImportJob,
  run: "dry_run" | "commit",
  asOf = new Date(),
  { heartbeatMs = HEARTBEAT_MS, signal }: { heartbeatMs?: number; signal?: AbortSignal } = {},
): Promise<RunOutcome> {
  const progress: ImportProgress = {
    totalRows: job.totalRows, processedRows: 0, createdRows: 0, updatedRows: 0, unchangedRows: 0, failedRows: 0, startedAt: Date.now(), rate: 0,
  };
  const entry: LiveRun = { progress, lost: false, inferred: noInferredStages() };
  const inferred = () => (entry.inferred.leads > 0 ? { ...entry.inferred } : {});
  const embedded = isEmbedded(db);
  const release = holdImportJob(job.id);
  // On PGlite a commit's progress can only be written through its own transaction (see embeddedCommits).
  let progressDb: DatabaseOrTransaction | null = db;
  const heartbeat = startHeartbeat(() => progressDb, job.id, entry, heartbeatMs);
  const errors: RowError[] = [];
  const matches: MatchSummary = { counts: {}, examples: [] };
  let outcome: RunOutcome;
  try {
    try {
      if (run === "commit") {
        let opened: (tx: DatabaseOrTransaction | null) => void = () => {};
        if (embedded) {
          // A write waiting outside the transaction would wait for it to end: none is left in flight.
          progressDb = null;
          await heartbeat.pause();
          embeddedCommits.set(job.id, new Promise((resolve) => (opened = resolve)));
        }
        await db.transaction(async (t) => {
          if (embedded) {
            progressDb = t;
            opened(t);
          }
          // The statistics the planner has predate the rows this transaction adds: without this, the
          // lookups by CRM id would scan the growing table instead of using its unique index.
          await t.execute(sql`set local enable_seqscan = off`);
          await processFile(t, job, run, asOf, entry, errors, matches, signal);
          const done = { ...counts(progress), status: "completed" as const, errors: errors.slice(0, MAX_STORED_ERRORS), message: null, matches: matchesOf(job, matches), inferredLeadStages: inferred() };
          await heartbeat.stop();
          await completeImportJob(t, job.id, done);
        }).finally(() => opened(null));
      } else await processFile(db, job, run, asOf, entry, errors, matches, signal);
      outcome = { ...counts(progress), status: run === "commit" ? "completed" : "validated", errors, message: null, matches: matchesOf(job, matches), inferredLeadStages: inferred() };
    } catch (error) {
      if (error instanceof JobInterruptedError) throw error;
      outcome = { ...counts(progress), status: "failed", errors, message: failureMessage(error, job.id), matches: null, inferredLeadStages: run === "commit" ? {} : inferred() };
      if (run === "commit") Object.assign(outcome, { createdRows: 0, updatedRows: 0, unchangedRows: 0 });
    } finally {
      embeddedCommits.delete(job.id);
      progressDb = db;
      await heartbeat.stop();
    }
    if (outcome.status !== "completed") await finishImportJob(db, job.id, { ...outcome, errors: errors.slice(0, MAX_STORED_ERRORS) });
  } finally {
    release();
  }
  return outcome;
}

/** Why a run failed, in words for the admin: the file's or settings' fault as is, anything else short. */
function failureMessage(error: unknown, jobId: number): string {
  if (error instanceof RowsRejected || error instanceof ImportSettingsError || error instanceof CsvError || error instanceof ImportJobLostError) return error.message;
  console.error(`Import #${jobId} failed:`, error);
  // A failed query's message repeats the statement and every parameter (a whole batch of the file):
  // the database's own reason is what says what went wrong.
  const cause = (error as { cause?: unknown }).cause;
  const reason = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return `The import stopped unexpectedly (${storableText(reason, 300)}); nothing was written.`;
}

/**
 * Writes the run's progress (its heartbeat) every `every` ms while it lasts, through the connection
 * `target()` gives; a job no longer this worker's stops the run.
 */
function startHeartbeat(target: () => DatabaseOrTransaction | null, jobId: number, entry: LiveRun, every: number): { pause(): Promise<void>; stop(): Promise<void> } {
  let pending: Promise<void> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    const db = target();
    if (pending || stopped || !db) return;
    pending = heartbeatImportJob(db, jobId, entry.progress)
      .then((ours) => {
        if (!ours && !stopped) entry.lost = true;
      })
      .catch((error) => {
        if (!stopped) console.error(`Import #${jobId}: its progress could not be written:`, error);
      })
      .finally(() => {
        pending = null;
      });
  }, every);
  timer.unref();
  return {
    /** Waits for a write in flight (before the connection it goes through changes). */
    async pause() {
      await pending;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await pending;
    },
  };
}

/** Claims the job (refused while another import runs) and runs it to the end. */
export async function runImport(db: Database, jobId: number, run: "dry_run" | "commit", asOf = new Date()): Promise<RunOutcome> {
  const job = await claimImportJob(db, jobId, run);
  return executeImportRun(db, job, run, asOf);
}

/** Only accounts and contacts are matched on more than their CRM id. */
const matchesOf = (job: ImportJob, matches: MatchSummary): MatchSummary | null => (job.entity === "accounts" || job.entity === "contacts" ? matches : null);

const counts = (p: ImportCounts): ImportCounts => ({
  processedRows: p.processedRows, createdRows: p.createdRows, updatedRows: p.updatedRows, unchangedRows: p.unchangedRows, failedRows: p.failedRows,
});

async function processFile(
  db: DatabaseOrTransaction,
  job: ImportJob,
  run: "dry_run" | "commit",
  asOf: Date,
  entry: LiveRun,
  errors: RowError[],
  matches: MatchSummary,
  signal?: AbortSignal,
): Promise<void> {
  const { progress } = entry;
  const entity = job.entity as ImportEntity;
  const analysis = job.analysis as ImportAnalysis;
  const options = job.options as ImportOptions;
  if (!job.uploadId || !(await uploadExists(db, job.uploadId))) throw new ImportSettingsError("The uploaded file is no longer kept; upload it again.");
  const mapping = columnMapping(analysis.header, job.mapping as Record<string, string>);
  const missing = missingRequiredFields(mapping, entity);
  if (missing.length) throw new ImportSettingsError(`Map a column to ${missing.map((f) => f.label).join(", ")} before importing.`);
  const dateFormat = resolveDateFormat(analysis, entity, mapping, options.dateFormat);
  const { timeZone } = await getSetting(db, "organisation");
  const stages = await db.select().from(pipelineStages).orderBy(pipelineStages.position);
  const stageMap = options.stageMap ?? {};
  const ownerIds = new Map(Object.entries(options.ownerMap ?? {}));
  const mapped = new Set(mapping.filter((f): f is string => !!f));
  const rowContext: RowContext = { header: analysis.header, mapping, dateFormat, timeZone, sourceMap: options.sourceMap ?? {} };
  const columnOf = (field: string, fallback: string) => {
    const i = mapping.indexOf(field);
    return i >= 0 ? analysis.header[i]! : fallback;
  };
  const ctx: ApplyContext = {
    db, jobId: job.id, write: run === "commit", asOf, accountIds: new Map(), domainRows: new Map(), matchedRecords: new Map(), keyRows: new Map(), matches, columnOf,
  };

  let reader: Reader;
  let apply: (rows: Rowed<never>[]) => Promise<BatchOutcome>;
  switch (entity) {
    case "opportunities": {
      const refs = stages.map(({ id, name, isWon, isLost }) => ({ id, name, isWon, isLost }));
      reader = (r) => readOpportunityRow(r, { ...rowContext, stages: refs, stageMap, stageColumns: analysis.stageColumns });
      const qualified = stages.find((s) => s.countsAsQualified);
      const reasons = await getSetting(db, "reasonTaxonomies");
      const opts = { mapped, ownerIds, stagePositions: new Map(stages.map((s) => [s.id, s.position])), qualifiedPosition: qualified?.position ?? 1, reasons };
      apply = (rows) => applyOpportunities(ctx, rows, opts);
      break;
    }
    case "opportunity_stage_history":
      reader = (r) => readStageChangeRow(r, { ...rowContext, stageMap });
      apply = (rows) => applyStageChanges(ctx, rows);
      break;
    case "accounts":
      reader = (r) => readAccountRow(r, rowContext);
      apply = (rows) => applyAccounts(ctx, rows, { mapped, ownerIds });
      break;
    case "contacts":
      reader = (r) => readContactRow(r, rowContext);
      apply = (rows) => applyContacts(ctx, rows, { mapped });
      break;
    case "leads":
      reader = (r) => readLeadRow(r, rowContext);
      apply = (rows) => applyLeads(ctx, rows, { mapped });
      break;
    case "touchpoints": {
      const { rules: answerRules } = await getSetting(db, "answerRules");
      reader = (r) => readTouchpointRow(r, { ...rowContext, answerRules });
      apply = (rows) => applyTouchpoints(ctx, rows, { mapped });
      break;
    }
    case "self_reported_answers":
      reader = (r) => readAnswerRow(r, rowContext);
      apply = (rows) => applyAnswers(ctx, rows);
      break;
    case "web_traffic":
      reader = (r) => readWebTrafficRow(r, rowContext);
      apply = (rows) => applyWebTraffic(ctx, rows);
      break;
    case "signals":
      reader = (r) => readSignalRow(r, rowContext, asOf);
      apply = (rows) => applySignals(ctx, rows);
      break;
  }

  const rejectEarly = run === "commit" && !options.validOnly;
  const firstRowOf = new Map<string, number>();
  let batch: Rowed<never>[] = [];
  const fail = (rowErrors: RowError[]) => {
    for (const e of rowErrors) if (errors.length < MAX_STORED_ERRORS) errors.push(e);
    progress.failedRows += new Set(rowErrors.map((e) => e.row)).size;
    if (rejectEarly) throw new RowsRejected(rejectionMessage(rowErrors[0]!));
  };
  // One batch is written while the next is read: parsing hides behind the database's work. Batches
  // still reach the database one after another, in file order.
  let writing: Promise<void> = Promise.resolve();
  const write = async (rows: Rowed<never>[]) => {
    const out = await apply(rows);
    progress.createdRows += out.created;
    progress.updatedRows += out.updated;
    progress.unchangedRows += out.unchanged;
    if (out.inferredLeadStages) for (const [k, n] of Object.entries(out.inferredLeadStages)) entry.inferred[k as keyof InferredStageCounts] += n;
    if (out.errors.length) fail(out.errors);
    progress.rate = progress.processedRows / Math.max(0.001, (Date.now() - progress.startedAt) / 1000);
  };
  const flush = async () => {
    if (entry.lost) throw new ImportJobLostError(job.id);
    if (signal?.aborted) throw signal.reason instanceof JobInterruptedError ? signal.reason : new JobInterruptedError("The run was stopped; it runs again.");
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await writing;
    writing = write(rows);
    // Handled when awaited at the next batch or the end; this only keeps it from counting as unhandled meanwhile.
    writing.catch(() => {});
    // Let the server answer other requests (and progress polls) between batches.
    await new Promise((resolve) => setImmediate(resolve));
  };

  const stream = readUpload(db, job.uploadId);
  try {
    for await (const record of readCsv(stream, analysis.delimiter)) {
      if (record.row === 1) {
        if (record.cells.map((c) => c.trim()).join("\u0000") !== analysis.header.join("\u0000")) throw new ImportSettingsError("The file's header changed since it was uploaded; upload it again.");
        continue;
      }
      progress.processedRows++;
      // What the database cannot store is the row's error here, in the dry run as in the commit,
      // wherever in the file it is and whether or not its column is imported.
      const refused = refusedCells(record, analysis.header);
      if (refused.length) {
        fail(refused);
        continue;
      }
      const result = reader(record);
      if (!result.ok) {
        fail(result.errors);
        continue;
      }
      const externalId = result.value.externalId;
      if (externalId !== undefined && externalId !== null) {
        const first = firstRowOf.get(externalId);
        if (first !== undefined) {
          // Web traffic is matched on its day, everything else on its CRM id.
          const keyColumn = mapping.indexOf(entity === "web_traffic" ? "day" : "externalId");
          const what = entity === "web_traffic" ? "day" : "ID";
          fail([{ row: record.row, column: analysis.header[keyColumn] ?? what, value: externalId, problem: `appears again (first on row ${first}); each ${what} may appear once` }]);
          continue;
        }
        firstRowOf.set(externalId, record.row);
      }
      batch.push({ row: record.row, value: result.value as never });
      if (batch.length >= BATCH_ROWS) await flush();
    }
    await flush();
    await writing;
  } finally {
    stream.destroy();
    await writing.catch(() => {});
  }
  if (run === "commit" && progress.failedRows > 0 && !options.validOnly) throw new RowsRejected(rejectionMessage(errors[0]!));
}

function rejectionMessage(first: RowError): string {
  const value = first.value ? `"${storableText(first.value, 200)}" ` : "";
  return `Row ${first.row}${first.column ? `, column "${storableText(first.column, 200)}"` : ""}: ${value}${first.problem}. Nothing was imported.`;
}

/** The cells of a record holding a character the database refuses, each as the row's error. */
export function refusedCells(record: CsvRecord, header: readonly string[]): RowError[] {
  const found: RowError[] = [];
  record.cells.forEach((cell, i) => {
    const what = refusedCharacter(cell);
    if (what) {
      found.push({ row: record.row, column: header[i] ?? `column ${i + 1}`, value: storableText(cell.trim(), 200), problem: `holds ${what}, which cannot be stored; remove it from the file` });
    }
  });
  return found;
}

