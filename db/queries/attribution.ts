import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import type { Channel } from "@/lib/domain/channels";
import type { AttributionModel } from "@/lib/metrics/attribution";
import { TIME_DECAY_HALF_LIFE_DAYS } from "@/lib/metrics/attribution";
import { storedAggregate } from "./stored-aggregates";
import { inPeriod, opportunityFilter, type VelocityScope } from "./velocity";

/**
 * Multi-touch attribution in SQL (METRICS.md §4): each opportunity's touches (the touches of its
 * account's contacts at or before the conversion, ordered by time then id) are weighted per model
 * with window functions, and the credit summed per channel and campaign. A deal without an amount
 * counts as a deal (attributed, influenced) but has no money to credit: it adds nothing. Mirrors
 * attributionWeights in lib/metrics/attribution.ts; an integration test holds the two together.
 */
export type AttributionBasis = "pipeline" | "revenue";

export interface AttributionScope extends VelocityScope {
  /** Pipeline: opportunities created in the period, converted at creation. Revenue: won in the period, converted at close. */
  basis: AttributionBasis;
}

/** Credit per model in money, 6 decimals, as text (summed exactly in numeric). */
export type ModelCredits = Record<AttributionModel, string>;

export interface CampaignCredit extends ModelCredits {
  channel: Channel;
  campaign: string | null;
}

export interface ChannelInfluence {
  channel: Channel;
  /** Opportunities with at least one counted touch in the channel, their amount, and those without one. */
  deals: number;
  amount: string;
  withoutAmount: number;
}

export interface AttributionTotals {
  deals: number;
  amount: string;
  /** Opportunities with at least one counted touch: the credit of every model sums to their amount. */
  attributedDeals: number;
  attributedAmount: string;
  /** Of the deals, and of the attributed ones, those without an amount: counted, credited nothing. */
  withoutAmount: number;
  attributedWithoutAmount: number;
}

/** When a deal converts for the basis (creation for pipeline, close for revenue), and which deals can. */
function conversionOf(basis: AttributionBasis): { conversion: SQL; converts: SQL } {
  return basis === "pipeline" ? { conversion: sql`o.created_at`, converts: sql`true` } : { conversion: sql`o.closed_at`, converts: sql`o.status = 'won'` };
}

function opportunitiesInScope(scope: AttributionScope): SQL {
  const { conversion, converts } = conversionOf(scope.basis);
  return sql`
    select o.id, o.account_id, o.amount, ${conversion} as conv
    from opportunities o
    where ${converts} and ${inPeriod(conversion, scope)} and ${opportunityFilter(scope)}
  `;
}

/**
 * The counted touches of the opportunities `opps` selects (id, account_id, amount, conv: the
 * conversion time), each with its weight under every model (w_first, w_last, w_linear, w_u, w_w,
 * w_decay; each opportunity's weights sum to 1): the CTEs up to `normalised`, for a `with` clause.
 * The one place the models are written in SQL, read by the channel report and by a deal's touches.
 */
function weightedTouches(opps: SQL): SQL {
  return sql`
    opps as materialized (${opps}),
    touches as materialized (
      select op.id as opp, op.amount, t.id as touch_id, t.channel::text as channel, t.campaign,
        t.lead_id is not null as creates_lead,
        row_number() over (partition by op.id order by t.occurred_at, t.id) as pos,
        count(*) over (partition by op.id) as n,
        power(2::float8, -(extract(epoch from op.conv - t.occurred_at)::float8 / 86400 / ${TIME_DECAY_HALF_LIFE_DAYS})) as decay
      from opps op
      join contacts c on c.account_id = op.account_id
      join touchpoints t on t.contact_id = c.id and t.occurred_at <= op.conv
    ),
    lead_touch as (
      -- The earliest lead-creation touch; with none, the first touch takes its share.
      select opp, coalesce(min(pos) filter (where creates_lead), 1) as lead_pos from touches group by opp
    ),
    weighted as (
      select t.*,
        (case when pos = 1 then 1 else 0 end)::numeric as w_first,
        (case when pos = n then 1 else 0 end)::numeric as w_last,
        1::numeric / n as w_linear,
        case when n = 1 then 1::numeric when n = 2 then 0.5 when pos = 1 or pos = n then 0.4 else 0.2 / (n - 2) end as w_u,
        (case when pos = 1 then 0.3 else 0 end) + (case when pos = l.lead_pos then 0.3 else 0 end) + (case when pos = n then 0.3 else 0 end)
          + (case when pos in (1, l.lead_pos, n) then 0
                  else 0.1 / (n - (case when n = 1 then 1 when l.lead_pos in (1, n) then 2 else 3 end)) end) as w_raw
      from touches t
      join lead_touch l using (opp)
    ),
    normalised as (
      select *, w_raw / sum(w_raw) over (partition by opp) as w_w, (decay / sum(decay) over (partition by opp))::numeric as w_decay
      from weighted
    )
  `;
}

