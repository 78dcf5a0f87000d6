"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { PreviewPanel, usePreview } from "@/components/ui/preview-panel";
import type { SaveOutcome } from "@/components/ui/save-result";
import type { BandCounts } from "@/lib/abm/account-fit";
import { NumberField } from "@/components/ui/number-field";
import { formatCount } from "@/lib/format";
import type { IcpModel } from "@/lib/metrics/icp-fit";
import { bandLabels } from "@/lib/metrics/scoring";
import { fromCommaList, toCommaList } from "@/lib/text/comma-list";
import { readNumberText } from "@/lib/text/number-input";
import { previewModelAction, saveModelAction } from "./actions";

/** The form's fields as typed: numbers and lists as text until they are read. */
interface Draft {
  industriesWeight: string;
  industries: string;
  employeesWeight: string;
  employeesMin: string;
  employeesMax: string;
  revenueWeight: string;
  revenueMin: string;
  revenueMax: string;
  countriesWeight: string;
  countries: string;
  technologiesWeight: string;
  technologies: string;
  match: "any" | "all";
  penalty: string;
  disqualifying: string;
}

const text = (n: number | null) => (n === null ? "" : String(n));

function toDraft(m: IcpModel): Draft {
  return {
    industriesWeight: text(m.industries.weight),
    industries: toCommaList(m.industries.targets),
    employeesWeight: text(m.employees.weight),
    employeesMin: text(m.employees.min),
    employeesMax: text(m.employees.max),
    revenueWeight: text(m.annualRevenue.weight),
    revenueMin: text(m.annualRevenue.min),
    revenueMax: text(m.annualRevenue.max),
    countriesWeight: text(m.countries.weight),
    countries: toCommaList(m.countries.targets),
    technologiesWeight: text(m.technologies.weight),
    technologies: toCommaList(m.technologies.required),
    match: m.technologies.match,
    penalty: text(m.disqualifyingTechnologies.penalty),
    disqualifying: toCommaList(m.disqualifyingTechnologies.technologies),
  };
}

/** A number as typed ("1,000" too); NaN when it is not one, so the server names the field. */
const number = (value: string) => readNumberText(value) ?? Number.NaN;
const optionalNumber = (value: string) => (value.trim() === "" ? null : number(value));

function toModel(d: Draft): IcpModel {
  return {
    industries: { weight: number(d.industriesWeight), targets: fromCommaList(d.industries) },
    employees: { weight: number(d.employeesWeight), min: optionalNumber(d.employeesMin), max: optionalNumber(d.employeesMax) },
    annualRevenue: { weight: number(d.revenueWeight), min: optionalNumber(d.revenueMin), max: optionalNumber(d.revenueMax) },
    countries: { weight: number(d.countriesWeight), targets: fromCommaList(d.countries) },
    technologies: { weight: number(d.technologiesWeight), required: fromCommaList(d.technologies), match: d.match },
    disqualifyingTechnologies: { penalty: number(d.penalty), technologies: fromCommaList(d.disqualifying) },
  };
}

const bands: (keyof BandCounts)[] = ["qualified", "monitor", "disqualify", "none"];
const bandName = (band: keyof BandCounts) => (band === "none" ? "No fit (no data)" : bandLabels[band]);

