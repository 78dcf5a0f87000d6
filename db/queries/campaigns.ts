/**
 * The Campaign Orchestrator's enrolments and tasks: who is enrolled, what the rule reads about each
 * running enrolment (lib/automations/campaign-orchestrator.ts), and the writes of its decisions, of a
 * task done, and of everything stopped when it is switched off. Days are the organisation's.
 */
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Database, type DatabaseOrTransaction } from "@/db/index";
import { campaignEnrolments, campaignTasks } from "@/db/schema";
import type { ContactFacts, EnrolmentFacts } from "@/lib/automations/campaign-orchestrator";
import type { AbmTier } from "@/lib/domain/abm-tiers";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { EnrolledAccountsWindow } from "@/lib/metrics/orchestrator-impact";
import { addDays, type Period } from "@/lib/metrics/period";
import { inPeriod } from "./velocity";

const running = sql`e.state in ('active', 'paused')`;

/**
 * Accounts of the given tiers with no running enrolment and no play of their tier finished since the
 * orchestrator was switched on (`since`): whom the next run enrols. A play stopped (the orchestrator
 * off, the tier dropped) starts again when it is back; each switch-on runs each play once.
 */
export async function accountsToEnrol(db: Database, tiers: readonly AbmTier[], since: string | null): Promise<{ accountId: number; tier: AbmTier }[]> {
  if (tiers.length === 0) return [];
  return queryRows(
    db,
    sql`select a.id as "accountId", a.abm_tier::text as tier from accounts a
      where a.abm_tier::text in (${sql.join(tiers.map((t) => sql`${t}`), sql`, `)})
        and not exists (select 1 from campaign_enrolments e where e.account_id = a.id and (${running} or (e.state = 'completed' and e.tier = a.abm_tier and e.enrolled_on >= ${since ?? "0001-01-01"}::date)))
      order by a.id`,
  );
}

/** Enrols accounts from a day; an account already running a play is left as it is (its enrolment does not overlap). */
export async function enrolAccounts(db: DatabaseOrTransaction, rows: readonly { accountId: number; tier: AbmTier }[], day: string): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(campaignEnrolments)
    .values(rows.map((r) => ({ accountId: r.accountId, tier: r.tier, enrolledOn: day })))
    .onConflictDoNothing()
    .returning({ id: campaignEnrolments.id });
  return inserted.length;
}

export type RunningEnrolment = EnrolmentFacts & { accountId: number; accountName: string; state: "active" | "paused"; accountTier: AbmTier | null };

/** Every running enrolment with the facts its next step depends on, as of `today`. */
export async function runningEnrolments(db: Database, today: string, timeZone: string): Promise<RunningEnrolment[]> {
  const weekFrom = addDays(today, -6);
  const rows = await queryRows<Omit<RunningEnrolment, "contacts"> & { contacts: ContactFacts[] | null }>(
    db,
    sql`select e.id, e.account_id as "accountId", a.name as "accountName", e.tier::text as tier, a.abm_tier::text as "accountTier",
        to_char(e.enrolled_on, 'YYYY-MM-DD') as "enrolledOn", e.state, a.owner_id as "ownerId",
        (select count(*)::int from campaign_tasks t where t.enrolment_id = e.id) as tasked,
        (select to_char(max(t.due_on), 'YYYY-MM-DD') from campaign_tasks t where t.enrolment_id = e.id) as "lastDueOn",
        (select to_char(max(m.booked_at at time zone ${timeZone}), 'YYYY-MM-DD') from meetings m where m.account_id = e.account_id) as "lastMeetingOn",
        (select to_char(max(s.received_at at time zone ${timeZone}), 'YYYY-MM-DD') from signals s where s.account_id = e.account_id and s.tier = 'high') as "lastHighIntentOn",
        (select json_agg(json_build_object(
            'id', c.id, 'name', c.name, 'role', c.buying_group_role, 'engaged', c.status in ('engaged', 'active'),
            'touchesThisWeek', (select count(*)::int from campaign_tasks t where t.contact_id = c.id and t.state <> 'cancelled' and t.due_on between ${weekFrom}::date and ${today}::date)
          ) order by c.id)
          from contacts c where c.account_id = e.account_id and c.buying_group_role is not null) as contacts
      from campaign_enrolments e join accounts a on a.id = e.account_id
      where ${running}
      order by e.id`,
  );
  return rows.map((r) => ({ ...r, contacts: r.contacts ?? [] }));
}

export interface NewTask {
  enrolmentId: number;
  step: number;
  accountId: number;
  contactId: number | null;
  ownerId: number | null;
  channel: string;
  audience: string;
  action: string;
  dueOn: string;
  reason: string;
  /** A webhook step is sent as it is made: done at once, saying so. */
  sentToWebhooks?: boolean;
}

