"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import type { ActionResult } from "@/lib/action-result";
import { useKeptForm } from "@/lib/hooks/use-kept-form";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

/** The scopes a key may hold, with what each allows; reading metrics is ticked by default. */
export function CreateKeyForm({ scopes }: { scopes: { scope: string; label: string }[] }) {
  const { state, formAction, pending, onSubmit } = useKeptForm(createApiKeyAction, { resetOnSuccess: true });
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-4" noValidate>
      {state?.ok ? (
        <Alert tone="success" title={state.message}>
          Copy it now; it is shown once and stored only as a hash:{" "}
          <code className="block break-all rounded bg-white px-1 py-0.5 font-mono text-xs" data-testid="new-api-key">
            {state.data.key}
          </code>
        </Alert>
      ) : state && !errors ? (
        <Alert tone="error">{state.error}</Alert>
      ) : null}
      <Field label="Name" htmlFor="key-name" error={errors?.name}>
        <Input id="key-name" name="name" aria-invalid={Boolean(errors?.name)} placeholder="BI dashboard" />
      </Field>
      <fieldset aria-describedby={errors?.scopes ? "key-scopes-error" : undefined}>
        <legend className="text-sm font-medium text-slate-700">The key may</legend>
        <div className="mt-1.5 space-y-1.5">
          {scopes.map(({ scope, label }) => (
            <label key={scope} className="flex items-start gap-2 text-sm text-slate-800">
              <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === "metrics:read"} className="mt-0.5 size-4 rounded border-slate-300" />
              <span>
                {label} <code className="text-xs text-slate-500">{scope}</code>
              </span>
            </label>
          ))}
        </div>
        {errors?.scopes ? (
          <p id="key-scopes-error" className="mt-1.5 text-sm text-red-700">
            {errors.scopes}
          </p>
        ) : null}
      </fieldset>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating…" : "Create key"}
      </Button>
    </form>
  );
}

export function RevokeKeyButton({ id, name }: { id: number; name: string }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(revokeApiKeyAction, null);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(`Revoke “${name}”? Clients using it stop working at once.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className="rounded-md border border-red-200 bg-white px-2.5 py-1.5 text-xs font-medium text-red-700 hover:bg-red-50" aria-label={`Revoke ${name}`}>
        Revoke
      </button>
      {state && !state.ok ? <p role="alert" className="mt-1 text-xs text-red-700">{state.error}</p> : null}
    </form>
  );
}
