/**
 * One row of an opportunity export, read into what the app stores: every problem named with its
 * row, column and value, so a preview can list them and nothing is half-imported.
 */
import { readForecastCategory, type ForecastCategory } from "@/lib/domain/forecast-categories";
import { readNextStep } from "@/lib/domain/next-step";
import { dealProfileFields, readDealProfileText, type DealProfileField } from "@/lib/domain/deal-profile";
import type { OpportunityStatus } from "@/lib/domain/pipeline-stages";
import type { CsvRecord } from "./csv";
import type { StageDateColumn } from "./formats";
import { RowReader, type RowContext, type RowResult } from "./rows";

export interface PipelineStageRef {
  id: number;
  name: string;
  isWon: boolean;
  isLost: boolean;
}

export type { RowError } from "./rows";

/** When a deal entered and left one pipeline stage, as the export says. */
export interface StageDates {
  stageId: number;
  enteredAt: Date | null;
  exitedAt: Date | null;
}

export interface ImportedOpportunity {
  externalId: string;
  name: string;
  account: string | null;
  owner: string | null;
  stageId: number;
  status: OpportunityStatus;
  /** Exact decimal, two places; null when the cell is blank (the CRM has no amount for the deal). */
  amount: string | null;
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
  /** Salesforce's "Forecast Category", HubSpot's "Forecast category"; null when blank. */
  forecastCategory: ForecastCategory | null;
  /** Salesforce's "Next Step", HubSpot's "Next step": trimmed, null when blank. */
  nextStep: string | null;
  /** The deal's use case and main objection (custom fields): trimmed, null when blank. */
  useCase: string | null;
  objection: string | null;
  /** From HubSpot's per-stage date columns; empty when the export has none. */
  stageDates: StageDates[];
}

export interface OpportunityRowContext extends RowContext {
  stages: readonly PipelineStageRef[];
  /** Source stage name → pipeline stage id; a name left out (or null) is an error on each row that has it. */
  stageMap: Readonly<Record<string, number | null>>;
  /** HubSpot's per-stage date columns. */
  stageColumns?: readonly StageDateColumn[];
}

const normalise = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The default stages of Salesforce and HubSpot pipelines, and the default stage of ours each is closest to. */
const crmDefaultStages: Record<string, string> = {
  prospecting: "Discovery",
  qualification: "Discovery",
  appointmentscheduled: "Discovery",
  qualifiedtobuy: "Discovery",
  needsanalysis: "Solution Demo",
  valueproposition: "Solution Demo",
  presentationscheduled: "Solution Demo",
  iddecisionmakers: "Proposal",
  perceptionanalysis: "Proposal",
  proposalpricequote: "Proposal",
  decisionmakerboughtin: "Proposal",
  negotiationreview: "Negotiation",
  contractsent: "Contract Sent",
};

