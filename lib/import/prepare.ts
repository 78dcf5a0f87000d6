/**
 * Turning an uploaded file into an import job: what the file is, and a suggestion for every choice
 * the admin makes (columns, stages, owners), so a Salesforce or HubSpot export needs no mapping.
 */
import type { Database } from "@/db/index";
import { pipelineStages, users } from "@/db/schema";
import { createImportJob } from "@/db/queries/imports";
import { detectFormat, type ImportEntity } from "./formats";
import { suggestStageMapping } from "./opportunities";
import { profileFile } from "./profile";
import type { ImportAnalysis, ImportOptions } from "./run";

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

/** Fills the stage and owner maps for the stages and owners of the current mapping, keeping the choices already made. */
export function suggestOptions(
  analysis: ImportAnalysis,
  mapping: Record<string, string>,
  stages: Parameters<typeof suggestStageMapping>[1],
  people: readonly UserRef[],
  current?: Partial<ImportOptions>,
): ImportOptions {
  const stageNames = sourceStageNames(analysis, mapping);
  const owners = sourceOwnerNames(analysis, mapping);
  const stageMap = suggestStageMapping(stageNames, stages);
  const ownerMap = suggestOwnerMapping(owners, people);
  for (const name of stageNames) if (current?.stageMap && name in current.stageMap) stageMap[name] = current.stageMap[name]!;
  for (const name of owners) if (current?.ownerMap && name in current.ownerMap) ownerMap[name] = current.ownerMap[name]!;
  return { stageMap, ownerMap, dateFormat: current?.dateFormat ?? null, validOnly: current?.validOnly ?? false };
}

export async function prepareImport(
  db: Database,
  file: { path: string; name: string; bytes: number },
  { entity, createdBy, mapping: chosen }: { entity?: ImportEntity; createdBy: number | null; mapping?: { columns: Record<string, string>; options?: Partial<ImportOptions> } },
): Promise<number> {
  const profile = await profileFile(file.path);
  const detected = detectFormat(profile.header, entity);
  const analysis: ImportAnalysis = { ...profile, stageColumns: detected.stageColumns };
  const mapping: Record<string, string> = chosen
    ? Object.fromEntries(Object.entries(chosen.columns).filter(([h]) => profile.header.includes(h)))
    : Object.fromEntries(profile.header.flatMap((h, i) => (detected.mapping[i] ? [[h, detected.mapping[i]!]] : [])));
  const [stages, people] = await Promise.all([
    db.select({ id: pipelineStages.id, name: pipelineStages.name, isWon: pipelineStages.isWon, isLost: pipelineStages.isLost }).from(pipelineStages),
    db.select({ id: users.id, name: users.name, email: users.email, active: users.active }).from(users),
  ]);
  const options = suggestOptions(analysis, mapping, stages, people, chosen?.options);
  return createImportJob(db, {
    entity: detected.entity,
    format: detected.format,
    fileName: file.name,
    fileBytes: file.bytes,
    filePath: file.path,
    analysis,
    mapping,
    options,
    totalRows: profile.rows,
    createdBy,
  });
}
