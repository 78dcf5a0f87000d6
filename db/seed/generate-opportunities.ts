/**
 * Opportunities with their full stage history and deal-level buying groups.
 *
 * Each deal is given a fate first (won, or lost after a given stage) and then lived forward from its
 * creation; a deal whose fate lies beyond `asOf` is simply still open, sitting in the stage it had
 * reached. Fates, sources and threading are dealt out in exact, evenly spread proportions (`spread`)
 * rather than drawn one by one, so the planted patterns hold for every seed:
 * - Proposal is the bottleneck: the longest dwell and the most deals lost there;
 * - Paid Search brings the most deals and wins the fewest;
 * - multi-threaded deals win about twice as often as single-threaded ones;
 * - Tier 1 accounts buy bigger.
 */
import { demoSources } from "@/lib/domain/go-to-market";
import { closedLostStage, closedWonStage } from "@/lib/domain/pipeline-stages";
import type { NewOpportunityContact } from "@/db/schema";
import { DAY, between, isoDay, sampleDay, toSecond, workTime } from "./calendar";
import { clamp, money, scaled, type SeedContext } from "./context";
import type { AccountBook, Segment } from "./generate-accounts";
import type { SalesTeam } from "./generate-people";
import { WeightedSampler, type Random } from "./random";
import type { DemoAccount, DemoContact, DemoOpportunity, DemoStageEntry } from "./types";
import {
  competitorsWhenLost,
  competitorsWhenWon,
  gapActions,
  lossReasonsEarly,
  lossReasonsLate,
  useCases,
  dealObjections,
  winReasons,
} from "./vocabulary";

export type Source = (typeof demoSources)[number];
type Fate = "won" | "lost";
/** Contacts engaged or active on the deal: ≤ 1 single-threaded, 2, or ≥ 3 multi-threaded. */
type Threading = "single" | "double" | "multi";

const sourceMix: readonly (readonly [Source, number])[] = [
  ["Paid Search", 29],
  ["Inbound", 25],
  ["Outbound", 19],
  ["Events", 15],
  ["Partner", 12],
];

/** Win rate of each source's deals: cheap paid clicks bring volume, not buyers. */
const winRateBySource: Record<Source, number> = {
  "Paid Search": 0.13,
  Inbound: 0.28,
  Outbound: 0.21,
  Events: 0.26,
  Partner: 0.34,
};

/**
 * Threading given the outcome, chosen so that P(win | ≥ 3 engaged) ≈ 2 × P(win | ≤ 1 engaged)
 * at a ~21 % overall win rate (Bayes: 0.31 vs 0.14).
 */
const threadingIfWon: readonly (readonly [Threading, number])[] = [["single", 29], ["double", 29], ["multi", 42]];
const threadingIfLost: readonly (readonly [Threading, number])[] = [["single", 46], ["double", 29], ["multi", 25]];

/** The open stage a lost deal died in; Proposal is where deals stall and die. */
const lostAfterStage: readonly (readonly [number, number])[] = [[1, 25], [2, 20], [3, 40], [4, 10], [5, 5]];

/** Mean days in each open stage for a mid-market deal that moves on; Proposal is the bottleneck. */
const meanDwellDays: Record<number, number> = { 1: 6.5, 2: 7.5, 3: 23, 4: 8, 5: 5.5 };
const paceBySegment: Record<Segment, number> = { SMB: 0.65, "Mid-Market": 1, Enterprise: 1.45 };
const DWELL_SIGMA = 0.5;

const accountWeightBySegment: Record<Segment, number> = { SMB: 0.75, "Mid-Market": 1.3, Enterprise: 0.9 };
const accountWeightByTier: Record<string, number> = { tier_1: 6, tier_2: 3, tier_3: 1.6 };

export interface DealContact {
  contactId: number;
  status: "identified" | "engaged" | "active";
}

export interface Pipeline {
  opportunities: DemoOpportunity[];
  stageHistory: DemoStageEntry[];
  opportunityContacts: NewOpportunityContact[];
  /** The buying group of each deal by opportunity id, most involved first. */
  dealContacts: DealContact[][];
}

interface StagePlan {
  entries: { stageId: number; enteredAt: number }[];
  /** When the fate lands: entry into Closed Won or Closed Lost (may be after asOf). */
  closesAt: number;
  plannedClose: number;
}

