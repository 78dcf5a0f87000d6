import "server-only";
import { asc, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/index";
import {
  auditLog,
  funnelDefinitionSignoffs,
  funnelDefinitionVersions,
  funnelDefinitions,
  users,
} from "@/db/schema";
import { funnelStages, type FunnelStage, type SlaUnit, type Team } from "@/lib/domain/funnel-definitions";
import type { UserRole } from "@/lib/domain/roles";
import {
  awaitingTeams,
  canProposeChange,
  describeChanges,
  diffDefinitions,
  signOffRefusal,
  stageLabels,
  versionInForce,
  type DefinitionContent,
  type FieldChange,
} from "@/lib/definitions/rules";
import { ConflictError, ForbiddenError, NotFoundError, UnchangedError } from "@/lib/errors";

export interface Person {
  id: number;
  name: string;
}

export interface DefinitionSignoff {
  team: Team;
  /** Null for the seeded version 1 (signed by the playbook) or a deleted user. */
  signedBy: Person | null;
  signedAt: Date;
}

export interface DefinitionVersion extends DefinitionContent {
  id: number;
  stage: FunnelStage;
  version: number;
  changeNote: string | null;
  proposedBy: Person | null;
  proposedAt: Date;
  signoffs: DefinitionSignoff[];
}

export interface DefinitionSummary {
  stage: FunnelStage;
  label: string;
  /** The newest version signed by both teams; null only if no version was ever signed by both. */
  inForce: DefinitionVersion | null;
  /** The newest version, which may be an unsigned proposal. */
  latest: DefinitionVersion;
  /** Teams still to sign the latest version (empty when it is in force). */
  awaiting: Team[];
}

export interface HistoryEntry extends DefinitionVersion {
  status: "in_force" | "proposed" | "superseded" | "previously_in_force";
  /** Field by field against the previous version (every field for version 1). */
  changes: FieldChange[];
}

async function loadVersions(db: Database, stage?: FunnelStage): Promise<DefinitionVersion[]> {
  const rows = await db
    .select({
      id: funnelDefinitionVersions.id,
      stage: funnelDefinitions.stage,
      version: funnelDefinitionVersions.version,
      definition: funnelDefinitionVersions.definition,
      owner: funnelDefinitionVersions.owner,
      slaValue: funnelDefinitionVersions.slaValue,
      slaUnit: funnelDefinitionVersions.slaUnit,
      slaText: funnelDefinitionVersions.slaText,
      changeNote: funnelDefinitionVersions.changeNote,
      proposedById: funnelDefinitionVersions.proposedBy,
      proposedByName: users.name,
      proposedAt: funnelDefinitionVersions.proposedAt,
    })
    .from(funnelDefinitionVersions)
    .innerJoin(funnelDefinitions, eq(funnelDefinitions.id, funnelDefinitionVersions.definitionId))
    .leftJoin(users, eq(users.id, funnelDefinitionVersions.proposedBy))
    .where(stage ? eq(funnelDefinitions.stage, stage) : undefined)
    .orderBy(asc(funnelDefinitions.stage), desc(funnelDefinitionVersions.version));
  if (rows.length === 0) return [];
  const signoffs = await db
    .select({
      versionId: funnelDefinitionSignoffs.versionId,
      team: funnelDefinitionSignoffs.team,
      signedById: funnelDefinitionSignoffs.signedBy,
      signedByName: users.name,
      signedAt: funnelDefinitionSignoffs.signedAt,
    })
    .from(funnelDefinitionSignoffs)
    .leftJoin(users, eq(users.id, funnelDefinitionSignoffs.signedBy))
    .where(inArray(funnelDefinitionSignoffs.versionId, rows.map((r) => r.id)))
    .orderBy(asc(funnelDefinitionSignoffs.signedAt), asc(funnelDefinitionSignoffs.id));
  const byVersion = new Map<number, DefinitionSignoff[]>();
  for (const s of signoffs) {
    const list = byVersion.get(s.versionId) ?? [];
    list.push({
      team: s.team,
      signedBy: s.signedById === null ? null : { id: s.signedById, name: s.signedByName ?? "Unknown user" },
      signedAt: s.signedAt,
    });
    byVersion.set(s.versionId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    stage: r.stage,
    version: r.version,
    definition: r.definition,
    owner: r.owner,
    slaValue: r.slaValue === null ? null : Number(r.slaValue),
    slaUnit: r.slaUnit,
    slaText: r.slaText,
    changeNote: r.changeNote,
    proposedBy: r.proposedById === null ? null : { id: r.proposedById, name: r.proposedByName ?? "Unknown user" },
    proposedAt: r.proposedAt,
    signoffs: byVersion.get(r.id) ?? [],
  }));
}

