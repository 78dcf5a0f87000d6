import "server-only";
import { and, desc, eq, gt, sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { auditLog, dealStallTactics, opportunities } from "@/db/schema";
import { canEditDeal } from "@/lib/auth/permissions";
import type { UserRole } from "@/lib/domain/roles";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { stallCutoffs, stallInfo, stallPatterns, type StallPattern, type StallSettings } from "@/lib/win-loss/stalls";
import { inList } from "./import-apply";
import { isOpen } from "./velocity";

/**
 * The playbook's stall patterns as SQL predicates on an open deal (alias `o`), read against the
 * thresholds in settings at `now`. The deal page, the deal list's `stall` filter and the rep's
 * overview all read these, so a count and the list it opens hold the same deals.
 */
export interface StallContext {
  now: Date;
  settings: StallSettings;
}

const instant = (at: Date): SQL => sql`${at.toISOString()}::timestamptz`;

const inStages = (ids: readonly number[]): SQL => inList(sql`o.stage_id`, ids, "int");

/** The deal's current stage is `stageId` or a later one. */
const atOrPast = (stageId: number): SQL =>
  sql`(select s.position from pipeline_stages s where s.id = o.stage_id) >= (select s.position from pipeline_stages s where s.id = ${stageId}::int)`;

/** A contact in `role` Engaged or Active on the deal's map. */
const engagedIn = (role: "champion" | "economic_buyer"): SQL =>
  sql`exists (select 1 from opportunity_contacts oc where oc.opportunity_id = o.id and oc.buying_group_role = ${role} and oc.status in ('engaged', 'active'))`;

/** The last sign of life on the deal: a touch on its account, a touch of a contact on its map, a stage change, its creation. */
const lastActivity: SQL = sql`greatest(
  o.created_at,
  (select max(t.occurred_at) from touchpoints t where t.account_id = o.account_id),
  (select max(greatest(oc.last_touch_at, c.last_touch_at)) from opportunity_contacts oc join contacts c on c.id = oc.contact_id where oc.opportunity_id = o.id),
  (select max(h.entered_at) from opportunity_stage_history h where h.opportunity_id = o.id)
)`;

const rules: Record<StallPattern, (c: StallContext) => SQL> = {
  // An engaged champion, none of whose touches (on the deal or anywhere) is recent.
  championDark: ({ now, settings }) => sql`(${engagedIn("champion")} and not exists (
    select 1 from opportunity_contacts oc join contacts c on c.id = oc.contact_id
    where oc.opportunity_id = o.id and oc.buying_group_role = 'champion'
      and greatest(oc.last_touch_at, c.last_touch_at) >= ${instant(stallCutoffs(settings, now).championTouchedSince)}))`,
  procurement: ({ now, settings }) => sql`(${inStages(settings.procurementStageIds)} and exists (
    select 1 from opportunity_stage_history h
    where h.opportunity_id = o.id and h.stage_id = o.stage_id and h.exited_at is null and h.entered_at < ${instant(stallCutoffs(settings, now).procurementEnteredBefore)}))`,
  thinkAboutIt: ({ now, settings }) => sql`(${atOrPast(settings.thinkAboutItStageId)} and ${lastActivity} < ${instant(stallCutoffs(settings, now).quietBefore)})`,
  competingPriority: ({ settings }) => sql`((
    select count(*) from opportunity_changes ch
    where ch.opportunity_id = o.id and ch.field = 'expected_close_date' and ch.new_value::date > ch.old_value::date) >= ${settings.pushesBeforeStall}::int)`,
  missingBuyIn: ({ settings }) => sql`(${atOrPast(settings.buyInStageId)} and not ${engagedIn("economic_buyer")})`,
  budget: ({ settings }) => {
    const phrases = settings.budgetPhrases.map((p) => sql`position(${p.toLowerCase()} in lower(o.next_step)) > 0`);
    return sql`(${inStages(settings.budgetStageIds)}${phrases.length > 0 ? sql` or (o.next_step is not null and (${sql.join(phrases, sql` or `)}))` : sql``})`;
  },
};

/** An open deal showing `pattern`, or any of them. */
export function stalledBy(pattern: StallPattern | "any", context: StallContext): SQL {
  if (pattern === "any") return sql`(${isOpen} and (${sql.join(stallPatterns.map((p) => rules[p](context)), sql` or `)}))`;
  return sql`(${isOpen} and ${rules[pattern](context)})`;
}

export interface DealStall {
  pattern: StallPattern;
  /** When its tactic was last marked done, and by whom. */
  doneAt: Date | null;
  doneBy: string | null;
}

/** The patterns an open deal shows now, each with its tactic's last mark. */
export async function dealStalls(db: Database, opportunityId: number, context: StallContext): Promise<DealStall[]> {
  const [row] = await queryRows<Record<StallPattern, boolean>>(
    db,
    sql`select ${sql.join(
      stallPatterns.map((p) => sql`${stalledBy(p, context)} as ${sql.identifier(p)}`),
      sql`, `,
    )} from opportunities o where o.id = ${opportunityId}`,
  );
  if (!row) return [];
  const marks = await queryRows<{ pattern: StallPattern; doneAt: string; doneBy: string | null }>(
    db,
    sql`select distinct on (t.pattern) t.pattern, t.done_at as "doneAt", u.name as "doneBy"
        from deal_stall_tactics t left join users u on u.id = t.done_by
        where t.opportunity_id = ${opportunityId}
        order by t.pattern, t.done_at desc`,
  );
  return stallPatterns
    .filter((p) => row[p])
    .map((pattern) => {
      const mark = marks.find((m) => m.pattern === pattern);
      return { pattern, doneAt: mark ? new Date(mark.doneAt) : null, doneBy: mark?.doneBy ?? null };
    });
}

/** A tactic marked done again within this time is the same mark sent twice (a replay, a double click). */
const REMARK_AFTER_MS = 24 * 3600 * 1000;

/**
 * Marks the tactic of a pattern the deal shows done, as its owner or an admin; kept in the audit
 * log. Refused when the deal no longer shows the pattern, or when it was marked done in the last day.
 */
export async function markStallTacticDone(
  db: Database,
  input: { opportunityId: number; pattern: StallPattern; user: { id: number; role: UserRole } },
  context: StallContext,
): Promise<{ doneAt: Date }> {
  return db.transaction(async (tx) => {
    const [deal] = await tx.select().from(opportunities).where(eq(opportunities.id, input.opportunityId)).for("update");
    if (!deal) throw new NotFoundError(`There is no deal #${input.opportunityId}.`, "opportunityId");
    if (!canEditDeal(input.user, deal.ownerId)) throw new ForbiddenError("Only the deal's owner or an admin marks its tactics done.");
    const { label } = stallInfo[input.pattern];
    const [shows] = await queryRows<{ stalled: boolean }>(tx, sql`select ${stalledBy(input.pattern, context)} as stalled from opportunities o where o.id = ${deal.id}`);
    if (!shows?.stalled) throw new ConflictError(`"${deal.name}" no longer shows “${label}”; reload to see what it shows now.`, "pattern");
    const since = new Date(context.now.getTime() - REMARK_AFTER_MS);
    const [recent] = await tx
      .select({ doneAt: dealStallTactics.doneAt })
      .from(dealStallTactics)
      .where(and(eq(dealStallTactics.opportunityId, deal.id), eq(dealStallTactics.pattern, input.pattern), gt(dealStallTactics.doneAt, since)))
      .orderBy(desc(dealStallTactics.doneAt))
      .limit(1);
    if (recent) throw new ConflictError(`The tactic for “${label}” on "${deal.name}" was marked done already, less than a day ago.`, "pattern");
    const [mark] = await tx.insert(dealStallTactics).values({ opportunityId: deal.id, pattern: input.pattern, doneAt: context.now, doneBy: input.user.id }).returning();
    await tx.insert(auditLog).values({ userId: input.user.id, entity: "opportunity", entityId: String(deal.id), field: "stall tactic", oldValue: null, newValue: `${label}: done` });
    return { doneAt: mark!.doneAt };
  });
}

export interface AccelerationRow {
  pattern: StallPattern;
  /** Tactics marked done. */
  done: number;
  /** Of those, the deals that changed stage or closed afterwards. */
  moved: number;
  /** The median days from the tactic to that move, among those that moved (null: none moved). */
  medianDaysToMove: number | null;
}

/**
 * The acceleration report: for each pattern, how many tactics were done and how long the deals took
 * to move once they were (the first stage change or close after the mark).
 */
export async function accelerationReport(db: Database): Promise<AccelerationRow[]> {
  const rows = await queryRows<{ pattern: StallPattern; done: number; moved: number; median: number | null }>(
    db,
    sql`with moves as (
          select t.pattern, t.done_at,
            least(
              (select min(h.entered_at) from opportunity_stage_history h where h.opportunity_id = t.opportunity_id and h.entered_at > t.done_at),
              case when o.closed_at > t.done_at then o.closed_at end
            ) as moved_at
          from deal_stall_tactics t join opportunities o on o.id = t.opportunity_id
        )
        select pattern, count(*)::int as done, count(moved_at)::int as moved,
          (percentile_cont(0.5) within group (order by extract(epoch from moved_at - done_at) / 86400))::float8 as median
        from moves group by pattern`,
  );
  return stallPatterns.map((pattern) => {
    const r = rows.find((x) => x.pattern === pattern);
    return { pattern, done: r?.done ?? 0, moved: r?.moved ?? 0, medianDaysToMove: r?.median ?? null };
  });
}

/** The open deals showing each pattern now (a deal may show several). */
export async function stallCounts(db: Database, context: StallContext): Promise<Record<StallPattern, number>> {
  const [row] = await queryRows<Record<StallPattern, number>>(
    db,
    sql`select ${sql.join(
      stallPatterns.map((p) => sql`(count(*) filter (where ${rules[p](context)}))::int as ${sql.identifier(p)}`),
      sql`, `,
    )} from opportunities o where ${isOpen}`,
  );
  return row!;
}

/** The open stages the thresholds may name, in pipeline order. */
export function openStages(db: Database): Promise<{ id: number; name: string }[]> {
  return queryRows(db, sql`select id, name from pipeline_stages where not is_won and not is_lost order by position`);
}
