/**
 * Intent signals, how they were routed and answered, the meetings that followed, and each account's
 * current score. Signals cluster around deals (buyers research before and while they buy); the rest
 * is spread over the accounts the tools can see.
 */
import { defaultSignalTypes, signalTypeByKey, type SignalTier } from "@/lib/domain/signal-types";
import type { NewSignal } from "@/db/schema";
import { DAY, HOUR, MINUTE, SECOND, between, isoDay, sampleDay, toSecond, workTime } from "./calendar";
import { clamp, inTimeOrder, scaled, type SeedContext } from "./context";
import type { AccountBook } from "./generate-accounts";
import type { Pipeline } from "./generate-opportunities";
import type { SalesTeam } from "./generate-people";
import { WeightedSampler, type Random } from "./random";
import type { DemoData, DemoSignal } from "./types";
import { competitors, technographics } from "./vocabulary";

const tierMix: readonly (readonly [SignalTier, number])[] = [
  ["high", 20],
  ["medium", 40],
  ["low", 28],
  ["external", 12],
];

/** How often each type fires within its tier. */
const typeWeight: Record<string, number> = {
  pricing_page_depth: 30,
  demo_request: 12,
  trial_signup: 6,
  competitor_comparison: 16,
  multiple_stakeholders: 12,
  return_after_dormancy: 14,
  review_site_research: 10,
};

/** Share of each tier's signals that come from an account with a deal around that time. */
const nearDealShare: Record<SignalTier, number> = { high: 0.55, medium: 0.4, low: 0.2, external: 0.25 };

/** Signals about the account as a whole rather than a person. */
const accountLevel = new Set(["multiple_stakeholders", "review_site_research"]);

/** Share of high-intent signals that lead to a meeting (others of the account in the 14 days before count too). */
const MEETING_SHARE = 0.12;

type SignalDraft = Omit<DemoSignal, "id">;

export interface Signals {
  signals: DemoSignal[];
  meetings: DemoData["meetings"];
}

export function generateSignals(ctx: SeedContext, team: SalesTeam, book: AccountBook, pipeline: Pipeline): Signals {
  const rng = ctx.rng.fork("signals");
  const { clock } = ctx;
  const count = scaled(ctx, 20_000);
  const typesByTier = new Map<SignalTier, (readonly [string, number])[]>();
  for (const type of defaultSignalTypes) {
    const list = typesByTier.get(type.tier) ?? [];
    list.push([type.key, typeWeight[type.key] ?? 10]);
    typesByTier.set(type.tier, list);
  }
  // A third of accounts never show up in the intent tools at all.
  const tierBoost: Record<string, number> = { tier_1: 8, tier_2: 4, tier_3: 2 };
  const visible = new WeightedSampler(
    book.accounts.map((a) => (rng.chance(0.35) ? 0 : rng.logNormal(1, 0.8) * (tierBoost[a.abmTier ?? ""] ?? 1))),
  );

  const drafts: SignalDraft[] = [];
  for (const tier of rng.apportion(count, tierMix)) {
    const type = rng.weighted(typesByTier.get(tier) ?? []);
    const opp = rng.chance(nearDealShare[tier]) ? rng.pick(pipeline.opportunities) : undefined;
    const accountId = opp ? opp.accountId : (book.accounts[visible.draw(rng)]?.id ?? 1);
    const account = book.byId[accountId];
    const occurredAt = opp
      ? between(
          rng,
          Math.max(clock.start, opp.createdAt.getTime() - 30 * DAY),
          Math.min(clock.asOf - MINUTE, opp.createdAt.getTime() + 20 * DAY),
        )
      : workTime(rng, sampleDay(rng, clock.start, clock.asOf, 0.7, 1.4), account?.region);
    const contacts = opp ? (pipeline.dealContacts[opp.id] ?? []).map((m) => m.contactId) : (book.contactsByAccount[accountId] ?? []);
    const personal = tier !== "external" && !accountLevel.has(type) && rng.chance(0.7);
    const contactId = personal && contacts.length > 0 ? rng.pick(contacts) : null;
    const lag = tier === "external" ? rng.float(1, 48) * HOUR : rng.float(2, 90) * SECOND;
    const receivedAt = clamp(toSecond(occurredAt + lag), occurredAt, clock.asOf - SECOND);
    drafts.push({
      type,
      tier,
      accountId,
      contactId,
      occurredAt: new Date(occurredAt),
      receivedAt: new Date(receivedAt),
      payload: payloadFor(rng, type, occurredAt),
      ...routing(rng, ctx, team, tier, accountId, account?.ownerId ?? null, receivedAt),
    });
  }
  const signals = inTimeOrder(drafts, (d) => d.receivedAt.getTime()).map((draft, index) => Object.assign(draft, { id: index + 1 }));

  return { signals, meetings: generateMeetings(rng, ctx, team, book, pipeline, signals) };
}

