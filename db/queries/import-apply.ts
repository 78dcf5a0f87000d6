import "server-only";
import { sql, type SQLWrapper } from "drizzle-orm";
import { mapAnswer } from "@/lib/attribution/answer-rules";
import { queryRows, type DatabaseOrTransaction } from "@/db/index";
import { accounts, contacts, importInserts, leads, opportunities, selfReportedAnswers, touchpoints, webTraffic, opportunityStageHistory, type NewOpportunity, type NewOpportunityChange, type Opportunity } from "@/db/schema";
import { SignalItemError } from "@/lib/errors";
import type { ImportedOpportunity, StageDates } from "@/lib/import/opportunities";
import type { Channel } from "@/lib/domain/channels";
import type { ImportedAnswer, ImportedDay, ImportedLead, ImportedStageChange, ImportedTouchpoint } from "@/lib/import/records";
import { accountNameAsWritten, candidateNames, matchAccountName, normaliseAccountName, type MatchSummary } from "@/lib/import/match-keys";
import type { RowError } from "@/lib/import/rows";
import { sortedJson } from "./icp-fit";
import { opportunityChangesOf, recordOpportunityChanges } from "./opportunity-changes";
import { mapReason, type ReasonTaxonomies } from "@/lib/win-loss/reasons";
import { getSetting } from "./settings";
import type { ImportedSignal } from "@/lib/import/records";
import { ingestContext } from "./signal-context";
import { ingestSignal } from "./signal-ingest";
import { touchContacts } from "./engagement";
import { countInferred, inferableStages, inferLeadStages, noInferredStages, stageDateField, type InferableStage, type InferredStageCounts } from "@/lib/metrics/lead-stages";

/**
 * Writing one batch of read rows: each row is matched on its external id and counted as new,
 * updated or unchanged. With `write` off (a dry run) nothing is written and the counts are the
 * same a commit would give. Every write is recorded in import_changes for the rollback.
 */
export interface ApplyContext {
  db: DatabaseOrTransaction;
  jobId: number;
  write: boolean;
  /** When the import started: the time of a stage change the file gives no date for. */
  asOf: Date;
  /**
   * What each account name of the file (as written: see accountNameAsWritten) resolved to, kept
   * across batches: an account id, null for one created by this import (in a dry run), or the
   * candidates when the name matches more than one account.
   */
  accountIds: Map<string, number | null | { candidates: string[] }>;
  /** Every account as it was before this import, by name key (normaliseAccountName); loaded when first needed. */
  accountNames?: Map<string, AccountRef[]>;
  /** The first row of the file giving each account domain, kept across batches. */
  domainRows: Map<string, number>;
  /** Accounts and contacts: the first row of the file matched to each existing record, by record id. */
  matchedRecords: Map<number, number>;
  /** Accounts and contacts: the first row of the file giving each name key or e-mail. */
  keyRows: Map<string, number>;
  /** Accounts and contacts: what the rows were matched on. */
  matches: MatchSummary;
  /** The file's name for the column mapped to `field` (`fallback` when none is). */
  columnOf(field: string, fallback: string): string;
}

export interface Rowed<T> {
  row: number;
  value: T;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows the file alone could not tell were wrong (an opportunity that does not exist, a domain taken). */
  errors: RowError[];
  /** Leads: how many had a stage date inferred, by stage. */
  inferredLeadStages?: InferredStageCounts;
}

export const emptyOutcome = (): BatchOutcome => ({ created: 0, updated: 0, unchanged: 0, errors: [] });

async function recordInserted(ctx: ApplyContext, table: string, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db.insert(importInserts).values({ jobId: ctx.jobId, tableName: table, rowIds: ids });
}

/** The SQL that records the ids a data-modifying CTE named `from` returned as inserted by this import. */
const recordInsertedFrom = (ctx: ApplyContext, table: string, from: string) =>
  sql`insert into import_inserts (job_id, table_name, row_ids) select ${ctx.jobId}, ${table}, array_agg(id) from ${sql.raw(from)} having count(*) > 0`;

/** Keeps each row's state before this import's first change to it. */
async function recordBefore(ctx: ApplyContext, table: string, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db.execute(sql`
    insert into import_changes (job_id, table_name, row_id, before)
    select ${ctx.jobId}, ${table}, t.id, to_jsonb(t) from ${sql.identifier(table)} t
    where t.id = any(${arrayLiteral(ids)}::int[])
    on conflict do nothing`);
}

const snakeCase = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Updates rows of one table in one statement, each with its own changed fields laid over its
 * current values, after keeping their before-images for the rollback.
 */
async function updateRows(
  ctx: ApplyContext,
  table: string,
  updates: { id: number; fields: Record<string, unknown> }[],
  stamp: { version?: boolean; updatedAt?: boolean } = {},
): Promise<void> {
  if (updates.length === 0) return;
  await recordBefore(ctx, table, updates.map((u) => u.id));
  const columns = [...new Set(updates.flatMap((u) => Object.keys(u.fields).map(snakeCase)))];
  const data = updates.map((u) => ({ id: u.id, patch: Object.fromEntries(Object.entries(u.fields).map(([f, v]) => [snakeCase(f), v])) }));
  await ctx.db.execute(sql`
    update ${sql.identifier(table)} t
    set (${sql.join(columns.map((c) => sql.identifier(c)), sql`, `)}) = (select ${sql.join(columns.map((c) => sql`r.${sql.identifier(c)}`), sql`, `)} from jsonb_populate_record(t, d.patch) r)
      ${stamp.version ? sql`, version = t.version + 1` : sql``} ${stamp.updatedAt ? sql`, updated_at = now()` : sql``}
    from jsonb_to_recordset(${json(data)}::jsonb) as d(id int, patch jsonb)
    where t.id = d.id`);
}

