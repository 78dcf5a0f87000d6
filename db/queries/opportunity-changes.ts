import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DatabaseOrTransaction, Database } from "@/db/index";
import { auditLog, opportunities, opportunityChanges, type NewOpportunityChange, type Opportunity } from "@/db/schema";
import type { ForecastCategory, OpportunityChangeField, OpportunityChangeSource } from "@/lib/domain/forecast-categories";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { UserRole } from "@/lib/domain/roles";
import { canEditDeal } from "@/lib/auth/permissions";
import { readCloseReasons, type CloseReasonsInput, type FiledReason } from "@/lib/win-loss/close-reasons";
import { getSetting } from "./settings";

/**
 * A deal's change history (db/schema.ts, opportunityChanges): each value as text, the way the
 * waterfall reads it back: an amount as its two-place decimal, a date as YYYY-MM-DD, a stage by id.
 */
type Tracked = Pick<Opportunity, "amount" | "expectedCloseDate" | "stageId" | "status" | "forecastCategory" | "nextStep">;

const trackedValues = (o: Partial<Tracked>): Partial<Record<OpportunityChangeField, string | null>> => {
  const out: Partial<Record<OpportunityChangeField, string | null>> = {};
  if (o.amount !== undefined) out.amount = o.amount === null ? null : canonicalAmount(o.amount);
  if (o.expectedCloseDate !== undefined) out.expected_close_date = o.expectedCloseDate;
  if (o.stageId !== undefined) out.stage = String(o.stageId);
  if (o.status !== undefined) out.status = o.status;
  if (o.forecastCategory !== undefined) out.forecast_category = o.forecastCategory;
  if (o.nextStep !== undefined) out.next_step = o.nextStep;
  return out;
};

/** "50000" or "50000.5" → "50000.50", without passing through a float. */
function canonicalAmount(text: string): string {
  const [whole, fraction = ""] = text.split(".");
  return `${BigInt(whole!)}.${fraction.padEnd(2, "0").slice(0, 2)}`;
}

export interface ChangeStamp {
  changedAt: Date;
  source: OpportunityChangeSource;
  importJobId?: number | null;
  changedBy?: number | null;
  /** When a field's change happened, where it differs from `changedAt` (a status change at the deal's close). */
  at?: Partial<Record<OpportunityChangeField, Date>>;
}

/** The history rows for the tracked fields that differ between `before` and `after` (fields `after` leaves out are unchanged). */
export function opportunityChangesOf(opportunityId: number, before: Tracked, after: Partial<Tracked>, stamp: ChangeStamp): NewOpportunityChange[] {
  const old = trackedValues(before);
  const now = trackedValues(after);
  return (Object.keys(now) as OpportunityChangeField[])
    .filter((field) => (old[field] ?? null) !== (now[field] ?? null))
    .map((field) => ({
      opportunityId,
      field,
      oldValue: old[field] ?? null,
      newValue: now[field] ?? null,
      changedAt: stamp.at?.[field] ?? stamp.changedAt,
      source: stamp.source,
      importJobId: stamp.importJobId ?? null,
      changedBy: stamp.changedBy ?? null,
    }));
}

const BATCH = 2_000;

export async function recordOpportunityChanges(db: DatabaseOrTransaction, changes: readonly NewOpportunityChange[]): Promise<void> {
  for (let i = 0; i < changes.length; i += BATCH) await db.insert(opportunityChanges).values(changes.slice(i, i + BATCH));
}

/**
 * Before a rollback puts an import's before-images back on the deals it updated: the changes that
 * undoes, as history (at `at`), so the waterfall sees the values move back.
 */
export async function recordRollbackChanges(db: DatabaseOrTransaction, jobId: number, at: Date): Promise<void> {
  await db.execute(sql`
    insert into opportunity_changes (opportunity_id, field, old_value, new_value, changed_at, source, import_job_id)
    select o.id, f.field::opportunity_change_field, f.old_value, f.new_value, ${at.toISOString()}::timestamptz, 'import', ${jobId}
    from import_changes c
    join opportunities o on o.id = c.row_id
    cross join lateral (values
      ('amount', o.amount::text, (c.before->>'amount')::numeric(14, 2)::text),
      ('expected_close_date', o.expected_close_date::text, c.before->>'expected_close_date'),
      ('stage', o.stage_id::text, c.before->>'stage_id'),
      ('status', o.status::text, c.before->>'status'),
      ('forecast_category', o.forecast_category::text, c.before->>'forecast_category'),
      ('next_step', o.next_step, c.before->>'next_step')
    ) as f(field, old_value, new_value)
    where c.job_id = ${jobId} and c.table_name = 'opportunities' and f.old_value is distinct from f.new_value`);
}

interface DealEdit {
  opportunityId: number;
  /** The deal's version as the person loaded it. */
  version: number;
  user: { id: number; role: UserRole };
}

