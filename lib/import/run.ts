/**
 * Running an import: the file is streamed row by row, each row read through the mapping, and the
 * valid rows applied in batches. A dry run writes nothing and gives the counts a commit would; a
 * commit is one transaction (all rows or none, unless the admin chose to import the valid rows only).
 */
import fs from "node:fs";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/index";
import { pipelineStages, type ImportJob } from "@/db/schema";
import { applyAccounts, applyAnswers, applyContacts, applyLeads, applyOpportunities, applyStageChanges, applySignals, applyTouchpoints, applyWebTraffic, type ApplyContext, type BatchOutcome, type Rowed } from "@/db/queries/import-apply";
import { claimImportJob, finishImportJob, type ImportCounts } from "@/db/queries/imports";
import { getSetting } from "@/db/queries/settings";
import { CsvError, readCsv, type CsvRecord } from "./csv";
import { entityFields, missingRequiredFields, type ImportEntity, type StageDateColumn } from "./formats";
import { readOpportunityRow } from "./opportunities";
import type { FileProfile } from "./profile";
import { readAccountRow, readAnswerRow, readContactRow, readLeadRow, readStageChangeRow, readTouchpointRow, readSignalRow, readWebTrafficRow } from "./records";
import type { RowContext, RowError, RowResult } from "./rows";
import { chooseDateFormat } from "./suggest";
import type { DateFormat } from "./values";

/** What the admin chose for a file: stored on the job as its mapping and options. */
export interface ImportOptions {
  /** Source stage name → pipeline stage id (null: not mapped yet). */
  stageMap: Record<string, number | null>;
  /** Owner as written in the file → user id (null: leave unassigned). */
  ownerMap: Record<string, number | null>;
  /** Null: the one the file's dates read in (refused when M/D and D/M both fit). */
  dateFormat: DateFormat | null;
  /** Import the valid rows and skip the others, instead of all rows or none. */
  validOnly: boolean;
}

/** What an uploaded file was recognised as, kept on the job. */
export interface ImportAnalysis extends FileProfile {
  stageColumns: StageDateColumn[];
}

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
}

class RowsRejected extends Error {}
/** A problem with the whole file or its settings, not with one row. */
export class ImportSettingsError extends Error {}

// The progress of the runs in this process, read by the page's progress bar. A commit on PGlite
// holds the only connection, so progress cannot be read from the database while it runs.
const progressKey = Symbol.for("pipeline-accelerator.import-progress");
const live = ((globalThis as { [progressKey]?: Map<number, ImportProgress> })[progressKey] ??= new Map());

