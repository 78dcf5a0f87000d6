/**
 * One row of an opportunity export, read into what the app stores: every problem named with its
 * row, column and value, so a preview can list them and nothing is half-imported.
 */
import type { CsvRecord } from "./csv";
import { parseDate, parseMoney, type DateFormat } from "./values";
import { localTimeToInstant } from "./time-zone";

export interface PipelineStageRef {
  id: number;
  name: string;
  isWon: boolean;
  isLost: boolean;
}

export interface RowError {
  /** The row number a spreadsheet shows (the header is row 1). */
  row: number;
  column: string;
  value: string;
  problem: string;
}

export interface ImportedOpportunity {
  externalId: string;
  name: string;
  account: string | null;
  owner: string | null;
  stageId: number;
  status: "open" | "won" | "lost";
  /** Exact decimal, two places. */
  amount: string;
  createdAt: Date;
  /** The close date of a won or lost deal. */
  closedAt: Date | null;
  /** The expected close date of an open deal, YYYY-MM-DD. */
  expectedCloseDate: string | null;
  source: string | null;
  segment: string | null;
  type: string | null;
  winReason: string | null;
  lossReason: string | null;
  competitor: string | null;
}

export interface OpportunityRowContext {
  header: readonly string[];
  /** The field key for each column, or null. */
  mapping: readonly (string | null)[];
  stages: readonly PipelineStageRef[];
  /** Source stage name → pipeline stage id; a name left out is an error on each row that has it. */
  stageMap: Readonly<Record<string, number>>;
  dateFormat: DateFormat;
  timeZone: string;
}

const normalise = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * A pipeline stage for each stage name found in an export: the same name, or for names that say
 * won or lost ("Closed Won", "closedwon", "Lost"), the won or lost stage; null when nothing fits.
 */
export function suggestStageMapping(sourceStages: readonly string[], stages: readonly PipelineStageRef[]): Record<string, number | null> {
  const won = stages.find((s) => s.isWon);
  const lost = stages.find((s) => s.isLost);
  return Object.fromEntries(
    sourceStages.map((name) => {
      const key = normalise(name);
      const same = stages.find((s) => normalise(s.name) === key);
      if (same) return [name, same.id];
      if (/won$/.test(key) && won) return [name, won.id];
      if (/lost$/.test(key) && lost) return [name, lost.id];
      return [name, null];
    }),
  );
}

/** Reads one record; `ok: false` lists every problem in the row. */
export function readOpportunityRow(record: CsvRecord, ctx: OpportunityRowContext): { ok: true; value: ImportedOpportunity } | { ok: false; errors: RowError[] } {
  const errors: RowError[] = [];
  const columnOf = new Map<string, number>();
  ctx.mapping.forEach((field, i) => field && columnOf.set(field, i));
  if (record.cells.length !== ctx.header.length) {
    errors.push({
      row: record.row,
      column: "",
      value: "",
      problem: `has ${record.cells.length} cells where the header has ${ctx.header.length}`,
    });
    return { ok: false, errors };
  }
  const cell = (field: string) => {
    const i = columnOf.get(field);
    return i === undefined ? "" : record.cells[i]!.trim();
  };
  const fail = (field: string, problem: string) => {
    const i = columnOf.get(field);
    errors.push({ row: record.row, column: i === undefined ? field : ctx.header[i]!, value: cell(field), problem });
  };
  const text = (field: string) => cell(field) || null;
  const required = (field: string, what: string) => {
    const v = cell(field);
    if (!v) fail(field, `${what} is required`);
    return v;
  };
  const date = (field: string): { day: string; instant: Date } | null => {
    const v = cell(field);
    if (!v) return null;
    const parsed = parseDate(v, ctx.dateFormat);
    if (!parsed) {
      fail(field, `is not a date in the format chosen for this file`);
      return null;
    }
    const instant = parsed.offset
      ? new Date(`${parsed.day}T${parsed.time ?? "00:00:00"}${parsed.offset}`)
      : localTimeToInstant(parsed.day, parsed.time, ctx.timeZone);
    return { day: parsed.day, instant };
  };

  const externalId = required("externalId", "The opportunity ID");
  const name = required("name", "The name");
  const stageName = required("stage", "The stage");
  let stage: PipelineStageRef | undefined;
  if (stageName) {
    const id = ctx.stageMap[stageName];
    stage = ctx.stages.find((s) => s.id === id);
    if (!stage) fail("stage", `"${stageName}" is not mapped to a stage of the pipeline`);
  }
  let amount = "";
  const money = parseMoney(cell("amount"));
  if (money.ok) amount = money.value;
  else fail("amount", money.error === "is empty" ? "The amount is required" : money.error);
  const created = cell("createdAt") ? date("createdAt") : (fail("createdAt", "The created date is required"), null);
  const close = date("closeDate");
  const status = stage?.isWon ? "won" : stage?.isLost ? "lost" : "open";
  if (status !== "open" && !close && cell("closeDate") === "") fail("closeDate", `A ${status} opportunity needs its close date`);
  if (created && close && status !== "open" && close.day < created.day) fail("closeDate", "is before the created date");

  if (errors.length > 0 || !stage || !created) return { ok: false, errors };
  return {
    ok: true,
    value: {
      externalId,
      name,
      account: text("account"),
      owner: text("owner"),
      stageId: stage.id,
      status,
      amount,
      createdAt: created.instant,
      // A close date is a day; a deal closed on the day it was created closes no earlier than it was created.
      closedAt: status === "open" || !close ? null : new Date(Math.max(close.instant.getTime(), created.instant.getTime())),
      expectedCloseDate: status === "open" && close ? close.day : null,
      source: text("source"),
      segment: text("segment"),
      type: text("type"),
      winReason: text("winReason"),
      lossReason: text("lossReason"),
      competitor: text("competitor"),
    },
  };
}
