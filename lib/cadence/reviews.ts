/**
 * What each job of the refresh cadence does, as of a given moment (`asOf`: now when the queue runs
 * it; any time in tests), with the app's own computations: the signal router's scoring, the velocity
 * report, the account pictures, the calibration backtest, Layer 3 and the dark-social view. Each run
 * archives its review and returns what the Jobs page shows as its result.
 */
import "server-only";
import type { Database } from "@/db/index";
import { archiveReport, dealsToAudit, signalTypePerformance } from "@/db/queries/cadence";
import { calibrationBacktest } from "@/db/queries/calibration";
import { decayAccountScores } from "@/db/queries/score-decay";
import { getSetting } from "@/db/queries/settings";
import { ingestContext } from "@/db/queries/signal-context";
import { scoreBandCounts } from "@/db/queries/signals";
import { accountPicture } from "@/lib/abm/account-map";
import { buildDarkSocial } from "@/lib/attribution/dark-social";
import { cadences, type CadenceKey } from "@/lib/domain/cadence";
import { calibration, CANDIDATE_THRESHOLDS, recommendThreshold } from "@/lib/metrics/calibration";
import { addDays, presetPeriod, todayIn, type Period } from "@/lib/metrics/period";
import { scoreDistribution } from "@/lib/metrics/signals";
import {
  buyingGroupAuditMarkdown,
  calibrationReviewMarkdown,
  darkSocialReviewMarkdown,
  scoreDecayMarkdown,
  signalReviewMarkdown,
  type AuditedDeal,
} from "@/lib/reports/cadence-reviews";
import { AUDIT_FILE_NAME, LEVER_REVIEW_FILE_NAME, leverReviewMarkdown, velocityAuditMarkdown } from "@/lib/reports/velocity-audit";
import { buildLayer3 } from "@/lib/signals/layer3";
import { buildVelocityReport, velocityContext } from "@/lib/velocity/report";
import { PLAYBOOK_FILE_NAME, winRatePlaybookMarkdown } from "@/lib/reports/win-rate-playbook";
import { buildWinRatePlaybook } from "@/lib/win-loss/playbook";
import { recordAction } from "@/db/queries/automations";
import { analyzerAction } from "@/lib/automations/win-loss-analyzer";
import { announceWeeklyReview } from "./weekly-review";

export interface RunOptions {
  asOf: Date;
  /** The queue job running it, recorded with its report. */
  jobId: string | null;
  signal?: AbortSignal;
  /** What started it: its schedule, or an admin's "run now". */
  trigger?: "schedule" | "manual";
}

export interface RunResult {
  /** One line for the Jobs page. */
  summary: string;
  reportId: number;
  [detail: string]: unknown;
}

/** Buying-group audit: deals that entered negotiation within this many days are audited. */
export const NEGOTIATION_LOOKBACK_DAYS = 14;

async function archive(db: Database, key: CadenceKey, period: Period, fileName: string, body: string, options: RunOptions) {
  const title = `${cadences[key].label}, ${period.from === period.to ? period.from : `${period.from} to ${period.to}`}`;
  const stem = fileName.replace(/\.md$/, "");
  return archiveReport(db, { kind: key, periodFrom: period.from, periodTo: period.to, title, fileName: `${stem}-${period.to}.md`, body, jobId: options.jobId });
}

