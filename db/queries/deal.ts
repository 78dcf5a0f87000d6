import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import type { Channel } from "@/lib/domain/channels";
import type { ForecastCategory, OpportunityChangeField } from "@/lib/domain/forecast-categories";
import type { OpportunityStatus } from "@/lib/domain/pipeline-stages";
import type { StageStay } from "@/lib/deals/timeline";
import { NotFoundError } from "@/lib/errors";
import { DEAL_BUYING_GROUP_AUDIT } from "./buying-groups";

/**
 * One deal as its page reads it: the record's facts, its stays in each stage, the answers its
 * buyers gave to "How did you hear about us?" and what was changed on it. The deal's map, touches
 * and account signals come from the queries the account and attribution pages use.
 */

export interface DealFacts {
  id: number;
  name: string;
  account: { id: number; name: string } | null;
  owner: { id: number; name: string } | null;
  accountOwnerId: number | null;
  stage: { name: string; probability: number };
  status: OpportunityStatus;
  /** Null when the CRM has none: shown as "no amount", never $0. */
  amount: string | null;
  createdAt: Date;
  qualifiedAt: Date | null;
  /** The day (YYYY-MM-DD) it is expected to close. */
  expectedCloseDate: string | null;
  closedAt: Date | null;
  source: string | null;
  segment: string | null;
  type: string | null;
  useCase: string | null;
  /** The taxonomy's reason and competitor, and the text the CRM gave. */
  winReason: string | null;
  lossReason: string | null;
  competitor: string | null;
  winReasonRaw: string | null;
  lossReasonRaw: string | null;
  competitorRaw: string | null;
  /** As the CRM or the owner set it; null: derived from the stage (lib/metrics/forecast.ts). */
  forecastCategory: ForecastCategory | null;
  /** The main objection the buyer raised (null: none recorded); proof matching reads it with the use case. */
  objection: string | null;
  /** What the owner does next (null: none), and when it was last set or cleared. */
  nextStep: string | null;
  nextStepUpdatedAt: Date | null;
  /** The record's version, which an edit of it must name. */
  version: number;
}

export async function dealExists(db: Database, opportunityId: number): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(db, sql`select id from opportunities where id = ${opportunityId}`);
  return rows.length > 0;
}

const ms = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);
const toDate = (value: number | null) => (value === null ? null : new Date(value));

export async function dealFacts(db: Database, opportunityId: number): Promise<DealFacts> {
  const [row] = await queryRows<
    Omit<DealFacts, "createdAt" | "qualifiedAt" | "closedAt" | "nextStepUpdatedAt" | "account" | "owner" | "stage"> & {
      createdAt: number;
      nextStepUpdatedAt: number | null;
      qualifiedAt: number | null;
      closedAt: number | null;
      accountId: number | null;
      accountName: string | null;
      ownerId: number | null;
      ownerName: string | null;
      stageName: string;
      probability: number;
    }
  >(
    db,
    sql`select o.id, o.name, o.account_id as "accountId", a.name as "accountName", a.owner_id as "accountOwnerId",
          o.owner_id as "ownerId", u.name as "ownerName", s.name as "stageName", s.probability, o.status, o.amount::text as amount,
          ${ms("o.created_at")} as "createdAt", ${ms("o.qualified_at")} as "qualifiedAt", o.expected_close_date::text as "expectedCloseDate",
          ${ms("o.closed_at")} as "closedAt", o.source, o.segment, o.type, o.use_case as "useCase", o.objection,
          o.win_reason as "winReason", o.loss_reason as "lossReason", o.competitor,
          o.win_reason_raw as "winReasonRaw", o.loss_reason_raw as "lossReasonRaw", o.competitor_raw as "competitorRaw",
          o.forecast_category as "forecastCategory", o.next_step as "nextStep", ${ms("o.next_step_updated_at")} as "nextStepUpdatedAt", o.version
        from opportunities o
        join pipeline_stages s on s.id = o.stage_id
        left join accounts a on a.id = o.account_id
        left join users u on u.id = o.owner_id
        where o.id = ${opportunityId}`,
  );
  if (!row) throw new NotFoundError(`There is no deal #${opportunityId}.`, "id");
  const { accountId, accountName, ownerId, ownerName, stageName, probability, createdAt, qualifiedAt, closedAt, nextStepUpdatedAt, ...facts } = row;
  return {
    ...facts,
    account: accountId === null ? null : { id: accountId, name: accountName! },
    owner: ownerId === null ? null : { id: ownerId, name: ownerName! },
    stage: { name: stageName, probability },
    createdAt: new Date(createdAt),
    qualifiedAt: toDate(qualifiedAt),
    closedAt: toDate(closedAt),
    nextStepUpdatedAt: toDate(nextStepUpdatedAt),
  };
}

/**
 * The deal's stays in its stages, in time order, each with its days (fractional, METRICS.md
 * conventions) and its stage's expected days. A stay not yet left lasts until `now` on an open deal
 * and until the close on a closed one; the won or lost stage a deal ends in has no days: it is where
 * the deal ended, not a stay.
 */
