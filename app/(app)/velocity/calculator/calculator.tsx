"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId } from "react";
import { LeverAnalysis } from "@/components/velocity/lever-analysis";
import { formatMoney } from "@/lib/format";
import { velocityDefinition, velocityOf } from "@/lib/metrics/velocity";
import { calculatorFields, readCalculatorInputs, type CalculatorField } from "./inputs";

function NumberField({ field, value, error, onChange }: { field: CalculatorField; value: string; error?: string; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {field.label}
      </label>
      <div className="mt-1 flex items-center gap-2">
        {field.prefix ? <span className="text-sm text-slate-500">{field.prefix}</span> : null}
        <input
          id={id}
          name={field.param}
          inputMode="decimal"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={`${id}-help`}
          className="w-full rounded-md border border-slate-300 px-3 py-2 text-right text-sm tabular-nums shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none aria-[invalid=true]:border-red-500"
        />
        {field.suffix ? <span className="text-sm text-slate-500">{field.suffix}</span> : null}
      </div>
      <p id={`${id}-help`} className={`mt-1 text-xs ${error ? "text-red-700" : "text-slate-500"}`}>
        {error ?? field.help}
      </p>
    </div>
  );
}

/** The four levers live in the URL (?opps=50&winRate=22&dealSize=18000&cycle=45). */
export function Calculator({ currency, defaultImprovement }: { currency: string; defaultImprovement: number }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const { raw, values, errors } = readCalculatorInputs(params);

  const update = (param: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    next.set(param, value);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  const velocity = values ? velocityOf(values) : null;
  return (
    <div className="grid gap-6 lg:grid-cols-[18rem_minmax(0,1fr)] [&>*]:min-w-0">
      <form className="space-y-4 self-start rounded-lg border border-slate-200 bg-white p-5 shadow-sm" aria-label="Levers" onSubmit={(e) => e.preventDefault()}>
        {calculatorFields.map((field) => (
          <NumberField key={field.param} field={field} value={raw[field.param]} error={errors[field.param]} onChange={(v) => update(field.param, v)} />
        ))}
      </form>
      <div className="space-y-6">
        <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" aria-live="polite">
          <p className="text-sm font-medium text-slate-600">Pipeline velocity</p>
          <p className="mt-1 text-4xl font-semibold tracking-tight text-slate-900" data-testid="calculator-velocity">
            {velocity?.value != null ? `${formatMoney(velocity.value, { currency }, true)}/day` : "—"}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            {values === null
              ? "Correct the highlighted inputs to see the velocity."
              : velocity?.value == null
                ? `Undefined: ${velocity?.reason}.`
                : velocityDefinition}
          </p>
        </section>
        {values && velocity?.value != null ? (
          <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="mb-3 text-base font-semibold text-slate-900">Lever analysis</h2>
            <LeverAnalysis current={values} defaultImprovement={defaultImprovement} currency={currency} cents />
          </section>
        ) : null}
      </div>
    </div>
  );
}
