/** The "propose a change" form, validated at the action edge; errors name the field. */
import { z } from "zod";
import { funnelStages, slaUnits, teams } from "@/lib/domain/funnel-definitions";
import { readNumberText } from "@/lib/text/number-input";

export const MAX_DEFINITION_LENGTH = 2000;
export const MAX_SLA_TEXT_LENGTH = 300;
export const MAX_CHANGE_NOTE_LENGTH = 500;
const MAX_SLA_VALUE = 99_999_999;

const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep ${what} under ${max.toLocaleString("en-US")} characters.`)
    .transform((s) => (s === "" ? null : s));

const slaValueField = z
  .string()
  .trim()
  .default("")
  .transform((text, ctx) => {
    if (text === "") return null;
    const n = readNumberText(text) ?? Number.NaN;
    if (!Number.isFinite(n)) ctx.addIssue({ code: "custom", message: "The SLA must be a number, such as 5." });
    else if (n < 0) ctx.addIssue({ code: "custom", message: "The SLA cannot be negative." });
    else if (n > MAX_SLA_VALUE) ctx.addIssue({ code: "custom", message: "The SLA is too large." });
    else return Math.round(n * 100) / 100;
    return z.NEVER;
  });

const slaUnitField = z
  .enum(["", ...slaUnits], { error: "Choose minutes, hours, business days or days." })
  .default("")
  .transform((unit) => (unit === "" ? null : unit));

export const proposalForm = z
  .object({
    stage: z.enum(funnelStages, { error: "Unknown definition; reload the page." }),
    expectedLatestVersion: z.coerce.number({ error: "Reload the page and try again." }).int().positive("Reload the page and try again."),
    definition: z
      .string({ error: "Enter the definition; it cannot be empty." })
      .trim()
      .min(1, "Enter the definition; it cannot be empty.")
      .max(MAX_DEFINITION_LENGTH, `Keep the definition under ${MAX_DEFINITION_LENGTH.toLocaleString("en-US")} characters.`),
    owner: z.enum(teams, { error: "Choose the owner: marketing or sales." }),
    slaValue: slaValueField,
    slaUnit: slaUnitField,
    slaText: optionalText(MAX_SLA_TEXT_LENGTH, "the SLA in words").default(""),
    changeNote: optionalText(MAX_CHANGE_NOTE_LENGTH, "the change note").default(""),
  })
  .superRefine((form, ctx) => {
    if (form.slaValue !== null && form.slaUnit === null) {
      ctx.addIssue({ code: "custom", path: ["slaUnit"], message: "Choose the SLA's unit, or clear the SLA number." });
    }
    if (form.slaValue === null && form.slaUnit !== null) {
      ctx.addIssue({ code: "custom", path: ["slaValue"], message: "Enter the SLA as a number, or set the unit to “No time limit”." });
    }
  });

export type ProposalInput = z.output<typeof proposalForm>;
