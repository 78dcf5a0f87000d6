/**
 * What an imported row is matched on when it has no CRM id: an account's web domain or its name, a
 * contact's e-mail. Each is normalised here and only here, so the accounts import, the opportunity
 * import's "Account Name" and every other file that names an account agree on what is the same.
 */

/** "https://www.Acme.com/about" → "acme.com"; null when it is not a web domain. */
export function normaliseDomain(text: string): string | null {
  const host = text.trim().toLowerCase().replace(/^[a-z]+:\/\//, "").replace(/^www\./, "").split(/[/?#:]/)[0] ?? "";
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : null;
}

/** Legal-form words that say nothing about which company it is ("Acme, Inc." is Acme). */
const legalForms = new Set([
  "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "corp", "corporation", "co", "company", "plc",
  "gmbh", "ag", "kg", "ug", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "pty", "ab", "oy", "as", "aps",
]);

/** A name as typed, case and spacing aside: "ACME  Corp " and "Acme Corp" are written the same. */
export function accountNameAsWritten(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, " ");
}

/**
 * The key an account name is matched on: lower case, spaces collapsed, dots and commas dropped and
 * trailing legal forms stripped ("Acme, Inc.", "ACME Inc" and "Acme LLC" are all "acme"). A name
 * that is nothing but a legal form keeps it.
 */
export function normaliseAccountName(name: string): string {
  const words = name.toLowerCase().replace(/[.,]/g, "").trim().split(/\s+/).filter(Boolean);
  while (words.length > 1 && (legalForms.has(words[words.length - 1]!) || !/[\p{L}\p{N}]/u.test(words[words.length - 1]!))) words.pop();
  return words.join(" ");
}

export type NameMatch<T> = { kind: "none" } | { kind: "one"; account: T } | { kind: "many"; candidates: T[] };

/**
 * Which of `candidates` (the accounts whose name has the same key as `name`) the name means: the one
 * written the same way (case and spacing aside) when there is exactly one, else the only candidate;
 * two or more equally good candidates are ambiguous.
 */
export function matchAccountName<T extends { name: string }>(name: string, candidates: readonly T[]): NameMatch<T> {
  if (candidates.length === 0) return { kind: "none" };
  const written = accountNameAsWritten(name);
  const same = candidates.filter((c) => accountNameAsWritten(c.name) === written);
  const best = same.length > 0 ? same : candidates;
  return best.length === 1 ? { kind: "one", account: best[0]! } : { kind: "many", candidates: [...best] };
}

/** "Acme Inc" and "ACME LLC": the names of ambiguous candidates, for a row's error. */
export function candidateNames(candidates: readonly { name: string }[], shown = 3): string {
  const names = candidates.slice(0, shown).map((c) => `"${c.name}"`);
  const more = candidates.length - names.length;
  const listed = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names[0]!;
  return more > 0 ? `${listed} (and ${more} more)` : listed;
}

/** How an account or contact row found its record, for the preview's counts. */
export type MatchKey = "externalId" | "domain" | "name" | "email";

export const matchKeyLabels: Record<MatchKey, string> = { externalId: "CRM ID", domain: "domain", name: "name", email: "e-mail" };

/** What a dry run (or commit) of accounts or contacts matched on: counts per key and the first rows matched by a weaker key. */
export interface MatchSummary {
  counts: Partial<Record<MatchKey | "new", number>>;
  /** The first rows matched by domain, name or e-mail, each with the record it matched. */
  examples: { row: number; key: MatchKey; value: string; matched: string }[];
}

export const MAX_MATCH_EXAMPLES = 50;

/** "matched 12 by domain, 3 by name, 40 new" (only the keys that matched something). */
export function describeMatches(summary: MatchSummary | null | undefined): string | null {
  if (!summary) return null;
  const parts = (["externalId", "domain", "name", "email"] as const).flatMap((k) => (summary.counts[k] ? [`${summary.counts[k]!.toLocaleString("en-US")} by ${matchKeyLabels[k]}`] : []));
  const fresh = summary.counts.new ?? 0;
  if (parts.length === 0 && fresh === 0) return null;
  return [parts.length ? `matched ${parts.join(", ")}` : "", fresh ? `${fresh.toLocaleString("en-US")} new` : ""].filter(Boolean).join(", ");
}
