import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import type { AbmTier } from "@/lib/domain/abm-tiers";
import type { ThreadingGroup, TierCoverageSums } from "@/lib/metrics/abm";
import type { VelocityAggregates } from "@/lib/metrics/velocity";
import { recentlyEngagedAccount, TIER1_ENGAGED_WITHIN_DAYS } from "./accounts";
import { closedIn, createdIn, onAbmAccount, velocityBySegment, type VelocityScope } from "./velocity";

/** What SQL hands over for the ABM measures (METRICS.md §5); lib/metrics/abm.ts turns them into figures. */
export interface AbmAggregates {
  /**
   * Tier 1 accounts, and those with an engaged contact (Engaged or Active on the map, or an engagement
   * level above none) whose last touch is in the 30 days before `asOf`.
   */
  tier1: { accounts: number; engaged: number };
  /** Per tier: accounts and the sums of their roles identified / engaged / active. */
  coverage: (TierCoverageSums & { tier: AbmTier })[];
  /** Pipeline created in the period: on ABM accounts, and in all; deals without an amount are counted, not summed. */
  created: { abmAmount: string; abmDeals: number; abmWithoutAmount: number; allAmount: string; allDeals: number; allWithoutAmount: number };
  /** Deals closed in the period on ABM accounts and on the others. */
  abm: VelocityAggregates;
  nonAbm: VelocityAggregates;
  /** Deals closed in the period by the number of their contacts Engaged or Active. */
  threading: ThreadingGroup[];
}

export { TIER1_ENGAGED_WITHIN_DAYS };

/**
 * Contacts Engaged or Active on the map of the deal `o`: what makes it multi-threaded (3 or more)
 * or single-threaded (at most 1), METRICS.md §5. The threading win rates and the deal list read it.
 */
export const engagedContactsOnDeal: SQL = sql`(select count(*) from opportunity_contacts oc where oc.opportunity_id = o.id and oc.status in ('engaged', 'active'))`;

/** A single-threaded deal: at most one contact Engaged or Active on its map. */
export const singleThreaded: SQL = sql`${engagedContactsOnDeal} <= 1`;

const emptyAggregates: VelocityAggregates = { qualified: 0, won: 0, lost: 0, wonAmount: "0", wonWithoutAmount: 0, wonCycleDays: 0 };

export async function abmAggregates(db: Database, { asOf, ...scope }: VelocityScope & { asOf: Date }): Promise<AbmAggregates> {
  const [[tier1], coverage, [created], byProgram, threading] = await Promise.all([
    queryRows<AbmAggregates["tier1"]>(
      db,
      sql`
        select count(*)::int as accounts,
          (count(*) filter (where ${recentlyEngagedAccount(sql`a.id`, asOf)}))::int as engaged
        from accounts a
        where a.abm_tier = 'tier_1'
      `,
    ),
    queryRows<AbmAggregates["coverage"][number]>(
      db,
      sql`
        select a.abm_tier::text as tier, count(*)::int as accounts,
          coalesce(sum(c.identified), 0)::int as identified, coalesce(sum(c.engaged), 0)::int as engaged, coalesce(sum(c.active), 0)::int as active
        from accounts a
        left join account_rollups c on c.account_id = a.id
        where a.abm_tier is not null
        group by a.abm_tier
        order by a.abm_tier
      `,
    ),
    queryRows<AbmAggregates["created"]>(
      db,
      sql`
        select coalesce(sum(o.amount) filter (where ${onAbmAccount}), 0)::text as "abmAmount",
          (count(*) filter (where ${onAbmAccount}))::int as "abmDeals",
          (count(*) filter (where ${onAbmAccount} and o.amount is null))::int as "abmWithoutAmount",
          coalesce(sum(o.amount), 0)::text as "allAmount",
          count(*)::int as "allDeals",
          (count(*) filter (where o.amount is null))::int as "allWithoutAmount"
        from opportunities o
        where ${createdIn(scope)}
      `,
    ),
    velocityBySegment(db, scope, "abm", []),
    queryRows<ThreadingGroup>(
      db,
      sql`
        select t.engaged::int as "engagedContacts",
          (count(*) filter (where o.status = 'won'))::int as won,
          (count(*) filter (where o.status = 'lost'))::int as lost
        from opportunities o
        cross join lateral (select ${engagedContactsOnDeal} as engaged) t
        where ${closedIn(scope)}
        group by 1
        order by 1
      `,
    ),
  ]);
  const program = (key: string) => {
    const { key: _, ...row } = byProgram.find((r) => r.key === key) ?? { key, ...emptyAggregates };
    return row;
  };
  return { tier1: tier1!, coverage, created: created!, abm: program("abm"), nonAbm: program("non_abm"), threading };
}
