"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { firmographicGroups, industryValues } from "@/db/queries/icp-fit";
import { getSetting, putSettingIfUnchanged, settingStamp } from "@/db/queries/settings";
import { previewFit, previewIndustries, type FitPreview, type IndustryValuePreview } from "@/lib/abm/account-fit";
import { queueFitRecompute } from "@/lib/abm/fit-job";
import { checkIndustryRules, type IndustryRuleProblem } from "@/lib/abm/industries";
import type { ActionResult } from "@/lib/action-result";
import { StaleSettingError } from "@/lib/errors";
import { icpModelSettings, industryRulesSettings, type SettingKey, type SettingValue } from "@/lib/settings/definitions";
import { done, guardedAction } from "@/app/_guard/guarded-action";

/** What a candidate model would do to the accounts' fit bands, with the saved industry rules; writes nothing. */
export const previewModelAction = guardedAction(
  { permission: "abm:manage", input: icpModelSettings, context: "Previewing the ICP model" },
  async (model): Promise<ActionResult<FitPreview>> => {
    const db = getDb();
    const [groups, { rules }] = await Promise.all([firmographicGroups(db), getSetting(db, "industryRules")]);
    return done(previewFit(groups, model, rules));
  },
);

export interface IndustryRulesPreview {
  values: IndustryValuePreview[];
  problems: IndustryRuleProblem[];
  fit: FitPreview;
}

/** What candidate industry rules would file each industry value under, and the fit bands after; writes nothing. */
export const previewIndustryRulesAction = guardedAction(
  { permission: "abm:manage", input: industryRulesSettings.shape.rules, context: "Previewing the industry rules" },
  async (rules): Promise<ActionResult<IndustryRulesPreview>> => {
    const db = getDb();
    const [values, groups, model] = await Promise.all([industryValues(db), firmographicGroups(db), getSetting(db, "icpModel")]);
    return done({ values: previewIndustries(values, rules), problems: checkIndustryRules(rules), fit: previewFit(groups, model, rules) });
  },
);

/**
 * Saves a setting unless someone saved it after the editor loaded it, then queues the recompute of
 * every account's fit. The editor offers to reload when it sees "stale".
 */
async function saveAndRecompute<K extends SettingKey>(key: K, value: SettingValue<K>, loadedAt: number | null, actorId: number, what: string) {
  const db = getDb();
  let changes: number;
  try {
    changes = await putSettingIfUnchanged(db, key, value, actorId, loadedAt);
  } catch (error) {
    if (error instanceof StaleSettingError) return { ok: false as const, error: error.message, fieldErrors: { form: "stale" } };
    throw error;
  }
  const stamp = await settingStamp(db, key);
  if (changes === 0) return done({ loadedAt: stamp.updatedAt }, "Nothing changed.");
  try {
    await queueFitRecompute(`${what} saved`);
  } catch (error) {
    console.error(`The ICP fit recompute could not be queued after saving ${what}:`, error);
    return done({ loadedAt: stamp.updatedAt }, `Saved ${what}, but the fit could not be recomputed now; save again to retry.`);
  }
  return done({ loadedAt: stamp.updatedAt }, `Saved ${changes} change${changes === 1 ? "" : "s"}. Every account's fit is being recomputed; tier suggestions follow.`);
}

const stamp = z.number().nullable().catch(null);

export const saveModelAction = guardedAction(
  {
    permission: "abm:manage",
    input: z.object({ model: icpModelSettings, loadedAt: stamp }),
    highlightsFields: true,
    context: "Saving the ICP model",
    revalidate: [{ layout: "/accounts" }, "/settings/icp"],
  },
  async ({ model, loadedAt }, user) => saveAndRecompute("icpModel", model, loadedAt, user.id, "the ICP model"),
);

export const saveIndustryRulesAction = guardedAction(
  {
    permission: "abm:manage",
    input: z.object({ rules: industryRulesSettings.shape.rules, loadedAt: stamp }),
    context: "Saving the industry rules",
    revalidate: [{ layout: "/accounts" }, "/settings/icp"],
  },
  async ({ rules, loadedAt }, user) => saveAndRecompute("industryRules", { rules }, loadedAt, user.id, "the industry rules"),
);
