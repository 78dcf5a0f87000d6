/**
 * The refresh cadence on PGlite and PostgreSQL, with the clock moved by `asOf`: the daily decay
 * recomputes scores as of the day (history kept, bands read the new score, a second run the same
 * day adds nothing); every review is archived for its period in the organisation's time zone; the
 * schedules reach the queue with the zone and follow a change; "run now" runs through the queue and
 * shows its last run; a job that throws is retried, then shown failed with its error.
 *
 * Data: Acme (ICP fit 90, Tier 1) with one pricing-page visit (25 points, half-life 7 days) an hour
 * before T0, scored by the signal router at T0:
 *   at T0:      intent = 100 × (1 − e^(−25 × 2^(−1/168) / 60)), engagement 8, readiness 42.98 (40–59)
 *   at T0 + 7d: intent = 100 × (1 − e^(−25 × 2^(−169/168) / 60)) ≈ 17.9: readiness ≈ 36.6 (below 40)
 */
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/index";
import { archivedReport, listArchivedReports, putScheduleSetting, scheduleSettings } from "@/db/queries/cadence";
import { getSetting, putSetting } from "@/db/queries/settings";
import { automationLog } from "@/db/queries/automations";
import { analyzerCadence } from "@/lib/domain/automations";
import { forgetIngestContext } from "@/db/queries/ingest-context-cache";
import { ingestContext } from "@/db/queries/signal-context";
import { ingestSignal } from "@/db/queries/signal-ingest";
import { scoreBandCounts } from "@/db/queries/signals";
import { accounts, opportunities, opportunityStageHistory, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { cadenceKeys, cadences, cronOf, type CadenceKey } from "@/lib/domain/cadence";
import { ConflictError } from "@/lib/errors";
import { enqueue, listSchedules, startJobs, stopJobs } from "@/lib/jobs/queue";
import { applySchedules, cadenceJob, cadenceJobs, cadenceOverview, runCadenceNow } from "./jobs";
import { runCadence } from "./reviews";

const T0 = new Date("2026-11-27T15:00:00Z"); // a Friday
const DAY = 86_400_000;
const ZONE = "America/New_York";

const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> => {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

/** The playbook's intent for one signal of `points` with a half-life, `hours` old (scale 60). */
const intentOf = (points: number, halfLifeDays: number, hours: number) => 100 * (1 - Math.exp(-(points * 2 ** (-hours / 24 / halfLifeDays)) / 60));
const round2 = (n: number) => Math.round(n * 100) / 100;

describe.each(testDrivers())("the refresh cadence on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let admin: number;
  let acme: number;

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const [a, rep] = await db
      .insert(users)
      .values([
        { email: "admin@x.com", name: "Ada Admin", role: "admin", passwordHash: "x" },
        { email: "riley@x.com", name: "Riley", role: "sales", passwordHash: "x" },
      ])
      .returning();
    admin = a!.id;
    await putSetting(db, "organisation", { timeZone: ZONE, currency: "USD" }, admin);
    const [acmeRow, globex] = await db
      .insert(accounts)
      .values([
        { name: "Acme", domain: "acme.com", icpFitScore: 90, ownerId: rep!.id, abmTier: "tier_1" },
        { name: "Globex", domain: "globex.com", icpFitScore: 50, ownerId: rep!.id },
      ])
      .returning();
    acme = acmeRow!.id;
    // An open Tier 1 deal; a Globex deal that entered negotiation 3 days before the audit, another 20 days before.
    const auditAt = new Date("2026-12-15T14:00:00Z");
    const deals = await db
      .insert(opportunities)
      .values([
        { name: "Acme platform", accountId: acme, ownerId: rep!.id, amount: "120000", stageId: 2, createdAt: new Date(T0.getTime() - 30 * DAY) },
        { name: "Globex renewal", accountId: globex!.id, ownerId: rep!.id, amount: "40000", stageId: 4, createdAt: new Date(T0.getTime() - 60 * DAY) },
        { name: "Globex old expansion", accountId: globex!.id, ownerId: rep!.id, amount: "10000", stageId: 4, createdAt: new Date(T0.getTime() - 90 * DAY) },
      ])
      .returning();
    await db.insert(opportunityStageHistory).values([
      { opportunityId: deals[1]!.id, stageId: 4, enteredAt: new Date(auditAt.getTime() - 3 * DAY) },
      { opportunityId: deals[2]!.id, stageId: 4, enteredAt: new Date(auditAt.getTime() - 20 * DAY) },
    ]);
    forgetIngestContext();
    const scored = await ingestSignal(
      db,
      { type: "pricing_page_depth", occurredAt: new Date(T0.getTime() - 3_600_000), account: { id: acme }, contact: null, properties: {}, idempotencyKey: null },
      await ingestContext(db),
      { now: T0 },
    );
    expect(scored.score!.readiness).toBe(round2(0.3 * 90 + 0.4 * round2(intentOf(25, 7, 1)) + 0.3 * 8));
  });
  afterEach(async () => {
    await stopJobs({ graceMs: 100, timeoutMs: 2_000 });
  });
  afterAll(async () => {
    await t.drop();
  });

  const acmeScores = () =>
    queryRows<{ readiness: string; intent: string; engagement: string; at: Date; signal: number | null }>(
      db,
      sql`select readiness, intent, engagement, computed_at as at, signal_id as signal from scores where account_id = ${acme} and contact_id is null order by computed_at, id`,
    );

  it("decays each scored account's score as of the day, keeping its history, so the bands read it", async () => {
    expect(await scoreBandCounts(db)).toMatchObject({ accelerated_nurture: 1, programmatic_nurture: 0 });
    const asOf = new Date(T0.getTime() + 7 * DAY);
    const result = await runCadence(db, "daily_score_decay", { asOf, jobId: null });
    expect(result).toMatchObject({ accounts: 1, changed: 1 });

    const history = await acmeScores();
    expect(history).toHaveLength(2);
    expect(history[0]!.signal).not.toBeNull();
    const latest = history[1]!;
    expect(latest.signal).toBeNull();
    expect(new Date(latest.at).toISOString()).toBe(asOf.toISOString());
    const intent = round2(intentOf(25, 7, 7 * 24 + 1));
    expect(Number(latest.intent)).toBe(intent);
    expect(Number(latest.engagement)).toBe(8);
    expect(Number(latest.readiness)).toBeCloseTo(0.3 * 90 + 0.4 * intent + 0.3 * 8, 1);
    // Today's score is the one the bands count: below 40 now.
    expect(await scoreBandCounts(db)).toMatchObject({ accelerated_nurture: 0, programmatic_nurture: 1 });

    // The day's report, for the day in the organisation's zone.
    const report = (await archivedReport(db, result.reportId))!;
    expect(report).toMatchObject({ kind: "daily_score_decay", periodFrom: "2026-12-04", periodTo: "2026-12-04" });
    expect(report.body).toContain("Recomputed 1 scored accounts");

    // Again the same day: nothing moved, no new row.
    expect(await runCadence(db, "daily_score_decay", { asOf, jobId: null })).toMatchObject({ accounts: 1, changed: 0 });
    expect(await acmeScores()).toHaveLength(2);
    // 90 days later the visit has left the engagement window too.
    await runCadence(db, "daily_score_decay", { asOf: new Date(T0.getTime() + 95 * DAY), jobId: null });
    const later = (await acmeScores()).at(-1)!;
    expect(Number(later.engagement)).toBe(0);
    expect(Number(later.intent)).toBe(round2(intentOf(25, 7, 95 * 24 + 1)));
  });

  it("archives every review for its period in the organisation's time zone", async () => {
    // Monday 2026-12-14 at 03:00 UTC is still Sunday the 13th in New York: "last week" is Nov 30 – Dec 6.
    const sundayNight = new Date("2026-12-14T03:00:00Z");
    const weekly = await runCadence(db, "weekly_velocity_review", { asOf: sundayNight, jobId: null });
    expect(await archivedReport(db, weekly.reportId)).toMatchObject({
      kind: "weekly_velocity_review",
      periodFrom: "2026-11-30",
      periodTo: "2026-12-06",
      fileName: "pipeline-velocity-audit-2026-12-06.md",
    });
    expect((await archivedReport(db, weekly.reportId))!.body).toMatch(/^# Pipeline velocity audit/);

    const asOf = new Date("2026-12-15T14:00:00Z");
    const expected: Record<Exclude<CadenceKey, "daily_score_decay" | "weekly_velocity_review">, { from: string; to: string; heading: string }> = {
      monthly_lever_review: { from: "2026-11-01", to: "2026-11-30", heading: "# Lever analysis and target review" },
      buying_group_audit: { from: "2026-12-01", to: "2026-12-14", heading: "# Buying-group coverage audit" },
      quarterly_calibration_review: { from: "2025-12-15", to: "2026-12-14", heading: "# Lead scoring calibration review" },
      monthly_signal_review: { from: "2026-11-01", to: "2026-11-30", heading: "# Signal taxonomy and routing review" },
      monthly_dark_social_review: { from: "2026-11-01", to: "2026-11-30", heading: "# Dark social attribution review" },
      monthly_win_loss_review: { from: "2026-11-01", to: "2026-11-30", heading: "# Win-rate playbook" },
    };
    for (const [key, e] of Object.entries(expected) as [keyof typeof expected, (typeof expected)[keyof typeof expected]][]) {
      const result = await runCadence(db, key, { asOf, jobId: null });
      const report = (await archivedReport(db, result.reportId))!;
      expect(report, key).toMatchObject({ kind: key, periodFrom: e.from, periodTo: e.to });
      expect(report.body.startsWith(e.heading), key).toBe(true);
    }

    // The audit: Acme's open Tier 1 deal and the Globex deal that entered negotiation 3 days ago, not the one 20 days ago.
    const [audit] = await listArchivedReports(db, ["buying_group_audit"]);
    const body = (await archivedReport(db, audit!.id))!.body;
    expect(body).toContain("Acme platform");
    expect(body).toContain("Globex renewal");
    expect(body).toContain("entered negotiation 2026-12-12");
    expect(body).not.toContain("Globex old expansion");
    // No closed deals: the calibration review says so and keeps the threshold.
    const [calibration] = await listArchivedReports(db, ["quarterly_calibration_review"]);
    expect((await archivedReport(db, calibration!.id))!.body).toMatch(/Keep the threshold at \d+.*Too few closed deals/);
    // The reader sees only the kinds they may read.
    expect((await listArchivedReports(db, ["monthly_dark_social_review"])).every((r) => r.kind === "monthly_dark_social_review")).toBe(true);
    // The win/loss review is the Win/Loss Analyzer's run: its log says what the month showed.
    const [analyzed] = await automationLog(db, "win_loss_analyzer");
    expect(analyzed).toMatchObject({ at: asOf, reason: "Its monthly run, on the 1st, over the month before.", topic: null });
    expect(analyzed!.action).toMatch(/^Archived the win\/loss pattern report of Nov 1\s*–\s*30, 2026: 0 won, 0 lost\.$/);
  });

  it("puts the schedules in the queue in the organisation's zone, and follows a change", async () => {
    await startJobs(t.handle, Object.values(cadenceJobs), { work: false });
    await applySchedules(db);
    const byName = async () => new Map((await listSchedules()).map((s) => [s.name, s]));
    let schedules = await byName();
    for (const key of cadenceKeys) {
      // The Win/Loss Analyzer's review runs only while the analyzer is switched on: it is off on a fresh install.
      if (key === analyzerCadence) expect(schedules.has(cadences[key].queue), key).toBe(false);
      else expect(schedules.get(cadences[key].queue), key).toMatchObject({ cron: cronOf(key, cadences[key].defaultTime), tz: ZONE });
    }

    const settings = await scheduleSettings(db);
    await putScheduleSetting(db, "weekly_velocity_review", { enabled: true, time: "06:15", version: settings.weekly_velocity_review.version }, admin);
    await putScheduleSetting(db, "monthly_dark_social_review", { enabled: false, time: "09:30", version: settings.monthly_dark_social_review.version }, admin);
    // A form that showed the old version is refused rather than overwriting the change.
    await expect(putScheduleSetting(db, "weekly_velocity_review", { enabled: false, time: "07:00", version: 0 }, admin)).rejects.toBeInstanceOf(ConflictError);
    // The database refuses a malformed time whatever the caller.
    await expect(putScheduleSetting(db, "monthly_lever_review", { enabled: true, time: "25:00", version: 0 }, admin)).rejects.toThrow();
    await putSetting(db, "organisation", { timeZone: "Europe/Paris", currency: "USD" }, admin);
    await applySchedules(db);
    schedules = await byName();
    expect(schedules.get(cadences.weekly_velocity_review.queue)).toMatchObject({ cron: "15 6 * * 1", tz: "Europe/Paris" });
    expect(schedules.has(cadences.monthly_dark_social_review.queue)).toBe(false);

    const overview = await cadenceOverview(db, new Date("2026-03-25T12:00:00Z"));
    const weekly = overview.find((v) => v.key === "weekly_velocity_review")!;
    // Monday 30 March 06:15 in Paris, after the change to summer time: 04:15 UTC.
    expect(weekly.nextRun!.toISOString()).toBe("2026-03-30T04:15:00.000Z");
    expect(overview.find((v) => v.key === "monthly_dark_social_review")!.nextRun).toBeNull();
    await putSetting(db, "organisation", { timeZone: ZONE, currency: "USD" }, admin);

    // The analyzer's switch schedules its review; the Jobs form moves its time but cannot turn it off.
    const automations = await getSetting(db, "automations");
    await putSetting(db, "automations", { ...automations, win_loss_analyzer: { enabled: true, since: "2026-03-01", offSince: null } }, admin);
    await applySchedules(db);
    expect((await byName()).get(cadences[analyzerCadence].queue)).toMatchObject({ cron: cronOf(analyzerCadence, cadences[analyzerCadence].defaultTime), tz: ZONE });
    const review = (await scheduleSettings(db))[analyzerCadence];
    expect(review).toMatchObject({ enabled: true, switchedBy: "win_loss_analyzer" });
    expect(await putScheduleSetting(db, analyzerCadence, { enabled: false, time: "11:45", version: review.version }, admin)).toBe(1);
    await applySchedules(db);
    expect((await scheduleSettings(db))[analyzerCadence]).toMatchObject({ enabled: true, time: "11:45" });
    expect((await byName()).get(cadences[analyzerCadence].queue)).toMatchObject({ cron: "45 11 1 * *" });
    await putSetting(db, "automations", { ...automations, win_loss_analyzer: { enabled: false, since: "2026-03-01", offSince: "2026-03-20" } }, admin);
    await applySchedules(db);
    expect((await byName()).has(cadences[analyzerCadence].queue)).toBe(false);
    expect((await scheduleSettings(db))[analyzerCadence].enabled).toBe(false);
    await putSetting(db, "automations", automations, admin);
  });

  it("runs a job now through the queue and shows its last run, duration, result and report", async () => {
    await startJobs(t.handle, Object.values(cadenceJobs));
    const id = await runCadenceNow("daily_score_decay", admin);
    const view = await until(
      async () => (await cadenceOverview(db)).find((v) => v.key === "daily_score_decay")!,
      (v) => v.lastRun?.id === id,
    );
    expect(view.lastRun).toMatchObject({ state: "completed", trigger: "manual", error: null });
    expect(view.lastRun!.result).toMatch(/^Recomputed 1 accounts; \d scores moved\.$/);
    expect(view.lastRun!.durationMs).toBeGreaterThanOrEqual(0);
    expect(view.lastRun!.report).toMatchObject({ kind: "daily_score_decay", jobId: id });
    expect(view.pending).toBeNull();
  });

  it("retries a job that throws, then shows it failed with its error", async () => {
    let calls = 0;
    const failing = cadenceJob("monthly_dark_social_review", {
      retryLimit: 1,
      retryDelaySeconds: 1,
      retryBackoff: false,
      run: async () => {
        calls++;
        throw new Error("The dark-social counts could not be read.");
      },
    });
    await startJobs(t.handle, [failing]);
    const id = await enqueue(failing, { trigger: "manual", requestedBy: admin });
    const view = await until(
      async () => (await cadenceOverview(db)).find((v) => v.key === "monthly_dark_social_review")!,
      (v) => v.lastRun?.id === id,
    );
    expect(calls).toBe(2);
    expect(view.lastRun).toMatchObject({ state: "failed", attempt: 1, retryLimit: 1, error: "The dark-social counts could not be read.", result: null, report: null });
  });
});
