/**
 * Text PostgreSQL refuses to store: a NUL character anywhere in `text` or `jsonb` ("invalid byte
 * sequence", "unsupported Unicode escape sequence"), and half of a UTF-16 surrogate pair, which
 * JSON writes as a lone `\udXXX` escape that `json` and `jsonb` reject. Pure functions, no database.
 */

// With the u flag a well-formed pair is one code point, so the class matches only a lone half.
const REFUSED = /[\u0000\uD800-\uDFFF]/u;
const REFUSED_ALL = /[\u0000\uD800-\uDFFF]/gu;

/** What in `text` the database would refuse, in words for a person, or null when it stores as is. */
export function refusedCharacter(text: string): string | null {
  const m = REFUSED.exec(text);
  if (!m) return null;
  return m[0] === "\u0000" ? "a NUL character (byte 0)" : "half of a UTF-16 surrogate pair";
}

/**
 * `text` as the database can store it: a NUL shown as ␀ (U+2400), a lone surrogate as U+FFFD, and
 * cut to `maxChars` characters with an ellipsis.
 */
export function storableText(text: string, maxChars = Infinity): string {
  let out = text.length > maxChars ? `${text.slice(0, Math.max(0, maxChars - 1))}…` : text;
  // Cutting may split a pair: what is left of it is replaced like any other lone half.
  if (REFUSED.test(out)) out = out.replace(REFUSED_ALL, (c) => (c === "\u0000" ? "\u2400" : "\uFFFD"));
  return out;
}