/** A PostgreSQL array literal: every element quoted, so any text is safe in it. */
const arrayLiteral = (values: readonly (string | number)[]) => `{${values.map((v) => `"${String(v).replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;

/** `column = any(…)` with the list as one array parameter: a thousand values without a thousand parameters, and the index still used. */
export const inList = (column: SQLWrapper, values: readonly (string | number)[], type: "text" | "int" = "text") =>
  sql`${column} = any(${arrayLiteral(values)}::${sql.raw(type)}[])`;

export interface AccountRef {
  /** Null: created by this import in a dry run. */
  id: number | null;
  name: string;
  domain: string | null;
  externalId: string | null;
}

/**
 * Every account by the key its name is matched on, read once per import. Names are matched on a
 * normalised key ("Acme, Inc." is "acme") that no index can serve, and an organisation has at most
 * some tens of thousands of accounts: one read beats a lookup per batch.
 */
export async function accountNameIndex(ctx: ApplyContext): Promise<Map<string, AccountRef[]>> {
  if (ctx.accountNames) return ctx.accountNames;
  const all = await ctx.db
    .select({ id: accounts.id, name: accounts.name, domain: sql<string | null>`lower(${accounts.domain})`, externalId: accounts.externalId })
    .from(accounts)
    .orderBy(accounts.id);
  const index = new Map<string, AccountRef[]>();
  for (const a of all) addToIndex(index, a);
  ctx.accountNames = index;
  return index;
}

function addToIndex(index: Map<string, AccountRef[]>, account: AccountRef): void {
  const k = normaliseAccountName(account.name);
  const list = index.get(k);
  if (list) list.push(account);
  else index.set(k, [account]);
}

/**
 * The account for each name a file gives (an opportunity's, lead's, touch's or contact's "Account
 * Name"), matched as the accounts import matches names (matchAccountName), creating the accounts
 * that do not exist (or counting them, in a dry run). A name matching more than one account is
 * kept as ambiguous: its rows are refused (withoutAmbiguousAccounts).
 */
async function resolveAccounts(ctx: ApplyContext, names: (string | null)[]): Promise<void> {
  const wanted = new Map<string, string>();
  for (const n of names) if (n && !ctx.accountIds.has(accountNameAsWritten(n)) && !wanted.has(accountNameAsWritten(n))) wanted.set(accountNameAsWritten(n), n.trim());
  if (wanted.size === 0) return;
  const index = await accountNameIndex(ctx);
  // New accounts by name key: "Acme Inc" and "ACME, Inc." on two rows are one new account.
  const missing = new Map<string, { name: string; written: string[] }>();
  for (const [written, name] of wanted) {
    const match = matchAccountName(name, index.get(normaliseAccountName(name)) ?? []);
    if (match.kind === "one") ctx.accountIds.set(written, match.account.id);
    else if (match.kind === "many") ctx.accountIds.set(written, { candidates: match.candidates.map((c) => c.name) });
    else {
      const k = normaliseAccountName(name);
      const entry = missing.get(k);
      if (entry) entry.written.push(written);
      else missing.set(k, { name, written: [written] });
    }
  }
  if (missing.size === 0) return;
  const planned = [...missing.values()];
  let created: { id: number | null; name: string }[] = planned.map((m) => ({ id: null, name: m.name }));
  if (ctx.write) {
    created = await ctx.db.insert(accounts).values(planned.map((m) => ({ name: m.name }))).returning({ id: accounts.id, name: accounts.name });
    await recordInserted(ctx, "accounts", created.map((a) => a.id!));
  }
  for (const a of created) {
    addToIndex(index, { id: a.id, name: a.name, domain: null, externalId: null });
    for (const written of missing.get(normaliseAccountName(a.name))!.written) ctx.accountIds.set(written, a.id);
  }
}

/** The id of the account a resolved name stands for (null: none, or created by a dry run). */
export function accountIdOf(ctx: ApplyContext, name: string | null): number | null {
  const found = name ? ctx.accountIds.get(accountNameAsWritten(name)) : null;
  return typeof found === "number" ? found : null;
}

/**
 * Resolves the account names of a batch (when the file has an account column) and returns its rows
 * but those whose name matches more than one account, which are their rows' errors.
 */
export async function withAccounts<T extends { account: string | null }>(ctx: ApplyContext, batch: Rowed<T>[], mapped: ReadonlySet<string>, outcome: BatchOutcome): Promise<Rowed<T>[]> {
  if (!mapped.has("account")) return batch;
  await resolveAccounts(ctx, batch.map((r) => r.value.account));
  const column = ctx.columnOf("account", "Account");
  return batch.filter(({ row, value }) => {
    const found = value.account ? ctx.accountIds.get(accountNameAsWritten(value.account)) : null;
    if (!found || typeof found !== "object") return true;
    outcome.errors.push({ row, column, value: value.account!, problem: `matches more than one account (${candidateNames(found.candidates.map((name) => ({ name })))}); give the account's exact name, or rename one of them` });
    return false;
  });
}