export function BandTable({ now, next, label }: { now: BandCounts; next: BandCounts; label: string }) {
  return (
    <table className="w-full text-sm" aria-label={label}>
      <thead>
        <tr className="border-b border-slate-200 text-xs text-slate-500">
          <th scope="col" className="py-1.5 text-left font-medium">Band</th>
          <th scope="col" className="py-1.5 text-right font-medium">Now</th>
          <th scope="col" className="py-1.5 text-right font-medium">After</th>
        </tr>
      </thead>
      <tbody>
        {bands.map((band) => (
          <tr key={band} className="border-b border-slate-100 last:border-0">
            <th scope="row" className="py-1.5 text-left font-normal text-slate-700">
              {bandName(band)}
            </th>
            <td className="py-1.5 text-right tabular-nums">{formatCount(now[band])}</td>
            <td className="py-1.5 text-right font-medium tabular-nums" data-testid={`band-${band}`}>
              {formatCount(next[band])}
              {next[band] !== now[band] ? (
                <span className="ml-1 text-xs font-normal text-slate-500">
                  ({next[band] > now[band] ? "▲" : "▼"} {formatCount(Math.abs(next[band] - now[band]))})
                </span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The ICP model, each criterion with its weight, and the accounts per fit band it would give before it is saved. */
export function ModelForm({ saved, loadedAt, currency }: { saved: IcpModel; loadedAt: number | null; currency: string }) {
  const router = useRouter();
  const [base, setBase] = useState({ model: saved, loadedAt });
  const [draft, setDraft] = useState(() => toDraft(saved));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<SaveOutcome | null>(null);
  const [pending, startTransition] = useTransition();
  const model = toModel(draft);
  const changed = JSON.stringify(model) !== JSON.stringify(base.model);
  const preview = usePreview("icp-model-preview", model, previewModelAction);

  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const error = (path: string) => errors[`model.${path}`];
  const weight = (id: string, value: string, path: string, onChange: (v: string) => void, label = "Weight (points)") => (
    <NumberField id={id} label={label} error={error(path)} value={value} onValueChange={onChange} />
  );

  return (
    <form
      noValidate
      aria-labelledby="model-heading"
      className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] [&>*]:min-w-0"
      onSubmit={(e) => {
        e.preventDefault();
        setResult(null);
        startTransition(async () => {
          const out = await saveModelAction({ model, loadedAt: base.loadedAt });
          setErrors(out.ok ? {} : (out.fieldErrors ?? {}));
          if (out.ok) {
            setBase({ model, loadedAt: out.data.loadedAt });
            setResult({ tone: "success", text: out.message ?? "Saved." });
            router.refresh();
          } else setResult({ tone: "error", text: out.error, stale: out.fieldErrors?.form === "stale" });
        });
      }}
    >
      <section className="space-y-5 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <div>
          <h2 id="model-heading" className="text-base font-semibold text-slate-900">
            Criteria and weights
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Fit = points earned ÷ points possible × 100, over the criteria the account has data for: a blank field is left out rather than counted as a miss. A weight of 0 turns a criterion off.
          </p>
        </div>
        <fieldset className="grid gap-3 border-t border-slate-100 pt-4 sm:grid-cols-[8rem_1fr]">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Industry</legend>
          {weight("industries-weight", draft.industriesWeight, "industries.weight", (v) => set({ industriesWeight: v }))}
          <Field label="Target industries" htmlFor="industries" hint="Separated by commas, as the industry rules below name them." error={error("industries.targets")}>
            <Input id="industries" value={draft.industries} onChange={(e) => set({ industries: e.target.value })} />
          </Field>
        </fieldset>
        <fieldset className="grid gap-3 border-t border-slate-100 pt-4 sm:grid-cols-[8rem_1fr_1fr]">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Employees</legend>
          {weight("employees-weight", draft.employeesWeight, "employees.weight", (v) => set({ employeesWeight: v }))}
          <NumberField id="employees-min" label="From" hint="Blank: no lower end." error={error("employees.min")} value={draft.employeesMin} onValueChange={(v) => set({ employeesMin: v })} />
          <NumberField
            id="employees-max"
            label="To"
            hint="Half the points within half the lower end or twice the upper end."
            error={error("employees.max")}
            value={draft.employeesMax}
            onValueChange={(v) => set({ employeesMax: v })}
          />
        </fieldset>
        <fieldset className="grid gap-3 border-t border-slate-100 pt-4 sm:grid-cols-[8rem_1fr_1fr]">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Annual revenue ({currency})</legend>
          {weight("revenue-weight", draft.revenueWeight, "annualRevenue.weight", (v) => set({ revenueWeight: v }))}
          <NumberField id="revenue-min" label="From" hint="Whole units, e.g. 10,000,000." error={error("annualRevenue.min")} value={draft.revenueMin} onValueChange={(v) => set({ revenueMin: v })} />
          <NumberField id="revenue-max" label="To" error={error("annualRevenue.max")} value={draft.revenueMax} onValueChange={(v) => set({ revenueMax: v })} />
        </fieldset>
        <fieldset className="grid gap-3 border-t border-slate-100 pt-4 sm:grid-cols-[8rem_1fr]">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Country</legend>
          {weight("countries-weight", draft.countriesWeight, "countries.weight", (v) => set({ countriesWeight: v }))}
          <Field label="Target countries" htmlFor="countries" hint="Separated by commas; “USA”, “US” and “United States” are one country." error={error("countries.targets")}>
            <Input id="countries" value={draft.countries} onChange={(e) => set({ countries: e.target.value })} />
          </Field>
        </fieldset>
        <fieldset className="grid gap-3 border-t border-slate-100 pt-4 sm:grid-cols-[8rem_1fr_8rem]">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Technologies</legend>
          {weight("technologies-weight", draft.technologiesWeight, "technologies.weight", (v) => set({ technologiesWeight: v }))}
          <Field label="Required technologies" htmlFor="technologies" hint="Compared without case or punctuation." error={error("technologies.required")}>
            <Input id="technologies" value={draft.technologies} onChange={(e) => set({ technologies: e.target.value })} />
          </Field>
          <Field label="Points when" htmlFor="technologies-match">
            <Select id="technologies-match" value={draft.match} onChange={(e) => set({ match: e.target.value as Draft["match"] })}>
              <option value="any">any is used</option>
              <option value="all">each is used (a share)</option>
            </Select>
          </Field>
        </fieldset>
        <fieldset className="grid gap-3 border-t border-slate-100 pt-4 sm:grid-cols-[8rem_1fr]">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Disqualifying technologies</legend>
          {weight("penalty", draft.penalty, "disqualifyingTechnologies.penalty", (v) => set({ penalty: v }), "Penalty (points)")}
          <Field label="Technologies" htmlFor="disqualifying" hint="Using any of them takes the penalty off the fit; 100 disqualifies outright." error={error("disqualifyingTechnologies.technologies")}>
            <Input id="disqualifying" value={draft.disqualifying} onChange={(e) => set({ disqualifying: e.target.value })} />
          </Field>
        </fieldset>
      </section>

      <PreviewPanel
        headingId="model-preview-heading"
        title="Accounts by fit band"
        preview={preview}
        result={result}
        actions={
          <>
            <Button type="submit" disabled={pending || !changed}>
              {pending ? "Saving…" : "Save the model"}
            </Button>
            <Button
              variant="ghost"
              disabled={!changed}
              onClick={() => {
                setDraft(toDraft(base.model));
                setErrors({});
                setResult(null);
              }}
            >
              Undo changes
            </Button>
          </>
        }
      >
        {(data) => (
          <div className="mt-2 space-y-3 text-sm">
            <BandTable now={data.now} next={data.next} label="Accounts by fit band, now and with this model" />
            <p className="text-slate-600" aria-live="polite">
              {changed ? (
                <>
                  The model&apos;s fit would change for <strong>{formatCount(data.changed)}</strong> of {formatCount(data.accounts)} accounts.
                </>
              ) : (
                <>This is the saved model. Change a criterion to see its effect before saving.</>
              )}
              {data.overridden > 0 ? ` ${formatCount(data.overridden)} with a fit set by hand keep it.` : ""}
              {preview.isFetching ? <span className="text-slate-500"> Updating…</span> : null}
            </p>
          </div>
        )}
      </PreviewPanel>
    </form>
  );
}
