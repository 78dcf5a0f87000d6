/** The ABM tiers of the playbook: the motion of each and the number of accounts it is meant for. */
export const abmTiers = ["tier_1", "tier_2", "tier_3"] as const;
export type AbmTier = (typeof abmTiers)[number];

export const tierInfo: Record<AbmTier, { label: string; motion: string; min: number; max: number; criteria: string }> = {
  tier_1: { label: "Tier 1", motion: "1:1", min: 10, max: 25, criteria: "Perfect ICP fit, active intent signals and a known champion" },
  tier_2: { label: "Tier 2", motion: "1:few", min: 25, max: 75, criteria: "Strong ICP fit and some intent signals" },
  tier_3: { label: "Tier 3", motion: "1:many", min: 75, max: 200, criteria: "ICP fit, no active intent yet" },
};
