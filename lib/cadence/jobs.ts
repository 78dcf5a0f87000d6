/**
 * The refresh cadence on the job queue: one queue per cadence, scheduled by cron in the
 * organisation's time zone at the time the admin set (job_schedules), applied at start-up and after
 * every change of a schedule or of the time zone. The schedules live in the queue's own table, so
 * whichever instance applies them, every instance's clock fires the same ones, once.
 */
import "server-only";
import { z } from "zod";
import type { Database } from "@/db/index";
import { reportOfJob, scheduleSettings, type ArchivedReportSummary, type ScheduleSetting } from "@/db/queries/cadence";
import { getSetting } from "@/db/queries/settings";
import { cadenceKeys, cadences, cronOf, nextRunAt, type Cadence, type CadenceKey } from "@/lib/domain/cadence";
import { defineJob, enqueue, listJobs, schedule, unschedule, type JobDefinition, type JobSummary } from "@/lib/jobs/queue";
import { runCadence, type RunOptions, type RunResult } from "./reviews";

export const cadenceJobData = z.object({
  trigger: z.enum(["schedule", "manual"]).optional(),
  /** The moment the run acts as of (ISO); now when absent. */
  asOf: z.iso.datetime({ offset: true }).optional(),
  /** The admin who pressed "run now". */
  requestedBy: z.number().int().positive().optional(),
});
export type CadenceJobData = z.infer<typeof cadenceJobData>;

type Run = (db: Database, key: CadenceKey, options: RunOptions) => Promise<RunResult>;

/** A cadence's job; `run` and the retry settings are replaceable for tests. */
export function cadenceJob(
  key: CadenceKey,
  { run = runCadence, ...retry }: { run?: Run } & Partial<Pick<JobDefinition<CadenceJobData>, "retryLimit" | "retryDelaySeconds" | "retryBackoff">> = {},
): JobDefinition<CadenceJobData> {
  return defineJob({
    name: cadences[key].queue,
    data: cadenceJobData,
    retryLimit: 2,
    retryDelaySeconds: 60,
    retryBackoff: true,
    maxRunSeconds: 30 * 60,
    ...retry,
    async handler(data, job) {
      const result = await run(job.database.db, key, { asOf: data.asOf ? new Date(data.asOf) : new Date(), jobId: job.id, signal: job.signal, trigger: data.trigger ?? "schedule" });
      return { ...result, trigger: data.trigger ?? "schedule" };
    },
  });
}

export const cadenceJobs: Record<CadenceKey, JobDefinition<CadenceJobData>> = Object.fromEntries(cadenceKeys.map((key) => [key, cadenceJob(key)])) as Record<
  CadenceKey,
  JobDefinition<CadenceJobData>
>;

/** Puts every cadence's cron schedule (with the organisation's time zone) in the queue, or takes it out when off. */
export async function applySchedules(db: Database, jobs: Record<CadenceKey, Pick<JobDefinition<CadenceJobData>, "name" | "data">> = cadenceJobs): Promise<void> {
  const [settings, { timeZone }] = await Promise.all([scheduleSettings(db), getSetting(db, "organisation")]);
  for (const key of cadenceKeys) {
    const setting = settings[key];
    if (setting.enabled) await schedule(jobs[key] as JobDefinition<CadenceJobData>, cronOf(key, setting.time), { tz: timeZone }, { trigger: "schedule" });
    else await unschedule(jobs[key]);
  }
}

/** "Run now": queues the cadence's job for any worker. */
export function runCadenceNow(key: CadenceKey, requestedBy: number): Promise<string> {
  return enqueue(cadenceJobs[key], { trigger: "manual", requestedBy });
}

export interface RunView {
  id: string;
  state: JobSummary["state"];
  trigger: "schedule" | "manual";
  startedAt: Date | null;
  completedAt: Date | null;
  /** Milliseconds from the start of the last attempt to its end; null while running. */
  durationMs: number | null;
  /** The run's one-line result, or its error. */
  result: string | null;
  error: string | null;
  attempt: number;
  retryLimit: number;
  report: ArchivedReportSummary | null;
}

export interface CadenceView {
  key: CadenceKey;
  cadence: Cadence;
  setting: ScheduleSetting;
  cron: string;
  timeZone: string;
  /** Null when the schedule is off. */
  nextRun: Date | null;
  /** The last run that ended (completed or failed for good). */
  lastRun: RunView | null;
  /** A run queued, running or waiting for a retry. */
  pending: RunView | null;
}

async function runView(db: Database, key: CadenceKey, job: JobSummary): Promise<RunView> {
  const output = (job.output ?? {}) as Partial<RunResult> & { trigger?: unknown };
  const data = (job.data ?? {}) as CadenceJobData;
  const ended = job.state === "completed" || job.state === "failed";
  return {
    id: job.id,
    state: job.state,
    trigger: data.trigger === "manual" ? "manual" : "schedule",
    startedAt: job.startedAt,
    completedAt: ended ? job.completedAt : null,
    durationMs: ended && job.startedAt && job.completedAt ? job.completedAt.getTime() - job.startedAt.getTime() : null,
    result: job.state === "completed" && typeof output.summary === "string" ? output.summary : null,
    error: job.error,
    attempt: job.attempt,
    retryLimit: job.retryLimit,
    report: job.state === "completed" ? await reportOfJob(db, key, job.id) : null,
  };
}

/** Everything the Jobs page shows, as of `now`. */
export async function cadenceOverview(db: Database, now: Date = new Date(), jobs: Record<CadenceKey, Pick<JobDefinition<unknown>, "name">> = cadenceJobs): Promise<CadenceView[]> {
  const [settings, { timeZone }] = await Promise.all([scheduleSettings(db), getSetting(db, "organisation")]);
  const views: CadenceView[] = [];
  for (const key of cadenceKeys) {
    const setting = settings[key];
    const cron = cronOf(key, setting.time);
    const recent = await listJobs(jobs[key].name, { limit: 20 });
    const last = recent.find((j) => j.state === "completed" || j.state === "failed");
    const pending = recent.find((j) => j.state === "created" || j.state === "active" || j.state === "retry");
    views.push({
      key,
      cadence: cadences[key],
      setting,
      cron,
      timeZone,
      nextRun: setting.enabled ? nextRunAt(cron, timeZone, now) : null,
      lastRun: last ? await runView(db, key, last) : null,
      pending: pending ? await runView(db, key, pending) : null,
    });
  }
  return views;
}
