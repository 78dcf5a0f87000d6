import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { auditLog, jobSchedules, reportArchive, type ArchivedReport } from "@/db/schema";
import { cadences, cadenceKeys, type CadenceKey } from "@/lib/domain/cadence";
import { analyzerCadence, type AutomationKey } from "@/lib/domain/automations";
import { ConflictError } from "@/lib/errors";
import { getSetting } from "./settings";

/**
 * One cadence's schedule as stored, or its defaults (on, at the default time) when never set. The
 * Win/Loss Analyzer's review is on exactly while the analyzer is switched on (its switch, on
 * /automations, is the one place that turns it on or off); its time is set here like the others'.
 */
export interface ScheduleSetting {
  key: CadenceKey;
  enabled: boolean;
  /** The automation whose switch turns this schedule on and off; null: its own switch. */
  switchedBy: AutomationKey | null;
  time: string;
  version: number;
  updatedAt: Date | null;
}

export async function scheduleSettings(db: Database): Promise<Record<CadenceKey, ScheduleSetting>> {
  const [rows, automations] = await Promise.all([db.select().from(jobSchedules), getSetting(db, "automations")]);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return Object.fromEntries(
    cadenceKeys.map((key) => {
      const row = byKey.get(key);
      const stored = row ? { enabled: row.enabled, time: row.time, version: row.version, updatedAt: row.updatedAt } : { enabled: true, time: cadences[key].defaultTime, version: 0, updatedAt: null };
      const switchedBy = key === analyzerCadence ? "win_loss_analyzer" : null;
      return [key, { key, ...stored, enabled: switchedBy ? automations[switchedBy].enabled : stored.enabled, switchedBy }];
    }),
  ) as Record<CadenceKey, ScheduleSetting>;
}

/**
 * Sets a cadence on or off and its time, audited. `version` is the one the admin's form showed (0
 * for a schedule never saved): a change made meanwhile by someone else is refused, not overwritten.
 */
export async function putScheduleSetting(
  db: Database,
  key: CadenceKey,
  change: { enabled: boolean; time: string; version: number },
  actorId: number,
): Promise<number> {
  return db.transaction(async (tx) => {
    const t = tx;
    await t.execute(sql`select pg_advisory_xact_lock(7310, hashtext(${key}))`);
    const [current] = await t.select().from(jobSchedules).where(eq(jobSchedules.key, key));
    const before = current ?? { enabled: true, time: cadences[key].defaultTime, version: 0 };
    if (before.version !== change.version) {
      throw new ConflictError(`${cadences[key].label} was changed by someone else meanwhile; reload the page to see it.`);
    }
    // The analyzer's review is switched by the analyzer; here only its time changes.
    if (key === analyzerCadence) change = { ...change, enabled: before.enabled };
    const edits = (["enabled", "time"] as const).filter((f) => before[f] !== change[f]);
    if (edits.length === 0) return 0;
    await t
      .insert(jobSchedules)
      .values({ key, enabled: change.enabled, time: change.time, updatedBy: actorId })
      .onConflictDoUpdate({
        target: jobSchedules.key,
        set: { enabled: change.enabled, time: change.time, updatedBy: actorId, updatedAt: new Date(), version: sql`${jobSchedules.version} + 1` },
      });
    await t.insert(auditLog).values(
      edits.map((field) => ({ userId: actorId, entity: "job_schedule", entityId: key, field, oldValue: String(before[field]), newValue: String(change[field]) })),
    );
    return edits.length;
  });
}

export interface NewArchivedReport {
  kind: CadenceKey;
  periodFrom: string;
  periodTo: string;
  title: string;
  fileName: string;
  body: string;
  jobId: string | null;
}

export async function archiveReport(db: Database, report: NewArchivedReport): Promise<number> {
  const [row] = await db.insert(reportArchive).values(report).returning({ id: reportArchive.id });
  return row!.id;
}

export type ArchivedReportSummary = Omit<ArchivedReport, "body"> & { bytes: number };