// ── Opportunities ───────────────────────────────────────────────────────────────────────────────

export interface OpportunityApplyOptions {
  /** The fields the file has a column for; the others keep their stored value. */
  mapped: ReadonlySet<string>;
  /** Owner as written in the file → user id (null: unassigned). */
  ownerIds: ReadonlyMap<string, number | null>;
  stagePositions: ReadonlyMap<number, number>;
  /** The position of the first stage that counts as qualified. */
  qualifiedPosition: number;
  /** The taxonomies win and loss reasons and competitors are mapped to (the raw text is kept too). */
  reasons: ReasonTaxonomies;
}

type OpportunityFields = Omit<NewOpportunity, "id" | "externalId" | "version" | "updatedAt">;

const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date || b instanceof Date
    ? (a as Date | null)?.getTime() === (b as Date | null)?.getTime()
    : a !== null && b !== null && typeof a === "object" && typeof b === "object"
      ? sortedJson(a) === sortedJson(b)
      : (a ?? null) === (b ?? null);

function opportunityFields(o: ImportedOpportunity, ctx: ApplyContext, opts: OpportunityApplyOptions, existing: Opportunity | undefined): OpportunityFields {
  const fields: OpportunityFields = {
    name: o.name,
    stageId: o.stageId,
    status: o.status,
    createdAt: o.createdAt,
    closedAt: o.closedAt,
  };
  const m = opts.mapped;
  // A blank amount in the file sets "no amount" (the export's blank means the CRM has none); a file
  // without an amount column leaves the stored amounts alone (a new deal has none).
  if (m.has("amount")) fields.amount = o.amount;
  if (m.has("closeDate")) fields.expectedCloseDate = o.expectedCloseDate;
  if (m.has("account")) fields.accountId = accountIdOf(ctx, o.account);
  if (m.has("owner")) fields.ownerId = o.owner ? (opts.ownerIds.get(o.owner) ?? null) : null;
  for (const f of ["source", "segment", "type"] as const) if (m.has(f)) fields[f] = o[f];
  if (m.has("forecastCategory")) fields.forecastCategory = o.forecastCategory;
  if (m.has("nextStep")) fields.nextStep = o.nextStep;
  for (const f of ["useCase", "objection"] as const) if (m.has(f)) fields[f] = o[f];
  for (const [f, kind] of [["winReason", "win"], ["lossReason", "loss"], ["competitor", "competitor"]] as const) {
    if (!m.has(f)) continue;
    fields[`${f}Raw`] = o[f];
    fields[f] = mapReason(o[f], opts.reasons[kind]);
  }
  if (!existing?.qualifiedAt) {
    const qualifiedEntry = o.stageDates.find((d) => (opts.stagePositions.get(d.stageId) ?? 0) >= opts.qualifiedPosition);
    const reached = o.status !== "open" || (opts.stagePositions.get(o.stageId) ?? 0) >= opts.qualifiedPosition;
    fields.qualifiedAt = qualifiedEntry?.enteredAt ?? (reached ? o.createdAt : null);
  }
  return fields;
}

/** The stage history a deal's row implies: HubSpot's per-stage dates, ending in the current stage. */
function impliedHistory(o: ImportedOpportunity, changeAt: Date): StageDates[] {
  const entries = o.stageDates.map((d, i, all) => ({ ...d, exitedAt: d.exitedAt ?? (i < all.length - 1 ? all[i + 1]!.enteredAt : null) }));
  const last = entries[entries.length - 1];
  if (!last || last.stageId !== o.stageId) {
    const at = new Date(Math.max(changeAt.getTime(), last?.enteredAt?.getTime() ?? 0));
    if (last && !last.exitedAt) last.exitedAt = at;
    entries.push({ stageId: o.stageId, enteredAt: at, exitedAt: null });
  }
  return entries;
}

