"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { roleLabels, userRoles } from "@/lib/domain/roles";
import { createUserAction, type CreatedUser } from "./actions";
import { useKeptForm } from "@/lib/hooks/use-kept-form";

export function CreateUserForm() {
  const { state, formAction, pending, onSubmit } = useKeptForm<CreatedUser>(createUserAction, { resetOnSuccess: true });
  const errors = state && !state.ok ? state.fieldErrors : undefined;

  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-4" noValidate>
      {state?.ok ? (
        <Alert tone="success" title={state.message}>
          {state.data.temporaryPassword ? (
            <>
              Temporary password for {state.data.email}:{" "}
              <code className="rounded bg-white px-1 font-mono" data-testid="temporary-password">
                {state.data.temporaryPassword}
              </code>
              . It is shown once; hand it over privately.
            </>
          ) : null}
        </Alert>
      ) : state && !errors ? (
        <Alert tone="error">{state.error}</Alert>
      ) : null}
      <Field label="Name" htmlFor="new-name" error={errors?.name}>
        <Input id="new-name" name="name" autoComplete="off" aria-invalid={Boolean(errors?.name)} />
      </Field>
      <Field label="Email" htmlFor="new-email" error={errors?.email}>
        <Input id="new-email" name="email" type="email" autoComplete="off" aria-invalid={Boolean(errors?.email)} />
      </Field>
      <Field label="Role" htmlFor="new-role" error={errors?.role}>
        <Select id="new-role" name="role" defaultValue="sales">
          {userRoles.map((role) => (
            <option key={role} value={role}>
              {roleLabels[role]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Password" htmlFor="new-password" error={errors?.password} hint="Leave empty to generate a temporary one.">
        <Input id="new-password" name="password" type="password" autoComplete="new-password" aria-invalid={Boolean(errors?.password)} />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Adding…" : "Add user"}
      </Button>
    </form>
  );
}
