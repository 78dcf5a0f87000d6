/**
 * Why a deal closed, as its owner records it on the deal page once it is won or lost (the shared
 * Closed Lost definition: "Reason code required"): a reason picked from the taxonomy, the owner's
 * own words, or both; and the competitor it was up against, likewise. Stored the way an import
 * stores a CRM's reason (lib/win-loss/reasons.ts): the words as written (`raw`, the picked label
 * when there are none) and the label they are filed under (the picked one, else the one the words
 * map to; none when they map to nothing, so the taxonomy's review list shows them).
 */
import { readFreeText } from "@/lib/text/free-text";
import { mapReason, reasonKindInfo, type ReasonEntry, type ReasonKind, type ReasonTaxonomies } from "./reasons";

/** Longer than a CRM's reason fields, short enough to read in a table. */
export const REASON_NOTE_MAX_LENGTH = 500;

export interface CloseReasonsInput {
  /** A label of the taxonomy, or null: none picked. */
  reason: string | null;
  /** The reason in the owner's words; blank: none. */
  reasonNote: string;
  competitor: string | null;
  competitorNote: string;
}

export interface FiledReason {
  label: string | null;
  raw: string | null;
}

export interface CloseReasons {
  /** The loss reason of a lost deal, the win reason of a won one. */
  kind: "win" | "loss";
  reason: FiledReason;
  competitor: FiledReason;
}

export type CloseReasonsField = keyof CloseReasonsInput;

function filed(
  kind: ReasonKind,
  taxonomy: readonly ReasonEntry[],
  picked: string | null,
  note: string,
  fields: { label: CloseReasonsField; note: CloseReasonsField },
): { ok: true; value: FiledReason } | { ok: false; field: CloseReasonsField; problem: string } {
  const { singular } = reasonKindInfo[kind];
  const label = picked?.trim() || null;
  if (label !== null && !taxonomy.some((e) => e.label === label)) {
    return { ok: false, field: fields.label, problem: `“${label}” is not a ${singular} in the list (it may have been renamed): pick one from the list, or write it in your own words.` };
  }
  const words = readFreeText(note, { max: REASON_NOTE_MAX_LENGTH, noun: "the field" });
  if (!words.ok) return { ok: false, field: fields.note, problem: `The ${singular} in your words ${words.problem}.` };
  return { ok: true, value: { label: label ?? mapReason(words.value, taxonomy), raw: words.value ?? label } };
}

/**
 * The reasons to store for a deal closed as `status`, or the field that is wrong and why. A lost
 * deal needs a reason (that is what the Closed Lost SLA checks); a won deal may have none, and
 * either may have no competitor.
 */
export function readCloseReasons(
  input: CloseReasonsInput,
  status: "open" | "won" | "lost",
  taxonomies: ReasonTaxonomies,
): { ok: true; value: CloseReasons } | { ok: false; field: CloseReasonsField; problem: string } {
  if (status === "open") return { ok: false, field: "reason", problem: "The deal is still open: its reasons are recorded once it is won or lost." };
  const kind = status === "lost" ? "loss" : "win";
  const reason = filed(kind, taxonomies[kind], input.reason, input.reasonNote, { label: "reason", note: "reasonNote" });
  if (!reason.ok) return reason;
  if (kind === "loss" && reason.value.raw === null) return { ok: false, field: "reason", problem: "A lost deal needs its loss reason: pick one from the list, or write it in your own words." };
  const competitor = filed("competitor", taxonomies.competitor, input.competitor, input.competitorNote, { label: "competitor", note: "competitorNote" });
  if (!competitor.ok) return competitor;
  return { ok: true, value: { kind, reason: reason.value, competitor: competitor.value } };
}
