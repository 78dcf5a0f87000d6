/**
 * A deal's next step: what its owner does next, in their words (Salesforce's "Next Step", HubSpot's
 * "Next step"). Blank means none: an open deal without one needs action (the overview says so).
 */

/** Longer than any CRM's own field (Salesforce keeps 255), short enough to read at a glance. */
export const NEXT_STEP_MAX_LENGTH = 1_000;

/**
 * The next step as stored: trimmed, blank as none; or what is wrong with it, in words that follow
 * the field's name ("has 1,204 characters; …").
 */
export function readNextStep(text: string): { ok: true; value: string | null } | { ok: false; problem: string } {
  const value = text.trim();
  if (value.includes("\u0000")) return { ok: false, problem: "holds a NUL character (byte 0), which cannot be stored" };
  if (value.length > NEXT_STEP_MAX_LENGTH) {
    return { ok: false, problem: `has ${value.length.toLocaleString("en-US")} characters; a next step has at most ${NEXT_STEP_MAX_LENGTH.toLocaleString("en-US")}` };
  }
  return { ok: true, value: value || null };
}
