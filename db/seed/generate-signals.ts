/**
 * Intent signals, each account's score after each of them, how the router sent them on and how they
 * were answered, and the meetings that followed. Signals cluster around deals (buyers research
 * before and while they buy; accounts that go on to buy a little more, and earlier); the rest is
 * spread over the accounts the tools can see.
 *
 * The lead router was switched on `ROUTER_DAYS` before the as-of day (the `signals` setting's
 * `routingSince`): before it, high-intent signals waited in a shared inbox, were answered slowly or
 * not at all and led to fewer meetings; from that day on, the owner got them at once.
 */
import { defaultSignalTypes, signalTypeByKey, type SignalTier } from "@/lib/domain/signal-types";
import { personalTracks } from "@/lib/domain/routing-tracks";
import { crossedIntoHandoff, trackFor } from "@/lib/metrics/scoring";
import { responseDueAt } from "@/lib/signals/routing";
import { settingDefinitions, type SignalSettings } from "@/lib/settings/definitions";
import type { NewSignal } from "@/db/schema";
import { DAY, HOUR, MINUTE, SECOND, between, isoDay, sampleDay, toSecond, workTime } from "./calendar";
import { clamp, inTimeOrder, scaled, type SeedContext } from "./context";
import type { AccountBook } from "./generate-accounts";
import type { Pipeline } from "./generate-opportunities";
import type { SalesTeam } from "./generate-people";
import { AccountScoreHistory, scoreRow } from "./generate-scores";
import { WeightedSampler, type Random } from "./random";
import type { DemoData, DemoSignal, DemoTouchpoint } from "./types";
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

/**
 * High-intent research around a deal: deals that end up won draw a little more of it, and it starts
 * a little earlier (days before the deal is created, from; days after, to).
 */
const highIntentByFate = {
  won: { weight: 1.5, from: 40, to: 12 },
  lost: { weight: 1, from: 28, to: 20 },
  open: { weight: 1, from: 30, to: 20 },
} as const;

/** Signals about the account as a whole rather than a person. */
const accountLevel = new Set(["multiple_stakeholders", "review_site_research"]);

/** Days before the as-of day that the lead router was switched on. */
export const ROUTER_DAYS = 75;

type Era = "before" | "after";

/** How high-intent signals were answered before the router and after it. */
const responseByEra = {
  /** A shared inbox worked when someone got to it. */
  before: { unanswered: 0.25, medianMs: 45 * MINUTE, sigma: 1.1, meeting: 0.058 },
  /** The owner is told at once: minutes for a high-intent signal or a handoff, hours for co-engagement. */
  after: { unanswered: 0.08, medianMs: 3.5 * MINUTE, sigma: 0.7, meeting: 0.12 },
} as const;
const CO_ENGAGEMENT_MEDIAN = 3 * HOUR;

type SignalDraft = Omit<DemoSignal, "id">;

export interface Signals {
  signals: DemoSignal[];
  scores: DemoData["scores"];
  meetings: DemoData["meetings"];
  settings: DemoData["settings"];
}

export function generateSignals(
  ctx: SeedContext,
  team: SalesTeam,
  book: AccountBook,
  pipeline: Pipeline,
  touchpoints: readonly DemoTouchpoint[],
): Signals {
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
  const highIntentDeals = new WeightedSampler(pipeline.opportunities.map((o) => highIntentByFate[o.status ?? "open"].weight));

  const drafts: SignalDraft[] = [];
  for (const tier of rng.apportion(count, tierMix)) {
    const type = rng.weighted(typesByTier.get(tier) ?? []);
    const nearDeal = rng.chance(nearDealShare[tier]);
    const opp = !nearDeal
      ? undefined
      : tier === "high"
        ? pipeline.opportunities[highIntentDeals.draw(rng)]
        : rng.pick(pipeline.opportunities);
    const accountId = opp ? opp.accountId : (book.accounts[visible.draw(rng)]?.id ?? 1);
    const account = book.byId[accountId];
    const window = tier === "high" && opp ? highIntentByFate[opp.status ?? "open"] : { from: 30, to: 20 };
    const occurredAt = opp
      ? between(
          rng,
          Math.max(clock.start, opp.createdAt.getTime() - window.from * DAY),
          Math.min(clock.asOf - MINUTE, opp.createdAt.getTime() + window.to * DAY),
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
    });
  }
  const signals = inTimeOrder(drafts, (d) => d.receivedAt.getTime()).map((draft, index) => Object.assign(draft, { id: index + 1 }));
  const routingSince = clock.asOf - ROUTER_DAYS * DAY;
  const { scores, meetings } = scoreAndRoute(ctx, team, book, signals, touchpoints, routingSince);
  const value: SignalSettings = { ...settingDefinitions.signals.defaults, routingSince: isoDay(routingSince) };
  const settings = [{ key: "signals", value, updatedBy: team.adminId, updatedAt: new Date(routingSince + 9 * HOUR) }];
  return { signals, scores, meetings, settings };
}

/**
 * Walks each account's signals in order of receipt: scores the account, sets the signal's track,
 * routes it to the owner, answers it (or not) and books the meetings that follow, which count
 * towards the engagement of the account's later scores.
 */
