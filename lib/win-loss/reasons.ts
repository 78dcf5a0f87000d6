/**
 * Win reasons, loss reasons and competitors as editable taxonomies. A deal keeps the text its CRM
 * gave ("price too high", "Closed Lost - Pricing") and the label of the taxonomy that text maps to
 * ("Price"), or none: unmapped values wait in the review list until a phrase or a label takes them.
 * A text is mapped like a "How did you hear about us?" answer (lib/text/phrases.ts): the label it
 * is written as (case and spacing aside), else the first entry with one of its phrases in it.
 */
import { firstMatchingRule } from "@/lib/text/phrases";

export type ReasonKind = "loss" | "win" | "competitor";

export const reasonKinds: readonly ReasonKind[] = ["loss", "win", "competitor"];

export const reasonKindInfo: Record<ReasonKind, { label: string; singular: string; description: string }> = {
  loss: { label: "Loss reasons", singular: "loss reason", description: "Why a lost deal was lost (Salesforce's Loss Reason or Closed Lost Reason, HubSpot's Closed lost reason)." },
  win: { label: "Win reasons", singular: "win reason", description: "Why a won deal was won (HubSpot's Closed won reason, a Win Reason field)." },
  competitor: { label: "Competitors", singular: "competitor", description: "Who the deal was up against (Salesforce's Primary Competitor, a Competitor field)." },
};

export interface ReasonEntry {
  label: string;
  phrases: string[];
}

export type ReasonTaxonomies = Record<ReasonKind, ReasonEntry[]>;

/**
 * Reasons common in B2B SaaS deals. Each label is also what the demo company's CRM writes, so its
 * deals map to themselves; the competitors beyond the status quo and an in-house build are the
 * demo company's rivals, to be replaced with one's own.
 */
export const defaultReasonTaxonomies: ReasonTaxonomies = {
  loss: [
    { label: "Lost to competitor", phrases: ["competitor", "competition", "lost to", "went with", "chose another", "switched to"] },
    { label: "Price", phrases: ["price", "prices", "pricing", "priced", "expensive", "too costly", "cost", "cheaper", "discount"] },
    { label: "Budget freeze", phrases: ["budget freeze", "freeze", "frozen", "budget cut", "budget cuts", "cost cutting"] },
    { label: "No budget", phrases: ["budget", "no budget", "funding", "no money", "cannot afford", "can't afford"] },
    { label: "No decision / status quo", phrases: ["no decision", "status quo", "do nothing", "did nothing", "no change", "inertia", "stalled"] },
    { label: "Missing feature", phrases: ["feature", "features", "functionality", "missing", "capability", "capabilities", "roadmap", "product gap"] },
    { label: "Timing / priorities changed", phrases: ["timing", "priorities", "priority", "next year", "next quarter", "not now", "reorg", "merger", "acquired"] },
    { label: "Champion left", phrases: ["champion", "sponsor left", "left the company", "new leadership"] },
    { label: "Went dark after proposal", phrases: ["went dark", "dark", "ghosted", "no response", "unresponsive", "stopped responding", "no reply"] },
    { label: "Bad fit (too small)", phrases: ["bad fit", "poor fit", "not a fit", "fit", "too small", "disqualified", "unqualified"] },
  ],
  win: [
    { label: "Faster time to value", phrases: ["time to value", "speed to value", "faster", "speed", "quick", "quickly", "fast", "implementation"] },
    { label: "Pricing and packaging", phrases: ["price", "pricing", "value", "roi", "cost", "cheaper", "packaging"] },
    { label: "Salesforce integration", phrases: ["integration", "integrations", "salesforce", "hubspot", "api", "connector"] },
    { label: "Strong champion", phrases: ["champion", "sponsor", "executive sponsor"] },
    { label: "Relationship", phrases: ["relationship", "trust", "rapport", "account team"] },
    { label: "Peer reference", phrases: ["reference", "references", "referral", "peer", "case study", "customer story"] },
    { label: "Buying-group coverage", phrases: ["buying group", "buying-group", "multi-threaded", "multithreaded", "stakeholders", "coverage"] },
    { label: "Forecast accuracy in the pilot", phrases: ["pilot", "proof of concept", "poc", "trial", "forecast accuracy", "forecast"] },
    { label: "Product fit", phrases: ["product fit", "fit", "feature", "features", "functionality", "capabilities", "ease of use", "usability", "best product"] },
    { label: "Support", phrases: ["support", "customer success", "service", "onboarding"] },
  ],
  competitor: [
    { label: "Spreadsheets (status quo)", phrases: ["spreadsheet", "spreadsheets", "excel", "google sheets", "status quo", "manual"] },
    { label: "In-house build", phrases: ["in-house", "in house", "homegrown", "home-grown", "internal build", "built internally"] },
    { label: "Forecastly", phrases: ["forecastly"] },
    { label: "PipeIQ", phrases: ["pipeiq", "pipe iq"] },
    { label: "RevSight", phrases: ["revsight", "rev sight"] },
    { label: "FunnelForge", phrases: ["funnelforge", "funnel forge"] },
  ],
};

/** A deal's reason as pages and exports show it: its label, else the raw text marked as not mapped yet. */
export function reasonShown(label: string | null, raw: string | null): string | null {
  if (label) return label;
  return raw?.trim() ? `Unmapped: ${raw.trim()}` : null;
}

const written = (text: string) => text.trim().toLowerCase().replace(/\s+/g, " ");

/** The label `raw` maps to in `taxonomy`: the label written the same way, else the first entry with a phrase in it; null when none. */
export function mapReason(raw: string | null, taxonomy: readonly ReasonEntry[]): string | null {
  const text = raw?.trim();
  if (!text) return null;
  const key = written(text);
  const same = taxonomy.find((e) => written(e.label) === key);
  if (same) return same.label;
  return firstMatchingRule(text, taxonomy)?.rule.label ?? null;
}

/** What a taxonomy edit can refuse: two labels written the same way. */
export function duplicateLabel(taxonomy: readonly ReasonEntry[]): string | null {
  const seen = new Set<string>();
  for (const e of taxonomy) {
    const key = written(e.label);
    if (seen.has(key)) return e.label;
    seen.add(key);
  }
  return null;
}

/** A taxonomy with `phrase` added to the entry labelled `label` (a new entry when there is none). */
export function withPhrase(taxonomy: readonly ReasonEntry[], label: string, phrase: string): ReasonEntry[] {
  const key = written(label);
  const entry = taxonomy.find((e) => written(e.label) === key);
  if (!entry) return [...taxonomy, { label: label.trim(), phrases: phrase.trim() && written(phrase) !== key ? [phrase.trim()] : [] }];
  if (entry.phrases.some((p) => written(p) === written(phrase))) return [...taxonomy];
  return taxonomy.map((e) => (e === entry ? { ...e, phrases: [...e.phrases, phrase.trim()] } : e));
}
