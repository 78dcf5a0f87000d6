/**
 * The ideal-customer-profile fit of an account (METRICS.md §5, "ICP fit"): firmographic and
 * technographic criteria, each with a weight, scored 0–100 with a reason per criterion. A criterion
 * the account has no data for is left out of the denominator, so a blank field is not a miss; an
 * account with no data at all has no fit (null). Bands are the playbook's: < 40 disqualify, 40–70
 * monitor, > 70 qualified fit. Pure functions.
 */
import { sameCountry } from "@/lib/domain/countries";
import { fitBand, type FitBand } from "./scoring";

/** A criterion's weight is in points, 0–100; 0 turns it off. */
export interface IcpModel {
  industries: { weight: number; targets: string[] };
  /** A band; either end may be open (null). */
  employees: { weight: number; min: number | null; max: number | null };
  /** In the organisation's currency, whole units. */
  annualRevenue: { weight: number; min: number | null; max: number | null };
  countries: { weight: number; targets: string[] };
  /** "any": full points when one of them is used; "all": points in proportion to how many are used. */
  technologies: { weight: number; required: string[]; match: "any" | "all" };
  /** Using any of these takes `penalty` points off the fit (100: the fit is 0, auto-disqualify). */
  disqualifyingTechnologies: { penalty: number; technologies: string[] };
}

/**
 * The default model, for a B2B SaaS seller between $1M and $5M ARR: companies with a sales team
 * big enough to need the product and small enough to buy it without a year-long procurement, in
 * English-speaking and northern European markets, running a CRM the product connects to.
 */
export const defaultIcpModel: IcpModel = {
  industries: { weight: 30, targets: ["Software", "Technology", "Financial Services", "Consulting", "Marketing & Advertising"] },
  employees: { weight: 20, min: 50, max: 1_000 },
  annualRevenue: { weight: 15, min: 10_000_000, max: 250_000_000 },
  countries: { weight: 10, targets: ["United States", "Canada", "United Kingdom", "Ireland", "Germany", "Netherlands", "Australia"] },
  technologies: { weight: 25, required: ["Salesforce", "HubSpot"], match: "any" },
  disqualifyingTechnologies: { penalty: 100, technologies: [] },
};

/** What the model reads of an account. */
export interface FirmographicFacts {
  /** The industry after the industry rules. */
  industry: string | null;
  employees: number | null;
  /** A decimal string as the database keeps money, or a number. */
  annualRevenue: string | number | null;
  country: string | null;
  technologies: readonly string[];
}

export const icpCriteria = ["industry", "employees", "annualRevenue", "country", "technologies", "disqualifyingTechnologies", "total"] as const;
export type IcpCriterion = (typeof icpCriteria)[number];

export const icpCriterionLabels: Record<IcpCriterion, string> = {
  industry: "Industry",
  employees: "Employees",
  annualRevenue: "Annual revenue",
  country: "Country",
  technologies: "Technologies",
  disqualifyingTechnologies: "Disqualifying technologies",
  total: "Fit",
};

/** One line of the explanation: the points a criterion earned (negative for a penalty) and why. */
export interface FitReason {
  criterion: IcpCriterion;
  points: number;
  detail: string;
}

export interface IcpFit {
  /** 0–100, or null when the account has no data any criterion reads. */
  score: number | null;
  band: FitBand | null;
  reasons: FitReason[];
}

/** Technologies compared without case, spaces or punctuation: "google_analytics" is "Google Analytics". */
export const technologyKey = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const count = (n: number) => n.toLocaleString("en-US");

/** 25000000 → "25M", 2500000000 → "2.5B", 750000 → "750K". */
export function compactAmount(n: number): string {
  const units: [number, string][] = [
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [size, unit] of units) if (Math.abs(n) >= size) return `${Number((n / size).toFixed(2)).toLocaleString("en-US")}${unit}`;
  return count(n);
}

function bandText(min: number | null, max: number | null, show: (n: number) => string): string {
  if (min !== null && max !== null) return `${show(min)}–${show(max)}`;
  if (min !== null) return `${show(min)} or more`;
  return `up to ${show(max!)}`;
}

/** Full points inside the band; half within half its lower end or twice its upper end; else none. */
function inBand(value: number, min: number | null, max: number | null): "inside" | "near" | "outside" {
  if ((min === null || value >= min) && (max === null || value <= max)) return "inside";
  if ((min === null || value >= min / 2) && (max === null || value <= max * 2)) return "near";
  return "outside";
}

/** Points rounded to two decimals, as they are shown. */
const two = (n: number) => Math.round(n * 100) / 100;
const of = (points: number, weight: number) => `${count(two(points))} of ${count(weight)} points`;

