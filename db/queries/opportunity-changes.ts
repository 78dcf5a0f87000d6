import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DatabaseOrTransaction, Database } from "@/db/index";
import { auditLog, opportunities, opportunityChanges, type NewOpportunityChange, type Opportunity } from "@/db/schema";
import type { ForecastCategory, OpportunityChangeField, OpportunityChangeSource } from "@/lib/domain/forecast-categories";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import type { UserRole } from "@/lib/domain/roles";
import { canEditForecastCategory } from "@/lib/auth/permissions";

/**
 * A deal's change history (db/schema.ts, opportunityChanges): each value as text, the way the
 * waterfall reads it back: an amount as its two-place decimal, a date as YYYY-MM-DD, a stage by id.
 */
type Tracked = Pick<Opportunity, "amount" | "expectedCloseDate" | "stageId" | "status" | "forecastCategory">;

const trackedValues = (o: Partial<Tracked>): Partial<Record<OpportunityChangeField, string | null>> => {
  const out: Partial<Record<OpportunityChangeField, string | null>> = {};
  if (o.amount !== undefined) out.amount = o.amount === null ? null : canonicalAmount(o.amount);
  if (o.expectedCloseDate !== undefined) out.expected_close_date = o.expectedCloseDate;
  if (o.stageId !== undefined) out.stage = String(o.stageId);
  if (o.status !== undefined) out.status = o.status;
  if (o.forecastCategory !== undefined) out.forecast_category = o.forecastCategory;
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
      ('forecast_category', o.forecast_category::text, c.before->>'forecast_category')
    ) as f(field, old_value, new_value)
    where c.job_id = ${jobId} and c.table_name = 'opportunities' and f.old_value is distinct from f.new_value`);
}

/**
 * Sets a deal's forecast category (null: derived from its stage again) as its owner or an admin.
 * Refused when the deal changed since the person loaded it (`version`), so nobody's edit is lost.
 */
export async function setForecastCategory(
  db: Database,
  input: { opportunityId: number; category: ForecastCategory | null; version: number; user: { id: number; role: UserRole } },
  now = new Date(),
): Promise<{ version: number }> {
  return db.transaction(async (tx) => {
    const [deal] = await tx.select().from(opportunities).where(eq(opportunities.id, input.opportunityId)).for("update");
    if (!deal) throw new NotFoundError(`There is no deal #${input.opportunityId}.`, "opportunityId");
    if (!canEditForecastCategory(input.user, deal.ownerId)) throw new ForbiddenError("Only the deal's owner or an admin sets its forecast category.");
    if (deal.version !== input.version) throw new ConflictError(`"${deal.name}" was changed by someone else since you opened it; reload to see the change.`, "version");
    if (deal.forecastCategory === input.category) return { version: deal.version };
    const [updated] = await tx
      .update(opportunities)
      .set({ forecastCategory: input.category, version: deal.version + 1, updatedAt: now })
      .where(and(eq(opportunities.id, deal.id), eq(opportunities.version, deal.version)))
      .returning({ version: opportunities.version });
    if (!updated) throw new ConflictError(`"${deal.name}" was changed by someone else meanwhile; reload to see the change.`, "version");
    await recordOpportunityChanges(tx, opportunityChangesOf(deal.id, deal, { forecastCategory: input.category }, { changedAt: now, source: "edit", changedBy: input.user.id }));
    await tx.insert(auditLog).values({ userId: input.user.id, entity: "opportunity", entityId: String(deal.id), field: "forecast_category", oldValue: deal.forecastCategory, newValue: input.category });
    return { version: updated.version };
  });
}
