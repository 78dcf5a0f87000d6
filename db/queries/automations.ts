/**
 * The automations' log (what each did, with its reason) and the facts the Competitive Alert Monitor
 * reads: a competitor signal with its account and owner, the open deals naming a competitor, and
 * the deals closed against each competitor in a window (its before and after).
 */
import "server-only";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { queryRows, type Database, type DatabaseOrTransaction } from "@/db/index";
import { automationActions, users } from "@/db/schema";
import type { SwitchedAutomation } from "@/lib/domain/automations";
import type { OutcomeCount } from "@/lib/metrics/win-loss";
import type { ClosedOutcomes } from "@/lib/metrics/analyzer-impact";
import type { Period } from "@/lib/metrics/period";
import type { DealFacts, SignalFacts } from "@/lib/automations/competitive-alerts";
import { recordedReason } from "./win-loss";
import { inPeriod } from "./velocity";

export interface NewAction {
  automation: SwitchedAutomation;
  subject: string;
  action: string;
  reason: string;
  at: Date;
  accountId?: number | null;
  opportunityId?: number | null;
  signalId?: number | null;
  userId?: number | null;
  topic?: string | null;
  detail?: Record<string, unknown>;
}

/** Records an action once: false when its subject was acted on already (a rerun, another instance). */
export async function recordAction(tx: DatabaseOrTransaction, a: NewAction): Promise<boolean> {
  const rows = await tx
    .insert(automationActions)
    .values({
      automation: a.automation,
      subject: a.subject,
      action: a.action,
      reason: a.reason,
      at: a.at,
      accountId: a.accountId ?? null,
      opportunityId: a.opportunityId ?? null,
      signalId: a.signalId ?? null,
      userId: a.userId ?? null,
      topic: a.topic ?? null,
      detail: a.detail ?? {},
    })
    .onConflictDoNothing({ target: [automationActions.automation, automationActions.subject] })
    .returning({ id: automationActions.id });
  return rows.length > 0;
}

export interface ActionView {
  id: number;
  action: string;
  reason: string;
  at: Date;
  accountId: number | null;
  accountName: string | null;
  opportunityId: number | null;
  opportunityName: string | null;
  signalId: number | null;
  userName: string | null;
  topic: string | null;
}

export const ACTIONS_PAGE = 50;

/** An automation's actions, newest first, a page at a time (`before`: the last id of the previous page). */
export async function automationLog(db: Database, automation: SwitchedAutomation, { before, limit = ACTIONS_PAGE }: { before?: number; limit?: number } = {}): Promise<ActionView[]> {
  return db
    .select({
      id: automationActions.id,
      action: automationActions.action,
      reason: automationActions.reason,
      at: automationActions.at,
      accountId: automationActions.accountId,
      accountName: sql<string | null>`(select a.name from accounts a where a.id = ${automationActions.accountId})`,
      opportunityId: automationActions.opportunityId,
      opportunityName: sql<string | null>`(select o.name from opportunities o where o.id = ${automationActions.opportunityId})`,
      signalId: automationActions.signalId,
      userName: users.name,
      topic: automationActions.topic,
    })
    .from(automationActions)
    .leftJoin(users, eq(users.id, automationActions.userId))
    .where(and(eq(automationActions.automation, automation), before === undefined ? undefined : lt(automationActions.id, before)))
    .orderBy(desc(automationActions.id))
    .limit(limit);
}

/** How many actions an automation took, in all and by topic (a competitor, an asset…). */
export async function actionCounts(db: Database, automation: SwitchedAutomation): Promise<{ total: number; byTopic: { topic: string | null; actions: number }[] }> {
  const rows = await queryRows<{ topic: string | null; actions: number }>(
    db,
    sql`select topic, count(*)::int as actions from automation_actions where automation = ${automation} group by topic order by 2 desc, 1`,
  );
  return { total: rows.reduce((n, r) => n + r.actions, 0), byTopic: rows };
}

/** A signal as the monitor reads it: its account, that account's owner (whom it was routed to, else the owner on file) and the day it arrived. */
export async function competitorSignalFacts(db: DatabaseOrTransaction, signalId: number, timeZone: string): Promise<SignalFacts | null> {
  const [row] = await queryRows<SignalFacts>(
    db,
    sql`select s.id, s.type, s.payload, s.account_id as "accountId", a.name as "accountName",
        coalesce(s.routed_to, a.owner_id) as "ownerId",
        to_char(s.received_at at time zone ${timeZone}, 'YYYY-MM-DD') as "receivedDay"
      from signals s left join accounts a on a.id = s.account_id where s.id = ${signalId}`,
  );
  return row ?? null;
}

/** Open deals naming a competitor (as recorded: the taxonomy's label, else the CRM's text) that the monitor has not alerted on for it. */
export async function openDealsNamingCompetitor(db: Database): Promise<(DealFacts & { accountId: number | null })[]> {
  const competitor = recordedReason("competitor");
  return queryRows<DealFacts & { accountId: number | null }>(
    db,
    sql`select o.id, o.name, ${competitor} as competitor, o.owner_id as "ownerId", true as open, o.account_id as "accountId"
      from opportunities o
      where o.status = 'open' and ${competitor} is not null
        and not exists (select 1 from automation_actions x where x.automation = 'competitive_alert_monitor'
          and x.subject = 'deal:' || o.id || ':' || lower(${competitor}))
      order by o.id`,
  );
}

/** Deals closed in a window that name a competitor, won and lost by competitor (as recorded). */
export async function winsByCompetitor(db: Database, window: Period & { timeZone: string }): Promise<OutcomeCount[]> {
  const competitor = recordedReason("competitor");
  return queryRows<OutcomeCount>(
    db,
    sql`select ${competitor} as key, (count(*) filter (where o.status = 'won'))::int as won, (count(*) filter (where o.status = 'lost'))::int as lost
      from opportunities o
      where o.status in ('won', 'lost') and ${inPeriod(sql`o.closed_at`, window)} and ${competitor} is not null
      group by 1 order by 1`,
  );
}

/** Deals closed in a window: won, lost, and the lost ones with a loss reason recorded (the Win/Loss Analyzer's before and after). */
export async function closedOutcomes(db: Database, window: Period & { timeZone: string }): Promise<ClosedOutcomes> {
  const [row] = await queryRows<ClosedOutcomes>(
    db,
    sql`select (count(*) filter (where o.status = 'won'))::int as won, (count(*) filter (where o.status = 'lost'))::int as lost,
        (count(*) filter (where o.status = 'lost' and ${recordedReason("loss")} is not null))::int as "lostWithReason"
      from opportunities o
      where o.status in ('won', 'lost') and ${inPeriod(sql`o.closed_at`, window)}`,
  );
  return row!;
}