/** The six shared definitions in funnel order: the version in force, the latest and who signed. */
export async function listDefinitions(db: Database): Promise<DefinitionSummary[]> {
  const versions = await loadVersions(db);
  const summaries: DefinitionSummary[] = [];
  for (const stage of funnelStages) {
    const own = versions.filter((v) => v.stage === stage); // newest first
    const latest = own[0];
    if (!latest) continue;
    summaries.push({ stage, label: stageLabels[stage], inForce: versionInForce(own), latest, awaiting: awaitingTeams(latest) });
  }
  return summaries;
}

/** Every version of one definition, newest first, each with its diff against the one before. */
export async function definitionHistory(db: Database, stage: FunnelStage): Promise<HistoryEntry[]> {
  const versions = await loadVersions(db, stage);
  const inForce = versionInForce(versions);
  return versions.map((v, i) => {
    const previous = versions[i + 1] ?? null;
    const signedByBoth = awaitingTeams(v).length === 0;
    const status: HistoryEntry["status"] =
      v.id === inForce?.id ? "in_force" : i === 0 ? "proposed" : signedByBoth ? "previously_in_force" : "superseded";
    return { ...v, status, changes: diffDefinitions(previous, v) };
  });
}

export interface SlaInForce {
  value: number | null;
  unit: SlaUnit | null;
  text: string | null;
  /** The version in force (0 when no version of the stage is signed by both teams). */
  version: number;
}

/** The SLA of each stage's version in force: what SLA compliance is measured against. */
export async function slasInForce(db: Database): Promise<Record<FunnelStage, SlaInForce>> {
  const definitions = await listDefinitions(db);
  const result = Object.fromEntries(
    funnelStages.map((stage) => [stage, { value: null, unit: null, text: null, version: 0 }]),
  ) as Record<FunnelStage, SlaInForce>;
  for (const d of definitions) {
    if (d.inForce) result[d.stage] = { value: d.inForce.slaValue, unit: d.inForce.slaUnit, text: d.inForce.slaText, version: d.inForce.version };
  }
  return result;
}

export interface DefinitionProposal extends DefinitionContent {
  stage: FunnelStage;
  expectedLatestVersion: number;
  changeNote: string | null;
}

const auditEntity = "funnel_definition";

/**
 * Adds version N+1 of a definition if nobody added one since `expectedLatestVersion` was read;
 * otherwise throws ConflictError naming who proposed what since (nothing is overwritten). When
 * `actorRole` is given, the owner rule is checked under the same lock (ForbiddenError).
 */
export async function proposeDefinitionChange(
  db: Database,
  proposal: DefinitionProposal,
  actorId: number | null,
  { actorRole }: { actorRole?: UserRole } = {},
): Promise<DefinitionVersion> {
  const created = await db.transaction(async (tx) => {
    const [definition] = await tx
      .select({ id: funnelDefinitions.id })
      .from(funnelDefinitions)
      .where(eq(funnelDefinitions.stage, proposal.stage))
      .for("update");
    if (!definition) throw new NotFoundError(`There is no ${proposal.stage} definition.`);
    const recent = await tx
      .select({
        version: funnelDefinitionVersions.version,
        definition: funnelDefinitionVersions.definition,
        owner: funnelDefinitionVersions.owner,
        slaValue: funnelDefinitionVersions.slaValue,
        slaUnit: funnelDefinitionVersions.slaUnit,
        slaText: funnelDefinitionVersions.slaText,
        proposedByName: users.name,
      })
      .from(funnelDefinitionVersions)
      .leftJoin(users, eq(users.id, funnelDefinitionVersions.proposedBy))
      .where(eq(funnelDefinitionVersions.definitionId, definition.id))
      .orderBy(desc(funnelDefinitionVersions.version));
    const content = recent.map((r) => ({ ...r, slaValue: r.slaValue === null ? null : Number(r.slaValue) }));
    const latest = content[0];
    if (!latest) throw new NotFoundError(`The ${proposal.stage} definition has no versions.`);
    const label = stageLabels[proposal.stage];

    if (latest.version !== proposal.expectedLatestVersion) {
      const since = content
        .filter((v) => v.version > proposal.expectedLatestVersion)
        .reverse()
        .map((v) => {
          const previous = content.find((p) => p.version === v.version - 1) ?? null;
          const what = describeChanges(diffDefinitions(previous, v)) || "no field changes";
          return `${v.proposedByName ?? "Someone"} proposed version ${v.version} (${what})`;
        });
      throw new ConflictError(
        `The ${label} definition changed since you loaded this page: ${since.join("; ") || `it is now at version ${latest.version}`}. Your change was not saved; reload to see it and propose again.`,
      );
    }
    if (actorRole && !canProposeChange(actorRole, latest.owner)) {
      throw new ForbiddenError(`The ${label} definition is owned by ${latest.owner}; only an admin or the ${latest.owner} team can propose a change.`);
    }

    const next: DefinitionContent = {
      definition: proposal.definition,
      owner: proposal.owner,
      slaValue: proposal.slaValue,
      slaUnit: proposal.slaUnit,
      slaText: proposal.slaText,
    };
    const changes = diffDefinitions(latest, next);
    if (changes.length === 0) {
      throw new UnchangedError(`This is the same as version ${latest.version}; change a field to propose a new version.`);
    }
    const version = latest.version + 1;
    const [row] = await tx
      .insert(funnelDefinitionVersions)
      .values({
        definitionId: definition.id,
        version,
        ...next,
        slaValue: next.slaValue === null ? null : String(next.slaValue),
        changeNote: proposal.changeNote,
        proposedBy: actorId,
      })
      .returning({ id: funnelDefinitionVersions.id });
    await tx.insert(auditLog).values([
      { userId: actorId, entity: auditEntity, entityId: proposal.stage, field: "version", oldValue: String(latest.version), newValue: String(version) },
      ...changes.map((c) => ({ userId: actorId, entity: auditEntity, entityId: proposal.stage, field: c.field, oldValue: c.from, newValue: c.to })),
    ]);
    return row!.id;
  });
  const [version] = (await loadVersions(db, proposal.stage)).filter((v) => v.id === created);
  return version!;
}

