/**
 * The Content Personalizer's picks (asset_picks): storing the pick for a signal, the facts a
 * buying-group gap's pick reads about its account, and the answered signals its measure counts.
 */
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database, type DatabaseOrTransaction } from "@/db/index";
import type { AssetPick, GapAccountFacts } from "@/lib/automations/content-personalizer";
import type { AnsweredOutcomes } from "@/lib/metrics/personalizer-impact";
import type { Period } from "@/lib/metrics/period";
import { metWithin } from "./router-impact";
import { inPeriod } from "./velocity";

/** Stores the pick for a signal once: false when it has one already (a retry, another instance). */
export async function storePick(tx: DatabaseOrTransaction, { signalId, pick, at }: { signalId: number; pick: AssetPick; at: Date }): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`insert into asset_picks (signal_id, asset_id, asset_title, asset_url, score, reasons, picked_at)
        values (${signalId}, ${pick.asset.id}, ${pick.asset.title}, ${pick.asset.url}, ${pick.score}, array(select jsonb_array_elements_text(${JSON.stringify(pick.reasons)}::jsonb)), ${at.toISOString()}::timestamptz)
        on conflict (signal_id) do nothing returning id`,
  );
  return rows.length > 0;
}

/**
 * What a gap's pick reads about an account: its industry, the rival named on its latest open deal,
 * the assets already sent to anyone there, and the stage position of each open deal (the account's
 * own gaps read the most advanced).
 */
export async function accountPickFacts(db: DatabaseOrTransaction, accountId: number): Promise<{ account: GapAccountFacts; dealStages: Map<number, number> }> {
  const [row] = await queryRows<{ industry: string | null; competitor: string | null; consumed: number[]; deals: { id: number; position: number }[] | null }>(
    db,
    sql`select a.industry,
          (select coalesce(o.competitor, o.competitor_raw) from opportunities o where o.account_id = a.id and o.status = 'open' and coalesce(o.competitor, o.competitor_raw) is not null order by o.id desc limit 1) as competitor,
          coalesce((select array_agg(distinct p.asset_id) from asset_picks p join signals s on s.id = p.signal_id where s.account_id = a.id and p.sent_at is not null and p.asset_id is not null), '{}') as consumed,
          (select json_agg(json_build_object('id', o.id, 'position', ps.position)) from opportunities o join pipeline_stages ps on ps.id = o.stage_id where o.account_id = a.id and o.status = 'open') as deals
        from accounts a where a.id = ${accountId}`,
  );
  const deals = row?.deals ?? [];
  const dealStagePosition = deals.length === 0 ? null : Math.max(...deals.map((d) => d.position));
  return {
    account: { industry: row?.industry ?? null, competitor: row?.competitor ?? null, consumed: row?.consumed ?? [], dealStagePosition },
    dealStages: new Map(deals.map((d) => [d.id, d.position])),
  };
}

export interface AnsweredScope extends Period {
  timeZone: string;
  /** Days after the answer (the reply) or the signal (the meeting) that count: the `signals.meetingWindowDays` setting. */
  meetingWindowDays: number;
}

/** An answered signal `s` the person (the account, when it names nobody) answered back: another signal within `days` after the answer. */
export const repliedWithin = (days: number): SQL => sql`exists (
  select 1 from signals r
  where r.id <> s.id and r.occurred_at > s.first_response_at
    and r.occurred_at <= s.first_response_at + make_interval(days => ${days}::int)
    and (case when s.contact_id is null then r.account_id = s.account_id else r.contact_id = s.contact_id end))`;

/**
 * The high-intent signals received in a window and answered, split by whether the answer went with
 * the picked asset: how many, how many the person (the account, when the signal names nobody) replied
 * to with another signal within the meeting window after the answer, and how many were followed by a
 * meeting with the account within the meeting window after the signal (docs/metrics.md §12).
 */
export async function answeredOutcomes(db: Database, scope: AnsweredScope): Promise<{ withAsset: AnsweredOutcomes; without: AnsweredOutcomes }> {
  const rows = await queryRows<{ with_asset: boolean; answered: number; replied: number; met: number }>(
    db,
    sql`select (p.sent_at is not null) as with_asset, count(*)::int as answered,
          (count(*) filter (where ${repliedWithin(scope.meetingWindowDays)}))::int as replied,
          (count(*) filter (where ${metWithin(scope.meetingWindowDays)}))::int as met
        from signals s left join asset_picks p on p.signal_id = s.id
        where s.tier = 'high' and s.first_response_at is not null and ${inPeriod(sql`s.received_at`, scope)}
        group by 1`,
  );
  const none: AnsweredOutcomes = { answered: 0, replied: 0, met: 0 };
  const of = (withAsset: boolean) => {
    const r = rows.find((x) => x.with_asset === withAsset);
    return r ? { answered: r.answered, replied: r.replied, met: r.met } : none;
  };
  return { withAsset: of(true), without: of(false) };
}

export interface PickView {
  signalId: number;
  title: string;
  url: string;
  reasons: string[];
  sentAt: Date | null;
}

/** The stored picks of the signals given. */
export async function picksOf(db: Database, signalIds: readonly number[]): Promise<Map<number, PickView>> {
  if (signalIds.length === 0) return new Map();
  const rows = await queryRows<PickView>(
    db,
    sql`select signal_id as "signalId", asset_title as title, asset_url as url, reasons, sent_at as "sentAt" from asset_picks where signal_id in (${sql.join(signalIds.map((id) => sql`${id}`), sql`, `)})`,
  );
  return new Map(rows.map((r) => [r.signalId, r]));
}
