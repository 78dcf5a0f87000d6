"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { putQuota, putSetting, putStageExpectedDays, putTarget, stageExpectedDays } from "@/db/queries/settings";
import { applySchedules } from "@/lib/cadence/jobs";
import { isIsoDay } from "@/lib/metrics/period";
import { funnelSettings, organisationSettings, velocitySettings, targetMetrics } from "@/lib/settings/definitions";
import { numberText, numberTextError, optionalNumberText, readNumberText } from "@/lib/text/number-input";
import { done, guardedFormAction } from "@/app/_guard/guarded-action";

const capital = (what: string) => `${what[0]!.toUpperCase()}${what.slice(1)}`;
const number = numberText;
const percent = (what: string) => number(what).transform((n) => n / 100);
const moneyAmount = (what: string) =>
  number(what)
    .refine((n) => n >= 0, `${capital(what)} cannot be negative.`)
    .transform((n) => n.toFixed(2));

/** Admins; the dashboards measure against what these save. */
const manageSettings = { permission: "settings:manage", revalidate: ["/settings/targets", "/velocity", "/funnel"] } as const;

const changesSaved = (changes: number) => (changes ? `Saved ${changes} change${changes === 1 ? "" : "s"}.` : "Nothing changed.");

const targetsForm = z.object({
  velocity_per_day: moneyAmount("the velocity target"),
  pipeline_created_per_month: moneyAmount("the pipeline-created target"),
  effectiveFrom: z.string().refine(isIsoDay, "Pick the day the targets take effect."),
});

export const saveTargetsAction = guardedFormAction({ ...manageSettings, input: targetsForm, context: "Saving targets" }, async (input, admin) => {
  for (const metric of Object.keys(targetMetrics) as (keyof typeof targetMetrics)[]) {
    await putTarget(getDb(), metric, input.effectiveFrom, input[metric], admin.id);
  }
  return done(undefined, "Targets saved.");
});

const benchmarksForm = z.object({
  improvement: percent("the improvement"),
  tierBounds: z
    .string()
    .trim()
    .min(1, "Enter the tier bounds, e.g. 10000, 50000.")
    .transform((s, ctx) => {
      const bounds = s.split(/[;\s]+|,\s+/).filter(Boolean);
      const wrong = bounds.find((b) => readNumberText(b) === null);
      if (wrong === undefined) return bounds.map((b) => readNumberText(b)!);
      ctx.addIssue({ code: "custom", message: numberTextError("a tier bound", wrong) });
      return z.NEVER;
    }),
  winRateBelow: percent("the win-rate threshold"),
  cycleDaysAbove: number("the cycle threshold"),
  opportunitiesPerMonthBelow: number("the opportunities threshold"),
  benchmarkWinRate: percent("the win-rate benchmark"),
  benchmarkOpportunities: number("the opportunities benchmark"),
  benchmarkCycle: number("the cycle benchmark"),
  /** Blank: the deal-size gap is measured to the comparison period's average deal size. */
  benchmarkDealSize: optionalNumberText("the deal-size benchmark"),
});

/** The form's field for each setting, so the setting's own rules mark the field the admin typed in. */
const benchmarkField: Record<string, string> = {
  improvement: "improvement",
  dealSizeTierBounds: "tierBounds",
  "thresholds.winRateBelow": "winRateBelow",
  "thresholds.cycleDaysAbove": "cycleDaysAbove",
  "thresholds.opportunitiesPerMonthBelow": "opportunitiesPerMonthBelow",
  "benchmarks.winRate": "benchmarkWinRate",
  "benchmarks.opportunitiesPerMonth": "benchmarkOpportunities",
  "benchmarks.cycleDays": "benchmarkCycle",
  "benchmarks.averageDealSize": "benchmarkDealSize",
};

export const saveBenchmarksAction = guardedFormAction({ ...manageSettings, input: benchmarksForm, context: "Saving benchmarks" }, async (r, admin) => {
  const parsed = velocitySettings.safeParse({
    improvement: r.improvement,
    dealSizeTierBounds: r.tierBounds,
    thresholds: { winRateBelow: r.winRateBelow, cycleDaysAbove: r.cycleDaysAbove, opportunitiesPerMonthBelow: r.opportunitiesPerMonthBelow },
    benchmarks: { winRate: r.benchmarkWinRate, opportunitiesPerMonth: r.benchmarkOpportunities, cycleDays: r.benchmarkCycle, averageDealSize: r.benchmarkDealSize },
  });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const path = issue.path.join(".");
      const key = benchmarkField[path] ?? benchmarkField[path.split(".").slice(0, 1).join(".")] ?? "form";
      fieldErrors[key] ??= issue.message;
    }
    return { ok: false, error: "Please correct the highlighted fields.", fieldErrors };
  }
  return done(undefined, changesSaved(await putSetting(getDb(), "velocity", parsed.data, admin.id)));
});

