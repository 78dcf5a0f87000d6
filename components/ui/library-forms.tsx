"use client";

import { useActionState, useState, useTransition } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import { Field, Input } from "./field";

export interface CsvRowError {
  row: number;
  field: string;
  message: string;
}

type ImportState = { ok: true; message?: string } | { ok: false; error: string; rowErrors?: CsvRowError[] };

/**
 * A library's CSV import (stories, assets): the rows are added all together or not at all, and each
 * problem is listed by row and column.
 */
export function CsvImportForm<S extends ImportState>({ action, noun, hint, errorsTestId }: { action: (previous: S | null, form: FormData) => Promise<S>; noun: string; hint: string; errorsTestId: string }) {
  const [state, formAction, pending] = useActionState<S | null, FormData>(action, null);
  const rowErrors = state && !state.ok ? state.rowErrors : undefined;
  const id = `${noun}-file`;
  return (
    <form action={formAction} className="space-y-3" aria-label={`Import ${noun}`}>
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : state ? <Alert tone="error">{state.error}</Alert> : null}
      {rowErrors && rowErrors.length > 0 ? (
        <ul className="max-h-48 overflow-y-auto text-sm text-red-700" data-testid={errorsTestId}>
          {rowErrors.map((e, i) => (
            <li key={i}>
              Row {e.row}, {e.field}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      <Field label="CSV file" htmlFor={id} hint={hint}>
        <Input id={id} name="file" type="file" accept=".csv,text/csv" />
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Importing…" : `Import ${noun}`}
      </Button>
    </form>
  );
}

/** Deletes one item of a library after a confirmation; a refusal shows beside the button. */
export function ConfirmDeleteButton({ title, question, onDelete }: { title: string; question: string; onDelete: () => Promise<{ ok: true } | { ok: false; error: string }> }) {
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
          if (!window.confirm(question)) return;
          start(async () => {
            const result = await onDelete();
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
