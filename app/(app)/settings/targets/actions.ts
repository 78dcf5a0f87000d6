"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/index";
import { putQuota, putSetting, putStageExpectedDays, putTarget, stageExpectedDays } from "@/db/queries/settings";
import { requirePermission } from "@/lib/auth";
import { invalid, type ActionResult } from "@/lib/action-result";
import { unexpected } from "@/lib/errors";
import { isIsoDay } from "@/lib/metrics/period";
import { organisationSettings, velocitySettings, targetMetrics } from "@/lib/settings/definitions";

const capital = (what: string) => `${what[0]!.toUpperCase()}${what.slice(1)}`;
const number = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}.`)
    .transform((s) => Number(s.replace(/,/g, "")))
    .refine(Number.isFinite, `${capital(what)} must be a number.`);
const percent = (what: string) => number(what).transform((n) => n / 100);
const moneyAmount = (what: string) =>
  number(what)
    .refine((n) => n >= 0, `${capital(what)} cannot be negative.`)
    .transform((n) => n.toFixed(2));

function done(message: string): ActionResult {
  revalidatePath("/settings/targets");
  revalidatePath("/velocity");
  revalidatePath("/funnel");
  return { ok: true, data: undefined, message };
}

export async function saveTargetsAction(_: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const admin = await requirePermission("settings:manage");
  const parsed = z
    .object({
      velocity_per_day: moneyAmount("the velocity target"),
      pipeline_created_per_month: moneyAmount("the pipeline-created target"),
      effectiveFrom: z.string().refine(isIsoDay, "Pick the day the targets take effect."),
    })
    .safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  try {
    for (const metric of Object.keys(targetMetrics) as (keyof typeof targetMetrics)[]) {
      await putTarget(getDb(), metric, parsed.data.effectiveFrom, parsed.data[metric], admin.id);
    }
    return done("Targets saved.");
  } catch (error) {
    return unexpected(error, "Saving targets");
  }
}

export async function saveBenchmarksAction(_: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const admin = await requirePermission("settings:manage");
  const form = z.object({
    improvement: percent("the improvement"),
    tierBounds: z
      .string()
      .trim()
      .min(1, "Enter the tier bounds, e.g. 10000, 50000.")
      .transform((s) => s.split(/[;\s]+|,\s+/).filter(Boolean).map((b) => Number(b.replace(/,/g, "")))),
    winRateBelow: percent("the win-rate threshold"),
    cycleDaysAbove: number("the cycle threshold"),
    opportunitiesPerMonthBelow: number("the opportunities threshold"),
    benchmarkWinRate: percent("the win-rate benchmark"),
    benchmarkOpportunities: number("the opportunities benchmark"),
    benchmarkCycle: number("the cycle benchmark"),
  });
  const raw = form.safeParse(Object.fromEntries(formData));
  if (!raw.success) return invalid(raw.error);
  const r = raw.data;
  const parsed = velocitySettings.safeParse({
    improvement: r.improvement,
    dealSizeTierBounds: r.tierBounds,
    thresholds: { winRateBelow: r.winRateBelow, cycleDaysAbove: r.cycleDaysAbove, opportunitiesPerMonthBelow: r.opportunitiesPerMonthBelow },
    benchmarks: { winRate: r.benchmarkWinRate, opportunitiesPerMonth: r.benchmarkOpportunities, cycleDays: r.benchmarkCycle },
  });
  if (!parsed.success) {
    const field: Record<string, string> = {
      improvement: "improvement",
      dealSizeTierBounds: "tierBounds",
      "thresholds.winRateBelow": "winRateBelow",
      "thresholds.cycleDaysAbove": "cycleDaysAbove",
      "thresholds.opportunitiesPerMonthBelow": "opportunitiesPerMonthBelow",
      "benchmarks.winRate": "benchmarkWinRate",
      "benchmarks.opportunitiesPerMonth": "benchmarkOpportunities",
      "benchmarks.cycleDays": "benchmarkCycle",
    };
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const path = issue.path.join(".");
      const key = field[path] ?? field[path.split(".").slice(0, 1).join(".")] ?? "form";
      fieldErrors[key] ??= issue.message;
    }
    return { ok: false, error: "Please correct the highlighted fields.", fieldErrors };
  }
  try {
    const changes = await putSetting(getDb(), "velocity", parsed.data, admin.id);
    return done(changes ? `Saved ${changes} change${changes === 1 ? "" : "s"}.` : "Nothing changed.");
  } catch (error) {
    return unexpected(error, "Saving benchmarks");
  }
}

export async function saveQuotasAction(_: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const admin = await requirePermission("settings:manage");
  const quarterStart = String(formData.get("quarterStart") ?? "");
  if (!isIsoDay(quarterStart)) return { ok: false, error: "Unknown quarter." };
  const entries = [...formData.entries()].filter(([k]) => k.startsWith("quota-"));
  const fieldErrors: Record<string, string> = {};
  const quotas: { userId: number; amount: string }[] = [];
  for (const [key, value] of entries) {
    const text = String(value).trim().replace(/,/g, "");
    if (text === "") continue;
    const amount = Number(text);
    if (!Number.isFinite(amount) || amount < 0) fieldErrors[key] = `"${value}" is not an amount; enter a number such as 120000.`;
    else quotas.push({ userId: Number(key.slice("quota-".length)), amount: amount.toFixed(2) });
  }
  if (Object.keys(fieldErrors).length) return { ok: false, error: "Please correct the highlighted quotas.", fieldErrors };
  try {
    for (const q of quotas) await putQuota(getDb(), q.userId, quarterStart, q.amount, admin.id);
    return done("Quotas saved.");
  } catch (error) {
    return unexpected(error, "Saving quotas");
  }
}

export async function saveOrganisationAction(_: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const admin = await requirePermission("settings:manage");
  const parsed = organisationSettings.safeParse({
    timeZone: String(formData.get("timeZone") ?? "").trim(),
    currency: String(formData.get("currency") ?? "").trim().toUpperCase(),
  });
  if (!parsed.success) return invalid(parsed.error);
  try {
    const changes = await putSetting(getDb(), "organisation", parsed.data, admin.id);
    return done(changes ? "Organisation settings saved." : "Nothing changed.");
  } catch (error) {
    return unexpected(error, "Saving organisation settings");
  }
}

const MAX_EXPECTED_DAYS = 365;

export async function saveStageExpectedDaysAction(_: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const admin = await requirePermission("settings:manage");
  const db = getDb();
  const stages = await stageExpectedDays(db);
  const fieldErrors: Record<string, string> = {};
  const values: { stageId: number; days: number | null }[] = [];
  for (const stage of stages) {
    const key = `expected-${stage.stageId}`;
    if (!formData.has(key)) continue;
    const text = String(formData.get(key)).trim();
    const days = text === "" ? null : Number(text);
    if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= MAX_EXPECTED_DAYS)) {
      fieldErrors[key] = `${stage.name}: "${text}" is not a number of days; enter a whole number from 1 to ${MAX_EXPECTED_DAYS}, or leave it empty for no due date.`;
    } else values.push({ stageId: stage.stageId, days });
  }
  if (Object.keys(fieldErrors).length) return { ok: false, error: "Please correct the highlighted stages.", fieldErrors };
  try {
    let changes = 0;
    for (const v of values) if (await putStageExpectedDays(db, v.stageId, v.days, admin.id)) changes++;
    return done(changes ? `Saved ${changes} change${changes === 1 ? "" : "s"}.` : "Nothing changed.");
  } catch (error) {
    return unexpected(error, "Saving the stages' expected days");
  }
}
