import { readFreeText } from "@/lib/text/free-text";

/**
 * What a deal is about, beyond its account: the use case it is bought for and the main objection
 * the buyer raised (a custom field in most CRMs: "Use Case", "Primary Objection"). Proof matching
 * (lib/win-loss/proof-matching.ts) compares them with each customer story's.
 */

/** As long as a story's own use case and objection (lib/win-loss/proof-stories.ts). */
export const DEAL_PROFILE_MAX_LENGTH = 200;

export const dealProfileFields = { useCase: "a use case", objection: "an objection" } as const;
export type DealProfileField = keyof typeof dealProfileFields;

/** The text as stored: trimmed, blank as none; or what is wrong with it. */
export function readDealProfileText(field: DealProfileField, text: string): { ok: true; value: string | null } | { ok: false; problem: string } {
  return readFreeText(text, { max: DEAL_PROFILE_MAX_LENGTH, noun: dealProfileFields[field] });
}
