"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import type { ActionResult } from "@/lib/action-result";
import { useKeptForm } from "@/lib/hooks/use-kept-form";
import { createWebhookAction, deleteWebhookAction, setWebhookActiveAction } from "./actions";

export function CreateWebhookForm({ events }: { events: { event: string; label: string }[] }) {
  const { state, formAction, pending, onSubmit } = useKeptForm(createWebhookAction, { resetOnSuccess: true });
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-4" noValidate>
      {state?.ok ? (
        <Alert tone="success" title={state.message}>
          Its signing secret, shown once: check each request&apos;s <code>X-Pipeline-Signature</code> with it.
          <code className="mt-1 block break-all rounded bg-white px-1 py-0.5 font-mono text-xs" data-testid="webhook-secret">
            {state.data.secret}
          </code>
        </Alert>
      ) : state && !errors ? (
        <Alert tone="error">{state.error}</Alert>
      ) : null}
      <Field label="Name" htmlFor="webhook-name" error={errors?.name}>
        <Input id="webhook-name" name="name" aria-invalid={Boolean(errors?.name)} placeholder="#sales-alerts on Slack" />
      </Field>
      <Field label="Address (https://…)" htmlFor="webhook-url" error={errors?.url}>
        <Input id="webhook-url" name="url" type="url" inputMode="url" aria-invalid={Boolean(errors?.url)} placeholder="https://hooks.slack.com/services/…" />
      </Field>
      <fieldset aria-describedby={errors?.events ? "webhook-events-error" : undefined}>
        <legend className="text-sm font-medium text-slate-700">Send these events</legend>
        <div className="mt-1.5 space-y-1.5">
          {events.map(({ event, label }) => (
            <label key={event} className="flex items-start gap-2 text-sm text-slate-800">
              <input type="checkbox" name="events" value={event} defaultChecked={event === "handoff"} className="mt-0.5 size-4 rounded border-slate-300" />
              {label}
            </label>
          ))}
        </div>
        {errors?.events ? (
          <p id="webhook-events-error" className="mt-1.5 text-sm text-red-700">
            {errors.events}
          </p>
        ) : null}
      </fieldset>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating…" : "Create webhook"}
      </Button>
    </form>
  );
}

const small = "rounded-md border bg-white px-2.5 py-1.5 text-xs font-medium disabled:opacity-60";

export function WebhookButtons({ id, name, active, version }: { id: number; name: string; active: boolean; version: number }) {
  const [toggled, toggle, toggling] = useActionState<ActionResult | null, FormData>(setWebhookActiveAction, null);
  const [deleted, remove, deleting] = useActionState<ActionResult | null, FormData>(deleteWebhookAction, null);
  const failure = (toggled && !toggled.ok ? toggled.error : null) ?? (deleted && !deleted.ok ? deleted.error : null);
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        <form action={toggle}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="active" value={active ? "false" : "true"} />
          <button type="submit" disabled={toggling} className={`${small} border-slate-300 text-slate-700 hover:bg-slate-50`} aria-label={`${active ? "Turn off" : "Turn on"} ${name}`}>
            {active ? "Turn off" : "Turn on"}
          </button>
        </form>
        <form
          action={remove}
          onSubmit={(e) => {
            if (!window.confirm(`Delete “${name}” and its delivery log?`)) e.preventDefault();
          }}
        >
          <input type="hidden" name="id" value={id} />
          <button type="submit" disabled={deleting} className={`${small} border-red-200 text-red-700 hover:bg-red-50`} aria-label={`Delete ${name}`}>
            Delete
          </button>
        </form>
      </div>
      {failure ? (
        <p role="alert" className="text-xs text-red-700">
          {failure}
        </p>
      ) : null}
    </div>
  );
}
