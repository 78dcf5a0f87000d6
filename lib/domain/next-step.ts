import { readFreeText } from "@/lib/text/free-text";

/**
 * A deal's next step: what its owner does next, in their words (Salesforce's "Next Step", HubSpot's
 * "Next step"). Blank means none: an open deal without one needs action (the overview says so).
 */

/** Longer than any CRM's own field (Salesforce keeps 255), short enough to read at a glance. */
export const NEXT_STEP_MAX_LENGTH = 1_000;

/** The next step as stored: trimmed, blank as none; or what is wrong with it. */
export function readNextStep(text: string): { ok: true; value: string | null } | { ok: false; problem: string } {
  return readFreeText(text, { max: NEXT_STEP_MAX_LENGTH, noun: "a next step" });
}
