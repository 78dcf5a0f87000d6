/** What a marketer or admin may change on a signal type, validated with messages naming the field. */
import { z } from "zod";
import type { SignalTier } from "@/lib/domain/signal-types";

export const signalTiers = ["high", "medium", "low", "external"] as const satisfies readonly SignalTier[];

const whole = (what: string, min: number, max: number, unit = (_: number) => "") =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}${unit(min)}`)
    .max(max, `${what} must be at most ${max}${unit(max)}`);

export const signalTypeEdit = z.object({
  label: z.string().trim().min(1, "Enter the label").max(80, "The label has at most 80 characters"),
  tier: z.enum(signalTiers, { error: "The tier is High intent, Medium, Low or External" }),
  points: whole("Points", 0, 100),
  halfLifeDays: whole("The half-life", 1, 365, (n) => (n === 1 ? " day" : " days")),
  responsePlaybook: z.string().trim().min(1, "Enter the response playbook").max(300, "The response playbook has at most 300 characters"),
});
export type SignalTypeEdit = z.infer<typeof signalTypeEdit>;

/** Field names as the audit log and the messages call them. */
export const signalTypeFieldLabels: Record<keyof SignalTypeEdit, string> = {
  label: "label",
  tier: "tier",
  points: "points",
  halfLifeDays: "half-life",
  responsePlaybook: "response playbook",
};
