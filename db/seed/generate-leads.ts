/**
 * Leads and their lifecycle: created → MQL → routed → SQL → accepted/rejected → opportunity → won.
 *
 * Leads behind each opportunity are built backwards from the deal's creation, so their
 * `opportunityAt` is exactly the deal's `createdAt`. The rest of the funnel is filled to fixed stage
 * counts so that MQL→SQL is always the weakest conversion: plenty of MQLs (every demo request is
 * one), few of which sales accepts.
 */
import { DAY, HOUR, MINUTE, SECOND, sampleDay, toSecond, workTime } from "./calendar";
import { clamp, inTimeOrder, scaled, type SeedContext } from "./context";
import type { AccountBook } from "./generate-accounts";
import type { Pipeline, Source } from "./generate-opportunities";
import type { SalesTeam } from "./generate-people";
import { WeightedSampler, type Random } from "./random";
import type { DemoLead } from "./types";

/** Share of each source's converting leads that came through the demo-request form. */
const demoShareBySource: Record<Source, number> = {
  "Paid Search": 0.85,
  Inbound: 0.8,
  Events: 0.4,
  Partner: 0.5,
  Outbound: 0,
};
const demoLeadSources: readonly (readonly [Source, number])[] = [
  ["Paid Search", 40],
  ["Inbound", 40],
  ["Events", 10],
  ["Partner", 10],
];
const otherLeadSources: readonly (readonly [Source, number])[] = [
  ["Paid Search", 33],
  ["Inbound", 30],
  ["Events", 17],
  ["Outbound", 12],
  ["Partner", 8],
];

/**
 * Funnel shape, as shares of all leads of a kind (the converting leads count towards them): every
 * demo request is an MQL and 26 % of them reach SQL; 20 % of other leads become MQLs and few of
 * those reach SQL beyond the ones that became deals. Together: Lead→MQL ≈ 36 %, MQL→SQL ≈ 22 %,
 * SQL→Opportunity ≈ 41 %.
 */
const DEMO_SHARE = 0.2;
const NON_DEMO_MQL_RATE = 0.2;
const DEMO_SQL_RATE = 0.26;
const NON_DEMO_EXTRA_SQL_RATE = 0.015;
/** Of the SQLs that did not become deals, the share sales accepted (then recycled or went quiet). */
const ACCEPTED_WITHOUT_OPPORTUNITY = 0.45;

type Reach = "lead" | "mql" | "sql";
type LeadDraft = Omit<DemoLead, "id">;

export function generateLeads(ctx: SeedContext, team: SalesTeam, book: AccountBook, pipeline: Pipeline): DemoLead[] {
  const rng = ctx.rng.fork("leads");
  const drafts: LeadDraft[] = [];

  // Leads that became opportunities.
  for (const opp of pipeline.opportunities) {
    const group = pipeline.dealContacts[opp.id] ?? [];
    const leadCount = group.length >= 2 && rng.chance(0.2) ? 2 : 1;
    for (let k = 0; k < leadCount; k++) {
      const source = opp.source as Source;
      drafts.push(
        convertingLead(rng, ctx, team, {
          opportunityId: opp.id,
          opportunityAt: opp.createdAt.getTime(),
          wonAt: opp.status === "won" ? (opp.closedAt ?? null) : null,
          accountId: opp.accountId,
          ownerId: opp.ownerId,
          contactId: group[k]?.contactId ?? null,
          source,
          isDemoRequest: rng.chance(k === 0 ? demoShareBySource[source] : 0.15),
        }),
      );
    }
  }

  const total = scaled(ctx, 25_000);
  const demoTotal = Math.round(total * DEMO_SHARE);
  const convertingDemo = drafts.filter((d) => d.isDemoRequest).length;
  const convertingOther = drafts.length - convertingDemo;
  const fillerDemo = Math.max(0, demoTotal - convertingDemo);
  const fillerOther = Math.max(0, total - drafts.length - fillerDemo);
  const otherMql = clamp(Math.round((total - demoTotal) * NON_DEMO_MQL_RATE) - convertingOther, 0, fillerOther);
  const otherSql = Math.min(otherMql, Math.round((total - demoTotal) * NON_DEMO_EXTRA_SQL_RATE));
  const demoSql = clamp(Math.round(demoTotal * DEMO_SQL_RATE) - convertingDemo, 0, fillerDemo);

  const demoReach = rng.apportion<Reach>(fillerDemo, [["sql", demoSql], ["mql", fillerDemo - demoSql]]);
  const otherReach = rng.apportion<Reach>(fillerOther, [
    ["sql", otherSql],
    ["mql", otherMql - otherSql],
    ["lead", fillerOther - otherMql],
  ]);
  const accountSampler = new WeightedSampler(
    book.accounts.map((a) => (a.segment === "Enterprise" ? 1.8 : a.segment === "Mid-Market" ? 1.3 : 1)),
  );
  for (const [isDemoRequest, reaches] of [[true, demoReach], [false, otherReach]] as const) {
    for (const reach of reaches) {
      drafts.push(fillerLead(rng, ctx, team, book, accountSampler, isDemoRequest, reach, drafts.length));
    }
  }

  // Ids in order of creation, as a CRM would have issued them.
  return inTimeOrder(drafts, (d) => d.createdAt.getTime()).map((draft, index) => Object.assign(draft, { id: index + 1 }));
}

