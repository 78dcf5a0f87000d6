import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import type { FunnelMode } from "@/lib/funnel/request";
import type { LeadFigure, LeadSla } from "@/lib/funnel/leads-request";
import type { LeadStage } from "@/lib/metrics/funnel";
import { cohortLeads, flowEntries, goneCold, leadSlaClock, overdueInStage, reachedStage, slaBreached, slaCases, stageColumn, type FunnelScope, type StuckRule } from "./funnel";

/**
 * The leads behind a funnel figure (/funnel/leads and its CSV): each list is selected by the very
 * predicates its figure counts with (db/queries/funnel.ts), so its total is the figure.
 */

/** What the selection reads besides the figure: the funnel's scope and mode, the stuck rule and the SLAs in force. */
export interface LeadListContext {
  scope: FunnelScope;
  mode: FunnelMode;
  stuck: StuckRule & { now: Date };
  /** Each lead SLA in force, in seconds; null when the definition in force has no SLA with a number (then nothing is a breach). */
  slaSeconds: Record<LeadSla, number | null>;
}

/** The leads one figure counts, on a leads alias `l`. */
export function leadListFilter(figure: LeadFigure, context: LeadListContext): SQL {
  const { scope } = context;
  switch (figure.kind) {
    case "stage":
      return context.mode === "cohort" ? sql`${cohortLeads(scope)} and ${reachedStage(figure.stage)}` : flowEntries(figure.stage, scope);
    case "stuck":
      return sql`${overdueInStage(figure.stage, context.stuck, scope)} and not ${goneCold(figure.stage, context.stuck)}`;
    case "cold":
      return sql`${overdueInStage(figure.stage, context.stuck, scope)} and ${goneCold(figure.stage, context.stuck)}`;
    case "breached": {
      const seconds = context.slaSeconds[figure.sla];
      if (seconds === null) return sql`false`;
      const clock = leadSlaClock[figure.sla];
      return sql`${slaCases(clock, scope)} and ${slaBreached(clock, seconds, context.stuck.now)}`;
    }
  }
}

export async function countLeads(db: Database, figure: LeadFigure, context: LeadListContext): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from leads l where ${leadListFilter(figure, context)}`);
  return row!.n;
}

export interface LeadRow {
  id: number;
  /** The lead's contact, when known. */
  name: string | null;
  email: string | null;
  accountId: number | null;
  accountName: string | null;
  ownerName: string | null;
  source: string | null;
  /** The furthest stage it reached. */
  stage: LeadStage;
  /** When it entered that stage, ISO UTC. */
  enteredAt: string;
  /** Whether that date was inferred from a later stage's (METRICS.md §2). */
  inferred: boolean;
  /** Days since it entered its stage, while it waits there: null once won, rejected or its deal closed. */
  daysWaiting: number | null;
}

/** The furthest stage a lead reached, latest first. */
const currentStage = sql.raw(`case
  when l.won_at is not null then 'won'
  when l.opportunity_at is not null then 'opportunity'
  when l.sql_at is not null then 'sql'
  when l.mql_at is not null then 'mql'
  else 'lead' end`);

const enteredAt = sql.raw(`coalesce(${["won", "opportunity", "sql", "mql", "lead"].map((s) => `l.${stageColumn[s as LeadStage]}`).join(", ")})`);

/** Waiting: not won, not a rejected SQL, and an opportunity's deal still open. */
const waiting = sql`(l.won_at is null and (l.opportunity_at is not null or l.sql_at is null or l.sql_decision is distinct from 'rejected')
  and (l.opportunity_at is null or exists (select 1 from opportunities o where o.id = l.opportunity_id and o.status = 'open')))`;

/** One page of the list, longest waiting first (ties by id, so pages never overlap). */
export async function listLeads(db: Database, figure: LeadFigure, context: LeadListContext, { limit, offset }: { limit: number; offset: number }): Promise<LeadRow[]> {
  const now = sql`${context.stuck.now.toISOString()}::timestamptz`;
  const rows = await queryRows<Omit<LeadRow, "enteredAt"> & { enteredAt: string | Date }>(
    db,
    sql`
      select l.id, c.name, c.email, l.account_id as "accountId", a.name as "accountName", u.name as "ownerName", l.source,
        ${currentStage} as stage, ${enteredAt} as "enteredAt",
        (${currentStage}) = any(l.inferred_stages::text[]) as inferred,
        case when ${waiting} then extract(epoch from ${now} - ${enteredAt})::float8 / 86400 end as "daysWaiting"
      from leads l
      left join contacts c on c.id = l.contact_id
      left join accounts a on a.id = l.account_id
      left join users u on u.id = l.owner_id
      where ${leadListFilter(figure, context)}
      order by ${enteredAt} asc, l.id asc
      limit ${limit} offset ${offset}
    `,
  );
  return rows.map((r) => ({ ...r, enteredAt: new Date(r.enteredAt).toISOString() }));
}
