import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DatabaseOrTransaction, Database } from "@/db/index";
import { auditLog, opportunities, opportunityChanges, type NewOpportunityChange, type Opportunity } from "@/db/schema";
import type { ForecastCategory, OpportunityChangeField, OpportunityChangeSource } from "@/lib/domain/forecast-categories";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import type { UserRole } from "@/lib/domain/roles";
import { canEditDeal } from "@/lib/auth/permissions";

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

/**
 * One edit of a deal's own fields by its owner or an admin, kept in its change history and the
 * audit log. Refused when the deal changed since the person loaded it (`version`), so nobody's edit
 * is lost; an edit that changes nothing keeps the version. Answers the deal as it is afterwards.
 */
async function editDeal(
  db: Database,
  input: DealEdit,
  edit: { field: "forecast_category" | "next_step"; what: string; patch: (deal: Opportunity) => Partial<Tracked> & Partial<Opportunity> },
  now: Date,
): Promise<Opportunity> {
  return db.transaction(async (tx) => {
    const [deal] = await tx.select().from(opportunities).where(eq(opportunities.id, input.opportunityId)).for("update");
    if (!deal) throw new NotFoundError(`There is no deal #${input.opportunityId}.`, "opportunityId");
    if (!canEditDeal(input.user, deal.ownerId)) throw new ForbiddenError(`Only the deal's owner or an admin sets its ${edit.what}.`);
    if (deal.version !== input.version) throw new ConflictError(`"${deal.name}" was changed by someone else since you opened it; reload to see the change.`, "version");
    const patch = edit.patch(deal);
    const changes = opportunityChangesOf(deal.id, deal, patch, { changedAt: now, source: "edit", changedBy: input.user.id });
    if (changes.length === 0) return deal;
    const [updated] = await tx
      .update(opportunities)
      .set({ ...patch, version: deal.version + 1, updatedAt: now })
      .where(and(eq(opportunities.id, deal.id), eq(opportunities.version, deal.version)))
      .returning();
    if (!updated) throw new ConflictError(`"${deal.name}" was changed by someone else meanwhile; reload to see the change.`, "version");
    await recordOpportunityChanges(tx, changes);
    const [change] = changes;
    await tx.insert(auditLog).values({ userId: input.user.id, entity: "opportunity", entityId: String(deal.id), field: edit.field, oldValue: change!.oldValue, newValue: change!.newValue });
    return updated;
  });
}

/** Sets a deal's forecast category (null: derived from its stage again) as its owner or an admin. */
export async function setForecastCategory(db: Database, input: DealEdit & { category: ForecastCategory | null }, now = new Date()): Promise<{ version: number }> {
  const deal = await editDeal(db, input, { field: "forecast_category", what: "forecast category", patch: () => ({ forecastCategory: input.category }) }, now);
  return { version: deal.version };
}

/** Sets a deal's next step (null: none) as its owner or an admin, stamped with when it was set. */
export async function setNextStep(db: Database, input: DealEdit & { nextStep: string | null }, now = new Date()): Promise<{ version: number; nextStepUpdatedAt: Date | null }> {
  const deal = await editDeal(db, input, { field: "next_step", what: "next step", patch: () => ({ nextStep: input.nextStep, nextStepUpdatedAt: now }) }, now);
  return { version: deal.version, nextStepUpdatedAt: deal.nextStepUpdatedAt };
}
