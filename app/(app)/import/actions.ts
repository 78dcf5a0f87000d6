"use server";

import fs from "node:fs";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/index";
import { pipelineStages, users } from "@/db/schema";
import { cancelImportJob, claimImportJob, getImportJob, putImportSettings, rollbackImport, saveImportMapping } from "@/db/queries/imports";
import { ConflictError, NotFoundError } from "@/db/queries/users";
import { requirePermission } from "@/lib/auth";
import type { ActionResult } from "@/lib/action-result";
import { unexpected } from "@/lib/errors";
import { entityFields, type ImportEntity } from "@/lib/import/formats";
import { executeImportRun, type ImportOptions } from "@/lib/import/run";
import { dateFormatLabels, type DateFormat } from "@/lib/import/values";

const jobId = z.number().int().positive();

const settingsSchema = z.object({
  mapping: z.record(z.string(), z.string()),
  stageMap: z.record(z.string(), z.number().int().positive().nullable()),
  ownerMap: z.record(z.string(), z.number().int().positive().nullable()),
  dateFormat: z.enum(Object.keys(dateFormatLabels) as [DateFormat, ...DateFormat[]]).nullable(),
  saveAs: z.string().trim().max(80, "A mapping name has at most 80 characters.").optional(),
});

export type ImportSettingsInput = z.input<typeof settingsSchema>;

function expected(error: unknown, context: string): ActionResult<never> {
  if (error instanceof ConflictError || error instanceof NotFoundError) return { ok: false, error: error.message };
  return unexpected(error, context);
}

/** Starts the run in this server process; it goes on when the admin closes the tab. */
function runInBackground(job: Awaited<ReturnType<typeof claimImportJob>>, run: "dry_run" | "commit") {
  void executeImportRun(getDb(), job, run)
    .then(() => {
      revalidatePath("/import");
      if (run === "commit") {
        revalidatePath("/velocity");
        revalidatePath("/funnel");
      }
    })
    .catch((error) => console.error(`Import #${job.id} could not finish:`, error));
}

/** Saves the admin's mapping and checks every row (a dry run). */
export async function checkImportAction(id: number, input: ImportSettingsInput): Promise<ActionResult> {
  const admin = await requirePermission("imports:manage");
  const parsed = settingsSchema.safeParse(input);
  if (!jobId.safeParse(id).success || !parsed.success) return { ok: false, error: parsed.error?.issues[0]?.message ?? "The import id is not valid." };
  const db = getDb();
  try {
    const job = await getImportJob(db, id);
    const fields = new Set(entityFields[job.entity as ImportEntity].map((f) => f.key));
    for (const [column, field] of Object.entries(parsed.data.mapping)) {
      if (!fields.has(field)) return { ok: false, error: `Column "${column}" is mapped to "${field}", which is not a field of this import.` };
    }
    const stageIds = new Set((await db.select({ id: pipelineStages.id }).from(pipelineStages)).map((s) => s.id));
    for (const [name, stage] of Object.entries(parsed.data.stageMap)) {
      if (stage !== null && !stageIds.has(stage)) return { ok: false, error: `Stage "${name}" is mapped to a stage that no longer exists; reload the page.` };
    }
    const userIds = new Set((await db.select({ id: users.id }).from(users)).map((u) => u.id));
    for (const [owner, user] of Object.entries(parsed.data.ownerMap)) {
      if (user !== null && !userIds.has(user)) return { ok: false, error: `Owner "${owner}" is mapped to a user who no longer exists; reload the page.` };
    }
    const { saveAs, mapping, ...rest } = parsed.data;
    const options: ImportOptions = { ...rest, validOnly: false };
    await putImportSettings(db, id, mapping, options);
    if (saveAs) await saveImportMapping(db, saveAs, job.entity as ImportEntity, { columns: mapping, options: { stageMap: rest.stageMap, dateFormat: rest.dateFormat } }, admin.id);
    runInBackground(await claimImportJob(db, id, "dry_run"), "dry_run");
    return { ok: true, data: undefined, message: saveAs ? `Mapping saved as “${saveAs}”. Checking every row…` : "Checking every row…" };
  } catch (error) {
    return expected(error, "Checking an import");
  }
}

/** Imports the checked rows: all of them or none, or the valid ones only when the admin says so. */
export async function commitImportAction(id: number, validOnly: boolean): Promise<ActionResult> {
  await requirePermission("imports:manage");
  if (!jobId.safeParse(id).success || typeof validOnly !== "boolean") return { ok: false, error: "The import id is not valid." };
  try {
    runInBackground(await claimImportJob(getDb(), id, "commit", { validOnly }), "commit");
    return { ok: true, data: undefined, message: "Importing…" };
  } catch (error) {
    return expected(error, "Committing an import");
  }
}

export async function rollbackImportAction(id: number): Promise<ActionResult> {
  const admin = await requirePermission("imports:manage");
  if (!jobId.safeParse(id).success) return { ok: false, error: "The import id is not valid." };
  try {
    const { deleted, restored } = await rollbackImport(getDb(), id, admin.id);
    revalidatePath("/import");
    revalidatePath("/velocity");
    revalidatePath("/funnel");
    return { ok: true, data: undefined, message: `Rolled back: ${deleted} rows removed, ${restored} restored.` };
  } catch (error) {
    return expected(error, "Rolling back an import");
  }
}

export async function discardImportAction(id: number): Promise<ActionResult> {
  await requirePermission("imports:manage");
  if (!jobId.safeParse(id).success) return { ok: false, error: "The import id is not valid." };
  try {
    const file = await cancelImportJob(getDb(), id);
    if (file) await fs.promises.rm(file, { force: true });
    revalidatePath("/import");
    return { ok: true, data: undefined, message: "Import discarded." };
  } catch (error) {
    return expected(error, "Discarding an import");
  }
}
