"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { buyingGroupRoleInfo, buyingGroupRoles } from "@/lib/domain/buying-group";
import type { AbmSettings } from "@/lib/settings/definitions";
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
  const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

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
            <Field key={f.key} label={f.label} htmlFor={`rule-${f.key}`} hint={f.hint} error={errors[`tierRules.${f.key}`]}>
              <Input
                id={`rule-${f.key}`}
                type="number"
                min={0}
                max={100}
                inputMode="numeric"
                value={Number.isNaN(value.tierRules[f.key]) ? "" : value.tierRules[f.key]}
                aria-invalid={errors[`tierRules.${f.key}`] ? true : undefined}
                onChange={(e) => setValue({ ...value, tierRules: { ...value.tierRules, [f.key]: number(e.target.value) } })}
              />
            </Field>
          ))}
          <Field label="A role goes dark after (days)" htmlFor="dark-after" hint="No touch in this many days flags the role as gone dark." error={errors.darkAfterDays}>
            <Input
              id="dark-after"
              type="number"
              min={1}
              max={365}
              value={Number.isNaN(value.darkAfterDays) ? "" : value.darkAfterDays}
              aria-invalid={errors.darkAfterDays ? true : undefined}
              onChange={(e) => setValue({ ...value, darkAfterDays: number(e.target.value) })}
            />
          </Field>
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
