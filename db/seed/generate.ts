/**
 * The demo company: a ~$3M-ARR B2B SaaS vendor of RevOps software, over the 15 months before
 * `asOf`. Pure: the same seed, as-of day and scale give the same rows, with explicit ids, every time.
 * Reference data (pipeline stages, signal types, funnel definitions) is not generated here; of the
 * settings, only the day the demo company switched its lead router on and its ICP model.
 */
import { DAY, HOUR, createClock, isoDay, startOfUtcDay } from "./calendar";
import type { SeedContext } from "./context";
import { finaliseAccountsAndContacts } from "./finalise";
import { demoIcpModel, generateAccounts } from "./generate-accounts";
import { generateSelfReportedAnswers } from "./generate-answers";
import { generateLeads } from "./generate-leads";
import { generateCaseStudies, generateWebTraffic } from "./generate-marketing";
import { generatePipeline } from "./generate-opportunities";
import { generateChanges } from "./generate-changes";
import { plantStalls } from "./plant-stalls";
import { plantProofGaps } from "./plant-proof";
import { plantCompetitiveMonitor } from "./plant-competitive";
import { plantBuyingGroupMapper } from "./plant-mapper";
import { ORCHESTRATOR_DAYS, plantWinLossAnalyzer } from "./plant-analyzer";
import { defaultCampaignPlays } from "@/lib/domain/campaign-plays";
import { generateQuotas, generateTargets, generateTeam } from "./generate-people";
import { generateSignals } from "./generate-signals";
import { generateTouchpoints } from "./generate-touchpoints";
import { createRandom, type Seed } from "./random";
import type { DemoData } from "./types";

const demoCampaignPlays = { ...defaultCampaignPlays, tiers: { ...defaultCampaignPlays.tiers, tier_1: { ...defaultCampaignPlays.tiers.tier_1, enrolled: true } } };

export { demoPassword, demoSignIns } from "./generate-people";
export type { DemoData, DemoTable } from "./types";
export { demoTables } from "./types";

/** The same default as the DEMO_SEED setting, so "the default demo data" means one thing. */
export const defaultDemoSeed = 20261124;

export interface DemoDataOptions {
  seed?: Seed;
  /** Data ends the day before this day (UTC); defaults to today. Times of day are ignored. */
  asOf?: Date;
  /** Multiplies the volumes of accounts, contacts, deals, leads, touches, signals and answers. */
  scale?: number;
}

export function generateDemoData(options: DemoDataOptions = {}): DemoData {
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`scale must be a positive number, got ${scale}`);
  const asOf = startOfUtcDay(options.asOf ?? new Date(Date.now()));
  if (Number.isNaN(asOf.getTime())) throw new Error("asOf must be a valid date");

  const ctx: SeedContext = {
    rng: createRandom(options.seed ?? defaultDemoSeed),
    clock: createClock(asOf),
    scale,
  };
  const team = generateTeam(ctx);
  const book = generateAccounts(ctx, team);
  const pipeline = generatePipeline(ctx, team, book);
  const stalls = plantStalls(ctx, team, pipeline);
  const caseStudies = generateCaseStudies(ctx);
  plantProofGaps(ctx, team, book, pipeline, caseStudies);
  const opportunityChanges = generateChanges(ctx, pipeline, stalls);
  const leads = generateLeads(ctx, team, book, pipeline);
  const touchpoints = generateTouchpoints(ctx, book, pipeline, leads, stalls);
  const selfReportedAnswers = generateSelfReportedAnswers(ctx, team, leads);
  const { signals, scores, meetings, settings } = generateSignals(ctx, team, book, pipeline, touchpoints);
  finaliseAccountsAndContacts(ctx, book, pipeline, { leads, touchpoints, signals, meetings, selfReportedAnswers });
  const mapper = plantBuyingGroupMapper(ctx, book, pipeline, signals, 1);
  const analyzer = plantWinLossAnalyzer(ctx, pipeline);
  const monitor = plantCompetitiveMonitor(ctx, team, book, pipeline, signals, {
    buying_group_mapper: { enabled: true, since: mapper.since, offSince: null },
    win_loss_analyzer: { enabled: true, since: analyzer.since, offSince: null },
    campaign_orchestrator: { enabled: true, since: isoDay(ctx.clock.asOf - ORCHESTRATOR_DAYS * DAY), offSince: null },
  });

  return {
    users: team.users,
    accounts: book.accounts,
    contacts: book.contacts,
    opportunities: pipeline.opportunities,
    opportunityStageHistory: pipeline.stageHistory,
    opportunityChanges,
    opportunityContacts: pipeline.opportunityContacts,
    webTraffic: generateWebTraffic(ctx),
    leads,
    touchpoints,
    selfReportedAnswers,
    signals,
    scores,
    meetings,
    quotas: generateQuotas(ctx, team),
    targets: generateTargets(ctx, team),
    caseStudies,
    // The log of both automations, numbered after each other.
    automationActions: [...mapper.automationActions, ...monitor.automationActions.map((a) => ({ ...a, id: a.id + mapper.automationActions.length }))],
    roleProposals: mapper.roleProposals,
    // The ICP model the demo company saved when it set up its tiers, before the first review.
    settings: [
      ...settings,
      ...monitor.settings,
      { key: "icpModel", value: demoIcpModel, updatedBy: team.marketingId, updatedAt: new Date(ctx.clock.start + DAY) },
      // Marketing enrolled Tier 1 in the playbook's play the day the orchestrator was switched on.
      { key: "campaignPlays", value: demoCampaignPlays, updatedBy: team.marketingId, updatedAt: new Date(ctx.clock.asOf - ORCHESTRATOR_DAYS * DAY + 8 * HOUR) },
    ],
  };
}
