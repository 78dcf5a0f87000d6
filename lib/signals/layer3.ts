/**
 * Layer 3 for one period (METRICS.md §3): this week's active intent, signal→response time,
 * signal→meeting rate, 5-minute SLA compliance and the accounts by score band, with the ABM measures
 * the /accounts page computes (read from the same program, not recomputed).
 */
import "server-only";
import type { Database } from "@/db/index";
import { layer3Aggregates, scoreBandCounts, type Layer3Aggregates } from "@/db/queries/signals";
import { getSetting } from "@/db/queries/settings";
import { abmContext, buildAbmProgram, type AbmProgram } from "@/lib/abm/program";
import type { Figure } from "@/lib/metrics/figure";
import { activeIntentChange, meetingRate, MEETING_RATE_TARGET, responseMinutes, scoreDistribution, slaCompliance, type ScoreBand } from "@/lib/metrics/signals";
import type { PeriodRequest } from "@/lib/velocity/request";

export interface Layer3View {
  request: PeriodRequest;
  timeZone: string;
  meetingWindowDays: number;
  aggregates: Layer3Aggregates;
  activeChange: Figure;
  responseMinutes: Figure;
  meetingRate: Figure & { meetsTarget: boolean | null; target: number };
  slaCompliance: Figure;
  bands: ScoreBand[];
  abm: Pick<AbmProgram, "tiers" | "tier1Engagement" | "sourced" | "organisation">;
}

export async function buildLayer3(db: Database, request: PeriodRequest, now: Date = new Date()): Promise<Layer3View> {
  const [{ timeZone }, { meetingWindowDays }, context] = await Promise.all([getSetting(db, "organisation"), getSetting(db, "signals"), abmContext(db)]);
  const [aggregates, bandCounts, program] = await Promise.all([
    layer3Aggregates(db, { ...request.period, timeZone, meetingWindowDays, now }),
    scoreBandCounts(db),
    buildAbmProgram(db, request, context, now),
  ]);
  return {
    request,
    timeZone,
    meetingWindowDays,
    aggregates,
    activeChange: activeIntentChange(aggregates.activeThisWeek, aggregates.activePreviousWeek),
    responseMinutes: responseMinutes(aggregates.medianResponseSeconds, aggregates.answered, aggregates.high),
    meetingRate: { ...meetingRate(aggregates.withMeeting, aggregates.high), target: MEETING_RATE_TARGET },
    slaCompliance: slaCompliance(aggregates.handoffs.met, aggregates.handoffs.missed),
    bands: scoreDistribution(bandCounts),
    abm: { tiers: program.tiers, tier1Engagement: program.tier1Engagement, sourced: program.sourced, organisation: program.organisation },
  };
}
