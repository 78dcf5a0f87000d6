"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { useKeptForm } from "@/lib/hooks/use-kept-form";
import { MAX_CHANGE_NOTE_LENGTH, MAX_DEFINITION_LENGTH, MAX_SLA_TEXT_LENGTH } from "@/lib/definitions/proposal-form";
import { slaUnitLabels, teamLabels } from "@/lib/definitions/rules";
import { slaUnits, teams, type Team } from "@/lib/domain/funnel-definitions";
import { proposeChangeAction, signOffAction } from "./actions";

export interface ProposalDefaults {
  stage: string;
  label: string;
  latestVersion: number;
  definition: string;
  owner: Team;
  slaValue: string;
  slaUnit: string;
  slaText: string;
}

const textareaClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none aria-[invalid=true]:border-red-500";

export function ProposeChangeForm({ defaults }: { defaults: ProposalDefaults }) {
  const { state, formAction, pending, onSubmit } = useKeptForm(proposeChangeAction);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const id = (name: string) => `${defaults.stage}-${name}`;
  const described = (name: string) => (errors[name] ? `${id(name)}-error` : undefined);

  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4" aria-label={`Propose a change to ${defaults.label}`}>
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : state && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
      <input type="hidden" name="stage" value={defaults.stage} />
      <input type="hidden" name="expectedLatestVersion" value={defaults.latestVersion} />
      <Field label="Definition" htmlFor={id("definition")} error={errors.definition}>
        <textarea
          id={id("definition")}
          name="definition"
          rows={3}
          maxLength={MAX_DEFINITION_LENGTH}
          defaultValue={defaults.definition}
          aria-invalid={Boolean(errors.definition)}
          aria-describedby={described("definition")}
          className={textareaClass}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Owner" htmlFor={id("owner")} error={errors.owner}>
          <Select id={id("owner")} name="owner" defaultValue={defaults.owner} aria-invalid={Boolean(errors.owner)}>
            {teams.map((team) => (
              <option key={team} value={team}>
                {teamLabels[team]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="SLA number" htmlFor={id("slaValue")} error={errors.slaValue} hint="Leave empty for no time limit.">
          <Input
            id={id("slaValue")}
            name="slaValue"
            inputMode="decimal"
            defaultValue={defaults.slaValue}
            aria-invalid={Boolean(errors.slaValue)}
            aria-describedby={described("slaValue")}
            className="tabular-nums"
          />
        </Field>
        <Field label="SLA unit" htmlFor={id("slaUnit")} error={errors.slaUnit}>
          <Select id={id("slaUnit")} name="slaUnit" defaultValue={defaults.slaUnit} aria-invalid={Boolean(errors.slaUnit)} aria-describedby={described("slaUnit")}>
            <option value="">No time limit</option>
            {slaUnits.map((unit) => (
              <option key={unit} value={unit}>
                {slaUnitLabels[unit]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label="SLA in words" htmlFor={id("slaText")} error={errors.slaText} hint="Optional, e.g. “Route to sales within 5 minutes”.">
        <Input id={id("slaText")} name="slaText" maxLength={MAX_SLA_TEXT_LENGTH} defaultValue={defaults.slaText} aria-invalid={Boolean(errors.slaText)} />
      </Field>
      <Field label="Why the change" htmlFor={id("changeNote")} error={errors.changeNote} hint="Optional; shown in the history for the people who sign.">
        <Input id={id("changeNote")} name="changeNote" maxLength={MAX_CHANGE_NOTE_LENGTH} aria-invalid={Boolean(errors.changeNote)} />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Proposing…" : `Propose version ${defaults.latestVersion + 1}`}
        </Button>
        <p className="text-xs text-slate-500">Nothing changes until marketing and sales have both signed the new version.</p>
      </div>
    </form>
  );
}

export function SignOffButton({ versionId, version, team, label }: { versionId: number; version: number; team: Team; label: string }) {
  const { state, formAction, pending, onSubmit } = useKeptForm(signOffAction);
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-2">
      <input type="hidden" name="versionId" value={versionId} />
      <input type="hidden" name="team" value={team} />
      <Button type="submit" disabled={pending} aria-label={`Sign off version ${version} of ${label} for ${team}`}>
        {pending ? "Signing…" : `Sign off for ${team}`}
      </Button>
      {state && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
    </form>
  );
}

