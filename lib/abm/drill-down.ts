/**
 * The lists behind the ABM program's counts (/accounts): tier sizes and suggestions and Tier 1
 * engagement open the account list; ABM-sourced pipeline and the ABM vs other deals open the deal
 * list. Each link holds exactly the filters its count reads, so the list's total is the count.
 */
import type { AbmTier } from "@/lib/domain/abm-tiers";
import { dealPeriodParams } from "@/lib/deals/drill-down";
import { ABM, ALL_OWNERS, NONE } from "@/lib/deals/request";
import type { PeriodRequest } from "@/lib/velocity/request";

export type AccountCount =
  | { kind: "tier"; tier: AbmTier | "none" }
  | { kind: "suggested"; tier: AbmTier | "none" }
  /** Tier 1 accounts engaged in the last 30 days. */
  | { kind: "tier1Engaged" };

export function accountsHref(count: AccountCount): string {
  const p = new URLSearchParams();
  if (count.kind === "tier1Engaged") {
    p.set("tier", "tier_1");
    p.set("engaged", "1");
  } else p.set(count.kind, count.tier);
  return `/accounts?${p.toString()}#accounts`;
}

/** Deals created in the period on ABM accounts (sourced pipeline), or closed in it on ABM accounts or the others. */
export type AbmDealCount = { dates: "created"; tier: typeof ABM } | { dates: "closed"; tier: typeof ABM | typeof NONE };

export function abmDealsHref(request: PeriodRequest, { dates, tier }: AbmDealCount): string {
  const p = dealPeriodParams(new URLSearchParams(), request, dates);
  p.set("tier", tier);
  p.set("owner", ALL_OWNERS);
  return `/deals?${p.toString()}`;
}