export async function applyOpportunities(ctx: ApplyContext, batch: Rowed<ImportedOpportunity>[], opts: OpportunityApplyOptions): Promise<BatchOutcome> {
  const outcome = emptyOutcome();
  if (batch.length === 0) return outcome;
  const rows = await withAccounts(ctx, batch, opts.mapped, outcome);
  const existingRows = await ctx.db.select().from(opportunities).where(inList(opportunities.externalId, rows.map((r) => r.value.externalId)));
  const existing = new Map(existingRows.map((o) => [o.externalId!, o]));
  const history = existingRows.length
    ? await ctx.db.select().from(opportunityStageHistory).where(inList(opportunityStageHistory.opportunityId, existingRows.map((o) => o.id), "int")).orderBy(opportunityStageHistory.enteredAt)
    : [];

  const historyOf = new Map<number, typeof history>();
  for (const h of history) historyOf.set(h.opportunityId, [...(historyOf.get(h.opportunityId) ?? []), h]);
  const inserts: (OpportunityFields & { externalId: string })[] = [];
  const insertHistory = new Map<string, StageDates[]>();
  const updates: { id: number; fields: Partial<OpportunityFields> }[] = [];
  const historyInserts: { opportunityId: number; stageId: number; enteredAt: Date; exitedAt: Date | null }[] = [];
  const historyExits: { id: number; enteredAt: Date; exitedAt: Date }[] = [];
  const changes: NewOpportunityChange[] = [];

  for (const { value: o } of rows) {
    const current = existing.get(o.externalId);
    const fields = opportunityFields(o, ctx, opts, current);
    if (!current) {
      inserts.push({ ...fields, ...(fields.nextStep ? { nextStepUpdatedAt: ctx.asOf } : {}), externalId: o.externalId });
      // Without per-stage dates a new deal entered its stage when it was created (or closed).
      insertHistory.set(o.externalId, impliedHistory(o, o.closedAt ?? (o.stageDates.length ? ctx.asOf : o.createdAt)));
      continue;
    }
    const changed = Object.fromEntries(Object.entries(fields).filter(([f, v]) => !sameValue(current[f as keyof Opportunity], v))) as Partial<OpportunityFields>;
    const own = historyOf.get(current.id) ?? [];
    const latest = own[own.length - 1];
    // A stage change the file gives no date for happened when the deal closed, else now; never
    // before the stage it leaves was entered. A stage already current keeps its entry.
    const changeAt =
      latest?.stageId === o.stageId ? latest.enteredAt : new Date(Math.max((o.closedAt ?? ctx.asOf).getTime(), latest?.enteredAt.getTime() ?? 0));
    const wanted = o.stageDates.length || latest?.stageId !== o.stageId ? impliedHistory(o, changeAt) : [];
    const final = wanted[wanted.length - 1];
    const same = (h: { stageId: number; enteredAt: Date }, e: StageDates) => h.stageId === e.stageId && h.enteredAt.getTime() === e.enteredAt!.getTime();
    let historyChanged = false;
    for (const entry of wanted) {
      const match = own.find((h) => same(h, entry));
      if (!match) {
        historyInserts.push({ opportunityId: current.id, stageId: entry.stageId, enteredAt: entry.enteredAt!, exitedAt: entry.exitedAt });
        historyChanged = true;
      } else if (entry.exitedAt && !match.exitedAt) {
        historyExits.push({ id: match.id, enteredAt: match.enteredAt, exitedAt: entry.exitedAt });
        historyChanged = true;
      }
    }
    // Whatever stage was open before the current one closes when the current one starts.
    if (final) {
      for (const open of own.filter((h) => !h.exitedAt && !same(h, final) && !historyExits.some((x) => x.id === h.id))) {
        historyExits.push({ id: open.id, enteredAt: open.enteredAt, exitedAt: final.enteredAt! });
        historyChanged = true;
      }
    }
    if (Object.keys(changed).length === 0 && !historyChanged) {
      outcome.unchanged++;
      continue;
    }
    outcome.updated++;
    if (Object.keys(changed).length > 0) {
      // The CRM's export has no date for its next step: it was set (or cleared) as of this import.
      updates.push({ id: current.id, fields: "nextStep" in changed ? { ...changed, nextStepUpdatedAt: ctx.asOf } : changed });
      // A deal closes when the file says it closed; its stage moved when its history says so.
      const at = { status: o.closedAt ?? ctx.asOf, stage: final?.enteredAt ?? changeAt };
      changes.push(...opportunityChangesOf(current.id, current, changed, { changedAt: ctx.asOf, source: "import", importJobId: ctx.jobId, at }));
    }
  }
  outcome.created = inserts.length;
  if (!ctx.write) return outcome;

  if (inserts.length) await insertOpportunities(ctx, inserts, insertHistory);
  await updateRows(ctx, "opportunities", updates, { version: true, updatedAt: true });
  await recordOpportunityChanges(ctx.db, changes);
  // An entry never ends before it started.
  await updateRows(ctx, "opportunity_stage_history", historyExits.map((x) => ({ id: x.id, fields: { exitedAt: x.exitedAt < x.enteredAt ? x.enteredAt : x.exitedAt } })));
  if (historyInserts.length) await insertHistoryEntries(ctx, historyInserts);
  return outcome;
}

// Bulk writes pass a batch as one JSON parameter that the database unpacks: a thousand rows cost
// one round trip and no per-value query building.
const json = (rows: unknown) => JSON.stringify(rows);

/** The opportunity columns an import writes: field, column and type. */
const opportunityColumns = [
  ["name", "name", "text"],
  ["accountId", "account_id", "int"],
  ["ownerId", "owner_id", "int"],
  ["source", "source", "text"],
  ["segment", "segment", "text"],
  ["type", "type", "text"],
  ["amount", "amount", "numeric"],
  ["stageId", "stage_id", "int"],
  ["status", "status", "opportunity_status"],
  ["createdAt", "created_at", "timestamptz"],
  ["qualifiedAt", "qualified_at", "timestamptz"],
  ["expectedCloseDate", "expected_close_date", "date"],
  ["closedAt", "closed_at", "timestamptz"],
  ["winReason", "win_reason", "text"],
  ["lossReason", "loss_reason", "text"],
  ["competitor", "competitor", "text"],
  ["winReasonRaw", "win_reason_raw", "text"],
  ["lossReasonRaw", "loss_reason_raw", "text"],
  ["competitorRaw", "competitor_raw", "text"],
  ["forecastCategory", "forecast_category", "forecast_category"],
  ["nextStep", "next_step", "text"],
  ["nextStepUpdatedAt", "next_step_updated_at", "timestamptz"],
  ["useCase", "use_case", "text"],
  ["objection", "objection", "text"],
] as const;

const recordType = (columns: readonly (readonly [string, string, string])[]) =>
  sql.raw(columns.map(([field, , type]) => `"${field}" ${type}`).join(", "));

