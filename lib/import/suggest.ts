/**
 * Suggestions for the choices an admin makes about a file (stages, owners, date format), from what
 * its upload found. Pure: the import page runs them in the browser as the mapping changes.
 */
import { containsPhrase } from "@/lib/text/phrases";
import { suggestStageMapping } from "./opportunities";
import type { ImportAnalysis, ImportOptions } from "./options";
import type { FileProfile } from "./profile";
import type { DateFormat } from "./values";

const dateFormats: DateFormat[] = ["iso", "mdy", "dmy", "dmy_dots"];

/** The distinct values of the column mapped to `field` (empty when none is, or it has too many). */
function distinctOf(analysis: ImportAnalysis, mapping: Record<string, string>, field: string): string[] {
  const column = analysis.columns.find((c) => mapping[c.name] === field);
  return column?.distinct ?? [];
}

/** The stage names to map: the stage column's values and the stages of HubSpot's per-stage columns. */
export function sourceStageNames(analysis: ImportAnalysis, mapping: Record<string, string>): string[] {
  return [...new Set([...distinctOf(analysis, mapping, "stage"), ...analysis.stageColumns.map((c) => c.stage)])].sort((a, b) => a.localeCompare(b));
}

export function sourceOwnerNames(analysis: ImportAnalysis, mapping: Record<string, string>): string[] {
  return distinctOf(analysis, mapping, "owner");
}

/** The lead source values of the file (its source column's distinct values; none when it has too many to list). */
export function sourceValues(analysis: ImportAnalysis, mapping: Record<string, string>): string[] {
  return distinctOf(analysis, mapping, "source");
}

/**
 * What CRMs call the same kind of lead source, each kind in its words (Salesforce's and HubSpot's
 * default picklists among them). Checked in order: "Paid social" is paid before it is social,
 * "Partner referral" a partner before a referral.
 */
const sourceKinds: readonly string[][] = [
  ["paid search", "paid social", "paid", "ppc", "sem", "google ads", "adwords", "advertising", "ads", "display", "retargeting"],
  ["event", "events", "trade show", "tradeshow", "conference", "seminar", "webinar", "meetup", "field marketing", "offline sources"],
  ["partner", "partners", "partner referral", "reseller", "channel partner", "alliances", "affiliate"],
  ["referral", "referrals", "employee referral", "customer referral", "word of mouth"],
  ["outbound", "cold call", "cold email", "sdr", "bdr", "prospecting", "purchased list", "sales generated"],
  ["social", "social media", "linkedin", "twitter", "facebook"],
  ["email", "email marketing", "newsletter"],
  ["inbound", "web", "website", "web form", "organic", "organic search", "seo", "direct", "direct traffic", "phone inquiry", "contact us", "content", "blog"],
];

const plain = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
const kindOf = (value: string) => sourceKinds.findIndex((words) => words.some((w) => containsPhrase(plain(value), w)));

/**
 * The organisation's source for each source value of a file: the one written the same way (case
 * and punctuation aside), else the first of the same kind ("Trade Show" → "Events", "Web" →
 * "Inbound"); null when none is, and the value is kept as the file gives it.
 */
export function suggestSourceMapping(values: readonly string[], sources: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(
    values.map((value) => {
      const same = sources.find((s) => plain(s) === plain(value));
      if (same) return [value, same];
      const kind = kindOf(value);
      return [value, kind < 0 ? null : (sources.find((s) => kindOf(s) === kind) ?? null)];
    }),
  );
}

export interface UserRef {
  id: number;
  name: string;
  email: string;
  active: boolean;
}

/** Each owner as written in an export matched to a user by name or email, case aside; null when none matches. */
export function suggestOwnerMapping(owners: readonly string[], people: readonly UserRef[]): Record<string, number | null> {
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");
  return Object.fromEntries(
    owners.map((owner) => {
      const o = norm(owner);
      const match = people.find((u) => norm(u.email) === o || norm(u.name) === o);
      return [owner, match?.id ?? null];
    }),
  );
}

/**
 * Fills the stage, owner and source maps for the stages, owners and sources of the current mapping,
 * keeping the choices already made (or saved with a mapping).
 */
export function suggestOptions(
  analysis: ImportAnalysis,
  mapping: Record<string, string>,
  stages: Parameters<typeof suggestStageMapping>[1],
  people: readonly UserRef[],
  sources: readonly string[],
  current?: Partial<ImportOptions>,
): ImportOptions {
  const stageNames = sourceStageNames(analysis, mapping);
  const owners = sourceOwnerNames(analysis, mapping);
  const values = sourceValues(analysis, mapping);
  const stageMap = suggestStageMapping(stageNames, stages);
  const ownerMap = suggestOwnerMapping(owners, people);
  const sourceMap = suggestSourceMapping(values, sources);
  for (const name of stageNames) if (current?.stageMap && name in current.stageMap) stageMap[name] = current.stageMap[name]!;
  for (const name of owners) if (current?.ownerMap && name in current.ownerMap) ownerMap[name] = current.ownerMap[name]!;
  for (const value of values) if (current?.sourceMap && value in current.sourceMap) sourceMap[value] = current.sourceMap[value]!;
  return { stageMap, ownerMap, sourceMap, dateFormat: current?.dateFormat ?? null, validOnly: current?.validOnly ?? false };
}

/**
 * The date format of a file from the columns mapped to dates: the one that reads the most values
 * (a stray bad cell is that row's error, not a reason to read every other date differently). M/D
 * and D/M reading equally well, with some value read as two different days, is ambiguous.
 */
export function chooseDateFormat(profile: FileProfile, dateColumns: readonly number[]): { format: DateFormat | null; ambiguous: boolean; candidates: DateFormat[] } {
  const used = dateColumns.map((i) => profile.columns[i]!).filter((c) => c.dateFailures);
  if (used.length === 0) return { format: null, ambiguous: false, candidates: [] };
  const failures = (f: DateFormat) => used.reduce((sum, c) => sum + c.dateFailures![f], 0);
  const fewest = Math.min(...dateFormats.map(failures));
  const candidates = dateFormats.filter((f) => failures(f) === fewest);
  const ambiguous = candidates.includes("mdy") && candidates.includes("dmy") && used.some((c) => c.dateAmbiguous);
  return { format: candidates[0]!, ambiguous, candidates };
}
