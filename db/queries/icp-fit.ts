import "server-only";
import { eq, sql } from "drizzle-orm";
import { queryRows, type Database, type DatabaseOrTransaction } from "@/db/index";
import { accounts, auditLog, users } from "@/db/schema";
import { fitOf, type FitGroup } from "@/lib/abm/account-fit";
import { ConflictError, JobInterruptedError, NotFoundError, ValidationError } from "@/lib/errors";
import { effectiveFit, type FitReason } from "@/lib/metrics/icp-fit";
import { getSetting } from "./settings";

/**
 * Each account's ICP fit (METRICS.md §5): recomputed for every account when the model or the
 * industry rules change, previewed before they are saved, and overridden for one account by
 * marketing with a reason.
 */

/** Accounts per transaction of a recompute: short enough that the embedded database answers pages between them. */
export const FIT_BATCH = 500;

interface FitInputRow {
  id: number;
  industry_raw: string | null;
  industry: string | null;
  employees: number | null;
  annual_revenue: string | null;
  country: string | null;
  technographic_tags: string[];
  icp_fit_model: number | null;
  icp_fit_reasons: FitReason[] | null;
  icp_fit_override: number | null;
  icp_fit_score: number | null;
}

/** JSON with object keys sorted: a jsonb value read back (its keys in jsonb's order) equals the one written. */
export const sortedJson = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));

export interface RecomputeOutcome {
  accounts: number;
  changed: number;
}

/**
 * Recomputes every account's industry (from its raw value), the model's fit and reasons, and the fit
 * in force, by the saved model and rules, in batches of short transactions; only accounts whose
 * values change are written. Neither the version nor updated_at moves: nobody edited the account.
 */
export async function recomputeFits(db: Database, { batch = FIT_BATCH, signal }: { batch?: number; signal?: AbortSignal } = {}): Promise<RecomputeOutcome> {
  const [model, { rules }] = await Promise.all([getSetting(db, "icpModel"), getSetting(db, "industryRules")]);
  const outcome: RecomputeOutcome = { accounts: 0, changed: 0 };
  let after = 0;
  for (;;) {
    if (signal?.aborted) throw signal.reason instanceof JobInterruptedError ? signal.reason : new JobInterruptedError("The recompute was stopped; it runs again.");
    const { last, read, changed } = await db.transaction(async (t) => {
      // Locked, so an import committing the same accounts meanwhile is read after it, not overwritten.
      const rows = await queryRows<FitInputRow>(
        t,
        sql`select id, industry_raw, industry, employees, annual_revenue::text as annual_revenue, country, technographic_tags,
              icp_fit_model, icp_fit_reasons, icp_fit_override, icp_fit_score
            from accounts where id > ${after} order by id limit ${batch} for update`,
      );
      const updates = rows.flatMap((row) => {
        const next = fitOf(
          { industryRaw: row.industry_raw, industry: row.industry, employees: row.employees, annualRevenue: row.annual_revenue, country: row.country, technologies: row.technographic_tags, override: row.icp_fit_override },
          model,
          rules,
        );
        const same = next.industry === row.industry && next.model === row.icp_fit_model && next.score === row.icp_fit_score && sortedJson(next.reasons) === sortedJson(row.icp_fit_reasons);
        return same ? [] : [{ id: row.id, ...next }];
      });
      if (updates.length > 0) {
        await t.execute(sql`
          update accounts a set industry_raw = coalesce(a.industry_raw, a.industry), industry = d.industry, icp_fit_model = d.model, icp_fit_reasons = d.reasons, icp_fit_score = coalesce(a.icp_fit_override, d.model)
          from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as d(id int, industry text, model smallint, reasons jsonb)
          where a.id = d.id`);
      }
      return { last: rows.at(-1)?.id ?? null, read: rows.length, changed: updates.length };
    });
    outcome.accounts += read;
    outcome.changed += changed;
    if (last === null || read < batch) return outcome;
    after = last;
    // Let the server answer other requests between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Accounts with the same firmographics, fit and override, counted once: what a preview of the model or the rules reads. */
export async function firmographicGroups(db: DatabaseOrTransaction): Promise<FitGroup[]> {
  return queryRows<FitGroup>(
    db,
    sql`select industry_raw as "industryRaw", industry, employees, annual_revenue::text as "annualRevenue", country, technographic_tags as technologies,
          icp_fit_model as model, icp_fit_score as score, icp_fit_override as override, count(*)::int as accounts
        from accounts
        group by industry_raw, industry, employees, annual_revenue, country, technographic_tags, icp_fit_model, icp_fit_score, icp_fit_override`,
  );
}

/** Each industry as imported (or as kept, for accounts from before the rules) with its industry now and its accounts. */
export async function industryValues(db: DatabaseOrTransaction): Promise<{ raw: string; industry: string | null; accounts: number }[]> {
  return queryRows(
    db,
    sql`select coalesce(industry_raw, industry) as raw, industry, count(*)::int as accounts
        from accounts where coalesce(industry_raw, industry) is not null
        group by 1, 2 order by 3 desc, 1`,
  );
}

export interface AccountFit {
  id: number;
  version: number;
  industry: string | null;
  industryRaw: string | null;
  employees: number | null;
  annualRevenue: string | null;
  country: string | null;
  parentAccountName: string | null;
  technologies: string[];
  /** The fit in force. */
  score: number | null;
  model: number | null;
  /** As the fit job or the import wrote them (criterion keys of lib/metrics/icp-fit). */
  reasons: { criterion: string; points: number; detail: string }[] | null;
  override: { fit: number; reason: string; by: string | null; at: Date | null } | null;
}

export async function accountFit(db: DatabaseOrTransaction, accountId: number): Promise<AccountFit> {
  const [row] = await db
    .select({
      id: accounts.id,
      version: accounts.version,
      industry: accounts.industry,
      industryRaw: accounts.industryRaw,
      employees: accounts.employees,
      annualRevenue: accounts.annualRevenue,
      country: accounts.country,
      parentAccountName: accounts.parentAccountName,
      technologies: accounts.technographicTags,
      score: accounts.icpFitScore,
      model: accounts.icpFitModel,
      reasons: accounts.icpFitReasons,
      overrideFit: accounts.icpFitOverride,
      overrideReason: accounts.icpFitOverrideReason,
      overrideBy: users.name,
      overrideAt: accounts.icpFitOverrideAt,
    })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.icpFitOverrideBy))
    .where(eq(accounts.id, accountId));
  if (!row) throw new NotFoundError(`There is no account #${accountId}.`);
  const { overrideFit, overrideReason, overrideBy, overrideAt, ...rest } = row;
  return { ...rest, override: overrideFit === null ? null : { fit: overrideFit, reason: overrideReason ?? "", by: overrideBy, at: overrideAt } };
}