/** New opportunities, their stage history and the change records for both, in one statement. */
async function insertOpportunities(ctx: ApplyContext, rows: (OpportunityFields & { externalId: string })[], history: Map<string, StageDates[]>): Promise<void> {
  const data = rows.map((r) => ({ ...r, history: (history.get(r.externalId) ?? []).map(clampExit) }));
  const columns = sql.raw(opportunityColumns.map(([, column]) => column).join(", "));
  const values = sql.raw(opportunityColumns.map(([field]) => `d."${field}"`).join(", "));
  await ctx.db.execute(sql`
    with d as (
      select * from json_to_recordset(${json(data)}::json) as x("externalId" text, ${recordType(opportunityColumns)}, history json)
    ), inserted as (
      insert into opportunities (external_id, ${columns}) select d."externalId", ${values} from d returning id, external_id
    ), opportunity_changes as (
      ${recordInsertedFrom(ctx, "opportunities", "inserted")}
    ), entries as (
      insert into opportunity_stage_history (opportunity_id, stage_id, entered_at, exited_at)
      select i.id, h."stageId", h."enteredAt", h."exitedAt"
      from inserted i join d on d."externalId" = i.external_id
      cross join lateral json_to_recordset(d.history) as h("stageId" int, "enteredAt" timestamptz, "exitedAt" timestamptz)
      on conflict do nothing returning id
    )
    ${recordInsertedFrom(ctx, "opportunity_stage_history", "entries")}`);
}

const clampExit = (h: { stageId: number; enteredAt: Date | null; exitedAt: Date | null }) => ({
  stageId: h.stageId,
  enteredAt: h.enteredAt,
  exitedAt: h.exitedAt && h.enteredAt && h.exitedAt < h.enteredAt ? h.enteredAt : h.exitedAt,
});

async function insertHistoryEntries(ctx: ApplyContext, entries: { opportunityId: number; stageId: number; enteredAt: Date; exitedAt: Date | null }[]): Promise<void> {
  const data = entries.map((e) => ({ opportunityId: e.opportunityId, ...clampExit(e) }));
  await ctx.db.execute(sql`
    with entries as (
      insert into opportunity_stage_history (opportunity_id, stage_id, entered_at, exited_at)
      select h."opportunityId", h."stageId", h."enteredAt", h."exitedAt"
      from json_to_recordset(${json(data)}::json) as h("opportunityId" int, "stageId" int, "enteredAt" timestamptz, "exitedAt" timestamptz)
      on conflict do nothing returning id
    )
    ${recordInsertedFrom(ctx, "opportunity_stage_history", "entries")}`);
}

// ── Salesforce opportunity history: one row per stage change ────────────────────────────────────

/**
 * Adds the stage changes the file lists to each opportunity's history (an opportunity must exist:
 * import the opportunity report first), then sets each entry's exit to the next entry's start.
 */
export async function applyStageChanges(ctx: ApplyContext, rows: Rowed<ImportedStageChange>[]): Promise<BatchOutcome> {
  const outcome = emptyOutcome();
  if (rows.length === 0) return outcome;
  const ids = [...new Set(rows.map((r) => r.value.opportunityExternalId))];
  const opps = await ctx.db.select({ id: opportunities.id, externalId: opportunities.externalId }).from(opportunities).where(inList(opportunities.externalId, ids));
  const oppId = new Map(opps.map((o) => [o.externalId!, o.id]));
  const history = opps.length
    ? await ctx.db.select().from(opportunityStageHistory).where(inList(opportunityStageHistory.opportunityId, opps.map((o) => o.id), "int"))
    : [];
  const inserts: { row: number; opportunityId: number; stageId: number; enteredAt: Date }[] = [];
  for (const { row, value } of rows) {
    const id = oppId.get(value.opportunityExternalId);
    if (id === undefined) {
      outcome.errors.push({ row, column: ctx.columnOf("opportunityId", "Opportunity ID"), value: value.opportunityExternalId, problem: "is not an opportunity in the app; import the opportunities first" });
      continue;
    }
    const known = history.some((h) => h.opportunityId === id && h.stageId === value.stageId && h.enteredAt.getTime() === value.changedAt.getTime());
    const repeated = inserts.some((h) => h.opportunityId === id && h.stageId === value.stageId && h.enteredAt.getTime() === value.changedAt.getTime());
    if (known || repeated) outcome.unchanged++;
    else {
      inserts.push({ row, opportunityId: id, stageId: value.stageId, enteredAt: value.changedAt });
      outcome.created++;
    }
  }
  if (!ctx.write || inserts.length === 0) return outcome;
  const created = await ctx.db
    .insert(opportunityStageHistory)
    .values(inserts.map(({ opportunityId, stageId, enteredAt }) => ({ opportunityId, stageId, enteredAt })))
    .onConflictDoNothing()
    .returning({ id: opportunityStageHistory.id });
  await recordInserted(ctx, "opportunity_stage_history", created.map((c) => c.id));
  // Each entry ends when the next one starts; the latest stays open.
  const touched = [...new Set(inserts.map((i) => i.opportunityId))];
  // Entered at the same moment (a guess from the opportunity report and a dated change), the earlier pipeline stage comes first.
  const next = sql`lead(entered_at) over (partition by opportunity_id order by entered_at, (select position from pipeline_stages p where p.id = stage_id), id)`;
  const stale = sql`select id, ${next} as next_at from opportunity_stage_history where opportunity_id in ${touched}`;
  await ctx.db.execute(sql`
    insert into import_changes (job_id, table_name, row_id, before)
    select ${ctx.jobId}, 'opportunity_stage_history', h.id, to_jsonb(h) from opportunity_stage_history h join (${stale}) s on s.id = h.id
    where h.exited_at is distinct from s.next_at
    on conflict do nothing`);
  await ctx.db.execute(sql`
    update opportunity_stage_history h set exited_at = s.next_at from (${stale}) s
    where s.id = h.id and h.exited_at is distinct from s.next_at`);
  return outcome;
}