/** Records a step's task once (a rerun, or another instance, adds none) and makes the enrolment active. */
export async function createTask(tx: DatabaseOrTransaction, task: NewTask): Promise<number | null> {
  const { sentToWebhooks, ...values } = task;
  const sent = sentToWebhooks ? { state: "done" as const, closedAt: new Date(), closedReason: "Sent to the webhooks (the ads and e-mail tools)." } : {};
  const [row] = await tx.insert(campaignTasks).values({ ...values, ...sent }).onConflictDoNothing({ target: [campaignTasks.enrolmentId, campaignTasks.step] }).returning({ id: campaignTasks.id });
  if (row) await tx.update(campaignEnrolments).set({ state: "active", pausedUntil: null, stateReason: null }).where(and(eq(campaignEnrolments.id, task.enrolmentId), sql`state in ('active', 'paused')`));
  return row?.id ?? null;
}

export async function setEnrolmentState(
  tx: DatabaseOrTransaction,
  id: number,
  change: { state: "active" | "paused" | "completed" | "stopped"; pausedUntil?: string | null; reason: string | null; endedOn?: string | null },
): Promise<boolean> {
  const rows = await tx
    .update(campaignEnrolments)
    .set({ state: change.state, pausedUntil: change.pausedUntil ?? null, stateReason: change.reason, endedOn: change.endedOn ?? null })
    .where(and(eq(campaignEnrolments.id, id), sql`state in ('active', 'paused')`))
    .returning({ id: campaignEnrolments.id });
  return rows.length > 0;
}

/**
 * Stops running enrolments (all, or those listed) from a day and cancels their open tasks with the
 * reason (with none listed: every open task), keeping both: what was done stays done, and the
 * history stays readable.
 */
export async function stopEnrolments(db: Database, day: string, reason: string, ids?: readonly number[]): Promise<{ enrolments: number; tasks: number }> {
  if (ids && ids.length === 0) return { enrolments: 0, tasks: 0 };
  return db.transaction(async (tx) => {
    const scope = ids ? inArray(campaignEnrolments.id, [...ids]) : undefined;
    const stopped = await tx
      .update(campaignEnrolments)
      .set({ state: "stopped", stateReason: reason, endedOn: day, pausedUntil: null })
      .where(and(sql`${campaignEnrolments.state} in ('active', 'paused')`, scope))
      .returning({ id: campaignEnrolments.id });
    // Switched off, every open task stops, a finished play's last ones too; otherwise those of the plays stopped.
    if (stopped.length === 0 && ids) return { enrolments: 0, tasks: 0 };
    const cancelled = await tx
      .update(campaignTasks)
      .set({ state: "cancelled", closedAt: new Date(), closedReason: reason })
      .where(and(eq(campaignTasks.state, "open"), ids ? inArray(campaignTasks.enrolmentId, stopped.map((s) => s.id)) : undefined))
      .returning({ id: campaignTasks.id });
    return { enrolments: stopped.length, tasks: cancelled.length };
  });
}

export interface TaskView {
  id: number;
  accountId: number;
  accountName: string;
  tier: AbmTier;
  step: number;
  channel: string;
  audience: string;
  action: string;
  contactName: string | null;
  ownerId: number | null;
  ownerName: string | null;
  dueOn: string;
  reason: string;
  state: "open" | "done" | "cancelled";
  closedReason: string | null;
}

/** Tasks, open ones first by due day: one owner's (null: everyone's), or one account's. */
export async function campaignTaskList(db: Database, { ownerId, accountId, state, limit = 100 }: { ownerId?: number | null; accountId?: number; state?: TaskView["state"]; limit?: number }): Promise<TaskView[]> {
  return queryRows<TaskView>(
    db,
    sql`select t.id, t.account_id as "accountId", a.name as "accountName", e.tier::text as tier, t.step, t.channel, t.audience, t.action,
        c.name as "contactName", t.owner_id as "ownerId", u.name as "ownerName", to_char(t.due_on, 'YYYY-MM-DD') as "dueOn", t.reason, t.state, t.closed_reason as "closedReason"
      from campaign_tasks t join campaign_enrolments e on e.id = t.enrolment_id join accounts a on a.id = t.account_id
        left join contacts c on c.id = t.contact_id left join users u on u.id = t.owner_id
      where true ${ownerId === undefined ? sql`` : ownerId === null ? sql`and t.owner_id is null` : sql`and t.owner_id = ${ownerId}`}
        ${accountId === undefined ? sql`` : sql`and t.account_id = ${accountId}`}
        ${state === undefined ? sql`` : sql`and t.state = ${state}`}
      order by (t.state = 'open') desc, t.due_on asc, t.id asc
      limit ${limit}`,
  );
}

/** Marks an open task done, by its owner (or an admin, `anyOwner`). */
export async function completeTask(db: Database, taskId: number, user: { id: number; anyOwner: boolean }): Promise<void> {
  await db.transaction(async (tx) => {
    const [task] = await tx.select({ ownerId: campaignTasks.ownerId, state: campaignTasks.state }).from(campaignTasks).where(eq(campaignTasks.id, taskId)).for("update");
    if (!task) throw new NotFoundError(`Task ${taskId} does not exist.`);
    if (!user.anyOwner && task.ownerId !== user.id) throw new ConflictError("This task is someone else's: its owner marks it done.");
    if (task.state === "done") return;
    if (task.state === "cancelled") throw new ConflictError("This task was cancelled (the play stopped): there is nothing to mark done.");
    await tx.update(campaignTasks).set({ state: "done", closedAt: new Date(), closedBy: user.id }).where(eq(campaignTasks.id, taskId));
  });
}