/** Quotas arrive as quota-<userId> fields; a blank one is left as it is. */
const quotasForm = z.object({
  quarterStart: z.string({ error: "Unknown quarter." }).refine(isIsoDay, "Unknown quarter."),
  quotas: z.array(z.tuple([z.string(), z.string()])),
});

export const saveQuotasAction = guardedFormAction(
  {
    ...manageSettings,
    input: quotasForm,
    context: "Saving quotas",
    fromForm: (form) => ({
      quarterStart: form.get("quarterStart") ?? undefined,
      quotas: [...form.entries()].filter(([key]) => key.startsWith("quota-")).map(([key, value]) => [key, String(value)]),
    }),
  },
  async (input, admin) => {
    const fieldErrors: Record<string, string> = {};
    const quotas: { userId: number; amount: string }[] = [];
    for (const [key, value] of input.quotas) {
      const text = value.trim();
      if (text === "") continue;
      const amount = readNumberText(text);
      const userId = Number(key.slice("quota-".length));
      if (!Number.isInteger(userId) || userId <= 0) fieldErrors[key] = "Unknown rep; reload the page.";
      else if (amount === null) fieldErrors[key] = numberTextError("the quota", text);
      else if (amount < 0) fieldErrors[key] = "The quota cannot be negative.";
      else quotas.push({ userId, amount: amount.toFixed(2) });
    }
    if (Object.keys(fieldErrors).length) return { ok: false, error: "Please correct the highlighted quotas.", fieldErrors };
    for (const q of quotas) await putQuota(getDb(), q.userId, input.quarterStart, q.amount, admin.id);
    return done(undefined, "Quotas saved.");
  },
);

export const saveOrganisationAction = guardedFormAction(
  {
    ...manageSettings,
    input: organisationSettings,
    context: "Saving organisation settings",
    fromForm: (form) => ({
      timeZone: String(form.get("timeZone") ?? "").trim(),
      currency: String(form.get("currency") ?? "").trim().toUpperCase(),
    }),
  },
  async (input, admin) => {
    const db = getDb();
    const changes = await putSetting(db, "organisation", input, admin.id);
    // The refresh cadence runs at its times in the organisation's zone: move its schedules with it.
    if (changes) await applySchedules(db);
    return done(undefined, changes ? "Organisation settings saved." : "Nothing changed.");
  },
);

const MAX_EXPECTED_DAYS = 365;

export const saveStageExpectedDaysAction = guardedFormAction(
  { ...manageSettings, input: z.record(z.string(), z.string()), context: "Saving the stages' expected days" },
  async (form, admin) => {
    const db = getDb();
    const stages = await stageExpectedDays(db);
    const fieldErrors: Record<string, string> = {};
    const values: { stageId: number; days: number | null }[] = [];
    for (const stage of stages) {
      const key = `expected-${stage.stageId}`;
      const text = form[key]?.trim();
      if (text === undefined) continue;
      const days = text === "" ? null : (readNumberText(text) ?? Number.NaN);
      if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= MAX_EXPECTED_DAYS)) {
        fieldErrors[key] = `${stage.name}: "${text}" is not a number of days; enter a whole number from 1 to ${MAX_EXPECTED_DAYS}, or leave it empty for no due date.`;
      } else values.push({ stageId: stage.stageId, days });
    }
    if (Object.keys(fieldErrors).length) return { ok: false, error: "Please correct the highlighted stages.", fieldErrors };
    let changes = 0;
    for (const v of values) if (await putStageExpectedDays(db, v.stageId, v.days, admin.id)) changes++;
    return done(undefined, changesSaved(changes));
  },
);

const funnelForm = z.object({
  lead: number("the expected days in Lead"),
  mql: number("the expected days in MQL"),
  sql: number("the expected days in SQL"),
  opportunity: number("the expected days in Opportunity"),
  breachArchiveDays: number("the archive cut-off"),
});

/** Expected days per lead stage (bottleneck, stuck leads) and when a breach is archived. */
export const saveFunnelSettingsAction = guardedFormAction({ ...manageSettings, input: funnelForm, context: "Saving the funnel settings" }, async (r, admin) => {
  const parsed = funnelSettings.safeParse({ expectedDays: { lead: r.lead, mql: r.mql, sql: r.sql, opportunity: r.opportunity }, breachArchiveDays: r.breachArchiveDays });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[issue.path.length - 1] ?? "form")] ??= `${issue.message}.`;
    return { ok: false, error: "Please correct the highlighted fields.", fieldErrors };
  }
  return done(undefined, changesSaved(await putSetting(getDb(), "funnel", parsed.data, admin.id)));
});
