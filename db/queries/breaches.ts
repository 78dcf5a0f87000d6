import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { auditLog, breachDismissals } from "@/db/schema";
import type { UserRole } from "@/lib/domain/roles";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { changeDueAt, knownDates, leadFilter, leadSlaClock, opportunityFilter, type FunnelFilters } from "./funnel";

/**
 * SLA breaches (METRICS.md §2, docs/metrics.md "SLA breaches"): MQLs not routed, SQLs not accepted
 * or rejected, and open deals whose stage change is overdue, past the SLA in force. A breach is open
 * until it is dismissed with a reason, or until it is overdue by more than the archive cut-off:
 * then it is archived (kept and listed, no longer open).
 */
export type BreachKind = "mql" | "sql" | "opportunity";
export const breachKinds = ["mql", "sql", "opportunity"] as const satisfies readonly BreachKind[];
export type BreachState = "open" | "archived" | "dismissed";
export const breachStates = ["open", "archived", "dismissed"] as const satisfies readonly BreachState[];

export interface Breach {
  kind: BreachKind;
  /** What a dismissal names: the lead, or the deal's stay in its stage. */
  subjectId: number;
  /** The lead's id, or the opportunity's for stage updates. */
  id: number;
  /** The lead's contact, or the opportunity's name. */
  name: string | null;
  account: string | null;
  /** The lead's source, or the deal's stage and owner. */
  detail: string | null;
  /** The lead's or the deal's owner, who may dismiss it (with admins). */
  ownerId: number | null;
  /** When the SLA clock started (MQL or SQL time, or when the stage change fell due). */
  since: string;
  /** Seconds past the SLA deadline at `now`. */
  overdueSeconds: number;
  dismissal: { reason: string; by: string | null; at: string } | null;
}

export interface BreachScope extends FunnelFilters {
  kind: BreachKind;
  /** The SLA in force, in seconds. */
  seconds: number;
  /** A breach overdue by more than this many days is archived. */
  archiveAfterDays: number;
  /** Only the breaches of leads or deals this user owns. */
  ownerId?: number;
  now?: Date;
}

const isoUtc = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** The breaches of one kind, whatever their state: the rows, their deadline and the columns listed. */
function breachSource({ kind, seconds, now = new Date(), ownerId, ...filters }: BreachScope) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const owned = (column: string) => (ownerId === undefined ? sql`` : sql` and ${sql.raw(column)} = ${ownerId}`);
  if (kind === "opportunity") {
    const deadline = sql`(${changeDueAt} + make_interval(secs => ${seconds}))`;
    return {
      at,
      deadline,
      columns: sql`h.id as "subjectId", o.id, o.name, a.name as "account", concat_ws(' · ', s.name, u.name) as "detail", o.owner_id as "ownerId",
        ${isoUtc(changeDueAt)} as "since"`,
      from: sql`
        from opportunity_stage_history h
        join pipeline_stages s on s.id = h.stage_id and s.expected_days is not null and not s.is_won and not s.is_lost
        join opportunities o on o.id = h.opportunity_id and o.status = 'open'
        left join accounts a on a.id = o.account_id
        left join users u on u.id = o.owner_id
        left join breach_dismissals d on d.kind = 'opportunity' and d.subject_id = h.id
        left join users du on du.id = d.dismissed_by
        where h.exited_at is null and ${deadline} < ${at} and ${opportunityFilter(filters)}${owned("o.owner_id")}`,
      order: sql`${changeDueAt}, h.id`,
    };
  }
  const { start, handled } = leadSlaClock[kind];
  const started = sql.raw(`l.${start}`);
  const deadline = sql`(${started} + make_interval(secs => ${seconds}))`;
  return {
    at,
    deadline,
    columns: sql`l.id as "subjectId", l.id, c.name, a.name as "account", l.source as "detail", l.owner_id as "ownerId", ${isoUtc(started)} as "since"`,
    from: sql`
      from leads l
      left join contacts c on c.id = l.contact_id
      left join accounts a on a.id = l.account_id
      left join breach_dismissals d on d.kind = ${kind} and d.subject_id = l.id
      left join users du on du.id = d.dismissed_by
      where ${started} is not null and ${handled} is null and ${deadline} < ${at} and ${knownDates(start)} and ${leadFilter(filters)}${owned("l.owner_id")}`,
    order: sql`${started}, l.id`,
  };
}

function stateFilter(state: BreachState, deadline: SQL, at: SQL, archiveAfterDays: number): SQL {
  const archivedBefore = sql`${at} - make_interval(days => ${archiveAfterDays})`;
  if (state === "dismissed") return sql`d.id is not null`;
  if (state === "archived") return sql`d.id is null and ${deadline} < ${archivedBefore}`;
  return sql`d.id is null and ${deadline} >= ${archivedBefore}`;
}