// ── Rows matched on a key of their own ──────────────────────────────────────────────────────────

type KeyedTable = typeof accounts | typeof contacts | typeof leads | typeof touchpoints;
export type KeyedTableName = "accounts" | "contacts" | "leads" | "touchpoints";

/** A row of the file and the record it was matched to (none: it is new). */
export interface MatchedRow<T> {
  value: T;
  current: Record<string, unknown> | undefined;
}

/**
 * Inserts the rows matched to no record and updates the matched records whose fields changed; rows
 * with a version get it bumped. A new row keeps its CRM id (null when the file has none).
 */
export async function writeMatched<T extends { externalId: string | null }>(
  ctx: ApplyContext,
  table: KeyedTable,
  tableName: KeyedTableName,
  rows: MatchedRow<T>[],
  fieldsOf: (value: T, existing: Record<string, unknown> | undefined) => Record<string, unknown>,
  outcome: BatchOutcome,
): Promise<void> {
  const inserts: Record<string, unknown>[] = [];
  const updates: { id: number; fields: Record<string, unknown> }[] = [];
  for (const { value, current } of rows) {
    const fields = fieldsOf(value, current);
    if (!current) {
      inserts.push({ ...fields, externalId: value.externalId });
      continue;
    }
    const changed = Object.fromEntries(Object.entries(fields).filter(([f, v]) => !sameValue(current[f], v)));
    if (Object.keys(changed).length === 0) outcome.unchanged++;
    else {
      outcome.updated++;
      updates.push({ id: current.id as number, fields: changed });
    }
  }
  outcome.created += inserts.length;
  if (!ctx.write) return;
  if (inserts.length) {
    const created = await ctx.db.insert(table as typeof accounts).values(inserts as never).returning({ id: table.id });
    await recordInserted(ctx, tableName, created.map((c) => c.id));
  }
  const versioned = "version" in table;
  await updateRows(ctx, tableName, updates, { version: versioned, updatedAt: versioned });
}

/** Inserts the rows whose external id is new and updates the ones that changed. */
async function applyByExternalId<T extends { externalId: string }>(
  ctx: ApplyContext,
  table: KeyedTable,
  tableName: KeyedTableName,
  rows: Rowed<T>[],
  fieldsOf: (value: T, existing: Record<string, unknown> | undefined) => Record<string, unknown>,
  outcome: BatchOutcome,
): Promise<void> {
  const found = (await ctx.db.select().from(table as typeof accounts).where(inList(table.externalId, rows.map((r) => r.value.externalId)))) as { externalId: string | null }[];
  const existing = new Map(found.map((r) => [r.externalId!, r as Record<string, unknown>]));
  await writeMatched(ctx, table, tableName, rows.map(({ value }) => ({ value, current: existing.get(value.externalId) })), fieldsOf, outcome);
}

/** Contact ids by lower-case email, for leads and touchpoints that name their person by email. */
async function contactIdsByEmail(ctx: ApplyContext, emails: (string | null)[]): Promise<Map<string, number>> {
  const wanted = [...new Set(emails.filter((e): e is string => !!e))];
  if (wanted.length === 0) return new Map();
  const found = await ctx.db
    .select({ id: contacts.id, email: sql<string>`lower(${contacts.email})`, accountId: contacts.accountId })
    .from(contacts)
    .where(inList(sql`lower(${contacts.email})`, wanted))
    .orderBy(contacts.id);
  const ids = new Map<string, number>();
  for (const c of found) if (!ids.has(c.email)) ids.set(c.email, c.id);
  return ids;
}

/**
 * Leads, each with its lifecycle made consistent (lib/metrics/lead-stages): a later stage implies
 * the earlier ones, whose missing dates are inferred and flagged. The outcome counts them.
 */
