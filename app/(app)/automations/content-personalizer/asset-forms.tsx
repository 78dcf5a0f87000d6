"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { ConfirmDeleteButton, CsvImportForm } from "@/components/ui/library-forms";
import { useKeptForm } from "@/lib/hooks/use-kept-form";
import { assetCsvColumns, assetFormats, formatLabels } from "@/lib/automations/content-assets";
import { deleteAssetAction, importAssetsAction, saveAssetAction } from "./actions";

export interface EditableAsset {
  id: number;
  version: number;
  title: string;
  format: string;
  url: string;
  roles: string;
  stages: string;
  industries: string;
  signalTypes: string;
  competitor: string;
}

/** Adds an asset (no `asset`) or edits one against the version it was opened at. */
export function AssetForm({ asset }: { asset?: EditableAsset }) {
  const { state, formAction, pending, onSubmit } = useKeptForm(saveAssetAction, { resetOnSuccess: !asset });
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const key = asset ? `asset-${asset.id}` : "new-asset";
  const text = (name: keyof EditableAsset, label: string, hint?: string) => (
    <Field label={label} htmlFor={`${key}-${name}`} error={errors?.[name]} hint={hint}>
      <Input id={`${key}-${name}`} name={name} defaultValue={asset ? String(asset[name]) : ""} aria-invalid={errors?.[name] ? true : undefined} />
    </Field>
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-3" aria-label={asset ? `Edit ${asset.title}` : "Add an asset"}>
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : state ? <Alert tone="error">{state.error}</Alert> : null}
      {asset ? (
        <>
          <input type="hidden" name="id" value={asset.id} />
          <input type="hidden" name="version" value={asset.version} />
        </>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        {text("title", "Title")}
        <Field label="Format" htmlFor={`${key}-format`} error={errors?.format}>
          <Select id={`${key}-format`} name="format" defaultValue={asset?.format ?? "case_study"} aria-invalid={errors?.format ? true : undefined}>
            {assetFormats.map((f) => (
              <option key={f} value={f}>
                {formatLabels[f]}
              </option>
            ))}
          </Select>
        </Field>
        {text("url", "Link", "https://…")}
        {text("roles", "Roles", "Buying-group roles, separated by commas; blank: any")}
        {text("stages", "Stages", "awareness, consideration, decision; blank: any")}
        {text("industries", "Industries", "As the accounts' industries are filed; blank: any")}
        {text("signalTypes", "Signal types", "The signals it answers, e.g. pricing_page_depth")}
        {text("competitor", "Competitor", "The rival it answers, if any")}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : asset ? "Save asset" : "Add asset"}
      </Button>
    </form>
  );
}

export function DeleteAssetButton({ id, version, title }: { id: number; version: number; title: string }) {
  return <ConfirmDeleteButton title={title} question={`Delete “${title}” from the library?`} onDelete={() => deleteAssetAction({ id, version })} />;
}

/** A CSV of assets, added all together or not at all; each problem named by row and column. */
export function ImportAssetsForm() {
  return (
    <CsvImportForm
      action={importAssetsAction}
      noun="assets"
      errorsTestId="asset-import-errors"
      hint={`Columns: ${assetCsvColumns.join(", ")} (title, format and url required; lists separated by semicolons)`}
    />
  );
}
