/**
 * Matching free text against rules of phrases: a phrase matches as whole words in any case ("ad"
 * matches "an ad on X", not "read"), and a text takes the first rule with a phrase in it. The answer
 * rules (lib/attribution/answer-rules.ts) and the win/loss reason taxonomies (lib/win-loss/reasons.ts)
 * both map text this way.
 */

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const compiled = new Map<string, RegExp>();

/**
 * A phrase as a whole-word, any-case pattern, compiled once: re-mapping every past answer or deal
 * tests the same few hundred phrases hundreds of thousands of times.
 */
function phrasePattern(phrase: string): RegExp {
  let pattern = compiled.get(phrase);
  if (pattern === undefined) {
    if (compiled.size > 10_000) compiled.clear();
    pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escape(phrase.trim().toLowerCase())}($|[^\\p{L}\\p{N}])`, "u");
    compiled.set(phrase, pattern);
  }
  return pattern;
}

/** Whether `phrase` is in `text` as whole words, in any case (a blank phrase is in nothing). */
export function containsPhrase(text: string, phrase: string): boolean {
  return phrase.trim() !== "" && phrasePattern(phrase).test(text.toLowerCase());
}

/** The first rule with a phrase in `text`, and that phrase; null when none has. */
export function firstMatchingRule<R extends { phrases: readonly string[] }>(text: string, rules: readonly R[]): { index: number; rule: R; phrase: string } | null {
  const lower = text.toLowerCase();
  for (const [index, rule] of rules.entries()) {
    const phrase = rule.phrases.find((p) => p.trim() && phrasePattern(p).test(lower));
    if (phrase !== undefined) return { index, rule, phrase };
  }
  return null;
}
