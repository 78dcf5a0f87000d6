/**
 * The rules of the shared funnel definitions: who may propose and sign, which version is in force,
 * what changed between two versions, and how an SLA reads. Pure: no I/O.
 */
import type { UserRole } from "@/lib/domain/roles";
import { playbookDefinitions, teams, type FunnelStage, type SlaUnit, type Team } from "@/lib/domain/funnel-definitions";

export const teamLabels: Record<Team, string> = { marketing: "Marketing", sales: "Sales" };

export const stageLabels: Record<FunnelStage, string> = Object.fromEntries(
  playbookDefinitions.map((d) => [d.stage, d.label]),
) as Record<FunnelStage, string>;

/** An admin proposes changes to any definition; a marketer or a sales rep only to their team's. */
export function canProposeChange(role: UserRole, owner: Team): boolean {
  if (role === "admin") return true;
  return role === owner;
}

/** The team a role signs for: a marketer for marketing, a sales rep for sales; nobody else signs. */
export function signingTeamOf(role: UserRole): Team | null {
  return role === "marketing" || role === "sales" ? role : null;
}

export function canSignFor(role: UserRole, team: Team): boolean {
  return signingTeamOf(role) === team;
}

/** Why a role may not sign for a team, in words a person can act on; null when it may. */
export function signOffRefusal(role: UserRole, team: Team): string | null {
  if (canSignFor(role, team)) return null;
  if (role === "admin" || role === "executive") {
    return `Only the ${team} team signs off for ${team}; ${role === "admin" ? "an admin" : "an executive"} proposes and reviews but does not sign.`;
  }
  return `Only a ${team === "marketing" ? "marketer" : "sales rep"} can sign off for ${team}; you sign for ${role}.`;
}

export interface SignedVersion {
  version: number;
  signoffs: readonly { team: Team }[];
}

export function isSignedByBoth(v: SignedVersion): boolean {
  return teams.every((team) => v.signoffs.some((s) => s.team === team));
}

/** The version in force: the newest one both teams signed (null when none is). */
export function versionInForce<V extends SignedVersion>(versions: readonly V[]): V | null {
  let best: V | null = null;
  for (const v of versions) if (isSignedByBoth(v) && (best === null || v.version > best.version)) best = v;
  return best;
}

/** The teams that still have to sign a version. */
export function awaitingTeams(v: SignedVersion): Team[] {
  return teams.filter((team) => !v.signoffs.some((s) => s.team === team));
}

export interface DefinitionContent {
  definition: string;
  owner: Team;
  slaValue: number | null;
  slaUnit: SlaUnit | null;
  slaText: string | null;
}

export type DefinitionField = "definition" | "owner" | "sla_value" | "sla_unit" | "sla_text";

export const fieldLabels: Record<DefinitionField, string> = {
  definition: "Definition",
  owner: "Owner",
  sla_value: "SLA number",
  sla_unit: "SLA unit",
  sla_text: "SLA in words",
};

export interface FieldChange {
  field: DefinitionField;
  from: string | null;
  to: string | null;
}

function fieldValues(c: DefinitionContent): Record<DefinitionField, string | null> {
  return {
    definition: c.definition,
    owner: c.owner,
    sla_value: c.slaValue === null ? null : String(c.slaValue),
    sla_unit: c.slaUnit,
    sla_text: c.slaText,
  };
}

/** What changed from one version to the next, field by field (a first version: every set field). */
export function diffDefinitions(before: DefinitionContent | null, after: DefinitionContent): FieldChange[] {
  const a = fieldValues(after);
  const b = before ? fieldValues(before) : null;
  const changes: FieldChange[] = [];
  for (const field of Object.keys(fieldLabels) as DefinitionField[]) {
    const from = b ? b[field] : null;
    const to = a[field];
    if (from !== to && !(b === null && to === null)) changes.push({ field, from, to });
  }
  return changes;
}

const unitWords: Record<SlaUnit, [string, string]> = {
  minutes: ["minute", "minutes"],
  hours: ["hour", "hours"],
  business_days: ["business day", "business days"],
  days: ["day", "days"],
};

export const slaUnitLabels: Record<SlaUnit, string> = {
  minutes: "Minutes",
  hours: "Hours",
  business_days: "Business days",
  days: "Days",
};

/** "5 minutes", "1 business day", "1.5 hours"; null when the SLA has no number. */
export function formatSlaDuration(value: number | null, unit: SlaUnit | null): string | null {
  if (value === null || unit === null) return null;
  const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(value);
  return `${number} ${unitWords[unit][value === 1 ? 0 : 1]}`;
}

/** A field's value as the history shows it. */
export function formatFieldValue(field: DefinitionField, value: string | null): string {
  if (value === null || value === "") return "—";
  if (field === "owner") return teamLabels[value as Team] ?? value;
  if (field === "sla_unit") return slaUnitLabels[value as SlaUnit] ?? value;
  return value;
}

/** One line per change, e.g. "SLA number 5 → 10". */
export function describeChanges(changes: readonly FieldChange[]): string {
  return changes
    .map((c) => `${fieldLabels[c.field]} ${formatFieldValue(c.field, c.from)} → ${formatFieldValue(c.field, c.to)}`)
    .join("; ");
}