export async function applyLeads(ctx: ApplyContext, batch: Rowed<ImportedLead>[], opts: { mapped: ReadonlySet<string> }): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { ...emptyOutcome(), inferredLeadStages: noInferredStages() };
  if (batch.length === 0) return outcome;
  const rows = await withAccounts(ctx, batch, opts.mapped, outcome);
  const contactOf = await contactIdsByEmail(ctx, rows.map((r) => r.value.email));
  await applyByExternalId(
    ctx,
    leads,
    "leads",
    rows,
    (l, existing) => {
      const fields: Record<string, unknown> = { createdAt: l.createdAt };
      for (const f of ["wonAt", "source", "isDemoRequest"] as const) if (opts.mapped.has(f)) fields[f] = l[f];
      if (opts.mapped.has("account")) fields.accountId = accountIdOf(ctx, l.account);
      if (opts.mapped.has("email")) fields.contactId = l.email ? (contactOf.get(l.email) ?? null) : null;
      // The stage dates as known: the file's where it gives the column, else the lead's own (an
      // inferred one is not known: it is inferred again from the dates now known).
      const wasInferred = ((existing?.inferredStages as InferableStage[] | undefined) ?? []) as readonly string[];
      const known = (stage: InferableStage | "won"): Date | null => {
        const field = stageDateField[stage];
        if (opts.mapped.has(field)) return l[field];
        if (!existing || wasInferred.includes(stage)) return null;
        return (existing[field] as Date | null) ?? null;
      };
      const { dates, inferred } = inferLeadStages({ mqlAt: known("mql"), sqlAt: known("sql"), opportunityAt: known("opportunity"), wonAt: known("won") });
      for (const stage of inferableStages) {
        const field = stageDateField[stage];
        if (opts.mapped.has(field) || inferred.includes(stage) || wasInferred.includes(stage)) fields[field] = dates[field];
      }
      if (inferred.join() !== wasInferred.join()) fields.inferredStages = inferred;
      countInferred(outcome.inferredLeadStages!, inferred);
      return fields;
    },
    outcome,
  );
  return outcome;
}

export async function applyTouchpoints(ctx: ApplyContext, batch: Rowed<ImportedTouchpoint>[], opts: { mapped: ReadonlySet<string> }): Promise<BatchOutcome> {
  const outcome = emptyOutcome();
  if (batch.length === 0) return outcome;
  const rows = await withAccounts(ctx, batch, opts.mapped, outcome);
  const contactOf = await contactIdsByEmail(ctx, rows.map((r) => r.value.email));
  const accountOfContact = new Map(
    contactOf.size
      ? (await ctx.db.select({ id: contacts.id, accountId: contacts.accountId }).from(contacts).where(inList(contacts.id, [...contactOf.values()], "int"))).map((c) => [c.id, c.accountId])
      : [],
  );
  // The contacts whose touches change: each row's, and the one an updated row's touch moves away from.
  const touched: (number | null)[] = [];
  await applyByExternalId(
    ctx,
    touchpoints,
    "touchpoints",
    rows,
    (t, existing) => {
      const contactId = t.email ? (contactOf.get(t.email) ?? null) : null;
      const named = accountIdOf(ctx, t.account);
      // A touch belongs to the account it names, else to its contact's account.
      const accountId = named ?? (contactId ? (accountOfContact.get(contactId) ?? null) : null);
      touched.push(contactId, (existing?.contactId as number | null | undefined) ?? null);
      return { channel: t.channel, campaign: t.campaign, type: t.type, occurredAt: t.occurredAt, contactId, accountId };
    },
    outcome,
  );
  if (ctx.write) await touchContacts(ctx.db, touched, ctx.asOf);
  return outcome;
}

/**
 * Self-reported answers, each for a lead (by its CRM id) or a contact (by email). The same answer
 * for the same person is the same row: importing the file again changes nothing.
 */
export async function applyAnswers(ctx: ApplyContext, rows: Rowed<ImportedAnswer>[]): Promise<BatchOutcome> {
  const outcome = emptyOutcome();
  if (rows.length === 0) return outcome;
  const leadIds = [...new Set(rows.map((r) => r.value.leadExternalId).filter((id): id is string => !!id))];
  const leadOf = new Map(
    leadIds.length ? (await ctx.db.select({ id: leads.id, externalId: leads.externalId }).from(leads).where(inList(leads.externalId, leadIds))).map((l) => [l.externalId!, l.id]) : [],
  );
  const contactOf = await contactIdsByEmail(ctx, rows.map((r) => (r.value.leadExternalId ? null : r.value.email)));
  const subjects = rows.flatMap(({ row, value }) => {
    const leadId = value.leadExternalId ? leadOf.get(value.leadExternalId) : undefined;
    const contactId = !value.leadExternalId && value.email ? contactOf.get(value.email) : undefined;
    if (leadId === undefined && contactId === undefined) {
      outcome.errors.push(
        value.leadExternalId
          ? { row, column: ctx.columnOf("leadId", "Lead ID"), value: value.leadExternalId, problem: "is not a lead in the app; import the leads first" }
          : { row, column: ctx.columnOf("email", "Email"), value: value.email ?? "", problem: "is not the email of a contact in the app" },
      );
      return [];
    }
    return [{ row, value, leadId: leadId ?? null, contactId: contactId ?? null }];
  });
  const existing = subjects.length
    ? await ctx.db
        .select()
        .from(selfReportedAnswers)
        .where(
          sql`${selfReportedAnswers.leadId} = any(${arrayLiteral(subjects.flatMap((s) => (s.leadId ? [s.leadId] : [])))}::int[])
              or ${selfReportedAnswers.contactId} = any(${arrayLiteral(subjects.flatMap((s) => (s.contactId ? [s.contactId] : [])))}::int[])`,
        )
    : [];
  const inserts: (typeof selfReportedAnswers.$inferInsert)[] = [];
  const updates: { id: number; channel: Channel }[] = [];
  const { rules } = await getSetting(ctx.db, "answerRules");
  for (const s of subjects) {
    const same = existing.find((a) => a.answer === s.value.answer && (s.leadId ? a.leadId === s.leadId : a.contactId === s.contactId && a.leadId === null));
    const repeated = inserts.some((a) => a.answer === s.value.answer && a.leadId === s.leadId && a.contactId === s.contactId);
    if (repeated || (same && (!s.value.channel || s.value.channel === same.channel))) outcome.unchanged++;
    else if (same) {
      outcome.updated++;
      updates.push({ id: same.id, channel: s.value.channel! });
    } else {
      outcome.created++;
      // A channel given in the file is the marketer's: rule changes leave it alone. Without one, the rules map it.
      const channel = s.value.channel ?? mapAnswer(s.value.answer, rules).channel;
      inserts.push({ leadId: s.leadId, contactId: s.contactId, answer: s.value.answer, channel, overridden: s.value.channel !== null });
    }
  }
  if (!ctx.write) return outcome;
  if (inserts.length) {
    const created = await ctx.db.insert(selfReportedAnswers).values(inserts).returning({ id: selfReportedAnswers.id });
    await recordInserted(ctx, "self_reported_answers", created.map((c) => c.id));
  }
  await updateRows(ctx, "self_reported_answers", updates.map((u) => ({ id: u.id, fields: { channel: u.channel, overridden: true } })), { version: true });
  return outcome;
}

