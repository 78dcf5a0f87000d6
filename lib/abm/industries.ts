/**
 * The rules that turn an industry as a CRM export writes it ("technolgy", "COMPUTER_SOFTWARE",
 * "Hospital & Health Care") into one industry of the organisation's list (METRICS.md §5,
 * "Industries"). Each rule is an industry and phrases; a value takes the industry of the first rule
 * whose name or one of whose phrases it contains as whole words, in any case. Failing that, the
 * first rule it contains with typos in its long words (edit distance 1 for words of 7–9 letters, 2
 * from 10 letters; shorter words must be exact, so "wealth" never reads as "health"). A value no rule matches keeps its own text,
 * tidied, and is listed for review. Pure functions.
 */

export interface IndustryRule {
  industry: string;
  phrases: string[];
}

/** Salesforce's industry picklist and HubSpot's industries, folded into one list. */
export const defaultIndustryRules: IndustryRule[] = [
  { industry: "Software", phrases: ["computer software", "saas", "software as a service", "enterprise software", "cloud software"] },
  {
    industry: "Technology",
    phrases: ["information technology", "information technology and services", "it services", "internet", "computer hardware", "computer networking", "electronics", "cybersecurity", "cyber security", "computer and network security", "semiconductors"],
  },
  { industry: "Financial Services", phrases: ["finance", "fintech", "banking", "investment management", "investment banking", "capital markets", "venture capital", "private equity", "accounting"] },
  { industry: "Insurance", phrases: ["insurtech"] },
  { industry: "Healthcare", phrases: ["health care", "hospital", "medical", "medical devices", "health", "wellness", "healthtech"] },
  { industry: "Life Sciences", phrases: ["biotechnology", "biotech", "pharmaceuticals", "pharma"] },
  { industry: "Manufacturing", phrases: ["industrial", "machinery", "industrial automation", "chemicals", "automotive", "mechanical or industrial engineering", "electrical electronic manufacturing"] },
  { industry: "Retail", phrases: ["e-commerce", "ecommerce", "online retail", "consumer goods", "apparel", "apparel and fashion", "consumer electronics"] },
  { industry: "Education", phrases: ["e-learning", "elearning", "higher education", "education management", "edtech", "primary secondary education"] },
  { industry: "Marketing & Advertising", phrases: ["marketing and advertising", "advertising", "marketing"] },
  { industry: "Media", phrases: ["entertainment", "publishing", "broadcast media", "online media", "newspapers"] },
  { industry: "Telecommunications", phrases: ["telecom", "telco", "wireless", "communications"] },
  { industry: "Consulting", phrases: ["management consulting", "professional services", "advisory", "business consulting"] },
  { industry: "Legal", phrases: ["legal services", "law practice", "law firm"] },
  { industry: "Transportation & Logistics", phrases: ["transportation", "logistics", "logistics and supply chain", "shipping", "freight", "trucking", "airlines", "aviation"] },
  { industry: "Hospitality", phrases: ["hotels", "hotel", "restaurants", "leisure travel and tourism", "travel", "food and beverages", "food and beverage"] },
  { industry: "Energy & Utilities", phrases: ["energy", "utilities", "oil and energy", "oil and gas", "renewables", "environmental services"] },
  { industry: "Real Estate", phrases: ["commercial real estate", "property management"] },
  { industry: "Construction", phrases: ["building materials", "civil engineering"] },
  { industry: "Government", phrases: ["government administration", "public sector", "public administration"] },
  { industry: "Non-profit", phrases: ["nonprofit", "not for profit", "non-profit organization management", "philanthropy"] },
  { industry: "Agriculture", phrases: ["farming"] },
];

/** Words of a text: lower case, "&" read as "and", split on anything that is not a letter or digit. */
export function industryWords(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The typos a word of a rule may carry and still match: none under 7 letters, 1 up to 9, 2 from 10. */
export function typosAllowed(word: string): number {
  return word.length >= 10 ? 2 : word.length >= 7 ? 1 : 0;
}

/** Edit distance with adjacent transpositions ("tehcnology" is one typo), stopping once above `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    rows.push(row);
    if (best > limit) return limit + 1;
  }
  return rows[a.length]![b.length]!;
}

/** Whether the phrase's words appear one after another in the value's words (exactly, or each within its typos). */
function containsPhrase(value: readonly string[], phrase: readonly string[], tolerant: boolean): boolean {
  if (phrase.length === 0 || phrase.length > value.length) return false;
  const same = (v: string, p: string) => v === p || (tolerant && typosAllowed(p) > 0 && editDistance(v, p, typosAllowed(p)) <= typosAllowed(p));
  for (let start = 0; start + phrase.length <= value.length; start++) {
    if (phrase.every((p, k) => same(value[start + k]!, p))) return true;
  }
  return false;
}

/** A value no rule matches, tidied: spaces collapsed, "_" as a space, ALL CAPS or all lower case in Title Case. */
export function tidyIndustry(raw: string): string {
  const text = raw.replace(/_/g, " ").trim().replace(/\s+/g, " ");
  if (text !== text.toUpperCase() && text !== text.toLowerCase()) return text;
  return text.toLowerCase().replace(/(^|[\s\-/&(])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

export interface IndustryMapping {
  /** The industry the account is filed under; null for an empty value. */
  industry: string | null;
  /** The index of the rule that matched, or null when none did (the value keeps its own text). */
  rule: number | null;
  /** What matched: the rule's name or phrase; "typo" when only the tolerant pass found it. */
  phrase: string | null;
  match: "exact" | "typo" | null;
}

const cache = new Map<string, string[]>();
function wordsOf(phrase: string): string[] {
  let words = cache.get(phrase);
  if (words === undefined) {
    if (cache.size > 10_000) cache.clear();
    words = industryWords(phrase);
    cache.set(phrase, words);
  }
  return words;
}

/** The industry of a raw value under the rules: exact matches first (first rule wins), then with typos. */
export function normaliseIndustry(raw: string | null, rules: readonly IndustryRule[]): IndustryMapping {
  const text = raw?.trim() ?? "";
  if (!text) return { industry: null, rule: null, phrase: null, match: null };
  const value = industryWords(text);
  for (const tolerant of [false, true]) {
    for (const [index, rule] of rules.entries()) {
      const phrase = [rule.industry, ...rule.phrases].find((p) => containsPhrase(value, wordsOf(p), tolerant));
      if (phrase !== undefined) return { industry: rule.industry, rule: index, phrase, match: tolerant ? "typo" : "exact" };
    }
  }
  return { industry: tidyIndustry(text), rule: null, phrase: null, match: null };
}

export interface IndustryRuleProblem {
  rule: number;
  message: string;
}

/**
 * What is wrong with a set of rules: two rules for one industry (the second never wins), or a rule
 * whose industry name has no letters. Judged on the raw values kept so far, a rule that maps none
 * of them is only a note: a new rule often waits for the next import.
 */
export function checkIndustryRules(rules: readonly IndustryRule[]): IndustryRuleProblem[] {
  const problems: IndustryRuleProblem[] = [];
  const first = new Map<string, number>();
  rules.forEach((rule, index) => {
    const key = rule.industry.trim().toLowerCase();
    const earlier = first.get(key);
    if (earlier !== undefined) problems.push({ rule: index, message: `Rule ${index + 1} repeats the industry ${rule.industry} of rule ${earlier + 1}; put its phrases in rule ${earlier + 1}.` });
    else first.set(key, index);
    if (industryWords(rule.industry).length === 0) problems.push({ rule: index, message: `Rule ${index + 1}: "${rule.industry}" is not an industry name.` });
  });
  return problems;
}
