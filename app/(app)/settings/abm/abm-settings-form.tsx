"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { NumberField } from "@/components/ui/number-field";
import { buyingGroupRoleInfo, buyingGroupRoles } from "@/lib/domain/buying-group";
import type { AbmSettings } from "@/lib/settings/definitions";
import { readNumberText } from "@/lib/text/number-input";
import { saveAbmSettingsAction } from "./actions";

const ruleFields: { key: keyof AbmSettings["tierRules"]; label: string; hint: string }[] = [
  { key: "tier1MinFit", label: "Tier 1: minimum ICP fit", hint: "With active intent and a known champion: a Champion Engaged or Active on the map." },
  { key: "tier2MinFit", label: "Tier 2: minimum ICP fit", hint: "With some intent." },
  { key: "tier3MinFit", label: "Tier 3: minimum ICP fit", hint: "Below this, no tier is suggested." },
  { key: "activeIntent", label: "Active intent from", hint: "Intent score, 0–100." },
  { key: "someIntent", label: "Some intent from", hint: "Intent score, 0–100." },
];

export function AbmSettingsForm({ initial }: { initial: AbmSettings }) {
  const router = useRouter();
  const [value, setValue] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const number = (text: string) => readNumberText(text) ?? Number.NaN;
  const shown = (n: number) => (Number.isNaN(n) ? "" : String(n));

  return (
    <form
      noValidate
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        setResult(null);
        startTransition(async () => {
          const r = await saveAbmSettingsAction(value);
          setErrors(r.ok ? {} : (r.fieldErrors ?? {}));
          setResult(r.ok ? { ok: true, text: r.message ?? "Saved." } : { ok: false, text: r.error });
          if (r.ok) router.refresh();
        });
      }}
    >
      <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 className="text-base font-semibold text-slate-900">Tier suggestion rules</h2>
        <p className="mt-1 text-sm text-slate-600">Each account&apos;s suggested tier follows these thresholds; a tier set by hand keeps its reason.</p>
        <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {ruleFields.map((f) => (
            <NumberField
              key={f.key}
              id={`rule-${f.key}`}
              label={f.label}
              hint={f.hint}
              error={errors[`tierRules.${f.key}`]}
              value={shown(value.tierRules[f.key])}
              onValueChange={(v) => setValue({ ...value, tierRules: { ...value.tierRules, [f.key]: number(v) } })}
            />
          ))}
          <NumberField
            id="dark-after"
            label="A role goes dark after (days)"
            hint="No touch in this many days flags the role as gone dark."
            error={errors.darkAfterDays}
            value={shown(value.darkAfterDays)}
            onValueChange={(v) => setValue({ ...value, darkAfterDays: number(v) })}
          />
        </div>
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 className="text-base font-semibold text-slate-900">Content by buying-group role</h2>
        <p className="mt-1 text-sm text-slate-600">What each role needs to hear and the asset that says it; gap actions recommend these.</p>
        <div className="mt-4 space-y-5">
          {buyingGroupRoles.map((role) => {
            const c = value.roleContent[role];
            const set = (patch: Partial<typeof c>) => setValue({ ...value, roleContent: { ...value.roleContent, [role]: { ...c, ...patch } } });
            return (
              <fieldset key={role} className="grid gap-3 border-t border-slate-100 pt-4 first:border-0 first:pt-0 md:grid-cols-[10rem_1fr_1fr_12rem]">
                <legend className="sr-only">{buyingGroupRoleInfo[role].label}</legend>
                <p className="text-sm font-medium text-slate-800 md:pt-7">{buyingGroupRoleInfo[role].label}</p>
                <Field label="What they need" htmlFor={`${role}-pain`} error={errors[`roleContent.${role}.painPoint`]}>
                  <Input id={`${role}-pain`} value={c.painPoint} maxLength={200} onChange={(e) => set({ painPoint: e.target.value })} />
                </Field>
                <Field label="Asset" htmlFor={`${role}-asset`} error={errors[`roleContent.${role}.asset`]}>
                  <Input id={`${role}-asset`} value={c.asset} maxLength={200} onChange={(e) => set({ asset: e.target.value })} />
                </Field>
                <Field label="Stage" htmlFor={`${role}-stage`}>
                  <Select id={`${role}-stage`} value={c.stage} onChange={(e) => set({ stage: e.target.value as typeof c.stage })}>
                    <option>Consideration</option>
                    <option>Evaluation</option>
                    <option>Decision</option>
                  </Select>
                </Field>
              </fieldset>
            );
          })}
        </div>
      </section>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save ABM settings"}
        </Button>
        {result ? <Alert tone={result.ok ? "success" : "error"}>{result.text}</Alert> : null}
      </div>
    </form>
  );
}
