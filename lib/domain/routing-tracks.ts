/**
 * The lead router's four tracks on the pipeline readiness score (METRICS.md §3), each with its
 * response SLA. A track with no SLA is worked by automation, not by a person.
 */
export const routingTracks = ["immediate_handoff", "co_engagement", "accelerated_nurture", "programmatic_nurture"] as const;
export type RoutingTrack = (typeof routingTracks)[number];

export interface RoutingTrackInfo {
  label: string;
  /** The playbook's name for the band. */
  band: string;
  /** The lowest readiness score in the band. */
  min: number;
  /** The response SLA in words. */
  sla: string;
  /** The SLA as a duration; null where the response is automated. */
  slaMinutes: number | null;
  slaBusinessDays: number | null;
}

export const trackInfo: Record<RoutingTrack, RoutingTrackInfo> = {
  immediate_handoff: { label: "Immediate sales handoff", band: "80–100", min: 80, sla: "5 minutes", slaMinutes: 5, slaBusinessDays: null },
  co_engagement: { label: "Sales + marketing co-engagement", band: "60–79", min: 60, sla: "1 business day", slaMinutes: null, slaBusinessDays: 1 },
  accelerated_nurture: { label: "Accelerated nurture, personalised content", band: "40–59", min: 40, sla: "automated", slaMinutes: null, slaBusinessDays: null },
  programmatic_nurture: { label: "Programmatic nurture, re-score on next signal", band: "0–39", min: 0, sla: "automated", slaMinutes: null, slaBusinessDays: null },
};

/** Tracks a person works, with a response SLA. */
export const personalTracks: readonly RoutingTrack[] = ["immediate_handoff", "co_engagement"];
