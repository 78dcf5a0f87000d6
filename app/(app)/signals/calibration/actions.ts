"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/index";
import { calibrationBacktest } from "@/db/queries/calibration";
import { getSetting, putSettingIfUnchanged, settingStamp, StaleSettingError } from "@/db/queries/settings";
import { forgetIngestContext } from "@/db/queries/signal-context";
import { invalid, type ActionResult } from "@/lib/action-result";
import { requirePermission } from "@/lib/auth";
import { unexpected } from "@/lib/errors";
import { calibration, type Calibration } from "@/lib/metrics/calibration";
import { customPeriod } from "@/lib/metrics/period";
import { scoringSettings, type ScoringSettings } from "@/lib/settings/definitions";

const periodInput = z.object({ from: z.string(), to: z.string() });

/** The backtest with candidate weights and threshold, before they are saved (the editor's preview). */
export async function previewCalibrationAction(input: { period: { from: string; to: string }; candidate: ScoringSettings }): Promise<ActionResult<Calibration>> {
  await requirePermission("scoring:manage");
  const parsedPeriod = periodInput.safeParse(input?.period);
  const period = parsedPeriod.success ? customPeriod(parsedPeriod.data.from, parsedPeriod.data.to) : null;
  if (!period?.ok) {
    const error = period ? period.error : "Give the period as a first and a last day.";
    return { ok: false, error, fieldErrors: { period: error } };
  }
  const parsed = scoringSettings.safeParse(input?.candidate);
  if (!parsed.success) return invalid(parsed.error);
  try {
    const db = getDb();
    const { timeZone } = await getSetting(db, "organisation");
    const aggregates = await calibrationBacktest(db, { ...period.period, timeZone, weights: parsed.data.weights, threshold: parsed.data.calibrationThreshold });
    return { ok: true, data: calibration(aggregates, parsed.data.calibrationThreshold) };
  } catch (error) {
    return unexpected(error, "Previewing the calibration backtest");
  }
}

/**
 * Saves the weights, curves and threshold (each changed field audited), unless someone saved them
 * after this editor loaded them (`loadedAt`, the stamp it was given): then nothing is saved and the
 * message names who did.
 */
export async function saveScoringAction(input: { settings: ScoringSettings; loadedAt: number | null }): Promise<ActionResult<{ loadedAt: number | null }>> {
  const user = await requirePermission("scoring:manage");
  const parsed = scoringSettings.safeParse(input?.settings);
  if (!parsed.success) return invalid(parsed.error);
  const loadedAt = typeof input?.loadedAt === "number" ? input.loadedAt : null;
  try {
    const db = getDb();
    const changes = await putSettingIfUnchanged(db, "scoring", parsed.data, user.id, loadedAt);
    forgetIngestContext();
    revalidatePath("/signals", "layout");
    const stamp = await settingStamp(db, "scoring");
    return {
      ok: true,
      data: { loadedAt: stamp.updatedAt },
      message: changes === 0 ? "Nothing changed." : `Saved ${changes} change${changes === 1 ? "" : "s"}. Scores computed from now on use them.`,
    };
  } catch (error) {
    if (error instanceof StaleSettingError) return { ok: false, error: error.message, fieldErrors: { form: "stale" } };
    return unexpected(error, "Saving the scoring settings");
  }
}