export function generatePipeline(ctx: SeedContext, team: SalesTeam, book: AccountBook): Pipeline {
  const rng = ctx.rng.fork("opportunities");
  // Its own stream, so the objections leave every other draw (and the planted patterns) as they were.
  const objections = ctx.rng.fork("objections");
  const { clock } = ctx;
  const count = scaled(ctx, 700);

  // Deal flow grows through the window; leave three weeks at the start for the leads behind them.
  const createdTimes = Array.from({ length: count }, () =>
    workTime(rng, sampleDay(rng, clock.start + 21 * DAY, clock.asOf, 0.75, 1.35)),
  ).sort((a, b) => a - b);
  const sources = rng.spread(count, sourceMix);
  const fates = dealFates(rng, sources);
  const threading = dealThreading(rng, fates);
  const lostIndexes = fates.flatMap((fate, i) => (fate === "lost" ? [i] : []));
  const lostStages = rng.spread(lostIndexes.length, lostAfterStage);
  const lastStage = new Map(lostIndexes.map((index, k) => [index, lostStages[k] as number]));

  const accounts = new AccountPicker(book, team);
  const leftAt = new Map(team.reps.map((rep) => [rep.id, rep.leftAt]));
  const firstWinAt = new Map<number, number>();
  const pipeline: Pipeline = {
    opportunities: [],
    stageHistory: [],
    opportunityContacts: [],
    dealContacts: [[]],
  };

  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const createdAt = createdTimes[i] as number;
    const fate = fates[i] as Fate;
    const threads = threading[i] as Threading;
    const engagedWanted = engagedCount(rng, threads, fate);

    let account = accounts.pick(rng, engagedWanted, true);
    let plan = planStages(rng, fate, lastStage.get(i), account.segment as Segment, createdAt);
    // A rep who has left keeps only deals that closed before they went.
    const ownerLeftAt = leftAt.get(account.ownerId ?? 0) ?? null;
    if (ownerLeftAt !== null && plan.closesAt >= ownerLeftAt) {
      account = accounts.pick(rng, engagedWanted, false);
      plan = planStages(rng, fate, lastStage.get(i), account.segment as Segment, createdAt);
    }

    // A deal whose fate lands after asOf is open, in the stage it had reached by then.
    const isOpen = plan.closesAt >= clock.asOf;
    const entries = plan.entries.filter((e) => e.enteredAt < clock.asOf);
    recordStageHistory(pipeline, id, entries);
    const current = entries[entries.length - 1] as { stageId: number; enteredAt: number };
    const closedAt = isOpen ? null : new Date(plan.closesAt);
    const status = isOpen ? "open" : fate;

    const previousWin = firstWinAt.get(account.id);
    const type = previousWin !== undefined && previousWin < createdAt ? "Expansion" : "New Business";
    if (fate === "won" && !isOpen && (previousWin === undefined || plan.closesAt < previousWin)) {
      firstWinAt.set(account.id, plan.closesAt);
    }
    const useCase = rng.pick(useCases);
    let competitor: string | null = rng.chance(0.62) ? rng.weighted(fate === "won" ? competitorsWhenWon : competitorsWhenLost) : null;
    let lossReason: string | null = null;
    if (status === "lost" && rng.chance(0.95)) {
      lossReason = rng.weighted((lastStage.get(i) ?? 1) <= 2 ? lossReasonsEarly : lossReasonsLate);
      if (lossReason === "Lost to competitor") competitor ??= rng.weighted(competitorsWhenLost.slice(0, 4));
    }
    const expectedClose = isOpen
      ? Math.max(plan.plannedClose, clock.asOf + rng.int(5, 50) * DAY)
      : plan.plannedClose;

    pipeline.opportunities.push({
      id,
      name: `${account.name} – ${type === "Expansion" ? `Expansion (${useCase})` : useCase}`,
      accountId: account.id,
      ownerId: account.ownerId as number,
      source: sources[i] as Source,
      segment: account.segment,
      type,
      amount: money(dealAmount(rng, account, type)),
      stageId: current.stageId,
      status,
      createdAt: new Date(createdAt),
      qualifiedAt: new Date(createdAt),
      expectedCloseDate: isoDay(expectedClose),
      closedAt,
      winReason: status === "won" ? rng.pick(winReasons) : null,
      lossReason,
      competitor,
      useCase,
      objection: objections.chance(0.6) ? objections.pick(dealObjections) : null,
      updatedAt: new Date(current.enteredAt),
    });

    const group = buyingGroup(rng, book, account.id, engagedWanted, fate);
    pipeline.dealContacts.push(group);
    const endAt = closedAt?.getTime() ?? clock.asOf - 1_000;
    recordBuyingGroup(rng, pipeline, book, pipeline.opportunities[i] as DemoOpportunity, group, endAt);
  }
  return pipeline;
}

