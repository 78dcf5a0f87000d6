/**
 * An account's industry and ICP fit from what is kept on it: the raw industry through the industry
 * rules, then the model (lib/metrics/icp-fit.ts), with marketing's override in force over it. The
 * import, the recompute job and the settings previews all go through `fitOf`. Pure functions.
 */
import { effectiveFit, icpFit, type FitReason, type IcpModel } from "@/lib/metrics/icp-fit";
import { fitBand, type FitBand } from "@/lib/metrics/scoring";
import { normaliseIndustry, type IndustryRule } from "./industries";

export interface FitInputs {
  /** The industry as imported; null for an account kept before the rules, whose industry is then its raw value. */
  industryRaw: string | null;
  industry: string | null;
  employees: number | null;
  /** Decimal string, as the database keeps money. */
  annualRevenue: string | null;
  country: string | null;
  technologies: readonly string[];
  override: number | null;
}

export interface AccountFitResult {
  industry: string | null;
  /** The model's fit. */
  model: number | null;
  reasons: FitReason[];
  /** The fit in force: the override when set, else the model's. */
  score: number | null;
}

export function fitOf(account: FitInputs, model: IcpModel, rules: readonly IndustryRule[]): AccountFitResult {
  const raw = account.industryRaw ?? account.industry;
  const industry = raw === null ? null : normaliseIndustry(raw, rules).industry;
  const fit = icpFit({ industry, employees: account.employees, annualRevenue: account.annualRevenue, country: account.country, technologies: account.technologies }, model);
  return { industry, model: fit.score, reasons: fit.reasons, score: effectiveFit(fit.score, account.override) };
}

/** Accounts that share everything the fit reads, counted once (what SQL groups for a preview). */
export interface FitGroup extends Omit<FitInputs, "override"> {
  /** The model's fit they have now. */
  model: number | null;
  /** The fit in force now. */
  score: number | null;
  override: number | null;
  accounts: number;
}

export type BandCounts = Record<FitBand | "none", number>;

export interface FitPreview {
  /** Accounts by the band of their fit in force, now and under the candidate model and rules. */
  now: BandCounts;
  next: BandCounts;
  /** Accounts whose model fit would change. */
  changed: number;
  /** Accounts whose fit marketing set by hand: they keep it. */
  overridden: number;
  accounts: number;
}

const emptyBands = (): BandCounts => ({ qualified: 0, monitor: 0, disqualify: 0, none: 0 });
const bandOf = (fit: number | null) => (fit === null ? "none" : fitBand(fit));

/** What a candidate model and rules would do to the accounts' fit bands. */
export function previewFit(groups: readonly FitGroup[], model: IcpModel, rules: readonly IndustryRule[]): FitPreview {
  const preview: FitPreview = { now: emptyBands(), next: emptyBands(), changed: 0, overridden: 0, accounts: 0 };
  for (const group of groups) {
    const next = fitOf(group, model, rules);
    preview.accounts += group.accounts;
    preview.now[bandOf(group.score)] += group.accounts;
    preview.next[bandOf(next.score)] += group.accounts;
    if (next.model !== group.model) preview.changed += group.accounts;
    if (group.override !== null) preview.overridden += group.accounts;
  }
  return preview;
}

/** One industry value as the accounts have it, and what a candidate set of rules would file it under. */
export interface IndustryValuePreview {
  raw: string;
  accounts: number;
  now: string | null;
  next: string | null;
  /** No rule matches it: it keeps its own text, and waits for review. */
  unmapped: boolean;
  match: "exact" | "typo" | null;
}

export function previewIndustries(values: readonly { raw: string; industry: string | null; accounts: number }[], rules: readonly IndustryRule[]): IndustryValuePreview[] {
  return values.map((v) => {
    const mapping = normaliseIndustry(v.raw, rules);
    return { raw: v.raw, accounts: v.accounts, now: v.industry, next: mapping.industry, unmapped: mapping.rule === null, match: mapping.match };
  });
}
