"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { NumberField } from "@/components/ui/number-field";
import { fromCommaList, toCommaList } from "@/lib/text/comma-list";
import { readNumberText } from "@/lib/text/number-input";
import { stallInfo, type StallSettings } from "@/lib/win-loss/stalls";
import { saveStallSettingsAction } from "./actions";

type Stage = { id: number; name: string };
type DaysKey = "championDarkDays" | "procurementDays" | "quietDays" | "pushesBeforeStall";

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <legend className="sr-only">{title}</legend>
      <h2 className="text-base font-semibold text-slate-900" aria-hidden="true">
        {title}
      </h2>
      <div className="mt-4 grid gap-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

/** Stages ticked from the open stages of the pipeline. */
function StageChecks({ id, label, stages, value, error, onChange }: { id: string; label: string; stages: Stage[]; value: number[]; error?: string; onChange: (ids: number[]) => void }) {
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-700">{label}</legend>
      <div className="mt-1.5 flex flex-wrap gap-x-4 gap-y-1">
        {stages.map((s) => (
          <label key={s.id} className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" checked={value.includes(s.id)} onChange={(e) => onChange(e.target.checked ? [...value, s.id] : value.filter((v) => v !== s.id))} />
            {s.name}
          </label>
        ))}
      </div>
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The stall patterns' thresholds, as the admin sets them. */
export function StallSettingsForm({ initial, stages }: { initial: StallSettings; stages: Stage[] }) {
  const router = useRouter();
  const [value, setValue] = useState(initial);
  const [phrases, setPhrases] = useState(toCommaList(initial.budgetPhrases));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const days = (key: DaysKey, label: string, hint: string, suffix = "days") => (
    <NumberField
      id={`stalls-${key}`}
      label={label}
      hint={hint}
      suffix={suffix}
      error={errors[key]}
      value={Number.isNaN(value[key]) ? "" : String(value[key])}
      onValueChange={(v) => setValue({ ...value, [key]: readNumberText(v) ?? Number.NaN })}
    />
  );
  const stage = (key: "thinkAboutItStageId" | "buyInStageId", label: string) => (
    <Field label={label} htmlFor={`stalls-${key}`} error={errors[key]}>
      <Select id={`stalls-${key}`} value={value[key]} onChange={(e) => setValue({ ...value, [key]: Number(e.target.value) })}>
        {stages.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </Select>
    </Field>
  );

  return (
    <form
      noValidate
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        setResult(null);
        startTransition(async () => {
          const r = await saveStallSettingsAction({ ...value, budgetPhrases: fromCommaList(phrases) });
          setErrors(r.ok ? {} : (r.fieldErrors ?? {}));
          setResult(r.ok ? { ok: true, text: r.message ?? "Saved." } : { ok: false, text: r.error });
          if (r.ok) router.refresh();
        });
      }}
    >
      <Section title={stallInfo.championDark.label}>{days("championDarkDays", "Gone dark after", "No touch from any Champion on the deal's map in this many days.")}</Section>
      <Section title={stallInfo.procurement.label}>
        <StageChecks id="stalls-procurementStageIds" label="Legal and procurement stages" stages={stages} value={value.procurementStageIds} error={errors.procurementStageIds} onChange={(ids) => setValue({ ...value, procurementStageIds: ids })} />
        {days("procurementDays", "Stuck after", "Days in one of those stages.")}
      </Section>
      <Section title={stallInfo.thinkAboutIt.label}>
        {stage("thinkAboutItStageId", "From the stage")}
        {days("quietDays", "Quiet for", "No touch on the account or its contacts, and no stage change, in this many days.")}
      </Section>
      <Section title={stallInfo.competingPriority.label}>{days("pushesBeforeStall", "Close date pushed later", "Times the expected close date moved later, from imports or edits.", "times")}</Section>
      <Section title={stallInfo.missingBuyIn.label}>{stage("buyInStageId", "No Economic Buyer engaged from the stage")}</Section>
      <Section title={stallInfo.budget.label}>
        <StageChecks id="stalls-budgetStageIds" label="Budget-approval stages" stages={stages} value={value.budgetStageIds} error={errors.budgetStageIds} onChange={(ids) => setValue({ ...value, budgetStageIds: ids })} />
        <Field label="Or a next step speaking of" htmlFor="stalls-budgetPhrases" error={errors.budgetPhrases ?? Object.entries(errors).find(([k]) => k.startsWith("budgetPhrases."))?.[1]} hint="Phrases separated by commas, in any case.">
          <Input id="stalls-budgetPhrases" value={phrases} onChange={(e) => setPhrases(e.target.value)} />
        </Field>
      </Section>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save stall thresholds"}
        </Button>
        {result ? <Alert tone={result.ok ? "success" : "error"}>{result.text}</Alert> : null}
      </div>
    </form>
  );
}