/** Visitors per day, matched on the day. */
export async function applyWebTraffic(ctx: ApplyContext, rows: Rowed<ImportedDay>[]): Promise<BatchOutcome> {
  const outcome = emptyOutcome();
  if (rows.length === 0) return outcome;
  const found = await ctx.db.select().from(webTraffic).where(sql`${webTraffic.day} = any(${arrayLiteral(rows.map((r) => r.value.day))}::date[])`);
  const existing = new Map(found.map((d) => [d.day, d]));
  const inserts = rows.filter((r) => !existing.has(r.value.day)).map((r) => r.value);
  const updates = rows.flatMap((r) => {
    const current = existing.get(r.value.day);
    return current && current.visitors !== r.value.visitors ? [{ id: current.id, visitors: r.value.visitors }] : [];
  });
  outcome.created = inserts.length;
  outcome.updated = updates.length;
  outcome.unchanged = rows.length - inserts.length - updates.length;
  if (!ctx.write) return outcome;
  if (inserts.length) {
    const created = await ctx.db.insert(webTraffic).values(inserts).returning({ id: webTraffic.id });
    await recordInserted(ctx, "web_traffic", created.map((c) => c.id));
  }
  await updateRows(ctx, "web_traffic", updates.map((u) => ({ id: u.id, fields: { visitors: u.visitors } })));
  return outcome;
}

/**
 * Signals from a file of history, each stored, scored as of when it happened and, unlike live
 * signals, routed to nobody (the response and meeting are the file's). Matched on the signal ID:
 * importing the file again adds nothing. Rows go in time order within a batch, so each score sees
 * the signals before it.
 */
export async function applySignals(ctx: ApplyContext, rows: Rowed<ImportedSignal>[]): Promise<BatchOutcome> {
  const outcome = emptyOutcome();
  if (rows.length === 0) return outcome;
  const keys = rows.map((r) => r.value.input.idempotencyKey!);
  const seen = new Set(
    // The import's keys have no API key: a client's signal with the same idempotency key is not this row.
    (await queryRows<{ key: string }>(ctx.db, sql`select idempotency_key as key from signals where coalesce(api_key_id, 0) = 0 and idempotency_key = any(${arrayLiteral(keys)}::text[])`)).map(
      (r) => r.key,
    ),
  );
  const fresh = rows.filter((r) => !seen.has(r.value.input.idempotencyKey!));
  outcome.unchanged = rows.length - fresh.length;
  outcome.created = fresh.length;
  if (!ctx.write) return outcome;

  const context = await ingestContext(ctx.db);
  const inserted = { signals: [] as number[], accounts: [] as number[], contacts: [] as number[] };
  const touched: (number | null)[] = [];
  const ordered = [...fresh].sort((a, b) => a.value.input.occurredAt.getTime() - b.value.input.occurredAt.getTime() || a.row - b.row);
  for (const { row, value } of ordered) {
    try {
      const result = await ingestSignal(ctx.db, value.input, context, {
        now: ctx.asOf,
        historical: { firstResponseAt: value.respondedAt, meetingBookedAt: value.meetingBookedAt },
      });
      inserted.signals.push(result.id, ...result.derived.map((d) => d.id));
      touched.push(result.contactId);
      if (result.created?.accountId) inserted.accounts.push(result.created.accountId);
      if (result.created?.contactId) inserted.contacts.push(result.created.contactId);
    } catch (error) {
      if (!(error instanceof SignalItemError)) throw error;
      outcome.created--;
      outcome.errors.push({ row, column: error.field, value: "", problem: error.message });
    }
  }
  await recordInserted(ctx, "signals", inserted.signals);
  await recordInserted(ctx, "accounts", inserted.accounts);
  await recordInserted(ctx, "contacts", inserted.contacts);
  if (inserted.signals.length) {
    const ids = arrayLiteral(inserted.signals);
    await ctx.db.execute(sql`with s as (select id from scores where signal_id = any(${ids}::int[])) ${recordInsertedFrom(ctx, "scores", "s")}`);
    await ctx.db.execute(sql`with m as (select id from meetings where signal_id = any(${ids}::int[])) ${recordInsertedFrom(ctx, "meetings", "m")}`);
  }
  // History is scored as of when it happened; the contacts' last touch and level are as of now.
  await touchContacts(ctx.db, touched, ctx.asOf);
  return outcome;
}
