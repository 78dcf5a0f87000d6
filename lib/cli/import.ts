/**
 * npm run cli -- import <file> --entity <name> [--format auto|salesforce|hubspot|generic]
 *   [--mapping <saved name or JSON file>] [--date-format iso|mdy|dmy|dmy_dots] [--dry-run] [--valid-only]
 * Exit 0 when the rows were imported (or, with --dry-run, would be); 1 with the error report's path
 * when rows have problems; 2 when the command or the file cannot be used at all.
 */
import fs from "node:fs";
import path from "node:path";
import type { Database, DatabaseHandle } from "@/db/index";
import { cancelImportJob, findImportMapping, getImportJob, putImportSettings } from "@/db/queries/imports";
import { deleteUpload } from "@/db/queries/uploads";
import type { ImportJob } from "@/db/schema";
import { ConflictError, CsvError, UsageError } from "@/lib/errors";
import { errorReportCsv } from "@/lib/import/error-report";
import { entityFields, entityLabels, formatLabels, type ImportEntity } from "@/lib/import/formats";
import { startImportRun } from "@/lib/import/job";
import { importDuringRun } from "@/lib/import/live-access";
import { prepareImport } from "@/lib/import/prepare";
import type { ImportOptions } from "@/lib/import/options";
import type { RunOutcome } from "@/lib/import/run";
import { describeMatches, type MatchSummary } from "@/lib/import/match-keys";
import type { RowError } from "@/lib/import/rows";
import { copyUpload } from "@/lib/import/uploads";
import { jobDefinitions } from "@/lib/jobs/all";
import { startJobs } from "@/lib/jobs/queue";
import { dateFormatLabels, type DateFormat } from "@/lib/import/values";
import { importDir } from "@/lib/env";
import { stringFlag } from "./args";
import { inferredStagesNote } from "@/lib/metrics/lead-stages";

export const importUsage = `  npm run cli -- import <file> --entity opportunities|opportunity_stage_history|accounts|contacts|
                    leads|touchpoints|self_reported_answers|web_traffic|signals
                    [--format auto|salesforce|hubspot|generic] [--mapping <saved name or JSON file>]
                    [--date-format iso|mdy|dmy|dmy_dots] [--dry-run] [--valid-only]
                                             import a CRM export (a dry run first; all rows or none
                                             unless --valid-only); exit 1 with an error report on bad rows`;

interface SavedMapping {
  columns: Record<string, string>;
  options?: Partial<ImportOptions>;
}

/** A saved mapping's name, or a JSON file: { "Column": "field", … } or { columns: {…}, options: { stageMap, sourceMap, dateFormat } }. */
async function loadMapping(db: Database, ref: string, entity: ImportEntity): Promise<SavedMapping> {
  if (fs.existsSync(ref)) {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(ref, "utf8"));
    } catch (error) {
      throw new UsageError(`--mapping ${ref} is not valid JSON: ${(error as Error).message}`);
    }
    const saved = (json && typeof json === "object" && "columns" in json ? json : { columns: json }) as SavedMapping;
    const fields = new Set(entityFields[entity].map((f) => f.key));
    for (const [column, field] of Object.entries(saved.columns ?? {})) {
      if (!fields.has(field)) throw new UsageError(`--mapping: column "${column}" is mapped to "${field}", which is not a field of ${entity} (fields: ${[...fields].join(", ")}).`);
    }
    return saved;
  }
  const saved = await findImportMapping(db, ref);
  if (!saved) throw new UsageError(`--mapping "${ref}" is neither a file nor a saved mapping.`);
  if (saved.entity !== entity) throw new UsageError(`--mapping "${saved.name}" is a mapping for ${saved.entity}, not ${entity}.`);
  return saved.mapping as SavedMapping;
}

