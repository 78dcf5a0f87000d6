"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { setRoutingSinceAction } from "./actions";
import { useKeptForm } from "@/lib/hooks/use-kept-form";

/** The admin's form for the day the router was switched on. */
export function RoutingSinceForm({ current, today }: { current: string | null; today: string }) {
  const { state, formAction, pending, onSubmit } = useKeptForm(setRoutingSinceAction);
  const error = state && !state.ok ? state.fieldErrors?.routingSince : undefined;
  return (
    <form action={formAction} onSubmit={onSubmit} aria-label="Day the router was switched on" className="flex flex-wrap items-end gap-3">
      <div className="w-48">
        <Field label="Router switched on" htmlFor="routing-since" error={error}>
          <Input id="routing-since" name="routingSince" type="date" max={today} defaultValue={current ?? ""} required aria-invalid={error ? true : undefined} />
        </Field>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : current ? "Change the day" : "Set the day"}
      </Button>
      {state ? (
        <div className="basis-full">
          <Alert tone={state.ok ? "success" : "error"}>{state.ok ? state.message : (error ?? state.error)}</Alert>
        </div>
      ) : null}
    </form>
  );
}
