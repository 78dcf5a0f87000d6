/**
 * Turning an uploaded file into an import job: what the file is, and a suggestion for every choice
 * the admin makes (columns, stages, owners, lead sources), so a Salesforce or HubSpot export needs no mapping.
 */
import type { Database } from "@/db/index";
import { pipelineStages, users } from "@/db/schema";
import { createImportJob, organisationSources } from "@/db/queries/imports";
import { storableText } from "@/db/storable";
import { detectFormat, type ImportEntity } from "./formats";
import type { ImportAnalysis, ImportOptions } from "./options";
import { profileFile } from "./profile";
import { suggestOptions } from "./suggest";
import { readUpload } from "./uploads";

export async function prepareImport(
  db: Database,
  file: { uploadId: number; name: string; bytes: number },
  { entity, createdBy, mapping: chosen }: { entity?: ImportEntity; createdBy: number | null; mapping?: { columns: Record<string, string>; options?: Partial<ImportOptions> } },
): Promise<number> {
  const profile = await profileFile(() => readUpload(db, file.uploadId));
  const detected = detectFormat(profile.header, entity);
  const analysis: ImportAnalysis = { ...profile, stageColumns: detected.stageColumns };
  const mapping: Record<string, string> = chosen
    ? Object.fromEntries(Object.entries(chosen.columns).filter(([h]) => profile.header.includes(h)))
    : Object.fromEntries(profile.header.flatMap((h, i) => (detected.mapping[i] ? [[h, detected.mapping[i]!]] : [])));
  const [stages, people, sources] = await Promise.all([
    db.select({ id: pipelineStages.id, name: pipelineStages.name, isWon: pipelineStages.isWon, isLost: pipelineStages.isLost }).from(pipelineStages),
    db.select({ id: users.id, name: users.name, email: users.email, active: users.active }).from(users),
    organisationSources(db),
  ]);
  const options = suggestOptions(analysis, mapping, stages, people, sources, chosen?.options);
  return createImportJob(db, {
    entity: detected.entity,
    format: detected.format,
    // The name comes from the request: whatever it holds, the job must be storable.
    fileName: storableText(file.name, 255),
    fileBytes: file.bytes,
    uploadId: file.uploadId,
    analysis,
    mapping,
    options,
    totalRows: profile.rows,
    createdBy,
  });
}
