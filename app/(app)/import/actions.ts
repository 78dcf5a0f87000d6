"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { pipelineStages, users } from "@/db/schema";
import { cancelImportJob, getImportJob, putImportSettings, rollbackImport, saveImportMapping } from "@/db/queries/imports";
import { deleteUpload } from "@/db/queries/uploads";
import { entityFields, type ImportEntity } from "@/lib/import/formats";
import { startImportRun } from "@/lib/import/job";
import type { ImportOptions } from "@/lib/import/options";
import { dateFormatLabels, type DateFormat } from "@/lib/import/values";
import { done, guardedAction, refused } from "@/app/_guard/guarded-action";

const jobId = z.number({ error: "The import id is not valid." }).int("The import id is not valid.").positive("The import id is not valid.");

const settingsSchema = z.object({
  mapping: z.record(z.string(), z.string()),
  stageMap: z.record(z.string(), z.number().int().positive().nullable()),
  ownerMap: z.record(z.string(), z.number().int().positive().nullable()),
  // The organisation's name for each lead source of the file; blank or null keeps the file's.
  sourceMap: z
    .record(z.string(), z.string().trim().max(100, "A source has at most 100 characters.").nullable())
    .transform((map) => Object.fromEntries(Object.entries(map).map(([value, source]) => [value, source || null])))
    .optional(),
  dateFormat: z.enum(Object.keys(dateFormatLabels) as [DateFormat, ...DateFormat[]]).nullable(),
  saveAs: z.string().trim().max(80, "A mapping name has at most 80 characters.").optional(),
});

export type ImportSettingsInput = z.input<typeof settingsSchema>;

const imports = { permission: "imports:manage" } as const;

/** Saves the admin's mapping and checks every row (a dry run). */
export const checkImportAction = guardedAction(
  { ...imports, input: z.object({ id: jobId, settings: settingsSchema }), context: "Checking an import" },
  async ({ id, settings }, admin) => {
    const db = getDb();
    const job = await getImportJob(db, id);
    const fields = new Set(entityFields[job.entity as ImportEntity].map((f) => f.key));
    for (const [column, field] of Object.entries(settings.mapping)) {
      if (!fields.has(field)) return refused(`Column "${column}" is mapped to "${field}", which is not a field of this import.`);
    }
    const stageIds = new Set((await db.select({ id: pipelineStages.id }).from(pipelineStages)).map((s) => s.id));
    for (const [name, stage] of Object.entries(settings.stageMap)) {
      if (stage !== null && !stageIds.has(stage)) return refused(`Stage "${name}" is mapped to a stage that no longer exists; reload the page.`);
    }
    const userIds = new Set((await db.select({ id: users.id }).from(users)).map((u) => u.id));
    for (const [owner, user] of Object.entries(settings.ownerMap)) {
      if (user !== null && !userIds.has(user)) return refused(`Owner "${owner}" is mapped to a user who no longer exists; reload the page.`);
    }
    const { saveAs, mapping, sourceMap = {}, ...rest } = settings;
    const options: ImportOptions = { ...rest, sourceMap, validOnly: false };
    await putImportSettings(db, id, mapping, options);
    if (saveAs) {
      await saveImportMapping(db, saveAs, job.entity as ImportEntity, { columns: mapping, options: { stageMap: rest.stageMap, sourceMap, dateFormat: rest.dateFormat } }, admin.id);
    }
    // Queued: a worker on any instance runs it; it goes on when the admin closes the tab.
    await startImportRun(db, id, "dry_run");
    return done(undefined, saveAs ? `Mapping saved as “${saveAs}”. Checking every row…` : "Checking every row…");
  },
);

/** Imports the checked rows: all of them or none, or the valid ones only when the admin says so. */
export const commitImportAction = guardedAction(
  { ...imports, input: z.object({ id: jobId, validOnly: z.boolean({ error: "Say whether to import the valid rows only." }) }), context: "Committing an import" },
  async ({ id, validOnly }) => {
    await startImportRun(getDb(), id, "commit", { validOnly });
    return done(undefined, "Importing…");
  },
);

export const rollbackImportAction = guardedAction(
  { ...imports, input: jobId, context: "Rolling back an import", revalidate: ["/import", "/velocity", "/funnel"] },
  async (id, admin) => {
    const { deleted, restored } = await rollbackImport(getDb(), id, admin.id);
    return done(undefined, `Rolled back: ${deleted} rows removed, ${restored} restored.`);
  },
);

export const discardImportAction = guardedAction({ ...imports, input: jobId, context: "Discarding an import", revalidate: ["/import"] }, async (id) => {
  const db = getDb();
  const upload = await cancelImportJob(db, id);
  if (upload) await deleteUpload(db, upload);
  return done(undefined, "Import discarded.");
});