interface ConvertingLead {
  opportunityId: number;
  opportunityAt: number;
  wonAt: Date | null;
  accountId: number;
  ownerId: number;
  contactId: number | null;
  source: Source;
  isDemoRequest: boolean;
}

/** Walks back from the opportunity's creation through each stage of the lead's life. */
function convertingLead(rng: Random, ctx: SeedContext, team: SalesTeam, lead: ConvertingLead): LeadDraft {
  const lags = [
    clamp(rng.logNormal(2 * DAY, 0.6), 0.1 * DAY, 10 * DAY), // accepted → opportunity
    clamp(rng.logNormal(6 * HOUR, 0.9), 0.2 * HOUR, 72 * HOUR), // SQL → decision
    clamp(rng.logNormal(1.5 * DAY, 0.7), HOUR, 12 * DAY), // routed → SQL
    routingDelay(rng), // MQL → routed
    lead.isDemoRequest ? rng.int(5, 120) * SECOND : clamp(rng.logNormal(6 * DAY, 0.8), HOUR, 40 * DAY), // created → MQL
  ];
  const available = lead.opportunityAt - ctx.clock.start - HOUR;
  const needed = lags.reduce((a, b) => a + b, 0);
  const squeeze = needed > available ? available / needed : 1;
  const times: number[] = [lead.opportunityAt];
  for (const lag of lags) times.push(toSecond((times[times.length - 1] as number) - lag * squeeze));
  const [opportunityAt, decisionAt, sqlAt, routedAt, mqlAt, createdAt] = times as [number, number, number, number, number, number];
  return {
    contactId: lead.contactId,
    accountId: lead.accountId,
    ownerId: team.workingOwner(lead.ownerId, routedAt, lead.accountId),
    opportunityId: lead.opportunityId,
    source: lead.source,
    isDemoRequest: lead.isDemoRequest,
    createdAt: new Date(createdAt),
    mqlAt: new Date(mqlAt),
    routedAt: new Date(routedAt),
    sqlAt: new Date(sqlAt),
    sqlDecision: "accepted",
    sqlDecisionAt: new Date(decisionAt),
    opportunityAt: new Date(opportunityAt),
    wonAt: lead.wonAt,
  };
}

/** The 5-minute routing SLA is met about 70 % of the time; the misses drag on for hours. */
function routingDelay(rng: Random): number {
  return clamp(rng.logNormal(3 * MINUTE, 1.0), 20 * SECOND, 2 * DAY);
}

/** A lead that went no further than `reach`; stages that would fall after `asOf` have not happened. */
function fillerLead(
  rng: Random,
  ctx: SeedContext,
  team: SalesTeam,
  book: AccountBook,
  accounts: WeightedSampler,
  isDemoRequest: boolean,
  reach: Reach,
  salt: number,
): LeadDraft {
  const { clock } = ctx;
  const account = rng.chance(isDemoRequest ? 0.85 : 0.45) ? book.accounts[accounts.draw(rng)] : undefined;
  const contactIds = account ? (book.contactsByAccount[account.id] ?? []) : [];
  const contactId = contactIds.length > 0 && rng.chance(0.6) ? rng.pick(contactIds) : null;
  const createdAt = workTime(rng, sampleDay(rng, clock.start, clock.asOf, 0.8, 1.3), account?.region);
  const source = rng.weighted(isDemoRequest ? demoLeadSources : otherLeadSources);

  // Each stage's time, or null once a stage is not reached (or not reached yet).
  const stages: (number | null)[] = [];
  let at = createdAt;
  const step = (reached: boolean, lag: number) => {
    const next = toSecond(at + lag);
    const ok = reached && stages.every((s) => s !== null) && next < clock.asOf;
    stages.push(ok ? next : null);
    if (ok) at = next;
  };
  const mql = reach !== "lead";
  step(mql, isDemoRequest ? rng.int(5, 120) * SECOND : clamp(rng.logNormal(5 * DAY, 1.0), HOUR, 60 * DAY));
  step(mql && rng.chance(0.98), routingDelay(rng)); // a few MQLs sit unrouted
  step(reach === "sql", clamp(rng.logNormal(2 * DAY, 0.8), HOUR, 20 * DAY));
  step(reach === "sql", clamp(rng.logNormal(6 * HOUR, 0.9), 0.2 * HOUR, 96 * HOUR));
  const [mqlAt, routedAt, sqlAt, decisionAt] = stages as [number | null, number | null, number | null, number | null];
  const accepted = rng.chance(ACCEPTED_WITHOUT_OPPORTUNITY);

  const rep = team.activeReps[salt % team.activeReps.length]?.id ?? null;
  const ownerId =
    routedAt === null ? null : account ? team.workingOwner(account.ownerId ?? rep ?? 0, routedAt, account.id) : rep;
  return {
    contactId,
    accountId: account?.id ?? null,
    ownerId,
    opportunityId: null,
    source,
    isDemoRequest,
    createdAt: new Date(createdAt),
    mqlAt: mqlAt === null ? null : new Date(mqlAt),
    routedAt: routedAt === null ? null : new Date(routedAt),
    sqlAt: sqlAt === null ? null : new Date(sqlAt),
    sqlDecision: decisionAt === null ? null : accepted ? "accepted" : "rejected",
    sqlDecisionAt: decisionAt === null ? null : new Date(decisionAt),
    opportunityAt: null,
    wonAt: null,
  };
}