const runs: Record<CadenceKey, (db: Database, options: RunOptions) => Promise<RunResult>> = {
  async daily_score_decay(db, options) {
    const context = await ingestContext(db);
    const today = todayIn(context.timeZone, options.asOf);
    const before = scoreDistribution(await scoreBandCounts(db));
    const { accounts, changed } = await decayAccountScores(db, options.asOf, context, { signal: options.signal });
    const after = scoreDistribution(await scoreBandCounts(db));
    const body = scoreDecayMarkdown({ today, asOf: options.asOf, timeZone: context.timeZone, accounts, changed, before, after });
    const reportId = await archive(db, "daily_score_decay", { from: today, to: today }, "score-decay.md", body, options);
    return { summary: `Recomputed ${accounts} accounts; ${changed} scores moved.`, reportId, accounts, changed };
  },

  async weekly_velocity_review(db, options) {
    const context = await velocityContext(db);
    const today = todayIn(context.organisation.timeZone, options.asOf);
    const period = presetPeriod("last_week", today);
    const report = await buildVelocityReport(db, { preset: "last_week", period, filters: {} }, { ...context, today });
    const reportId = await archive(db, "weekly_velocity_review", period, AUDIT_FILE_NAME, velocityAuditMarkdown(report), options);
    const announced = await announceWeeklyReview(db, { reportId, period });
    return { summary: `Archived the velocity audit of ${period.from} to ${period.to}${announced}.`, reportId };
  },

  async monthly_lever_review(db, options) {
    const context = await velocityContext(db);
    const today = todayIn(context.organisation.timeZone, options.asOf);
    const period = presetPeriod("last_month", today);
    const report = await buildVelocityReport(db, { preset: "last_month", period, filters: {} }, { ...context, today });
    const reportId = await archive(db, "monthly_lever_review", period, LEVER_REVIEW_FILE_NAME, leverReviewMarkdown(report), options);
    return { summary: `Archived the lever review of ${period.from} to ${period.to}.`, reportId };
  },

  async buying_group_audit(db, options) {
    const { timeZone, currency } = await getSetting(db, "organisation");
    const today = todayIn(timeZone, options.asOf);
    const period = { from: addDays(today, -NEGOTIATION_LOOKBACK_DAYS), to: addDays(today, -1) };
    const rows = await dealsToAudit(db, { ...period, timeZone });
    const pictures = new Map<number, Awaited<ReturnType<typeof accountPicture>>>();
    const deals: AuditedDeal[] = [];
    for (const row of rows) {
      options.signal?.throwIfAborted();
      let picture = pictures.get(row.accountId);
      if (!picture) pictures.set(row.accountId, (picture = await accountPicture(db, row.accountId, options.asOf)));
      const deal = picture.deals.find((d) => d.id === row.dealId);
      // A deal that entered negotiation and has closed since has no open map left to audit.
      if (deal) deals.push({ account: picture.account, deal, tier1: row.tier1, enteredNegotiationAt: row.enteredNegotiationAt && new Date(row.enteredNegotiationAt) });
    }
    const body = buyingGroupAuditMarkdown({ period, asOf: options.asOf, currency, deals });
    const reportId = await archive(db, "buying_group_audit", period, "buying-group-audit.md", body, options);
    const gaps = deals.reduce((n, d) => n + d.deal.gaps.length, 0);
    return { summary: `Audited ${deals.length} deals on ${pictures.size} accounts; ${gaps} gaps.`, reportId, deals: deals.length, gaps };
  },

  async quarterly_calibration_review(db, options) {
    const [{ timeZone }, scoring] = await Promise.all([getSetting(db, "organisation"), getSetting(db, "scoring")]);
    const today = todayIn(timeZone, options.asOf);
    const period = { from: addDays(today, -365), to: addDays(today, -1) };
    const backtest = (threshold: number) => calibrationBacktest(db, { ...period, timeZone, weights: scoring.weights, threshold }).then((a) => calibration(a, threshold));
    const thresholds = [...new Set([...CANDIDATE_THRESHOLDS, scoring.calibrationThreshold])].sort((a, b) => a - b);
    const candidates = [];
    for (const t of thresholds) candidates.push(await backtest(t));
    const saved = candidates.find((c) => c.threshold === scoring.calibrationThreshold)!;
    const recommendation = recommendThreshold(saved, candidates);
    const body = calibrationReviewMarkdown({ period, asOf: options.asOf, weights: scoring.weights, saved, candidates, recommendation });
    const reportId = await archive(db, "quarterly_calibration_review", period, "calibration-review.md", body, options);
    const advice = recommendation.change === "keep" ? `keep the threshold at ${recommendation.threshold}` : `${recommendation.change} the threshold to ${recommendation.threshold}`;
    return { summary: `Backtest of ${saved.won + saved.lost} closed deals archived: ${advice}.`, reportId, recommendation: recommendation.threshold };
  },

  async monthly_signal_review(db, options) {
    const { timeZone } = await getSetting(db, "organisation");
    const today = todayIn(timeZone, options.asOf);
    const period = presetPeriod("last_month", today);
    const [view, types] = await Promise.all([buildLayer3(db, { preset: "last_month", period }, options.asOf), signalTypePerformance(db, { ...period, timeZone })]);
    const reportId = await archive(db, "monthly_signal_review", period, "signal-review.md", signalReviewMarkdown({ view, types, asOf: options.asOf }), options);
    return { summary: `Archived the signal review of ${period.from} to ${period.to} (${view.aggregates.high} high-intent signals).`, reportId };
  },

  async monthly_dark_social_review(db, options) {
    const { timeZone } = await getSetting(db, "organisation");
    const period = presetPeriod("last_month", todayIn(timeZone, options.asOf));
    const view = await buildDarkSocial(db, { preset: "last_month", period });
    const reportId = await archive(db, "monthly_dark_social_review", period, "dark-social-review.md", darkSocialReviewMarkdown({ view, asOf: options.asOf }), options);
    return { summary: `Archived the dark-social review of ${period.from} to ${period.to} (${view.leads} answered leads).`, reportId };
  },

  async monthly_win_loss_review(db, options) {
    const context = await velocityContext(db);
    const today = todayIn(context.organisation.timeZone, options.asOf);
    const period = presetPeriod("last_month", today);
    const playbook = await buildWinRatePlaybook(db, { preset: "last_month", period, filters: {} }, { ...context, today }, options.asOf);
    const reportId = await archive(db, "monthly_win_loss_review", period, PLAYBOOK_FILE_NAME, winRatePlaybookMarkdown(playbook), options);
    const { won, lost, lossReasons } = playbook.report;
    // The Win/Loss Analyzer's log: what this month's report showed.
    const action = analyzerAction({ period, reportId, won, lost, lossReasons, trigger: options.trigger ?? "schedule" });
    await recordAction(db, { automation: "win_loss_analyzer", at: options.asOf, ...action });
    return { summary: `Archived the win-rate playbook of ${period.from} to ${period.to} (${won} won, ${lost} lost).`, reportId, won, lost };
  },
};

/** Runs one cadence job's work as of `options.asOf`. */
export function runCadence(db: Database, key: CadenceKey, options: RunOptions): Promise<RunResult> {
  return runs[key](db, options);
}