/** What a list of archived reports shows: everything but the body, and the body's size. */
const summaryColumns = {
  id: reportArchive.id,
  kind: reportArchive.kind,
  periodFrom: reportArchive.periodFrom,
  periodTo: reportArchive.periodTo,
  title: reportArchive.title,
  fileName: reportArchive.fileName,
  jobId: reportArchive.jobId,
  createdAt: reportArchive.createdAt,
  bytes: sql<number>`octet_length(${reportArchive.body})::int`,
};

/** The newest archived reports of the given kinds (those the reader may read). */
export async function listArchivedReports(db: Database, kinds: readonly CadenceKey[], { limit = 100 }: { limit?: number } = {}): Promise<ArchivedReportSummary[]> {
  if (kinds.length === 0) return [];
  return db
    .select(summaryColumns)
    .from(reportArchive)
    .where(inArray(reportArchive.kind, [...kinds]))
    .orderBy(desc(reportArchive.createdAt), desc(reportArchive.id))
    .limit(limit);
}

export async function archivedReport(db: Database, id: number): Promise<ArchivedReport | null> {
  const [row] = await db.select().from(reportArchive).where(eq(reportArchive.id, id));
  return row ?? null;
}

/** The report a queue job archived, if any. */
export async function reportOfJob(db: Database, kind: CadenceKey, jobId: string): Promise<ArchivedReportSummary | null> {
  const [row] = await listArchivedReportsWhere(db, and(eq(reportArchive.kind, kind), eq(reportArchive.jobId, jobId))!);
  return row ?? null;
}

function listArchivedReportsWhere(db: Database, where: ReturnType<typeof and>) {
  return db
    .select(summaryColumns)
    .from(reportArchive)
    .where(where)
    .orderBy(desc(reportArchive.id))
    .limit(1);
}

/** Per signal type, signals received in the period and how many were answered and led to a meeting. */
export async function signalTypePerformance(db: Database, period: { from: string; to: string; timeZone: string }) {
  return queryRows<{ type: string; label: string; tier: string; signals: number; responded: number; meetings: number }>(
    db,
    sql`select t.key as type, t.label, t.tier::text as tier,
          count(s.id)::int as signals,
          (count(s.id) filter (where s.first_response_at is not null))::int as responded,
          (count(s.id) filter (where s.meeting_booked_at is not null))::int as meetings
        from signal_types t
        left join signals s on s.type = t.key
          and s.received_at >= (${period.from}::date)::timestamp at time zone ${period.timeZone}
          and s.received_at < (${period.to}::date + 1)::timestamp at time zone ${period.timeZone}
        group by t.key, t.label, t.tier
        order by t.tier, signals desc, t.key`,
  );
}

/** Deals to audit: open deals of Tier 1 accounts, and deals that entered negotiation in the period. */
export async function dealsToAudit(db: Database, period: { from: string; to: string; timeZone: string }) {
  return queryRows<{ dealId: number; accountId: number; tier1: boolean; enteredNegotiationAt: Date | null }>(
    db,
    sql`with negotiation as (
          select h.opportunity_id, max(h.entered_at) as entered_at
          from opportunity_stage_history h join pipeline_stages p on p.id = h.stage_id
          where p.name = 'Negotiation'
            and h.entered_at >= (${period.from}::date)::timestamp at time zone ${period.timeZone}
            and h.entered_at < (${period.to}::date + 1)::timestamp at time zone ${period.timeZone}
          group by h.opportunity_id
        )
        select o.id as "dealId", o.account_id as "accountId", coalesce(a.abm_tier = 'tier_1', false) as tier1, n.entered_at as "enteredNegotiationAt"
        from opportunities o
        join accounts a on a.id = o.account_id
        left join negotiation n on n.opportunity_id = o.id
        where (o.status = 'open' and a.abm_tier = 'tier_1') or n.opportunity_id is not null
        order by a.name, o.id`,
  );
}