/** The account's fit under the model, with a reason for each criterion (METRICS.md §5). */
export function icpFit(account: FirmographicFacts, model: IcpModel): IcpFit {
  const reasons: FitReason[] = [];
  let earned = 0;
  let possible = 0;
  let anyData = false;
  const counted = (criterion: IcpCriterion, points: number, weight: number, detail: string) => {
    earned += points;
    possible += weight;
    anyData = true;
    reasons.push({ criterion, points: two(points), detail: `${detail}: ${of(points, weight)}` });
  };
  const notCounted = (criterion: IcpCriterion, detail: string) => reasons.push({ criterion, points: 0, detail: `${detail}: not counted` });

  const { industries, countries, technologies } = model;
  if (industries.weight > 0 && industries.targets.length > 0) {
    const industry = account.industry?.trim();
    if (!industry) notCounted("industry", "No industry");
    else if (industries.targets.some((t) => sameText(t, industry))) counted("industry", industries.weight, industries.weight, `${industry} is a target industry`);
    else counted("industry", 0, industries.weight, `${industry} is not a target industry`);
  }

  const band = (criterion: "employees" | "annualRevenue", value: number | null, none: string, show: (n: number) => string, what: (n: number) => string) => {
    const { weight, min, max } = model[criterion];
    if (weight <= 0 || (min === null && max === null)) return;
    if (value === null || !Number.isFinite(value)) return notCounted(criterion, none);
    const range = bandText(min, max, show);
    const where = inBand(value, min, max);
    if (where === "inside") counted(criterion, weight, weight, `${what(value)}, inside ${range}`);
    else if (where === "near") counted(criterion, weight / 2, weight, `${what(value)}, near ${range} (within half its lower end or twice its upper end)`);
    else counted(criterion, 0, weight, `${what(value)}, outside ${range}`);
  };
  band("employees", account.employees, "No employee count", count, (n) => `${count(n)} employees`);
  band("annualRevenue", account.annualRevenue === null ? null : Number(account.annualRevenue), "No annual revenue", compactAmount, (n) => `Annual revenue ${compactAmount(n)}`);

  if (countries.weight > 0 && countries.targets.length > 0) {
    const country = account.country?.trim();
    if (!country) notCounted("country", "No country");
    else if (countries.targets.some((t) => sameCountry(t, country))) counted("country", countries.weight, countries.weight, `${country} is a target country`);
    else counted("country", 0, countries.weight, `${country} is not a target country`);
  }

  const used = new Set(account.technologies.map(technologyKey).filter(Boolean));
  if (technologies.weight > 0 && technologies.required.length > 0) {
    if (used.size === 0) notCounted("technologies", "No technologies known");
    else {
      const present = technologies.required.filter((t) => used.has(technologyKey(t)));
      const missing = technologies.required.filter((t) => !used.has(technologyKey(t)));
      if (technologies.match === "any") {
        if (present.length > 0) counted("technologies", technologies.weight, technologies.weight, `Uses ${present.join(", ")}`);
        else counted("technologies", 0, technologies.weight, `Uses none of ${technologies.required.join(", ")}`);
      } else {
        const share = present.length / technologies.required.length;
        counted(
          "technologies",
          technologies.weight * share,
          technologies.weight,
          `Uses ${present.length} of the ${technologies.required.length} required${present.length ? ` (${present.join(", ")})` : ""}${missing.length ? `; missing ${missing.join(", ")}` : ""}`,
        );
      }
    }
  }

  const { penalty, technologies: disqualifying } = model.disqualifyingTechnologies;
  const disqualifiers = penalty > 0 ? disqualifying.filter((t) => used.has(technologyKey(t))) : [];
  if (!anyData && disqualifiers.length === 0) return { score: null, band: null, reasons };

  // Rounded half up; the float noise of a division is cleared first so 37.5 is 38, never 37.
  const base = possible > 0 ? Math.floor(Math.round((100 * earned * 1e6) / possible) / 1e6 + 0.5) : 0;
  let score = base;
  if (disqualifiers.length > 0) {
    score = Math.max(0, base - penalty);
    reasons.push({
      criterion: "disqualifyingTechnologies",
      points: -penalty,
      detail: `Uses ${disqualifiers.join(", ")}, ${disqualifiers.length === 1 ? "a disqualifying technology" : "disqualifying technologies"}: −${count(penalty)} points`,
    });
  }
  reasons.push({
    criterion: "total",
    points: score,
    detail:
      possible > 0
        ? `${count(two(earned))} of ${count(possible)} points on the criteria with data = ${base}${disqualifiers.length ? `, less ${count(penalty)} = ${score}` : ""}`
        : `No criterion has data; the disqualifying technology sets it to ${score}`,
  });
  return { score, band: fitBand(score), reasons };
}

/** The fit every figure reads: marketing's override when there is one, else the model's. */
export function effectiveFit(model: number | null, override: number | null): number | null {
  return override ?? model;
}