export const FIT_AUDIT_FIELD = "icp_fit_override";

/**
 * Sets marketing's fit for one account with the reason (null clears it: the model's fit is in force
 * again), against the version the page loaded; audited with who, the old and the new fit.
 */
export async function setFitOverride(
  db: Database,
  { accountId, expectedVersion, fit, reason, actorId }: { accountId: number; expectedVersion: number; fit: number | null; reason: string | null; actorId: number },
): Promise<{ version: number; score: number | null }> {
  const why = reason?.trim() || null;
  if (fit !== null && !why) throw new ValidationError("Give the reason for this account's fit.", "reason");
  return db.transaction(async (t) => {
    const [current] = await t
      .select({ version: accounts.version, model: accounts.icpFitModel, override: accounts.icpFitOverride, reason: accounts.icpFitOverrideReason })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .for("update");
    if (!current) throw new NotFoundError(`There is no account #${accountId}.`);
    if (current.version !== expectedVersion) throw new ConflictError("This account changed since you opened it (an import or another edit). Reload to see it, then set the fit again.");
    if (current.override === fit && (fit === null || current.reason === why)) return { version: current.version, score: effectiveFit(current.model, fit) };
    const score = effectiveFit(current.model, fit);
    const [saved] = await t
      .update(accounts)
      .set({
        icpFitOverride: fit,
        icpFitOverrideReason: fit === null ? null : why,
        icpFitOverrideBy: fit === null ? null : actorId,
        icpFitOverrideAt: fit === null ? null : new Date(),
        icpFitScore: score,
        version: sql`${accounts.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(accounts.id, accountId))
      .returning({ version: accounts.version });
    const describe = (value: number | null, why: string | null) => (value === null ? null : `${value}: ${why}`);
    await t.insert(auditLog).values({
      userId: actorId,
      entity: "account",
      entityId: String(accountId),
      field: FIT_AUDIT_FIELD,
      oldValue: describe(current.override, current.reason),
      newValue: fit === null ? `cleared (model's fit ${current.model ?? "—"} in force)` : describe(fit, why),
    });
    return { version: saved!.version, score };
  });
}