/** Routing by tier: high intent goes straight to the owner, low intent to programmatic nurture. */
function routing(
  rng: Random,
  ctx: SeedContext,
  team: SalesTeam,
  tier: SignalTier,
  accountId: number,
  ownerId: number | null,
  receivedAt: number,
): Pick<NewSignal, "track" | "routedTo" | "routedAt" | "firstResponseAt"> {
  const track = rng.weighted<NewSignal["track"]>(
    tier === "high"
      ? [["immediate_handoff", 65], ["co_engagement", 35]]
      : tier === "medium"
        ? [["co_engagement", 25], ["accelerated_nurture", 60], [null, 15]]
        : tier === "low"
          ? [["programmatic_nurture", 70], [null, 30]]
          : [["co_engagement", 50], ["accelerated_nurture", 40], [null, 10]],
  );
  const toRep = track === "immediate_handoff" || track === "co_engagement";
  const routedAt = toSecond(receivedAt + rng.logNormal(track === "immediate_handoff" ? 40 : 600, 0.8) * SECOND);
  // Median response: minutes for a handoff, hours for co-engagement; one in ten is never answered.
  const responseLag = track === "immediate_handoff" ? rng.logNormal(4 * MINUTE, 1.1) : rng.logNormal(3 * HOUR, 1.0);
  const responded = toRep && rng.chance(0.9);
  const firstResponseAt = toSecond(routedAt + responseLag);
  const before = (t: number) => (t < ctx.clock.asOf ? new Date(t) : null);
  const routed = toRep || track === "accelerated_nurture" || track === "programmatic_nurture";
  return {
    track,
    routedTo: toRep && ownerId !== null ? team.workingOwner(ownerId, receivedAt, accountId) : null,
    routedAt: routed ? before(routedAt) : null,
    firstResponseAt: responded && routedAt < ctx.clock.asOf ? before(firstResponseAt) : null,
  };
}

function generateMeetings(
  rng: Random,
  ctx: SeedContext,
  team: SalesTeam,
  book: AccountBook,
  pipeline: Pipeline,
  signals: DemoSignal[],
): DemoData["meetings"] {
  const drafts: Omit<DemoData["meetings"][number], "id">[] = [];
  const high = signals.filter((s) => s.tier === "high");
  const booked = rng.apportion(high.length, [[true, MEETING_SHARE], [false, 1 - MEETING_SHARE]]);
  high.forEach((signal, i) => {
    const lag = clamp(rng.logNormal(2 * DAY, 0.9), HOUR, 13.5 * DAY);
    const bookedAt = toSecond(signal.receivedAt.getTime() + lag);
    const contacts = book.contactsByAccount[signal.accountId] ?? [];
    const contactId = signal.contactId ?? (contacts.length > 0 ? rng.pick(contacts) : null);
    if (!booked[i] || bookedAt >= ctx.clock.asOf) return;
    signal.meetingBookedAt = new Date(bookedAt);
    const owner = book.byId[signal.accountId]?.ownerId ?? team.activeReps[0]?.id ?? 1;
    drafts.push({
      accountId: signal.accountId,
      contactId,
      signalId: signal.id,
      bookedBy: signal.routedTo ?? team.workingOwner(owner, bookedAt, signal.accountId),
      bookedAt: new Date(bookedAt),
    });
  });
  return inTimeOrder(drafts, (d) => d.bookedAt.getTime()).map((draft, index) => Object.assign(draft, { id: index + 1 }));
}

const assets = ["State of RevOps Report", "Pipeline Velocity Calculator", "Buying Group Playbook", "Attribution Guide"];
const webinars = ["Forecasting without Spreadsheets", "Signals over MQLs", "Multi-threading 101"];
const jobTitles = ["Revenue Operations Analyst", "Head of RevOps", "Marketing Operations Manager", "Sales Operations Lead"];

/** A small, type-specific record of what the signal saw. */
function payloadFor(rng: Random, type: string, occurredAt: number): Record<string, unknown> {
  const competitor = rng.pick(competitors.slice(0, 4));
  switch (type) {
    case "pricing_page_depth":
      return { page: "/pricing", visits: rng.int(2, 6), seconds: rng.int(35, 420) };
    case "competitor_comparison":
      return { page: `/compare/${competitor.toLowerCase()}`, competitor };
    case "multiple_stakeholders":
      return { visitors: rng.int(3, 7), windowDays: 7 };
    case "return_after_dormancy":
      return { dormantDays: rng.int(30, 180) };
    case "review_site_research":
      return { site: rng.pick(["G2", "TrustRadius", "Capterra"]), category: "Revenue Operations" };
    case "content_download":
    case "case_study_view":
      return { asset: rng.pick(assets) };
    case "webinar_attended":
      return { webinar: rng.pick(webinars) };
    case "blog_binge":
      return { pages: rng.int(3, 9) };
    case "social_engagement":
      return { network: "LinkedIn", action: rng.pick(["comment", "share"]) };
    case "contract_expiring":
      return { competitor, renewalDate: isoDay(occurredAt + rng.int(45, 150) * DAY) };
    case "funding_round":
      return { round: rng.pick(["Seed", "Series A", "Series B", "Series C"]), amountUsd: rng.int(2, 80) * 1_000_000 };
    case "leadership_change":
      return { title: rng.pick(["VP of Sales", "CRO", "VP of Marketing", "Head of RevOps"]) };
    case "technographic_change":
      return { added: rng.pick(technographics).tag };
    case "job_postings":
      return { title: rng.pick(jobTitles), openings: rng.int(1, 3) };
    case "negative_competitor_review":
      return { competitor, rating: rng.int(1, 2) };
    default:
      return signalTypeByKey.has(type) ? {} : { unknown: true };
  }
}
