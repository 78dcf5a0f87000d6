/** An import job as the import page shows it: plain JSON, with the progress its worker wrote so far. */
import type { ImportJob } from "@/db/schema";
import { entityFields, entityLabels, formatLabels, type FieldSpec, type ImportEntity, type ImportFormat } from "./formats";
import type { MatchSummary } from "./match-keys";
import type { RowError } from "./rows";
import type { ImportAnalysis, ImportOptions } from "./options";
import { inferredStagesNote, type InferredStageCounts } from "@/lib/metrics/lead-stages";

/** Errors sent to the page; the error report has all of them. */
export const ERRORS_SHOWN = 20;

export interface ImportJobView {
  id: number;
  entity: ImportEntity;
  entityLabel: string;
  format: string;
  formatLabel: string;
  fileName: string;
  fileBytes: number | null;
  status: ImportJob["status"];
  running: boolean;
  analysis: ImportAnalysis;
  fields: FieldSpec[];
  mapping: Record<string, string>;
  options: ImportOptions;
  totalRows: number;
  processedRows: number;
  createdRows: number;
  updatedRows: number;
  unchangedRows: number;
  failedRows: number;
  /** Rows per second of the run in progress (0 when none runs). */
  rate: number;
  errors: RowError[];
  errorCount: number;
  /** Accounts and contacts: what the last run matched the rows on. */
  matches: MatchSummary | null;
  message: string | null;
  /** A leads import: "3 leads had a stage date inferred (MQL date missing: 2, …)", or null. */
  inferredNote: string | null;
  createdAt: string;
  committedAt: string | null;
  rolledBackAt: string | null;
}

export function importJobView(job: ImportJob, now = Date.now()): ImportJobView {
  const seconds = job.startedAt ? Math.max(0.001, (now - job.startedAt.getTime()) / 1000) : 0;
  const errors = job.errors as RowError[];
  const entity = job.entity as ImportEntity;
  return {
    id: job.id,
    entity,
    entityLabel: entityLabels[entity] ?? entity,
    format: job.format,
    formatLabel: formatLabels[job.format as ImportFormat] ?? job.format,
    fileName: job.fileName,
    fileBytes: job.fileBytes,
    status: job.status,
    running: job.running,
    analysis: job.analysis as ImportAnalysis,
    fields: entityFields[entity] ?? [],
    mapping: job.mapping as Record<string, string>,
    options: job.options as ImportOptions,
    totalRows: job.totalRows,
    processedRows: job.processedRows,
    createdRows: job.createdRows,
    updatedRows: job.updatedRows,
    unchangedRows: job.unchangedRows,
    failedRows: job.failedRows,
    rate: job.running && seconds > 0 ? job.processedRows / seconds : 0,
    errors: errors.slice(0, ERRORS_SHOWN),
    errorCount: errors.length,
    matches: (job.matches as MatchSummary | null) ?? null,
    message: job.message,
    inferredNote: inferredStagesNote(job.inferredLeadStages as Partial<InferredStageCounts>),
    createdAt: job.createdAt.toISOString(),
    committedAt: job.committedAt?.toISOString() ?? null,
    rolledBackAt: job.rolledBackAt?.toISOString() ?? null,
  };
}
