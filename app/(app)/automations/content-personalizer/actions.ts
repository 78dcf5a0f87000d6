"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { addAsset, deleteAsset, importAssets, updateAsset } from "@/db/queries/content-assets";
import { assetInput, nulField, readAssetRows, type AssetRowError } from "@/lib/automations/content-assets";
import { readSmallCsv } from "@/lib/import/small-csv";
import { done, guardedAction, guardedFormAction, refused } from "@/app/_guard/guarded-action";

const revalidate = ["/automations/content-personalizer", "/automations"];

/** Adds an asset, or saves one against the version it was opened at; marketing and admins. */
export const saveAssetAction = guardedFormAction(
  {
    permission: "abm:manage",
    context: "Saving a content asset",
    input: z.record(z.string(), z.unknown()),
    fromForm: (form) => Object.fromEntries(form),
    revalidate,
  },
  async (raw, user) => {
    const nul = nulField(raw);
    if (nul) return refused(`${nul === "url" ? "Link" : nul[0]!.toUpperCase() + nul.slice(1)}: the text holds a NUL character; type it again.`, nul);
    const parsed = assetInput.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
      return { ok: false as const, error: Object.values(fieldErrors)[0]!, fieldErrors };
    }
    const id = typeof raw.id === "string" && /^\d{1,9}$/.test(raw.id) ? Number(raw.id) : undefined;
    const version = typeof raw.version === "string" && /^\d{1,9}$/.test(raw.version) ? Number(raw.version) : undefined;
    if (id === undefined) {
      const asset = await addAsset(getDb(), parsed.data, user.id);
      return done({ id: asset.id }, `“${asset.title}” added to the library.`);
    }
    if (version === undefined) return refused("The asset's version is missing: reload the page.");
    const { asset, changed } = await updateAsset(getDb(), { id, version, fields: parsed.data }, user.id);
    return done({ id: asset.id }, changed === 0 ? "Nothing changed." : `“${asset.title}” saved.`);
  },
);

export const deleteAssetAction = guardedAction(
  { permission: "abm:manage", context: "Deleting a content asset", input: z.object({ id: z.number().int().positive(), version: z.number().int().positive() }), revalidate },
  async (input, user) => {
    const title = await deleteAsset(getDb(), input, user.id);
    return done(null, `“${title}” deleted.`);
  },
);

/** A CSV of assets: all of them are added, or none and every row's error is listed. */
export const importAssetsAction = guardedFormAction(
  { permission: "abm:manage", context: "Importing content assets", input: z.object({ file: z.instanceof(File, { message: "Choose a CSV file." }) }), revalidate },
  async ({ file }, user): Promise<{ ok: true; data: { added: number }; message: string } | { ok: false; error: string; rowErrors?: AssetRowError[] }> => {
    const csv = await readSmallCsv(file, "asset");
    if (!csv.ok) return refused(csv.error, "file");
    const read = readAssetRows(csv.rows);
    const problems = (errors: AssetRowError[]) => ({ ok: false as const, error: `Nothing was imported: ${errors.length} ${errors.length === 1 ? "problem" : "problems"} to fix.`, rowErrors: errors });
    if (!read.ok) return problems(read.errors);
    const imported = await importAssets(getDb(), read.assets, user.id);
    if (!imported.ok) return problems(imported.errors);
    return { ok: true, data: { added: imported.added }, message: `${imported.added} ${imported.added === 1 ? "asset" : "assets"} imported.` };
  },
);