/** Contiguous entries: each exit is the next entry; the last (current or closed) stays open-ended. */
function recordStageHistory(pipeline: Pipeline, opportunityId: number, entries: StagePlan["entries"]): void {
  entries.forEach((entry, k) => {
    const next = entries[k + 1];
    pipeline.stageHistory.push({
      id: pipeline.stageHistory.length + 1,
      opportunityId,
      stageId: entry.stageId,
      enteredAt: new Date(entry.enteredAt),
      exitedAt: next ? new Date(next.enteredAt) : null,
    });
  });
}

function recordBuyingGroup(
  rng: Random,
  pipeline: Pipeline,
  book: AccountBook,
  opp: DemoOpportunity,
  group: DealContact[],
  endAt: number,
): void {
  const createdAt = opp.createdAt.getTime();
  group.forEach((member, k) => {
    const contact = book.contacts[member.contactId - 1] as DemoContact;
    const engaged = member.status !== "identified";
    pipeline.opportunityContacts.push({
      opportunityId: opp.id,
      contactId: member.contactId,
      buyingGroupRole: contact.buyingGroupRole ?? null,
      status: member.status,
      engagementLevel: engagementOf(rng, member.status),
      lastTouchAt: engaged ? new Date(between(rng, createdAt, endAt)) : null,
      gapAction:
        opp.status === "open" && !engaged && contact.buyingGroupRole ? rng.pick(gapActions[contact.buyingGroupRole]) : null,
      // The first contact opened the deal; the others joined in its first weeks.
      addedAt: new Date(k === 0 ? createdAt : between(rng, createdAt, createdAt + 0.4 * (endAt - createdAt))),
    });
  });
}

function dealFates(rng: Random, sources: Source[]): Fate[] {
  const fates: Fate[] = new Array(sources.length);
  for (const [source] of sourceMix) {
    const indexes = sources.flatMap((s, i) => (s === source ? [i] : []));
    const p = winRateBySource[source];
    const dealt = rng.spread(indexes.length, [["won", p], ["lost", 1 - p]] as const);
    indexes.forEach((index, k) => (fates[index] = dealt[k] as Fate));
  }
  return fates;
}

function dealThreading(rng: Random, fates: Fate[]): Threading[] {
  const threading: Threading[] = new Array(fates.length);
  for (const [fate, mix] of [["won", threadingIfWon], ["lost", threadingIfLost]] as const) {
    const indexes = fates.flatMap((f, i) => (f === fate ? [i] : []));
    const dealt = rng.spread(indexes.length, mix);
    indexes.forEach((index, k) => (threading[index] = dealt[k] as Threading));
  }
  return threading;
}

function engagedCount(rng: Random, threads: Threading, fate: Fate): number {
  // Nobody wins a deal without at least a champion; losing ones sometimes never got that far.
  if (threads === "single") return fate === "won" || rng.chance(0.75) ? 1 : 0;
  if (threads === "double") return 2;
  return rng.weighted([[3, 50], [4, 35], [5, 15]]);
}

/** The stages a deal passes through and when, from creation (entry into Discovery) to its fate. */
function planStages(rng: Random, fate: Fate, lostAfter: number | undefined, segment: Segment, createdAt: number): StagePlan {
  const last = fate === "won" ? 5 : (lostAfter ?? 1);
  const path: number[] = [];
  for (let stage = 1; stage <= last; stage++) {
    const skippable = stage !== 1 && stage !== last;
    if (skippable && stage === 2 && rng.chance(0.06)) continue;
    if (skippable && stage === 4 && rng.chance(segment === "SMB" ? 0.4 : 0.12)) continue;
    path.push(stage);
  }
  const pace = paceBySegment[segment];
  const entries: StagePlan["entries"] = [];
  let at = createdAt;
  let planned = createdAt;
  for (const stageId of path) {
    entries.push({ stageId, enteredAt: at });
    const mean = (meanDwellDays[stageId] ?? 7) * pace;
    // A deal that dies lingers in its last stage before someone marks it lost; early-stage ones
    // sometimes for months, as nobody closes them out (later stages get reviewed in forecast calls).
    const zombie = rng.chance(0.15) && stageId <= 3 ? 5 : 1;
    const lingering = fate === "lost" && stageId === last ? (stageId === 3 ? 1.35 : 1.5) * zombie : 1;
    const days = rng.logNormal(mean * Math.exp((-DWELL_SIGMA * DWELL_SIGMA) / 2), DWELL_SIGMA) * lingering;
    at = toSecond(at + Math.max(0.05, days) * DAY);
    planned += mean * DAY;
  }
  const finalStage = fate === "won" ? closedWonStage.id : closedLostStage.id;
  entries.push({ stageId: finalStage, enteredAt: at });
  return { entries, closesAt: at, plannedClose: planned + rng.normal(0, 6) * DAY };
}