type AttributionAggregates = { credits: CampaignCredit[]; influence: ChannelInfluence[]; totals: AttributionTotals };

/**
 * Everything the attribution layer reads for a scope, as stored since the last write to what it
 * weighs (db/queries/stored-aggregates.ts), else weighed afresh.
 */
export async function attributionAggregates(db: Database, scope: AttributionScope): Promise<AttributionAggregates> {
  return storedAggregate(db, "attribution", scope, () => weighAttribution(db, scope));
}

/**
 * Everything the attribution layer reads, in one statement: the counted touches of each
 * opportunity in scope (at or before its conversion, numbered in order) are worked out once and
 * read three times: every model's credit per channel and campaign, each channel's influence, and
 * the attributed and unattributed totals. Money stays numeric, passed as text.
 */
export async function weighAttribution(db: Database, scope: AttributionScope): Promise<AttributionAggregates> {
  const [row] = await queryRows<{ credits: CampaignCredit[] | null; influence: ChannelInfluence[] | null; totals: AttributionTotals }>(
    db,
    sql`
      with ${weightedTouches(opportunitiesInScope(scope))},
      credits as (
        select channel, campaign,
          round(coalesce(sum(amount * w_first), 0), 6)::text as "first_touch",
          round(coalesce(sum(amount * w_last), 0), 6)::text as "last_touch",
          round(coalesce(sum(amount * w_linear), 0), 6)::text as "linear",
          round(coalesce(sum(amount * w_u), 0), 6)::text as "u_shaped",
          round(coalesce(sum(amount * w_w), 0), 6)::text as "w_shaped",
          round(coalesce(sum(amount * w_decay), 0), 6)::text as "time_decay"
        from normalised
        group by channel, campaign
      ),
      influence as (
        select channel, count(*)::int as deals, coalesce(sum(amount), 0)::text as amount, (count(*) filter (where amount is null))::int as "withoutAmount"
        from (select distinct opp, amount, channel from touches) influenced
        group by channel
      ),
      touched as (select distinct opp from touches)
      select
        (select json_agg(c order by c.channel, c.campaign nulls first) from credits c) as credits,
        (select json_agg(i order by i.channel) from influence i) as influence,
        (
          select json_build_object(
            'deals', count(*)::int,
            'amount', coalesce(sum(o.amount), 0)::text,
            'attributedDeals', (count(*) filter (where d.opp is not null))::int,
            'attributedAmount', coalesce(sum(o.amount) filter (where d.opp is not null), 0)::text,
            'withoutAmount', (count(*) filter (where o.amount is null))::int,
            'attributedWithoutAmount', (count(*) filter (where d.opp is not null and o.amount is null))::int
          )
          from opps o left join touched d on d.opp = o.id
        ) as totals
    `,
  );
  return { credits: row!.credits ?? [], influence: row!.influence ?? [], totals: row!.totals };
}

/** Decimal places of a touch's share as touchCredits reads it. */
const SHARE_SCALE = 12;