/** One line of the audit log for an edit of a deal: the field as people read it, before and after. */
interface DealAudit {
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

/**
 * One edit of a deal's own fields by its owner or an admin, kept in its change history (the fields
 * it tracks) and the audit log (`audit`: what changed, as people read it). Refused when the deal
 * changed since the person loaded it (`version`), so nobody's edit is lost; an edit that changes
 * nothing keeps the version. Answers the deal as it is afterwards.
 */
async function editDeal(
  db: Database,
  input: DealEdit,
  edit: {
    what: string;
    patch: (deal: Opportunity) => Partial<Tracked> & Partial<Opportunity>;
    audit: (before: Opportunity, changes: readonly NewOpportunityChange[]) => DealAudit[];
  },
  now: Date,
): Promise<Opportunity> {
  return db.transaction(async (tx) => {
    const [deal] = await tx.select().from(opportunities).where(eq(opportunities.id, input.opportunityId)).for("update");
    if (!deal) throw new NotFoundError(`There is no deal #${input.opportunityId}.`, "opportunityId");
    if (!canEditDeal(input.user, deal.ownerId)) throw new ForbiddenError(`Only the deal's owner or an admin sets its ${edit.what}.`);
    if (deal.version !== input.version) throw new ConflictError(`"${deal.name}" was changed by someone else since you opened it; reload to see the change.`, "version");
    const patch = edit.patch(deal);
    const changes = opportunityChangesOf(deal.id, deal, patch, { changedAt: now, source: "edit", changedBy: input.user.id });
    const audits = edit.audit(deal, changes);
    if (changes.length === 0 && audits.length === 0) return deal;
    const [updated] = await tx
      .update(opportunities)
      .set({ ...patch, version: deal.version + 1, updatedAt: now })
      .where(and(eq(opportunities.id, deal.id), eq(opportunities.version, deal.version)))
      .returning();
    if (!updated) throw new ConflictError(`"${deal.name}" was changed by someone else meanwhile; reload to see the change.`, "version");
    await recordOpportunityChanges(tx, changes);
    if (audits.length > 0) await tx.insert(auditLog).values(audits.map((a) => ({ userId: input.user.id, entity: "opportunity", entityId: String(deal.id), ...a })));
    return updated;
  });
}

/** The audit of an edit of one field the change history tracks: its change, under the field's name. */
const trackedAudit = (field: OpportunityChangeField) => (_before: Opportunity, changes: readonly NewOpportunityChange[]): DealAudit[] =>
  changes.filter((c) => c.field === field).map((c) => ({ field, oldValue: c.oldValue ?? null, newValue: c.newValue ?? null }));

/** Sets a deal's forecast category (null: derived from its stage again) as its owner or an admin. */
export async function setForecastCategory(db: Database, input: DealEdit & { category: ForecastCategory | null }, now = new Date()): Promise<{ version: number }> {
  const deal = await editDeal(db, input, { what: "forecast category", patch: () => ({ forecastCategory: input.category }), audit: trackedAudit("forecast_category") }, now);
  return { version: deal.version };
}

/** Sets a deal's next step (null: none) as its owner or an admin, stamped with when it was set. */
export async function setNextStep(db: Database, input: DealEdit & { nextStep: string | null }, now = new Date()): Promise<{ version: number; nextStepUpdatedAt: Date | null }> {
  const deal = await editDeal(db, input, { what: "next step", patch: () => ({ nextStep: input.nextStep, nextStepUpdatedAt: now }), audit: trackedAudit("next_step") }, now);
  return { version: deal.version, nextStepUpdatedAt: deal.nextStepUpdatedAt };
}

/**
 * Sets what the deal is about, its use case and main objection (null: none), as its owner or an
 * admin; each changed one is a line of the audit log, which the deal's history shows.
 */
export async function setDealProfile(db: Database, input: DealEdit & { useCase: string | null; objection: string | null }, now = new Date()): Promise<{ version: number }> {
  const deal = await editDeal(
    db,
    input,
    {
      what: "use case and objection",
      patch: () => ({ useCase: input.useCase, objection: input.objection }),
      audit: (before) =>
        [
          { field: "use case", oldValue: before.useCase, newValue: input.useCase },
          { field: "objection", oldValue: before.objection, newValue: input.objection },
        ].filter((a) => a.oldValue !== a.newValue),
    },
    now,
  );
  return { version: deal.version };
}

/** A reason as the deal's history shows it: its label, with the words as written when they differ. */
function reasonText(r: FiledReason): string | null {
  if (r.raw === null) return r.label;
  if (r.label === null) return `Not filed: “${r.raw}”`;
  return r.label === r.raw ? r.label : `${r.label} (“${r.raw}”)`;
}

/**
 * Records why a closed deal was won or lost, and its competitor, as its owner or an admin, read
 * against the taxonomies (readCloseReasons; a wrong field is a ValidationError naming it). Each
 * changed reason is one line of the audit log, which the deal's history shows.
 */
export async function setCloseReasons(db: Database, input: DealEdit & { reasons: CloseReasonsInput }, now = new Date()): Promise<{ version: number }> {
  const taxonomies = await getSetting(db, "reasonTaxonomies");
  let audits: DealAudit[] = [];
  const deal = await editDeal(
    db,
    input,
    {
      what: "reasons",
      patch: (before) => {
        const read = readCloseReasons(input.reasons, before.status, taxonomies);
        if (!read.ok) throw new ValidationError(read.problem, read.field);
        const { kind, reason, competitor } = read.value;
        const [label, raw] = kind === "loss" ? (["lossReason", "lossReasonRaw"] as const) : (["winReason", "winReasonRaw"] as const);
        audits = [
          { field: `${kind} reason`, oldValue: reasonText({ label: before[label], raw: before[raw] }), newValue: reasonText(reason) },
          { field: "competitor", oldValue: reasonText({ label: before.competitor, raw: before.competitorRaw }), newValue: reasonText(competitor) },
        ].filter((a) => a.oldValue !== a.newValue);
        return { [label]: reason.label, [raw]: reason.raw, competitor: competitor.label, competitorRaw: competitor.raw };
      },
      audit: () => audits,
    },
    now,
  );
  return { version: deal.version };
}
