/**
 * A number as it is typed in one field: shown with its thousands grouped (1,400,000) while it is
 * typed and at rest, and read back with the separators stripped. Only commas in groups of three are
 * separators, so "1,4,0" is refused rather than read as 140.
 */
import { z } from "zod";

const typed = /^-?(\d{1,3}(,\d{3})+|\d+)?(\.\d*)?$/;
const regroupable = /^(-?)(\d*)(\.\d*)?$/;

/** The number typed, or null when the text is empty or not a number. */
export function readNumberText(text: string): number | null {
  const trimmed = text.trim();
  if (!typed.test(trimmed) || !/\d/.test(trimmed)) return null;
  const n = Number(trimmed.replace(/,/g, ""));
  return Number.isFinite(n) ? n : null;
}

/**
 * The text with its whole part grouped ("1400000.5" → "1,400,000.5"), as typed otherwise: a
 * trailing "." or "0" stays while the decimals are being typed. Text that is not a number is left as
 * it is, for the field's check to name.
 */
export function groupNumberText(text: string): string {
  const match = regroupable.exec(text.trim().replace(/,/g, ""));
  if (!match || !/\d/.test(text)) return text;
  const [, sign, whole, fraction = ""] = match;
  return `${sign}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${fraction}`;
}

/**
 * Where the caret goes once `before` was regrouped into `after`: after as many digits (and signs and
 * points) as were to its left, so typing in the middle of "1,400,000" does not jump to the end.
 */
export function regroupedCaret(before: string, caret: number, after: string): number {
  const kept = before.slice(0, caret).replace(/,/g, "").length;
  if (kept === 0) return 0;
  let seen = 0;
  for (let i = 0; i < after.length; i++) {
    if (after[i] !== ",") seen++;
    if (seen === kept) return i + 1;
  }
  return after.length;
}

const capital = (what: string) => `${what[0]!.toUpperCase()}${what.slice(1)}`;
const notANumber = (what: string, text: string) => `${capital(what)}: "${text}" is not a number; enter one such as 1,400,000.`;

/** A required number field of a form, validated at the edge; messages name the field ("the velocity target"). */
export const numberText = (what: string) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .transform((text, ctx) => {
      const n = readNumberText(text);
      if (n !== null) return n;
      ctx.addIssue({ code: "custom", message: notANumber(what, text) });
      return z.NEVER;
    });

/** An optional number field: empty reads as null. */
export const optionalNumberText = (what: string) =>
  z
    .string()
    .trim()
    .default("")
    .transform((text, ctx) => {
      if (text === "") return null;
      const n = readNumberText(text);
      if (n !== null) return n;
      ctx.addIssue({ code: "custom", message: notANumber(what, text) });
      return z.NEVER;
    });

/** The message for a number field that is not a number, for the checks that do not go through zod. */
export const numberTextError = notANumber;