/**
 * Signs the latest version of a definition for a team. The actor must belong to that team; a
 * superseded version, or one the team already signed, is refused. Signed by both, it is in force.
 */
export async function signOffDefinitionVersion(
  db: Database,
  { versionId, team }: { versionId: number; team: Team },
  actor: { id: number; role: UserRole },
): Promise<{ stage: FunnelStage; version: number; inForce: boolean }> {
  const refusal = signOffRefusal(actor.role, team);
  if (refusal) throw new ForbiddenError(refusal);
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select({ definitionId: funnelDefinitionVersions.definitionId, version: funnelDefinitionVersions.version, stage: funnelDefinitions.stage })
      .from(funnelDefinitionVersions)
      .innerJoin(funnelDefinitions, eq(funnelDefinitions.id, funnelDefinitionVersions.definitionId))
      .where(eq(funnelDefinitionVersions.id, versionId));
    if (!target) throw new NotFoundError("That version does not exist; reload the page.");
    // The definition's row serialises sign-offs with proposals: nobody signs a version being superseded.
    await tx.select({ id: funnelDefinitions.id }).from(funnelDefinitions).where(eq(funnelDefinitions.id, target.definitionId)).for("update");
    const label = stageLabels[target.stage];
    const [latest] = await tx
      .select({ version: funnelDefinitionVersions.version })
      .from(funnelDefinitionVersions)
      .where(eq(funnelDefinitionVersions.definitionId, target.definitionId))
      .orderBy(desc(funnelDefinitionVersions.version))
      .limit(1);
    if (latest && latest.version !== target.version) {
      throw new ConflictError(
        `Version ${target.version} of the ${label} definition was superseded by version ${latest.version}; reload and sign the latest version instead.`,
      );
    }
    const signed = await tx
      .select({ team: funnelDefinitionSignoffs.team, signedByName: users.name })
      .from(funnelDefinitionSignoffs)
      .leftJoin(users, eq(users.id, funnelDefinitionSignoffs.signedBy))
      .where(eq(funnelDefinitionSignoffs.versionId, versionId));
    const already = signed.find((s) => s.team === team);
    if (already) {
      throw new ConflictError(
        `${already.signedByName ?? "Someone"} already signed version ${target.version} of the ${label} definition for ${team}.`,
      );
    }
    await tx.insert(funnelDefinitionSignoffs).values({ versionId, team, signedBy: actor.id });
    await tx.insert(auditLog).values({
      userId: actor.id,
      entity: auditEntity,
      entityId: target.stage,
      field: `signoff_${team}`,
      oldValue: null,
      newValue: `version ${target.version}`,
    });
    return { stage: target.stage, version: target.version, inForce: signed.length + 1 >= 2 };
  });
}

/** The owner of the latest version of a stage's definition (for permission checks before a form). */
export async function latestOwner(db: Database, stage: FunnelStage): Promise<Team | null> {
  const [row] = await db
    .select({ owner: funnelDefinitionVersions.owner })
    .from(funnelDefinitionVersions)
    .innerJoin(funnelDefinitions, eq(funnelDefinitions.id, funnelDefinitionVersions.definitionId))
    .where(eq(funnelDefinitions.stage, stage))
    .orderBy(desc(funnelDefinitionVersions.version))
    .limit(1);
  return row?.owner ?? null;
}
