"use client";

import { useActionState, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { useKeptForm } from "@/lib/hooks/use-kept-form";
import { sizeBandLabels, sizeBands, type ProofStory } from "@/lib/win-loss/proof-matching";
import { storyCsvColumns } from "@/lib/win-loss/proof-stories";
import { deleteStoryAction, importStoriesAction, saveStoryAction } from "./actions";

export type EditableStory = ProofStory & { version: number; customerName: string; summary: string; url: string | null };

/** Adds a story (no `story`) or edits one against the version it was opened at. */
export function StoryForm({ story, stages }: { story?: EditableStory; stages: { id: number; name: string }[] }) {
  const { state, formAction, pending, onSubmit } = useKeptForm(saveStoryAction, { resetOnSuccess: !story });
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const key = story ? `story-${story.id}` : "new-story";
  const text = (name: keyof EditableStory, label: string, hint?: string) => (
    <Field label={label} htmlFor={`${key}-${name}`} error={errors?.[name]} hint={hint}>
      <Input id={`${key}-${name}`} name={name} defaultValue={(story?.[name] as string | null | undefined) ?? ""} aria-invalid={Boolean(errors?.[name])} aria-describedby={errors?.[name] ? `${key}-${name}-error` : undefined} />
    </Field>
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-3" aria-label={story ? `Edit ${story.title}` : "Add a story"}>
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : state ? <Alert tone="error">{state.error}</Alert> : null}
      {story ? (
        <>
          <input type="hidden" name="id" value={story.id} />
          <input type="hidden" name="version" value={story.version} />
        </>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        {text("title", "Title")}
        {text("customerName", "Customer")}
        {text("industry", "Industry", "As the accounts' industries are filed, e.g. Software")}
        <Field label="Company size" htmlFor={`${key}-sizeBand`} error={errors?.sizeBand}>
          <Select id={`${key}-sizeBand`} name="sizeBand" defaultValue={story?.sizeBand ?? ""} aria-invalid={Boolean(errors?.sizeBand)}>
            <option value="">Any size</option>
            {sizeBands.map((b) => (
              <option key={b} value={b}>
                {sizeBandLabels[b]}
              </option>
            ))}
          </Select>
        </Field>
        {text("useCase", "Use case")}
        {text("competitor", "Competitor displaced")}
        {text("objection", "Objection answered")}
        <Field label="Stage it helps" htmlFor={`${key}-stageId`} error={errors?.stageId}>
          <Select id={`${key}-stageId`} name="stageId" defaultValue={story?.stageId ?? ""} aria-invalid={Boolean(errors?.stageId)}>
            <option value="">Any stage</option>
            {stages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </Field>
        {text("url", "Link", "https://…")}
        {text("summary", "Summary")}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : story ? "Save story" : "Add story"}
      </Button>
    </form>
  );
}

export function DeleteStoryButton({ id, version, title }: { id: number; version: number; title: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <span>
      <button
        type="button"
        disabled={pending}
        className="rounded-md border border-red-200 bg-white px-2.5 py-1.5 text-xs font-medium text-red-700 hover:bg-red-50"
        aria-label={`Delete ${title}`}
        onClick={() => {
          if (!window.confirm(`Delete “${title}”? Its sends to deals go with it.`)) return;
          start(async () => {
            const result = await deleteStoryAction({ id, version });
            setError(result.ok ? null : result.error);
          });
        }}
      >
        Delete
      </button>
      {error ? (
        <span role="alert" className="ml-2 text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}

/** A CSV of stories, added all together or not at all; each problem named by row and column. */
export function ImportStoriesForm() {
  const [state, action, pending] = useActionState(importStoriesAction, null);
  const rowErrors = state && !state.ok && "rowErrors" in state ? state.rowErrors : undefined;
  return (
    <form action={action} className="space-y-3" aria-label="Import stories">
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : state ? <Alert tone="error">{state.error}</Alert> : null}
      {rowErrors && rowErrors.length > 0 ? (
        <ul className="max-h-48 overflow-y-auto text-sm text-red-700" data-testid="story-import-errors">
          {rowErrors.map((e, i) => (
            <li key={i}>
              Row {e.row}, {e.field}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      <Field label="CSV file" htmlFor="stories-file" hint={`Columns: ${storyCsvColumns.join(", ")} (title and customer required; stage by name)`}>
        <Input id="stories-file" name="file" type="file" accept=".csv,text/csv" />
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Importing…" : "Import stories"}
      </Button>
    </form>
  );
}
