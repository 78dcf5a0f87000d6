"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { calibrationBacktest } from "@/db/queries/calibration";
import { getSetting, putSettingIfUnchanged, settingStamp } from "@/db/queries/settings";
import { forgetIngestContext } from "@/db/queries/ingest-context-cache";
import { StaleSettingError } from "@/lib/errors";
import { calibration } from "@/lib/metrics/calibration";
import { customPeriod } from "@/lib/metrics/period";
import { scoringSettings } from "@/lib/settings/definitions";
import { done, guardedAction } from "@/app/_guard/guarded-action";

const period = z
  .object({ from: z.string(), to: z.string() }, { error: "Give the period as a first and a last day." })
  .transform((value, ctx) => {
    const checked = customPeriod(value.from, value.to);
    if (checked.ok) return checked.period;
    ctx.addIssue({ code: "custom", message: checked.error });
    return z.NEVER;
  });

/** The backtest with candidate weights and threshold, before they are saved (the editor's preview). */
export const previewCalibrationAction = guardedAction(
  { permission: "scoring:manage", input: z.object({ period, candidate: scoringSettings }), context: "Previewing the calibration backtest" },
  async ({ period, candidate }) => {
    const db = getDb();
    const { timeZone } = await getSetting(db, "organisation");
    const aggregates = await calibrationBacktest(db, { ...period, timeZone, weights: candidate.weights, threshold: candidate.calibrationThreshold });
    return done(calibration(aggregates, candidate.calibrationThreshold));
  },
);

const scoringSave = z.object({ settings: scoringSettings, loadedAt: z.number().nullable().catch(null) });

/**
 * Saves the weights, curves and threshold (each changed field audited), unless someone saved them
 * after this editor loaded them (`loadedAt`, the stamp it was given): then nothing is saved and the
 * message names who did.
 */
export const saveScoringAction = guardedAction(
  { permission: "scoring:manage", input: scoringSave, context: "Saving the scoring settings", revalidate: [{ layout: "/signals" }] },
  async ({ settings, loadedAt }, user) => {
    const db = getDb();
    let changes: number;
    try {
      changes = await putSettingIfUnchanged(db, "scoring", settings, user.id, loadedAt);
    } catch (error) {
      // The editor offers to reload when it sees "stale".
      if (error instanceof StaleSettingError) return { ok: false as const, error: error.message, fieldErrors: { form: "stale" } };
      throw error;
    }
    forgetIngestContext(db);
    const stamp = await settingStamp(db, "scoring");
    return done(
      { loadedAt: stamp.updatedAt },
      changes === 0 ? "Nothing changed." : `Saved ${changes} change${changes === 1 ? "" : "s"}. Scores computed from now on use them.`,
    );
  },
);