function scoreAndRoute(
  ctx: SeedContext,
  team: SalesTeam,
  book: AccountBook,
  signals: DemoSignal[],
  touchpoints: readonly DemoTouchpoint[],
  routingSince: number,
): { scores: DemoData["scores"]; meetings: DemoData["meetings"] } {
  const rng = ctx.rng.fork("routing");
  const signalsByAccount = groupByAccount(signals);
  const touchTimes = new Map<number, number[]>();
  for (const touch of touchpoints) {
    if (touch.accountId == null) continue;
    const list = touchTimes.get(touch.accountId);
    if (list) list.push(touch.occurredAt.getTime());
    else touchTimes.set(touch.accountId, [touch.occurredAt.getTime()]);
  }
  const scoresBySignal: DemoData["scores"] = new Array(signals.length);
  const meetingDrafts: Omit<DemoData["meetings"][number], "id">[] = [];

  for (const account of book.accounts) {
    const own = signalsByAccount.get(account.id);
    if (!own) continue;
    const touches = (touchTimes.get(account.id) ?? []).sort((a, b) => a - b);
    const history = new AccountScoreHistory(account, own, touches);
    for (const signal of own) {
      const score = history.scoreNext();
      signal.readiness = score.readiness.toFixed(2);
      signal.track = trackFor(score.readiness);
      signal.crossedIntoHandoff = crossedIntoHandoff(history.previousReadiness, score.readiness);
      history.settle(score.readiness);
      scoresBySignal[signal.id - 1] = scoreRow(signal.id, account.id, signal, score);

      const receivedAt = signal.receivedAt.getTime();
      const era: Era = receivedAt < routingSince ? "before" : "after";
      Object.assign(signal, routeAndAnswer(rng, ctx, team, era, signal, account.ownerId ?? null));
      const meeting = bookMeeting(rng, ctx, book, era, signal);
      if (meeting) {
        history.addMeeting(meeting.bookedAt.getTime());
        meetingDrafts.push(meeting);
      }
    }
  }
  const meetings = inTimeOrder(meetingDrafts, (d) => d.bookedAt.getTime()).map((draft, index) => Object.assign(draft, { id: index + 1 }));
  return { scores: scoresBySignal, meetings };
}

function groupByAccount(signals: readonly DemoSignal[]): Map<number, DemoSignal[]> {
  const byAccount = new Map<number, DemoSignal[]>();
  for (const signal of signals) {
    const list = byAccount.get(signal.accountId);
    if (list) list.push(signal);
    else byAccount.set(signal.accountId, [signal]);
  }
  return byAccount;
}

/**
 * The router gives every scored signal to the account's owner while employed (else the same active
 * stand-in each time), with the track's SLA. A person answers signals on a personal track and every
 * high-intent signal; the rest are worked by automation.
 */
function routeAndAnswer(
  rng: Random,
  ctx: SeedContext,
  team: SalesTeam,
  era: Era,
  signal: DemoSignal,
  ownerId: number | null,
): Pick<NewSignal, "routedTo" | "routedAt" | "responseDueAt" | "firstResponseAt"> {
  const receivedAt = signal.receivedAt.getTime();
  const track = signal.track ?? "programmatic_nurture";
  const routedTo = ownerId !== null ? team.workingOwner(ownerId, receivedAt, signal.accountId) : roundRobin(team, signal.accountId);
  const routedAt = signal.receivedAt;
  const worked = personalTracks.includes(track) || signal.tier === "high";
  const response = responseByEra[era];
  // Drawn for every signal, so one signal's track does not shift the stream for the others.
  const answered = !rng.chance(response.unanswered);
  const spread = rng.normal();
  const fast = era === "before" || track === "immediate_handoff" || signal.tier === "high";
  const median = fast ? response.medianMs : CO_ENGAGEMENT_MEDIAN;
  const firstResponseAt = toSecond(receivedAt + Math.max(20 * SECOND, median * Math.exp(response.sigma * spread)));
  return {
    routedTo,
    routedAt,
    responseDueAt: responseDueAt(track, routedAt, "UTC"),
    firstResponseAt: worked && answered && firstResponseAt < ctx.clock.asOf ? new Date(firstResponseAt) : null,
  };
}

function roundRobin(team: SalesTeam, accountId: number): number {
  return team.activeReps[accountId % team.activeReps.length]!.id;
}

/** Some answered high-intent signals lead to a meeting with the account, within two weeks. */
function bookMeeting(rng: Random, ctx: SeedContext, book: AccountBook, era: Era, signal: DemoSignal): Omit<DemoData["meetings"][number], "id"> | null {
  if (signal.tier !== "high") return null;
  const booked = rng.chance(responseByEra[era].meeting / (1 - responseByEra[era].unanswered));
  const lag = clamp(rng.logNormal(2 * DAY, 0.9), HOUR, 13.5 * DAY);
  const contacts = book.contactsByAccount[signal.accountId] ?? [];
  const contactId = signal.contactId ?? (contacts.length > 0 ? rng.pick(contacts) : null);
  const responded = signal.firstResponseAt?.getTime();
  if (!booked || responded === undefined) return null;
  const bookedAt = toSecond(Math.max(responded, signal.receivedAt.getTime() + lag));
  if (bookedAt >= ctx.clock.asOf || bookedAt > signal.receivedAt.getTime() + 14 * DAY) return null;
  signal.meetingBookedAt = new Date(bookedAt);
  return { accountId: signal.accountId, contactId, signalId: signal.id, bookedBy: signal.routedTo ?? null, bookedAt: new Date(bookedAt) };
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
