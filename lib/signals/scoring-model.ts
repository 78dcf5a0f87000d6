/**
 * What lead-scoring-model.md is built from: the saved scoring, the taxonomy, and the calibration
 * backtest over deals closed in a period (by default the last 12 months, today included, as
 * /signals/calibration shows without a period).
 */
import "server-only";
import type { Database } from "@/db/index";
import { calibrationBacktest } from "@/db/queries/calibration";
import { getSetting, settingStamp } from "@/db/queries/settings";
import { signalTypeEntries } from "@/db/queries/signal-types";
import { calibration } from "@/lib/metrics/calibration";
import { addDays, todayIn, type Period } from "@/lib/metrics/period";
import type { ScoringModelInput } from "@/lib/reports/lead-scoring-model";
import { parsePeriodRequest, single, type Params } from "@/lib/velocity/request";

export async function buildScoringModel(db: Database, period?: Period, generatedAt = new Date()): Promise<ScoringModelInput> {
  const [{ timeZone }, scoring, stamp, types] = await Promise.all([getSetting(db, "organisation"), getSetting(db, "scoring"), settingStamp(db, "scoring"), signalTypeEntries(db)]);
  const today = todayIn(timeZone, generatedAt);
  const window = period ?? { from: addDays(today, -364), to: today };
  const aggregates = await calibrationBacktest(db, { ...window, timeZone, weights: scoring.weights, threshold: scoring.calibrationThreshold });
  return {
    generatedAt,
    timeZone,
    scoring,
    savedBy: stamp.updatedAt === null ? null : { name: stamp.updatedBy, at: new Date(stamp.updatedAt).toISOString().slice(0, 10) },
    types: types.map((t) => ({ key: t.key, label: t.label, tier: t.tier, points: t.points, halfLifeDays: t.halfLifeDays })),
    period: window,
    calibration: calibration(aggregates, scoring.calibrationThreshold),
  };
}

/** The backtest's period from a link's or a command's parameters: none given is the default (undefined). */
export async function scoringModelPeriod(db: Database, params: Params): Promise<{ ok: true; period: Period | undefined } | { ok: false; parameter: string; error: string }> {
  if (!single(params, "period") && !single(params, "from") && !single(params, "to")) return { ok: true, period: undefined };
  const { timeZone } = await getSetting(db, "organisation");
  const parsed = parsePeriodRequest(params, todayIn(timeZone));
  return parsed.ok ? { ok: true, period: parsed.request.period } : parsed;
}
