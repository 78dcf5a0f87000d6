"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { useKeptForm } from "@/lib/hooks/use-kept-form";
import { dismissBreachAction } from "./actions";

/** A breach's dismissal: the reason is required. */
export function DismissForm({ kind, subjectId, label }: { kind: string; subjectId: number; label: string }) {
  const { state, formAction, pending, onSubmit } = useKeptForm(dismissBreachAction);
  const error = state && !state.ok ? (state.fieldErrors?.reason ?? state.error) : null;
  const id = `reason-${kind}-${subjectId}`;
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-2" aria-label={`Dismiss ${label}`}>
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="subjectId" value={subjectId} />
      <label htmlFor={id} className="sr-only">
        Reason for dismissing {label}
      </label>
      <Input id={id} name="reason" placeholder="Reason" maxLength={500} aria-invalid={Boolean(error)} className="min-w-0 flex-1 basis-48" />
      <Button type="submit" disabled={pending}>
        {pending ? "Dismissing…" : "Dismiss"}
      </Button>
      {error ? (
        <div className="basis-full">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
    </form>
  );
}
