/**
 * What the win/loss view asks for: a period and the segment, source and owner filters, read from the
 * URL exactly as on /velocity (lib/velocity/request.ts, errors naming the parameter); and the deals
 * behind each group of its breakdowns, as deal-list filters.
 */
import type { AbmTier } from "@/lib/domain/abm-tiers";
import type { DealFilters } from "@/lib/deals/request";
import type { Threading, WinRateDimension } from "@/lib/metrics/win-loss";
import type { VelocityRequest } from "@/lib/velocity/request";

export type WinLossRequest = VelocityRequest;

/** The deals of one group of a win-rate breakdown, as deal-list filters (null: the group "(not set)"). */
export function groupDeals(dimension: WinRateDimension, key: string | null): DealFilters {
  switch (dimension) {
    case "segment":
      return { segment: key };
    case "source":
      return { source: key };
    case "competitor":
      return { competitor: key };
    case "dealSizeTier":
      return { band: key === null ? "none" : Number(key) };
    case "owner":
      return { ownerId: key === null ? null : Number(key) };
    case "industry":
      return { industry: key };
    case "abmTier":
      return { tier: (key as AbmTier | null) ?? "none" };
    case "threading":
      return { threading: key as Threading };
  }
}