export interface EnrolmentView {
  id: number;
  accountId: number;
  accountName: string;
  tier: AbmTier;
  enrolledOn: string;
  state: "active" | "paused" | "completed" | "stopped";
  stateReason: string | null;
  pausedUntil: string | null;
  tasked: number;
  done: number;
}

/** An enrolment as the pages show it, with its steps tasked and done, over `e` joined to its account `a`. */
const enrolmentView = sql`e.id, e.account_id as "accountId", a.name as "accountName", e.tier::text as tier, to_char(e.enrolled_on, 'YYYY-MM-DD') as "enrolledOn", e.state,
  e.state_reason as "stateReason", to_char(e.paused_until, 'YYYY-MM-DD') as "pausedUntil",
  (select count(*)::int from campaign_tasks t where t.enrolment_id = e.id) as tasked,
  (select count(*)::int from campaign_tasks t where t.enrolment_id = e.id and t.state = 'done') as done`;

/** Enrolments (one account's: its latest first), running first, newest first. */
export async function enrolmentList(db: Database, { accountId, limit = 200 }: { accountId?: number; limit?: number } = {}): Promise<EnrolmentView[]> {
  return queryRows<EnrolmentView>(
    db,
    sql`select ${enrolmentView}
      from campaign_enrolments e join accounts a on a.id = e.account_id
      ${accountId === undefined ? sql`` : sql`where e.account_id = ${accountId}`}
      order by ${running} desc, e.enrolled_on desc, a.name, e.id desc
      limit ${limit}`,
  );
}

export async function enrolmentCounts(db: Database): Promise<{ active: number; paused: number; completed: number; stopped: number; openTasks: number }> {
  const [row] = await queryRows<{ active: number; paused: number; completed: number; stopped: number; openTasks: number }>(
    db,
    sql`select (count(*) filter (where state = 'active'))::int as active, (count(*) filter (where state = 'paused'))::int as paused,
        (count(*) filter (where state = 'completed'))::int as completed, (count(*) filter (where state = 'stopped'))::int as stopped,
        (select count(*)::int from campaign_tasks where state = 'open') as "openTasks"
      from campaign_enrolments`,
  );
  return row!;
}

/**
 * The accounts the orchestrator enrolled (in any play, whatever its state), or those it never
 * enrolled, in a window: how many were touched or met, how many had an opportunity created, and the cycle of the deals they won
 * (lib/metrics/orchestrator-impact.ts).
 */
export async function enrolledAccountsWindow(db: Database, window: Period & { timeZone: string }, { enrolled: which = true }: { enrolled?: boolean } = {}): Promise<EnrolledAccountsWindow> {
  // The accounts it enrolled, or (enrolled: false) every account it never enrolled: the comparison group.
  const group = which ? sql`select distinct account_id as id from campaign_enrolments` : sql`select a.id from accounts a where not exists (select 1 from campaign_enrolments e where e.account_id = a.id)`;
  const [row] = await queryRows<{ accounts: number; engaged: number; withOpportunity: number; n: number; mean: number | null; variance: number | null }>(
    db,
    sql`with enrolled as (${group})
      select (select count(*)::int from enrolled) as accounts,
        (select count(*)::int from enrolled x where exists (select 1 from touchpoints tp where tp.account_id = x.id and tp.contact_id is not null and ${inPeriod(sql`tp.occurred_at`, window)})
          or exists (select 1 from meetings m where m.account_id = x.id and ${inPeriod(sql`m.booked_at`, window)})) as engaged,
        (select count(*)::int from enrolled x where exists (select 1 from opportunities o where o.account_id = x.id and ${inPeriod(sql`o.created_at`, window)})) as "withOpportunity",
        w.n, w.mean, w.variance
      from (select count(*)::int as n, avg(extract(epoch from o.closed_at - o.created_at) / 86400)::float8 as mean,
              coalesce(var_samp(extract(epoch from o.closed_at - o.created_at) / 86400), 0)::float8 as variance
            from opportunities o join enrolled x on x.id = o.account_id
            where o.status = 'won' and ${inPeriod(sql`o.closed_at`, window)}) w`,
  );
  const r = row!;
  return { accounts: r.accounts, engaged: r.engaged, withOpportunity: r.withOpportunity, wonCycle: { n: r.n, mean: r.mean ?? 0, variance: r.variance ?? 0 } };
}

/** A user's open tasks due today or before. */
export async function tasksDue(db: Database, ownerId: number, today: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from campaign_tasks where owner_id = ${ownerId} and state = 'open' and due_on <= ${today}::date`);
  return row!.n;
}

/** An account's latest play (running first), or null when it was never enrolled. */
export async function accountPlay(db: Database, accountId: number): Promise<EnrolmentView | null> {
  const [row] = await enrolmentList(db, { accountId, limit: 1 });
  return row ?? null;
}
