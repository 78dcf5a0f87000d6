"use client";

import { type ComponentProps, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { NumberField } from "@/components/ui/number-field";
import type { ActionResult } from "@/lib/action-result";
import { saveBenchmarksAction, saveFunnelSettingsAction, saveOrganisationAction, saveQuotasAction, saveStageExpectedDaysAction, saveTargetsAction } from "./actions";
import { useKeptForm } from "@/lib/hooks/use-kept-form";

type Action = (state: ActionResult | null, formData: FormData) => Promise<ActionResult>;

function SettingsForm({ action, canEdit, title, description, children }: { action: Action; canEdit: boolean; title: string; description: string; children: (errors: Record<string, string>) => ReactNode }) {
  const { state, formAction, pending, onSubmit } = useKeptForm(action);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" aria-label={title}>
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      <p className="mt-1 mb-4 text-sm text-slate-600">{description}</p>
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : state && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
      <fieldset disabled={!canEdit || pending} className="mt-3 space-y-4">
        {children(errors)}
        {canEdit ? (
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        ) : null}
      </fieldset>
    </form>
  );
}

/** A field of these forms posts under its name, which is also its id. */
function NumberInput({ name, ...field }: Omit<ComponentProps<typeof NumberField>, "id"> & { name: string }) {
  return <NumberField id={name} name={name} {...field} />;
}

export function TargetsForm({ canEdit, velocity, pipeline, effectiveFrom, currency }: { canEdit: boolean; velocity: string; pipeline: string; effectiveFrom: string; currency: string }) {
  return (
    <SettingsForm
      action={saveTargetsAction}
      canEdit={canEdit}
      title="Targets"
      description="Velocity is measured against its target scaled to the period (the target is for a month of opportunities); pipeline created against the monthly target scaled the same way."
    >
      {(errors) => (
        <div className="grid gap-4 sm:grid-cols-3">
          <NumberInput name="velocity_per_day" label="Velocity target" defaultValue={velocity} error={errors.velocity_per_day} suffix={`${currency}/day`} />
          <NumberInput name="pipeline_created_per_month" label="Pipeline created target" defaultValue={pipeline} error={errors.pipeline_created_per_month} suffix={`${currency}/month`} />
          <Field label="Takes effect on" htmlFor="effectiveFrom" error={errors.effectiveFrom}>
            <Input id="effectiveFrom" name="effectiveFrom" type="date" defaultValue={effectiveFrom} />
          </Field>
        </div>
      )}
    </SettingsForm>
  );
}

export interface BenchmarkValues {
  improvement: string;
  tierBounds: string;
  winRateBelow: string;
  cycleDaysAbove: string;
  opportunitiesPerMonthBelow: string;
  benchmarkWinRate: string;
  benchmarkOpportunities: string;
  benchmarkCycle: string;
  benchmarkDealSize: string;
}

export function BenchmarksForm({ canEdit, values, currency }: { canEdit: boolean; values: BenchmarkValues; currency: string }) {
  return (
    <SettingsForm
      action={saveBenchmarksAction}
      canEdit={canEdit}
      title="Lever analysis, thresholds and benchmarks"
      description="The prioritisation rules fire below or above these thresholds; the lever with the highest leverage is the one whose gap to its benchmark is worth the most velocity."
    >
      {(errors) => (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <NumberInput name="improvement" label="Default improvement x" defaultValue={values.improvement} error={errors.improvement} suffix="%" />
            <Field label="Deal-size tier bounds" htmlFor="tierBounds" error={errors.tierBounds} hint="Ascending amounts separated by spaces: 10,000 50,000 gives < 10K, 10K–50K, ≥ 50K.">
              <Input id="tierBounds" name="tierBounds" defaultValue={values.tierBounds} aria-invalid={Boolean(errors.tierBounds)} />
            </Field>
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            <NumberInput name="winRateBelow" label="Rule: win rate below" defaultValue={values.winRateBelow} error={errors.winRateBelow} suffix="%" />
            <NumberInput name="cycleDaysAbove" label="Rule: cycle above" defaultValue={values.cycleDaysAbove} error={errors.cycleDaysAbove} suffix="days" />
            <NumberInput
              name="opportunitiesPerMonthBelow"
              label="Rule: opportunities below"
              defaultValue={values.opportunitiesPerMonthBelow}
              error={errors.opportunitiesPerMonthBelow}
              suffix="/month"
            />
            <NumberInput name="benchmarkWinRate" label="Benchmark: win rate" defaultValue={values.benchmarkWinRate} error={errors.benchmarkWinRate} suffix="%" />
            <NumberInput name="benchmarkCycle" label="Benchmark: cycle" defaultValue={values.benchmarkCycle} error={errors.benchmarkCycle} suffix="days" />
            <NumberInput
              name="benchmarkOpportunities"
              label="Benchmark: opportunities"
              defaultValue={values.benchmarkOpportunities}
              error={errors.benchmarkOpportunities}
              suffix="/month"
            />
            <NumberInput
              name="benchmarkDealSize"
              label="Benchmark: deal size"
              defaultValue={values.benchmarkDealSize}
              error={errors.benchmarkDealSize}
              suffix={currency}
              hint="Leave empty to measure deal size against the comparison period instead."
            />
          </div>
        </>
      )}
    </SettingsForm>
  );
}