/** ACV by segment: SMB under $10K, mid-market $10–50K, enterprise $50–150K; Tier 1 buys bigger. */
function dealAmount(rng: Random, account: DemoAccount, type: string): number {
  let amount =
    account.segment === "SMB"
      ? clamp(rng.logNormal(6_500, 0.35), 2_400, 12_000)
      : account.segment === "Mid-Market"
        ? clamp(rng.logNormal(20_000, 0.4), 10_000, 50_000)
        : clamp(rng.logNormal(62_000, 0.35), 40_000, 150_000);
  if (account.abmTier === "tier_1") amount *= 1.3;
  else if (account.abmTier === "tier_2") amount *= 1.1;
  if (type === "Expansion") amount *= 0.6;
  return clamp(Math.round(amount / 250) * 250, 1_000, 150_000);
}

/** The deal's contacts: the engaged ones (champion and economic buyer first), then a few identified. */
function buyingGroup(rng: Random, book: AccountBook, accountId: number, engaged: number, fate: Fate): DealContact[] {
  const ids = book.contactsByAccount[accountId] ?? [];
  const extra = rng.weighted([[0, 45], [1, 35], [2, 20]]);
  const size = clamp(engaged + extra, 1, Math.min(6, ids.length));
  const chosen = rng
    .sample(ids, size)
    .sort((a, b) => rolePriority(book.contacts[a - 1]) - rolePriority(book.contacts[b - 1]) || a - b);
  return chosen.map((contactId, k) => ({
    contactId,
    status: k >= engaged ? "identified" : rng.chance(fate === "won" ? 0.6 : 0.4) ? "active" : "engaged",
  }));
}

const roleRank: Record<string, number> = {
  champion: 0,
  economic_buyer: 1,
  technical_evaluator: 2,
  end_user: 3,
  blocker_influencer: 4,
};

function rolePriority(contact: DemoContact | undefined): number {
  return roleRank[contact?.buyingGroupRole ?? ""] ?? 5;
}

function engagementOf(rng: Random, status: DealContact["status"]) {
  if (status === "identified") return rng.chance(0.6) ? "none" : "low";
  if (status === "engaged") return rng.chance(0.5) ? "low" : "medium";
  return rng.chance(0.5) ? "medium" : "high";
}

/**
 * Picks the account a deal is with: ABM-tiered and larger accounts see more deals; the account must
 * have enough contacts for the deal's buying group, and late deals avoid reps who have left.
 */
class AccountPicker {
  private readonly samplers = new Map<string, WeightedSampler>();
  constructor(
    private readonly book: AccountBook,
    private readonly team: SalesTeam,
  ) {}

  pick(rng: Random, engaged: number, allowDepartedOwner: boolean): DemoAccount {
    for (let need = Math.max(1, Math.min(engaged, 3)); need >= 1; need--) {
      const sampler = this.sampler(need, allowDepartedOwner);
      if (!sampler.isEmpty) return this.book.accounts[sampler.draw(rng)] as DemoAccount;
    }
    return this.sampler(1, true).isEmpty
      ? (this.book.accounts[0] as DemoAccount)
      : (this.book.accounts[this.sampler(1, true).draw(rng)] as DemoAccount);
  }

  private sampler(minContacts: number, allowDepartedOwner: boolean): WeightedSampler {
    const key = `${minContacts}:${allowDepartedOwner}`;
    let sampler = this.samplers.get(key);
    if (!sampler) {
      const departed = new Set(this.team.reps.filter((r) => r.leftAt !== null).map((r) => r.id));
      sampler = new WeightedSampler(
        this.book.accounts.map((account) => {
          const contacts = this.book.contactsByAccount[account.id]?.length ?? 0;
          if (contacts < minContacts) return 0;
          if (!allowDepartedOwner && departed.has(account.ownerId ?? 0)) return 0;
          return (
            accountWeightBySegment[account.segment as Segment] * (accountWeightByTier[account.abmTier ?? ""] ?? 1)
          );
        }),
      );
      this.samplers.set(key, sampler);
    }
    return sampler;
  }
}