export async function dealStageStays(db: Database, opportunityId: number, now: Date): Promise<StageStay[]> {
  const rows = await queryRows<Omit<StageStay, "enteredAt" | "exitedAt"> & { enteredAt: number; exitedAt: number | null }>(
    db,
    sql`select h.id, s.name as stage, s.position, s.is_won or s.is_lost as "closes", s.expected_days as "expectedDays",
          ${ms("h.entered_at")} as "enteredAt", ${ms("h.exited_at")} as "exitedAt",
          case when s.is_won or s.is_lost then null
               else extract(epoch from coalesce(h.exited_at, o.closed_at, ${now.toISOString()}::timestamptz) - h.entered_at)::float8 / 86400 end as days
        from opportunity_stage_history h
        join pipeline_stages s on s.id = h.stage_id
        join opportunities o on o.id = h.opportunity_id
        where h.opportunity_id = ${opportunityId}
        order by h.entered_at, s.position, h.id`,
  );
  return rows.map((r) => ({ ...r, enteredAt: new Date(r.enteredAt), exitedAt: toDate(r.exitedAt) }));
}

export interface DealAnswer {
  id: number;
  /** The buyer's words, verbatim. */
  answer: string;
  channel: Channel;
  overridden: boolean;
  contactName: string | null;
  enteredAt: Date;
}

/**
 * "How did you hear about us?" as this deal's buyers answered it: the answers of its account's
 * leads that became the deal, and of the contacts on its map (and their leads).
 */
export async function dealAnswers(db: Database, opportunityId: number): Promise<DealAnswer[]> {
  const rows = await queryRows<Omit<DealAnswer, "enteredAt"> & { enteredAt: number }>(
    db,
    // Each part reads an index (the deal's leads through its account's, answers by lead and by contact).
    sql`with people as (select contact_id from opportunity_contacts where opportunity_id = ${opportunityId}),
        deal_leads as (
          select l.id from leads l where l.account_id = (select account_id from opportunities where id = ${opportunityId}) and l.opportunity_id = ${opportunityId}
          union
          select l.id from leads l where l.contact_id in (select contact_id from people)
        ),
        answers as (
          select x.* from self_reported_answers x where x.lead_id in (select id from deal_leads)
          union
          select x.* from self_reported_answers x where x.contact_id in (select contact_id from people)
        )
        select x.id, x.answer, x.channel, x.overridden, c.name as "contactName", ${ms("x.entered_at")} as "enteredAt"
        from answers x
        left join leads l on l.id = x.lead_id
        left join contacts c on c.id = coalesce(x.contact_id, l.contact_id)
        order by x.entered_at desc, x.id desc`,
  );
  return rows.map((r) => ({ ...r, enteredAt: new Date(r.enteredAt) }));
}

export interface DealChange {
  at: Date;
  by: string | null;
  what: string;
  /** A field of the deal's change history, whose values are stored as text (an amount, a stage's name…). */
  field: OpportunityChangeField | null;
  from: string | null;
  to: string | null;
}

/**
 * What was changed on the deal, newest first: its amount, close date, stage, status, forecast
 * category and next step as its change history keeps them (imports, edits, the CRM's history), a stage by its
 * name; the other audit entries of the deal itself and of its map; and the stage-update breaches
 * dismissed on it.
 */
export async function dealHistory(db: Database, opportunityId: number, limit = 50): Promise<DealChange[]> {
  const rows = await queryRows<Omit<DealChange, "at"> & { at: number; seq: number; kind: number }>(
    db,
    sql`select * from (
          select ${ms("c.changed_at")} as at, c.id as seq, 1 as kind,
            coalesce(u.name, case c.source when 'import' then 'An import' when 'seed' then 'The CRM' end) as by,
            replace(c.field::text, '_', ' ') as what, c.field::text as field,
            case when c.field = 'stage' then coalesce(so.name, c.old_value) else c.old_value end as "from",
            case when c.field = 'stage' then coalesce(sn.name, c.new_value) else c.new_value end as "to"
          from opportunity_changes c
          left join users u on u.id = c.changed_by
          left join pipeline_stages so on c.field = 'stage' and so.id::text = c.old_value
          left join pipeline_stages sn on c.field = 'stage' and sn.id::text = c.new_value
          where c.opportunity_id = ${opportunityId}
          union all
          select ${ms("e.at")}, e.id, 2, u.name, e.field, null, e.old_value, e.new_value
          from audit_log e
          left join users u on u.id = e.user_id
          -- An edit of a field the change history keeps is read from there, not twice.
          where e.entity in ('opportunity', ${DEAL_BUYING_GROUP_AUDIT}) and e.entity_id = ${String(opportunityId)}
            and not (e.entity = 'opportunity' and e.field in (select unnest(enum_range(null::opportunity_change_field))::text))
          union all
          select ${ms("e.at")}, e.id, 2, u.name, 'the overdue update of ' || s.name || ' (breach dismissed)', null, e.old_value, e.new_value
          from opportunity_stage_history h
          join pipeline_stages s on s.id = h.stage_id
          join audit_log e on e.entity = 'sla_breach' and e.entity_id = 'opportunity:' || h.id
          left join users u on u.id = e.user_id
          where h.opportunity_id = ${opportunityId}
        ) changes
        order by at desc, kind, seq desc
        limit ${limit}`,
  );
  return rows.map(({ seq: _seq, kind: _kind, ...r }) => ({ ...r, at: new Date(r.at) }));
}