const rows = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "row" : "rows"}`;

function summary(o: RunOutcome): string {
  const matched = describeMatches(o.matches);
  const inferred = inferredStagesNote(o.inferredLeadStages);
  return `${rows(o.processedRows)}: ${o.createdRows} new, ${o.updatedRows} updated, ${o.unchangedRows} unchanged, ${o.failedRows} failed${matched ? ` (${matched})` : ""}${inferred ? `; ${inferred}` : ""}`;
}

/** How a finished run ended, as its import's row records it. */
function outcomeOf(job: ImportJob): RunOutcome {
  return {
    status: job.status === "completed" ? "completed" : job.status === "validated" ? "validated" : "failed",
    processedRows: job.processedRows,
    createdRows: job.createdRows,
    updatedRows: job.updatedRows,
    unchangedRows: job.unchangedRows,
    failedRows: job.failedRows,
    errors: job.errors as RowError[],
    message: job.message,
    matches: job.matches as MatchSummary | null,
    inferredLeadStages: job.inferredLeadStages as RunOutcome["inferredLeadStages"],
  };
}

const PROGRESS_POLL_MS = 250;
const PROGRESS_PRINT_MS = 2_000;

/**
 * The run is queued like one started from the import page, and this process works the queue too:
 * it runs here (on PGlite, the only process) or on any instance of the app (on PostgreSQL). Its
 * progress and outcome are read from the database.
 */
export async function importCommand(handle: DatabaseHandle, file: string | undefined, flags: Record<string, string | true>): Promise<number> {
  const db = handle.db;
  try {
    if (!file) throw new UsageError(`Name the file to import.\n${importUsage}`);
    if (!fs.existsSync(file)) throw new UsageError(`There is no file ${file}.`);
    const entity = stringFlag(flags, "entity") as ImportEntity | undefined;
    if (!entity || !(entity in entityLabels)) throw new UsageError(`--entity must be one of ${Object.keys(entityLabels).join(", ")}.`);
    const format = stringFlag(flags, "format") ?? "auto";
    if (!["auto", "salesforce", "hubspot", "generic"].includes(format)) throw new UsageError("--format must be auto, salesforce, hubspot or generic.");
    const dateFormat = stringFlag(flags, "date-format") as DateFormat | undefined;
    if (dateFormat && !(dateFormat in dateFormatLabels)) throw new UsageError(`--date-format must be one of ${Object.keys(dateFormatLabels).join(", ")}.`);
    const mappingRef = stringFlag(flags, "mapping");
    const mapping = mappingRef ? await loadMapping(db, mappingRef, entity) : undefined;

    const upload = await copyUpload(db, file);
    const id = await prepareImport(db, { ...upload, name: path.basename(file) }, { entity, createdBy: null, mapping });
    const job = await getImportJob(db, id);
    if ((format === "salesforce" || format === "hubspot") && !job.format.startsWith(format)) {
      throw new UsageError(`${path.basename(file)} does not look like a ${format === "salesforce" ? "Salesforce" : "HubSpot"} export of ${entityLabels[entity].toLowerCase()} (read as: ${formatLabels[job.format as keyof typeof formatLabels] ?? job.format}).`);
    }
    const options = { ...(job.options as ImportOptions), validOnly: flags["valid-only"] === true, ...(dateFormat ? { dateFormat } : {}) };
    await putImportSettings(db, id, job.mapping as Record<string, string>, options);
    console.log(`Import #${id}: ${path.basename(file)} read as ${formatLabels[job.format as keyof typeof formatLabels] ?? job.format}, ${rows(job.totalRows)}.`);
    const unmapped = Object.entries(options.stageMap).filter(([, v]) => v === null).map(([k]) => k);
    if (unmapped.length) console.log(`Stages not mapped to the pipeline (rows with them fail): ${unmapped.join(", ")}. Map them in a --mapping file's "stageMap".`);
    const sourceMoves = Object.entries(options.sourceMap ?? {}).flatMap(([from, to]) => (to && to !== from ? [`${from} → ${to}`] : []));
    if (sourceMoves.length) console.log(`Lead sources mapped: ${sourceMoves.join(", ")}; the others are kept as in the file (map them in a --mapping file's "sourceMap").`);

    await startJobs(handle, jobDefinitions);
    const run = async (kind: "dry_run" | "commit") => {
      await startImportRun(db, id, kind, kind === "commit" ? { validOnly: options.validOnly } : {});
      let printed = Date.now();
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, PROGRESS_POLL_MS));
        const job = await importDuringRun(handle, id);
        if (!job.running) return outcomeOf(job);
        if (Date.now() - printed >= PROGRESS_PRINT_MS && job.startedAt) {
          printed = Date.now();
          const rate = job.processedRows / Math.max(0.001, (Date.now() - job.startedAt.getTime()) / 1000);
          process.stderr.write(`  ${kind === "commit" ? "importing" : "checking"} ${job.processedRows.toLocaleString("en-US")} / ${job.totalRows.toLocaleString("en-US")} rows (${Math.round(rate).toLocaleString("en-US")} rows/s)\n`);
        }
      }
    };
    const fail = (outcome: RunOutcome) => {
      const report = path.join(importDir(), `import-${id}-errors.csv`);
      fs.writeFileSync(report, errorReportCsv(outcome.errors));
      console.error(outcome.message ?? `${outcome.failedRows} rows have problems; nothing was imported.`);
      console.error(`Error report: ${report}`);
      return 1;
    };
    // A run from the command line that does not end in a commit is discarded with its copy of the file.
    const discard = async (code: number) => {
      const upload = await cancelImportJob(db, id);
      if (upload) await deleteUpload(db, upload);
      return code;
    };

    const dry = await run("dry_run");
    console.log(`Dry run: ${summary(dry)}.`);
    if (dry.status === "failed") return discard(fail(dry));
    if (dry.failedRows > 0 && !options.validOnly) return discard(fail({ ...dry, message: `${rows(dry.failedRows)} with problems; nothing was imported (use --valid-only to import the others).` }));
    if (flags["dry-run"] === true) return discard(dry.failedRows > 0 ? fail({ ...dry, message: `${rows(dry.failedRows)} with problems; the others would be imported with --valid-only.` }) : 0);
    const done = await run("commit");
    if (done.status !== "completed") return discard(fail(done));
    console.log(`Imported: ${summary(done)}. Roll it back from the import history on /import if needed.`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof CsvError || error instanceof ConflictError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}
