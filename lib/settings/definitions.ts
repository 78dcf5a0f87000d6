/**
 * Settings a RevOps admin can change, each validated with zod and with the default METRICS.md gives.
 * Stored as JSON in the settings table under its key; a missing row means the default.
 */
import { z } from "zod";
import { isTimeZone } from "@/lib/metrics/period";
import { defaultPrioritisation } from "@/lib/metrics/prioritisation";

const ratio = (what: string) =>
  z.number({ error: `${what} must be a number` }).gt(0, `${what} must be above 0 %`).lt(1, `${what} must be below 100 %`);
const positive = (what: string) => z.number({ error: `${what} must be a number` }).positive(`${what} must be above 0`);

export const organisationSettings = z.object({
  timeZone: z.string().refine(isTimeZone, "Unknown time zone; use an IANA name such as Europe/Berlin or America/New_York."),
  currency: z.string().regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as USD or EUR."),
});
export type OrganisationSettings = z.infer<typeof organisationSettings>;

export const velocitySettings = z.object({
  /** The improvement x of the lever analysis. */
  improvement: ratio("The improvement"),
  /** Upper bounds of the deal-size tiers but the last, ascending: [10000, 50000] → < 10k, 10–50k, ≥ 50k. */
  dealSizeTierBounds: z
    .array(positive("A tier bound"))
    .min(1, "Give at least one tier bound")
    .max(6, "Use at most seven tiers")
    .refine((b) => b.every((x, i) => i === 0 || x > b[i - 1]!), "Tier bounds must increase"),
  thresholds: z.object({
    winRateBelow: ratio("The win-rate threshold"),
    cycleDaysAbove: positive("The cycle threshold"),
    opportunitiesPerMonthBelow: positive("The opportunities threshold"),
  }),
  benchmarks: z.object({
    winRate: ratio("The win-rate benchmark"),
    opportunitiesPerMonth: positive("The opportunities benchmark"),
    cycleDays: positive("The cycle benchmark"),
  }),
});
export type VelocitySettings = z.infer<typeof velocitySettings>;

export const settingDefinitions = {
  organisation: { schema: organisationSettings, defaults: { timeZone: "UTC", currency: "USD" } satisfies OrganisationSettings },
  velocity: {
    schema: velocitySettings,
    defaults: { improvement: 0.15, dealSizeTierBounds: [10_000, 50_000], ...defaultPrioritisation } satisfies VelocitySettings,
  },
} as const;

export type SettingKey = keyof typeof settingDefinitions;
export type SettingValue<K extends SettingKey> = z.infer<(typeof settingDefinitions)[K]["schema"]>;

/** Company targets kept with the day they took effect (the targets table). */
export const targetMetrics = {
  velocity_per_day: { label: "Velocity target", unit: "money per day" },
  pipeline_created_per_month: { label: "Pipeline created target", unit: "money per month" },
} as const;
export type TargetMetric = keyof typeof targetMetrics;
