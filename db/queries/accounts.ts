import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { accounts, auditLog } from "@/db/schema";
import type { AbmTier } from "@/lib/domain/abm-tiers";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { TierRules } from "@/lib/metrics/abm";
import type { AccountFilters, AccountSort } from "@/lib/abm/account-list";

/**
 * The ABM program's accounts (METRICS.md §5): each with its ICP fit, current intent, roles covered,
 * open pipeline, the tier in force and the tier the rules suggest.
 */
export interface AccountRow {
  id: number;
  name: string;
  domain: string | null;
  segment: string | null;
  /** After the industry rules. */
  industry: string | null;
  ownerId: number | null;
  ownerName: string | null;
  icpFit: number | null;
  /** The latest account score's intent, 0–100; 0 with no score. */
  intent: number;
  hasChampion: boolean;
  /** Roles identified / engaged / active, out of 5. */
  identified: number;
  engaged: number;
  active: number;
  /** Sum of the amount of the account's open deals; `openWithoutAmount` of them have none and add nothing. */
  openPipeline: string;
  openDeals: number;
  openWithoutAmount: number;
  tier: AbmTier | null;
  suggestedTier: AbmTier | null;
  tierReason: string | null;
  tierSetBy: string | null;
  tierSetAt: Date | null;
}

/**
 * The tier the rules suggest, as SQL over the columns of `account_rows` below. It mirrors
 * suggestTier in lib/metrics/abm.ts; an integration test holds the two to the same answers.
 */
function suggestedTierSql(rules: TierRules): SQL {
  return sql`case
    when fit is null then null
    when fit >= ${rules.tier1MinFit} and intent >= ${rules.activeIntent} and has_champion then 'tier_1'
    when fit >= ${rules.tier2MinFit} and intent >= ${rules.someIntent} then 'tier_2'
    when fit >= ${rules.tier3MinFit} then 'tier_3'
  end`;
}

/** The rows of every account, or of one (`accountId`): the account with its maintained rollup (account_rollups). */
function accountRows(rules: TierRules, accountId?: number): SQL {
  const only = (column: string) => (accountId === undefined ? sql`` : sql` and ${sql.raw(column)} = ${accountId}`);
  return sql`
    base as (
      select a.id, a.name, a.domain, a.segment, a.industry, a.owner_id, owner.name as owner_name, a.icp_fit_score::int as fit,
        coalesce(r.intent, 0)::float8 as intent, coalesce(r.has_champion, false) as has_champion,
        coalesce(r.identified, 0)::int as identified, coalesce(r.engaged, 0)::int as engaged, coalesce(r.active, 0)::int as active,
        coalesce(r.open_pipeline, 0) as open_pipeline, coalesce(r.open_deals, 0) as open_deals, coalesce(r.open_without_amount, 0) as open_without_amount,
        a.abm_tier::text as tier, a.abm_tier as tier_order, a.abm_tier_reason, setter.name as set_by, a.abm_tier_set_at
      from accounts a
      left join users owner on owner.id = a.owner_id
      left join users setter on setter.id = a.abm_tier_set_by
      left join account_rollups r on r.account_id = a.id
      where true${only("a.id")}
    ), account_rows as (
      select *, ${suggestedTierSql(rules)} as suggested from base
    )`;
}

const rowColumns = sql.raw(`select id, name, domain, segment, industry, owner_id as "ownerId", owner_name as "ownerName", fit as "icpFit", intent,
  has_champion as "hasChampion", identified, engaged, active, open_pipeline::text as "openPipeline", open_deals as "openDeals",
  open_without_amount as "openWithoutAmount",
  tier, suggested as "suggestedTier", abm_tier_reason as "tierReason", set_by as "tierSetBy", abm_tier_set_at as "tierSetAt"`);

/** Tier 1 engagement's window: a contact touched in the last 30 days (METRICS.md §5). */
export const TIER1_ENGAGED_WITHIN_DAYS = 30;