/** One counted touch of a deal and the share of the deal each model gives it (numeric text; a model's shares sum to 1). */
export interface TouchCredit {
  id: number;
  occurredAt: Date;
  channel: Channel;
  campaign: string | null;
  type: string;
  contactName: string | null;
  createsLead: boolean;
  shares: ModelCredits;
}

/**
 * The touches one deal's credit goes to under the basis, in order, with each model's share: the
 * same SQL as the channel report (weightedTouches), for one deal. Empty when the deal has no touch
 * before its conversion, or does not convert on the basis (revenue: only a won deal does).
 */
export async function touchCredits(db: Database, { opportunityId, basis }: { opportunityId: number; basis: AttributionBasis }): Promise<TouchCredit[]> {
  const { conversion, converts } = conversionOf(basis);
  const rows = await queryRows<Omit<TouchCredit, "occurredAt"> & { occurredAt: number }>(
    db,
    sql`
      with ${weightedTouches(sql`select o.id, o.account_id, o.amount, ${conversion} as conv from opportunities o where o.id = ${opportunityId} and ${converts}`)}
      select n.touch_id as id, (extract(epoch from t.occurred_at) * 1000)::float8 as "occurredAt", n.channel, n.campaign, t.type,
        c.name as "contactName", n.creates_lead as "createsLead",
        json_build_object(
          'first_touch', round(n.w_first, ${SHARE_SCALE})::text, 'last_touch', round(n.w_last, ${SHARE_SCALE})::text,
          'linear', round(n.w_linear, ${SHARE_SCALE})::text, 'u_shaped', round(n.w_u, ${SHARE_SCALE})::text,
          'w_shaped', round(n.w_w, ${SHARE_SCALE})::text, 'time_decay', round(n.w_decay, ${SHARE_SCALE})::text
        ) as shares
      from normalised n
      join touchpoints t on t.id = n.touch_id
      left join contacts c on c.id = t.contact_id
      order by n.pos
    `,
  );
  return rows.map((r) => ({ ...r, occurredAt: new Date(r.occurredAt) }));
}

/** Each model's weight column in weightedTouches' `normalised` rows. */
const weightColumn: Record<AttributionModel, string> = {
  first_touch: "w_first",
  last_touch: "w_last",
  linear: "w_linear",
  u_shaped: "w_u",
  w_shaped: "w_w",
  time_decay: "w_decay",
};

/** A deal credited to a channel under one model: its share of the deal and the money that share credits (6 decimals, exact). */
export interface ChannelDeal {
  id: number;
  name: string;
  accountName: string | null;
  ownerName: string | null;
  /** Null: the deal has no amount (it counts, and credits nothing). */
  amount: string | null;
  /** Σ of the channel's touches' weights in the deal, numeric text (0 < share ≤ 1; a share below 10^-12, a touch decayed to nothing, is not listed). */
  share: string;
  credit: string;
}

/**
 * The deals behind one channel's credit under one model: the deals in scope whose touches in the
 * channel carry weight under the model, each with its exact credit. The same SQL as the channel
 * report (weightedTouches), so the credits add up to the channel's.
 */
export async function channelDeals(db: Database, scope: AttributionScope, channel: Channel, model: AttributionModel): Promise<ChannelDeal[]> {
  const weight = sql.raw(`n.${weightColumn[model]}`);
  return queryRows<ChannelDeal>(
    db,
    sql`
      with ${weightedTouches(opportunitiesInScope(scope))}
      select o.id, o.name, a.name as "accountName", u.name as "ownerName", o.amount::text as amount,
        round(sum(${weight}), ${SHARE_SCALE})::text as share,
        round(coalesce(sum(n.amount * ${weight}), 0), 6)::text as credit
      from normalised n
      join opportunities o on o.id = n.opp
      left join accounts a on a.id = o.account_id
      left join users u on u.id = o.owner_id
      where n.channel = ${channel}
      group by o.id, o.name, a.name, u.name, o.amount
      having round(sum(${weight}), ${SHARE_SCALE}) > 0
      order by sum(n.amount * ${weight}) desc nulls last, o.id
    `,
  );
}
