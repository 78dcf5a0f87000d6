/**
 * A short text a person writes into a record (a deal's next step, the reason it was lost in their
 * words): trimmed, blank as none; or what is wrong with it, in words that follow the field's name
 * ("has 1,204 characters; …").
 */
export function readFreeText(text: string, { max, noun }: { max: number; noun: string }): { ok: true; value: string | null } | { ok: false; problem: string } {
  const value = text.trim();
  if (value.includes("\u0000")) return { ok: false, problem: "holds a NUL character (byte 0), which cannot be stored" };
  if (value.length > max) return { ok: false, problem: `has ${value.length.toLocaleString("en-US")} characters; ${noun} has at most ${max.toLocaleString("en-US")}` };
  return { ok: true, value: value || null };
}