/**
 * An account with an engaged contact: Engaged or Active on the map, or at an engagement level above
 * none, whose last touch is in the 30 days up to `asOf`. Tier 1 engagement counts it and the account
 * list's "engaged" filter lists it: one rule. `accountId` is the account's id column.
 */
export function recentlyEngagedAccount(accountId: SQL, asOf: Date): SQL {
  const since = new Date(asOf.getTime() - TIER1_ENGAGED_WITHIN_DAYS * 86_400_000);
  return sql`exists (
    select 1 from contacts c
    where c.account_id = ${accountId} and (c.status in ('engaged', 'active') or c.engagement_level <> 'none')
      and c.last_touch_at > ${since.toISOString()}::timestamptz and c.last_touch_at <= ${asOf.toISOString()}::timestamptz
  )`;
}

/** An account's tier in force, or the rules' suggestion, as the tier counts group them ("none": outside the program). */
const tierOrNone = (column: SQL) => sql`coalesce(${column}, 'none')`;

function filterSql(filters: AccountFilters, rules: TierRules, asOf: Date): SQL {
  const parts: SQL[] = [sql`true`];
  if (filters.tier) parts.push(sql`${tierOrNone(sql`tier`)} = ${filters.tier}`);
  if (filters.suggested) parts.push(sql`${tierOrNone(sql`suggested`)} = ${filters.suggested}`);
  if (filters.engaged) parts.push(recentlyEngagedAccount(sql`account_rows.id`, asOf));
  if (filters.differs) parts.push(sql`tier is distinct from suggested`);
  if (filters.ownerId !== undefined) parts.push(sql`owner_id = ${filters.ownerId}`);
  if (filters.minFit !== undefined) parts.push(sql`fit >= ${filters.minFit}`);
  if (filters.intent === "active") parts.push(sql`intent >= ${rules.activeIntent}`);
  if (filters.intent === "some") parts.push(sql`intent >= ${rules.someIntent} and intent < ${rules.activeIntent}`);
  if (filters.intent === "none") parts.push(sql`intent < ${rules.someIntent}`);
  if (filters.minCoverage !== undefined) parts.push(sql`identified >= ${filters.minCoverage}`);
  if (filters.champion === "known") parts.push(sql`has_champion`);
  if (filters.champion === "none") parts.push(sql`not has_champion`);
  if (filters.search) {
    const like = `%${filters.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(sql`(name ilike ${like} or domain ilike ${like})`);
  }
  return sql.join(parts, sql` and `);
}

const sortColumns: Record<AccountSort, SQL> = {
  name: sql`lower(name)`,
  tier: sql`tier_order`,
  fit: sql`fit`,
  intent: sql`intent`,
  coverage: sql`identified * 100 + engaged * 10 + active`,
  owner: sql`lower(owner_name)`,
  pipeline: sql`open_pipeline`,
};

export async function listAccounts(
  db: Database,
  { rules, filters, sort, descending, limit, offset, asOf = new Date() }: { rules: TierRules; filters: AccountFilters; sort: AccountSort; descending: boolean; limit: number; offset: number; asOf?: Date },
): Promise<{ rows: AccountRow[]; total: number }> {
  const direction = sql.raw(descending ? "desc nulls last" : "asc nulls last");
  // Tiers in the enum's order, none last (first when descending): the order accounts_tier_fit_idx
  // holds, so the default first page is read from the index, not sorted from every account.
  const order = sql`${sortColumns[sort]} ${sort === "tier" ? sql.raw(descending ? "desc nulls first" : "asc nulls last") : direction}`;
  // The page and the total apart: a count over every row would keep the planner from reading the
  // page's few rows in sort order.
  const [rows, total] = await Promise.all([
    queryRows<AccountRow>(
      db,
      sql`
        with ${accountRows(rules)}
        ${rowColumns}
        from account_rows
        where ${filterSql(filters, rules, asOf)}
        order by ${order}, id
        limit ${limit} offset ${offset}
      `,
    ),
    countAccounts(db, rules, filters, asOf),
  ]);
  return { rows: rows.map((row) => ({ ...row, tierSetAt: row.tierSetAt ? new Date(row.tierSetAt) : null })), total };
}

/** How many accounts the list holds with these filters: the total the /accounts list shows. */
export async function countAccounts(db: Database, rules: TierRules, filters: AccountFilters, asOf = new Date()): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`with ${accountRows(rules)} select count(*)::int as n from account_rows where ${filterSql(filters, rules, asOf)}`);
  return row?.n ?? 0;
}

export async function accountRow(db: Database, rules: TierRules, accountId: number): Promise<AccountRow> {
  const [row] = await queryRows<AccountRow>(
    db,
    sql`
      with ${accountRows(rules, accountId)}
      ${rowColumns}
      from account_rows
    `,
  );
  if (!row) throw new NotFoundError(`There is no account #${accountId}.`);
  return { ...row, tierSetAt: row.tierSetAt ? new Date(row.tierSetAt) : null };
}

/** Accounts per tier in force and per suggested tier ("none": outside the program). */
export async function tierCounts(db: Database, rules: TierRules): Promise<{ tier: AbmTier | "none"; inForce: number; suggested: number }[]> {
  // Only what the suggestion reads (fit, intent, a champion), not the whole account row; one
  // count per pair of tiers (at most 16), folded here.
  const pairs = await queryRows<{ inForce: AbmTier | "none"; suggested: AbmTier | "none"; n: number }>(
    db,
    sql`
      with account_rows as (
        select a.abm_tier::text as tier, a.icp_fit_score::int as fit, coalesce(r.intent, 0)::float8 as intent, coalesce(r.has_champion, false) as has_champion
        from accounts a
        left join account_rollups r on r.account_id = a.id
      )
      select ${tierOrNone(sql`tier`)} as "inForce", ${tierOrNone(suggestedTierSql(rules))} as suggested, count(*)::int as n
      from account_rows
      group by 1, 2
    `,
  );
  return (["tier_1", "tier_2", "tier_3", "none"] as const).map((tier) => ({
    tier,
    inForce: pairs.reduce((sum, p) => sum + (p.inForce === tier ? p.n : 0), 0),
    suggested: pairs.reduce((sum, p) => sum + (p.suggested === tier ? p.n : 0), 0),
  }));
}

/**
 * Sets the tier in force. Differing from the rules' suggestion needs a reason; the change is in
 * the audit log with who set it.
 */
export async function setAccountTier(
  db: Database,
  { accountId, tier, reason, suggested, actorId }: { accountId: number; tier: AbmTier | null; reason: string | null; suggested: AbmTier | null; actorId: number },
): Promise<void> {
  const why = reason?.trim() || null;
  if (tier !== suggested && !why) throw new ConflictError("Give a reason when the tier differs from the suggested one.");
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ tier: accounts.abmTier, reason: accounts.abmTierReason }).from(accounts).where(eq(accounts.id, accountId)).for("update");
    if (!current) throw new NotFoundError(`There is no account #${accountId}.`);
    const reasonText = why ?? "Suggested by the tier rules";
    if (current.tier === tier && current.reason === reasonText) return;
    await tx
      .update(accounts)
      .set({ abmTier: tier, abmTierReason: tier ? reasonText : why, abmTierSetBy: actorId, abmTierSetAt: new Date(), updatedAt: new Date() })
      .where(and(eq(accounts.id, accountId)));
    await tx.insert(auditLog).values({ userId: actorId, entity: "account", entityId: String(accountId), field: "abm_tier", oldValue: current.tier, newValue: tier ? `${tier}: ${reasonText}` : why ? `none: ${why}` : null });
  });
}

/** The users who own accounts, for the owner filter. */
export async function accountOwners(db: Database): Promise<{ id: number; name: string; active: boolean }[]> {
  return queryRows(
    db,
    sql`select u.id, u.name, u.active from users u where exists (select 1 from accounts a where a.owner_id = u.id) order by lower(u.name), u.id`,
  );
}
