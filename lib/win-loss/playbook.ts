import "server-only";
/**
 * What win-rate-playbook.md and the win/loss API are made of: the win/loss report for a period and
 * filters, and each stall pattern's open deals now with the measured effect of its tactic.
 */
import type { Database } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { accelerationReport, stallCounts } from "@/db/queries/stalls";
import { listStories, proofGaps, proofWinCounts } from "@/db/queries/proof";
import { rate } from "@/lib/metrics/abm";
import type { PlaybookInput, ProofSummary, StallEffect } from "@/lib/reports/win-rate-playbook";
import { gapLabel } from "./proof-matching";
import type { VelocityContext } from "@/lib/velocity/report";
import { stallPatterns } from "./stalls";
import { buildWinLossReport } from "./report";
import type { WinLossRequest } from "./request";

export async function stallEffects(db: Database, now: Date): Promise<StallEffect[]> {
  const settings = await getSetting(db, "stalls");
  const [counts, acceleration] = await Promise.all([stallCounts(db, { now, settings }), accelerationReport(db)]);
  return stallPatterns.map((pattern) => {
    const a = acceleration.find((r) => r.pattern === pattern)!;
    return { pattern, openDeals: counts[pattern], done: a.done, moved: a.moved, medianDaysToMove: a.medianDaysToMove };
  });
}

export async function proofSummary(db: Database, request: WinLossRequest, timeZone: string): Promise<ProofSummary> {
  const [stories, gaps, outcomes] = await Promise.all([listStories(db), proofGaps(db), proofWinCounts(db, { ...request.period, timeZone })]);
  return {
    stories: stories.length,
    sent: rate(outcomes.sent.won, outcomes.sent.won + outcomes.sent.lost),
    notSent: rate(outcomes.notSent.won, outcomes.notSent.won + outcomes.notSent.lost),
    gaps: gaps.map((g) => ({ label: gapLabel(g.profile), deals: g.deals, amount: g.amount, withoutAmount: g.withoutAmount })),
  };
}

export async function buildWinRatePlaybook(db: Database, request: WinLossRequest, context: VelocityContext, now: Date = new Date()): Promise<PlaybookInput> {
  const [report, stalls, proof] = await Promise.all([buildWinLossReport(db, request, context), stallEffects(db, now), proofSummary(db, request, context.organisation.timeZone)]);
  const { segment, source, ownerId } = request.filters;
  return {
    report,
    filterLabels: {
      segment: segment ?? null,
      source: source ?? null,
      owner: ownerId === undefined ? null : (context.options.owners.find((o) => o.id === ownerId)?.name ?? `User ${ownerId}`),
    },
    timeZone: context.organisation.timeZone,
    generatedAt: now,
    stalls,
    proof,
  };
}
