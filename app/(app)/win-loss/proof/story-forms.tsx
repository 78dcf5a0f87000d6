"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { ConfirmDeleteButton, CsvImportForm } from "@/components/ui/library-forms";
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
  return <ConfirmDeleteButton title={title} question={`Delete “${title}”? Its sends to deals go with it.`} onDelete={() => deleteStoryAction({ id, version })} />;
}

/** A CSV of stories, added all together or not at all; each problem named by row and column. */
export function ImportStoriesForm() {
  return (
    <CsvImportForm
      action={importStoriesAction}
      noun="stories"
      errorsTestId="story-import-errors"
      hint={`Columns: ${storyCsvColumns.join(", ")} (title and customer required; stage by name)`}
    />
  );
}