/**
 * A pipeline stage for each stage name found in an export: the same name; for names that say won or
 * lost ("Closed Won", "closedwon", "Lost"), the won or lost stage; for the default stages of
 * Salesforce and HubSpot, the closest stage of ours when it has its default name; else null.
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
      const closest = crmDefaultStages[key] && stages.find((s) => s.name === crmDefaultStages[key]);
      return [name, closest ? closest.id : null];
    }),
  );
}

/** Reads one record; `ok: false` lists every problem in the row. */
export function readOpportunityRow(record: CsvRecord, ctx: OpportunityRowContext): RowResult<ImportedOpportunity> {
  const r = new RowReader(record, ctx);
  if (r.ragged) return { ok: false, errors: r.errors };

  const externalId = r.required("externalId", "The opportunity ID");
  const name = r.required("name", "The name");
  const stageName = r.required("stage", "The stage");
  let stage: PipelineStageRef | undefined;
  if (stageName) {
    const id = ctx.stageMap[stageName];
    stage = ctx.stages.find((s) => s.id === id);
    if (!stage) r.fail("stage", `"${stageName}" is not mapped to a stage of the pipeline`);
  }
  // A blank amount is the CRM's "no amount" (common on early open deals), stored as such; an unreadable one is refused.
  const amount = r.money("amount", "The amount", { required: false });
  const created = r.cell("createdAt") ? r.date("createdAt") : (r.fail("createdAt", "The created date is required"), null);
  const close = r.date("closeDate");
  const status = stage?.isWon ? "won" : stage?.isLost ? "lost" : "open";
  if (status !== "open" && !close && r.cell("closeDate") === "") r.fail("closeDate", `A ${status} opportunity needs its close date`);
  if (created && close && status !== "open" && close.day < created.day) r.fail("closeDate", "is before the created date");
  const stageDates = readStageDates(r, ctx);
  const forecastText = r.cell("forecastCategory");
  const forecastCategory = forecastText ? readForecastCategory(forecastText) : null;
  if (forecastText && !forecastCategory) r.fail("forecastCategory", "is not a forecast category (Pipeline, Best case, Commit, Closed or Omitted)");
  const nextStepText = r.cell("nextStep");
  const nextStep = readNextStep(nextStepText);
  if (!nextStep.ok) r.fail("nextStep", nextStep.problem, nextStepText.length > 40 ? `${nextStepText.slice(0, 40)}…` : nextStepText);
  const profile = {} as Record<DealProfileField, string | null>;
  for (const field of Object.keys(dealProfileFields) as DealProfileField[]) {
    const text = r.cell(field);
    const read = readDealProfileText(field, text);
    if (!read.ok) r.fail(field, read.problem, text.length > 40 ? `${text.slice(0, 40)}…` : text);
    profile[field] = read.ok ? read.value : null;
  }

  return r.result(() => ({
    externalId,
    name,
    account: r.text("account"),
    owner: r.text("owner"),
    stageId: stage!.id,
    status,
    amount,
    createdAt: created!.instant,
    // A close date is a day; a deal closed on the day it was created closes no earlier than it was created.
    closedAt: status === "open" || !close ? null : new Date(Math.max(close.instant.getTime(), created!.instant.getTime())),
    expectedCloseDate: status === "open" && close ? close.day : null,
    source: r.source(),
    segment: r.text("segment"),
    type: r.text("type"),
    winReason: r.text("winReason"),
    lossReason: r.text("lossReason"),
    competitor: r.text("competitor"),
    forecastCategory,
    nextStep: nextStep.ok ? nextStep.value : null,
    ...profile,
    stageDates,
  }));
}

/** HubSpot's per-stage "Date entered" / "Date exited" cells, by pipeline stage, in the order they were entered. */
function readStageDates(r: RowReader, ctx: OpportunityRowContext): StageDates[] {
  const byStage = new Map<number, StageDates>();
  for (const column of ctx.stageColumns ?? []) {
    if (!r.cellAt(column.column)) continue;
    const at = r.dateAt(column.column);
    const stageId = ctx.stageMap[column.stage];
    if (!at) continue;
    if (stageId === undefined || stageId === null) {
      r.failAt(column.column, `"${column.stage}" is not mapped to a stage of the pipeline`);
      continue;
    }
    const entry = byStage.get(stageId) ?? { stageId, enteredAt: null, exitedAt: null };
    const instant = at.instant;
    // Two source stages mapped to one pipeline stage: the earliest entry and the latest exit.
    if (column.kind === "entered") entry.enteredAt = entry.enteredAt && entry.enteredAt < instant ? entry.enteredAt : instant;
    else entry.exitedAt = entry.exitedAt && entry.exitedAt > instant ? entry.exitedAt : instant;
    byStage.set(stageId, entry);
  }
  return [...byStage.values()].filter((e) => e.enteredAt !== null).sort((a, b) => a.enteredAt!.getTime() - b.enteredAt!.getTime());
}
