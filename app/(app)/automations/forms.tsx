"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import type { SwitchedAutomation } from "@/lib/domain/automations";
import { useKeptForm } from "@/lib/hooks/use-kept-form";
import { decideRoleAction, saveBattlecardAction, switchAutomationAction } from "./actions";

/** The admin's switch: on from a day (today unless an earlier day is given), or off from today. */
export function SwitchForm({ automation, label, enabled, since, today }: { automation: SwitchedAutomation; label: string; enabled: boolean; since: string | null; today: string }) {
  const { state, formAction, pending, onSubmit } = useKeptForm(switchAutomationAction);
  const error = state && !state.ok ? (state.fieldErrors?.since ?? state.error) : undefined;
  const id = `since-${automation}`;
  return (
    <form action={formAction} onSubmit={onSubmit} aria-label={`Switch ${label}`} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="automation" value={automation} />
      <input type="hidden" name="state" value={enabled ? "off" : "on"} />
      {enabled ? null : (
        <div className="w-44">
          <Field label="Switched on from" htmlFor={id} error={state && !state.ok ? state.fieldErrors?.since : undefined}>
            <Input id={id} name="since" type="date" max={today} defaultValue={since ?? today} aria-invalid={error ? true : undefined} />
          </Field>
        </div>
      )}
      <Button type="submit" disabled={pending} variant={enabled ? "secondary" : "primary"}>
        {pending ? "Saving…" : enabled ? `Switch ${label} off` : `Switch ${label} on`}
      </Button>
      {state ? (
        <div className="basis-full" role="status">
          <Alert tone={state.ok ? "success" : "error"}>{state.ok ? state.message : error}</Alert>
        </div>
      ) : null}
    </form>
  );
}

/** Marketing's editor for one competitor's battlecard: a link and notes; both blank removes it. */
export function BattlecardForm({ competitor, url, notes }: { competitor: string; url: string | null; notes: string }) {
  const { state, formAction, pending, onSubmit } = useKeptForm(saveBattlecardAction);
  const slug = competitor.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const fieldError = (f: string) => (state && !state.ok ? state.fieldErrors?.[f] : undefined);
  return (
    <form action={formAction} onSubmit={onSubmit} aria-label={`${competitor} battlecard`} className="space-y-3">
      <input type="hidden" name="competitor" value={competitor} />
      <Field label="Link" htmlFor={`card-url-${slug}`} error={fieldError("url")}>
        <Input id={`card-url-${slug}`} name="url" type="text" inputMode="url" placeholder="https://…" defaultValue={url ?? ""} aria-invalid={fieldError("url") ? true : undefined} />
      </Field>
      <Field label="Notes (the first line goes in the alert)" htmlFor={`card-notes-${slug}`} error={fieldError("notes")}>
        <textarea
          id={`card-notes-${slug}`}
          name="notes"
          rows={3}
          maxLength={2000}
          defaultValue={notes}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:ring-1 focus:ring-brand-500 focus:outline-none"
        />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save battlecard"}
        </Button>
        {state ? (
          <span role="status" className={`text-sm ${state.ok ? "text-emerald-700" : "text-red-700"}`}>
            {state.ok ? state.message : state.error}
          </span>
        ) : null}
      </div>
    </form>
  );
}

/** Accept or reject one proposed role; the result replaces the buttons. */
export function ProposalDecision({ proposalId, contactName, roleLabel }: { proposalId: number; contactName: string; roleLabel: string }) {
  // No onSubmit: the form posts through React, which sends the pressed button's decision.
  const { state, formAction, pending } = useKeptForm(decideRoleAction);
  if (state?.ok) {
    return (
      <span role="status" className="text-sm text-emerald-700">
        {state.message}
      </span>
    );
  }
  return (
    <form action={formAction} aria-label={`${contactName} as ${roleLabel}`} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="proposalId" value={proposalId} />
      <Button type="submit" name="decision" value="accept" disabled={pending} aria-label={`Accept ${contactName} as ${roleLabel}`}>
        Accept
      </Button>
      <Button type="submit" name="decision" value="reject" variant="secondary" disabled={pending} aria-label={`Reject ${contactName} as ${roleLabel}`}>
        Reject
      </Button>
      {state && !state.ok ? (
        <span role="status" className="basis-full text-sm text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