export function liveImportProgress(jobId: number): ImportProgress | undefined {
  return live.get(jobId);
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

// A row is matched on its external id when it has one (a stage change or an answer has none of its own).
type Reader = (record: CsvRecord) => RowResult<object & { externalId?: string }>;

/**
 * Runs a claimed job to the end and records the outcome on it. Never throws for a bad file or bad
 * rows: those end as a failed job with the reasons.
 */
export async function executeImportRun(db: Database, job: ImportJob, run: "dry_run" | "commit", asOf = new Date()): Promise<RunOutcome> {
  const progress: ImportProgress = {
    totalRows: job.totalRows, processedRows: 0, createdRows: 0, updatedRows: 0, unchangedRows: 0, failedRows: 0, startedAt: Date.now(), rate: 0,
  };
  live.set(job.id, progress);
  const errors: RowError[] = [];
  let outcome: RunOutcome;
  try {
    const work = (target: Database) => processFile(target, job, run, asOf, progress, errors);
    if (run === "commit") {
      await db.transaction(async (tx) => {
        // The statistics the planner has predate the rows this transaction adds: without this, the
        // lookups by CRM id would scan the growing table instead of using its unique index.
        await tx.execute(sql`set local enable_seqscan = off`);
        await work(tx as unknown as Database);
      });
    }
    else await work(db);
    outcome = { ...counts(progress), status: run === "commit" ? "completed" : "validated", errors, message: null };
  } catch (error) {
    if (error instanceof RowsRejected || error instanceof ImportSettingsError || error instanceof CsvError) {
      outcome = { ...counts(progress), status: "failed", errors, message: (error as Error).message };
    } else {
      console.error(`Import #${job.id} failed:`, error);
      outcome = { ...counts(progress), status: "failed", errors, message: `The import stopped unexpectedly (${(error as Error).message}); nothing was written.` };
    }
    if (run === "commit") Object.assign(outcome, { createdRows: 0, updatedRows: 0, unchangedRows: 0 });
  } finally {
    live.delete(job.id);
  }
  await finishImportJob(db, job.id, { ...outcome, errors: errors.slice(0, MAX_STORED_ERRORS) });
  if (outcome.status === "completed" && job.filePath) await fs.promises.rm(job.filePath, { force: true });
  return outcome;
}

/** Claims the job (refused while another import runs) and runs it to the end. */
export async function runImport(db: Database, jobId: number, run: "dry_run" | "commit", asOf = new Date()): Promise<RunOutcome> {
  const job = await claimImportJob(db, jobId, run);
  return executeImportRun(db, job, run, asOf);
}

const counts = (p: ImportCounts): ImportCounts => ({
  processedRows: p.processedRows, createdRows: p.createdRows, updatedRows: p.updatedRows, unchangedRows: p.unchangedRows, failedRows: p.failedRows,
});

async function processFile(db: Database, job: ImportJob, run: "dry_run" | "commit", asOf: Date, progress: ImportProgress, errors: RowError[]): Promise<void> {
  const entity = job.entity as ImportEntity;
  const analysis = job.analysis as ImportAnalysis;
  const options = job.options as ImportOptions;
  if (!job.filePath || !fs.existsSync(job.filePath)) throw new ImportSettingsError("The uploaded file is no longer on the server; upload it again.");
  const mapping = columnMapping(analysis.header, job.mapping as Record<string, string>);
  const missing = missingRequiredFields(mapping, entity);
  if (missing.length) throw new ImportSettingsError(`Map a column to ${missing.map((f) => f.label).join(", ")} before importing.`);
  const dateFormat = resolveDateFormat(analysis, entity, mapping, options.dateFormat);
  const { timeZone } = await getSetting(db, "organisation");
  const stages = await db.select().from(pipelineStages).orderBy(pipelineStages.position);
  const stageMap = options.stageMap ?? {};
  const ownerIds = new Map(Object.entries(options.ownerMap ?? {}));
  const mapped = new Set(mapping.filter((f): f is string => !!f));
  const rowContext: RowContext = { header: analysis.header, mapping, dateFormat, timeZone };
  const ctx: ApplyContext = { db, jobId: job.id, write: run === "commit", asOf, accountIds: new Map() };

  let reader: Reader;
  let apply: (rows: Rowed<never>[]) => Promise<BatchOutcome>;
  switch (entity) {
    case "opportunities": {
      const refs = stages.map(({ id, name, isWon, isLost }) => ({ id, name, isWon, isLost }));
      reader = (r) => readOpportunityRow(r, { ...rowContext, stages: refs, stageMap, stageColumns: analysis.stageColumns });
      const qualified = stages.find((s) => s.countsAsQualified);
      const opts = { mapped, ownerIds, stagePositions: new Map(stages.map((s) => [s.id, s.position])), qualifiedPosition: qualified?.position ?? 1 };
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
    case "touchpoints":
      reader = (r) => readTouchpointRow(r, rowContext);
      apply = (rows) => applyTouchpoints(ctx, rows, { mapped });
      break;
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
    if (out.errors.length) fail(out.errors);
    progress.rate = progress.processedRows / Math.max(0.001, (Date.now() - progress.startedAt) / 1000);
  };
  const flush = async () => {
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

  const stream = fs.createReadStream(job.filePath);
  try {
    for await (const record of readCsv(stream, analysis.delimiter)) {
      if (record.row === 1) {
        if (record.cells.map((c) => c.trim()).join("\u0000") !== analysis.header.join("\u0000")) throw new ImportSettingsError("The file's header changed since it was uploaded; upload it again.");
        continue;
      }
      progress.processedRows++;
      const result = reader(record);
      if (!result.ok) {
        fail(result.errors);
        continue;
      }
      const externalId = result.value.externalId;
      if (externalId !== undefined) {
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
  return `Row ${first.row}${first.column ? `, column "${first.column}"` : ""}: ${first.value ? `"${first.value}" ` : ""}${first.problem}. Nothing was imported.`;
}