export function QuotasForm({ canEdit, quarterStart, quarterLabel, reps, currency }: { canEdit: boolean; quarterStart: string; quarterLabel: string; reps: { userId: number; name: string; amount: string | null }[]; currency: string }) {
  return (
    <SettingsForm action={saveQuotasAction} canEdit={canEdit} title={`Quotas, ${quarterLabel}`} description="Each active rep's quota for the quarter; pipeline coverage divides by what is still to win.">
      {(errors) => (
        <>
          <input type="hidden" name="quarterStart" value={quarterStart} />
          {reps.length === 0 ? <p className="text-sm text-slate-600">No active sales reps yet. Add them on the Users page.</p> : null}
          <div className="grid gap-4 sm:grid-cols-2">
            {reps.map((r) => (
              <NumberInput key={r.userId} name={`quota-${r.userId}`} label={r.name} defaultValue={r.amount === null ? "" : String(Number(r.amount))} error={errors[`quota-${r.userId}`]} suffix={currency} />
            ))}
          </div>
        </>
      )}
    </SettingsForm>
  );
}

export function StageExpectedDaysForm({ canEdit, stages }: { canEdit: boolean; stages: { stageId: number; name: string; expectedDays: number | null }[] }) {
  return (
    <SettingsForm
      action={saveStageExpectedDaysAction}
      canEdit={canEdit}
      title="Days in each stage before a stage change is due"
      description="The Opportunity SLA (update the stage within its hours) starts when a deal has been in a stage this long. Leave a stage empty and no change there is ever due."
    >
      {(errors) => (
        <div className="grid gap-4 sm:grid-cols-3">
          {stages.map((s) => (
            <NumberInput key={s.stageId} name={`expected-${s.stageId}`} label={s.name} defaultValue={s.expectedDays === null ? "" : String(s.expectedDays)} error={errors[`expected-${s.stageId}`]} suffix="days" />
          ))}
        </div>
      )}
    </SettingsForm>
  );
}

export function FunnelSettingsForm({ canEdit, values }: { canEdit: boolean; values: { lead: string; mql: string; sql: string; opportunity: string; breachArchiveDays: string } }) {
  return (
    <SettingsForm
      action={saveFunnelSettingsAction}
      canEdit={canEdit}
      title="Lead stages: expected days and breaches"
      description="How long a lead should take in each stage: the funnel's bottleneck compares only the steps a cohort has had these days for, and a lead in a stage longer (and at least 7 days) is stuck. An SLA breach overdue by more than the cut-off is archived."
    >
      {(errors) => (
        <>
          <div className="grid gap-4 sm:grid-cols-4">
            <NumberInput name="lead" label="Lead" defaultValue={values.lead} error={errors.lead} suffix="days" />
            <NumberInput name="mql" label="MQL" defaultValue={values.mql} error={errors.mql} suffix="days" />
            <NumberInput name="sql" label="SQL" defaultValue={values.sql} error={errors.sql} suffix="days" />
            <NumberInput name="opportunity" label="Opportunity" defaultValue={values.opportunity} error={errors.opportunity} suffix="days" />
          </div>
          <div className="grid gap-4 sm:grid-cols-4">
            <NumberInput name="breachArchiveDays" label="Archive breaches overdue by more than" defaultValue={values.breachArchiveDays} error={errors.breachArchiveDays} suffix="days" />
          </div>
        </>
      )}
    </SettingsForm>
  );
}

export function OrganisationForm({ canEdit, timeZone, currency }: { canEdit: boolean; timeZone: string; currency: string }) {
  return (
    <SettingsForm action={saveOrganisationAction} canEdit={canEdit} title="Organisation" description="Periods are whole days in this time zone; money is shown in this currency.">
      {(errors) => (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Time zone" htmlFor="timeZone" error={errors.timeZone} hint="An IANA name such as UTC, Europe/Berlin or America/New_York.">
            <Input id="timeZone" name="timeZone" defaultValue={timeZone} aria-invalid={Boolean(errors.timeZone)} />
          </Field>
          <Field label="Currency" htmlFor="currency" error={errors.currency}>
            <Input id="currency" name="currency" defaultValue={currency} maxLength={3} aria-invalid={Boolean(errors.currency)} />
          </Field>
        </div>
      )}
    </SettingsForm>
  );
}