/** How many breaches of one kind are open, archived and dismissed now. */
export async function breachCounts(db: Database, scope: BreachScope): Promise<Record<BreachState, number>> {
  const { at, deadline, from } = breachSource(scope);
  const [row] = await queryRows<Record<BreachState, number>>(
    db,
    sql`select
      count(*) filter (where ${stateFilter("open", deadline, at, scope.archiveAfterDays)})::int as "open",
      count(*) filter (where ${stateFilter("archived", deadline, at, scope.archiveAfterDays)})::int as "archived",
      count(*) filter (where ${stateFilter("dismissed", deadline, at, scope.archiveAfterDays)})::int as "dismissed"
      ${from}`,
  );
  return row!;
}

/**
 * One page of the breaches of a kind in a state: open and archived ones oldest first, dismissed
 * ones latest dismissal first.
 */
export async function listBreaches(db: Database, scope: BreachScope & { state: BreachState; limit: number; offset?: number }): Promise<Breach[]> {
  const { at, deadline, columns, from, order } = breachSource(scope);
  const rows = await queryRows<Omit<Breach, "kind" | "dismissal"> & { reason: string | null; dismissedBy: string | null; dismissedAt: string | null }>(
    db,
    sql`
      select ${columns}, (extract(epoch from ${at} - ${deadline}))::float8 as "overdueSeconds",
        d.reason, du.name as "dismissedBy", ${isoUtc(sql`d.dismissed_at`)} as "dismissedAt"
      ${from} and ${stateFilter(scope.state, deadline, at, scope.archiveAfterDays)}
      order by ${scope.state === "dismissed" ? sql`d.dismissed_at desc, d.id desc` : order}
      limit ${scope.limit} offset ${scope.offset ?? 0}
    `,
  );
  return rows.map(({ reason, dismissedBy, dismissedAt, ...b }) => ({
    ...b,
    kind: scope.kind,
    dismissal: reason === null ? null : { reason, by: dismissedBy, at: dismissedAt! },
  }));
}

/** The longest reason a dismissal keeps. */
export const DISMISSAL_REASON_MAX = 500;

/**
 * Dismisses a breach with a reason, audited. Its owner (the lead's or the deal's) or an admin may;
 * anyone else is refused (ForbiddenError). Only a breach of the SLA in force can be dismissed, once.
 */
export async function dismissBreach(
  db: Database,
  { kind, subjectId, reason, seconds, actor, now = new Date() }: { kind: BreachKind; subjectId: number; reason: string; seconds: number; actor: { id: number; role: UserRole }; now?: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    const at = sql`${now.toISOString()}::timestamptz`;
    const found =
      kind === "opportunity"
        ? await queryRows<{ ownerId: number | null; dismissed: boolean }>(
            tx,
            sql`select o.owner_id as "ownerId", exists(select 1 from breach_dismissals d where d.kind = 'opportunity' and d.subject_id = h.id) as "dismissed"
              from opportunity_stage_history h
              join pipeline_stages s on s.id = h.stage_id and s.expected_days is not null and not s.is_won and not s.is_lost
              join opportunities o on o.id = h.opportunity_id and o.status = 'open'
              where h.id = ${subjectId} and h.exited_at is null and ${changeDueAt} + make_interval(secs => ${seconds}) < ${at}
              for update of h`,
          )
        : await queryRows<{ ownerId: number | null; dismissed: boolean }>(
            tx,
            sql`select l.owner_id as "ownerId", exists(select 1 from breach_dismissals d where d.kind = ${kind} and d.subject_id = l.id) as "dismissed"
              from leads l
              where l.id = ${subjectId} and l.${sql.raw(leadSlaClock[kind].start)} is not null
                and ${leadSlaClock[kind].handled} is null and ${knownDates(leadSlaClock[kind].start)}
                and l.${sql.raw(leadSlaClock[kind].start)} + make_interval(secs => ${seconds}) < ${at}
              for update of l`,
          );
    const breach = found[0];
    if (!breach) throw new NotFoundError("This breach is no longer open: it was handled, or the SLA in force changed. Reload the list.");
    if (actor.role !== "admin" && breach.ownerId !== actor.id) throw new ForbiddenError("Only the breach's owner or an admin can dismiss it.");
    if (breach.dismissed) throw new ConflictError("This breach was already dismissed.");
    await tx.insert(breachDismissals).values({ kind, subjectId, reason, dismissedBy: actor.id, dismissedAt: now });
    await tx.insert(auditLog).values({ userId: actor.id, entity: "sla_breach", entityId: `${kind}:${subjectId}`, field: "dismissed", oldValue: null, newValue: reason });
  });
}
