"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId, useState, useTransition, type ReactNode } from "react";
import { periodPresetLabels, periodPresets, type PeriodPreset } from "@/lib/metrics/period";

export interface FilterChoices {
  segments: string[];
  sources: string[];
  /** Omitted where a view has no owner filter. */
  owners?: { id: number; name: string; active: boolean }[];
}

const select =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none";

function Labelled({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      {children(id)}
    </div>
  );
}

/** Period and filters, kept in the URL so a view can be shared as a link. */
export function FilterBar({
  choices,
  preset,
  from,
  to,
  periodOnly = false,
}: {
  choices: FilterChoices;
  preset: PeriodPreset;
  from: string;
  to: string;
  /** Only the period: for views whose figures are not split by segment or source. */
  periodOnly?: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [custom, setCustom] = useState({ from, to });

  const navigate = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    startTransition(() => router.push(`${pathname}?${next.toString()}`, { scroll: false }));
  };

  return (
    <form
      className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm"
      aria-label="Period and filters"
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        navigate({ period: "custom", from: custom.from, to: custom.to });
      }}
    >
      <Labelled label="Period">
        {(id) => (
        <select id={id}
          className={select}
          value={preset}
          onChange={(e) => {
            const value = e.target.value as PeriodPreset;
            if (value === "custom") navigate({ period: "custom", from: custom.from, to: custom.to });
            else navigate({ period: value, from: null, to: null });
          }}
        >
          {periodPresets.map((p) => (
            <option key={p} value={p}>
              {periodPresetLabels[p]}
            </option>
          ))}
        </select>
        )}
      </Labelled>
      {preset === "custom" ? (
        <>
          <Labelled label="From">
        {(id) => (
            <input id={id} type="date" className={select} value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} required />
        )}
      </Labelled>
          <Labelled label="To">
        {(id) => (
            <input id={id} type="date" className={select} value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} required />
        )}
      </Labelled>
          <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
            Apply
          </button>
        </>
      ) : null}
      {periodOnly ? null : (
      <>
      <Labelled label="Segment">
        {(id) => (
        <select id={id} className={select} value={params.get("segment") ?? ""} onChange={(e) => navigate({ segment: e.target.value })}>
          <option value="">All segments</option>
          {choices.segments.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        )}
      </Labelled>
      <Labelled label="Source">
        {(id) => (
        <select id={id} className={select} value={params.get("source") ?? ""} onChange={(e) => navigate({ source: e.target.value })}>
          <option value="">All sources</option>
          {choices.sources.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        )}
      </Labelled>
      </>
      )}
{choices.owners ? (
      <Labelled label="Owner">
        {(id) => (
        <select id={id} className={select} value={params.get("owner") ?? ""} onChange={(e) => navigate({ owner: e.target.value })}>
          <option value="">All reps</option>
          {choices.owners!.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
              {o.active ? "" : " (left)"}
            </option>
          ))}
        </select>
        )}
      </Labelled>
      ) : null}
      {pending ? (
        <span role="status" className="pb-2 text-xs text-slate-500">
          Updating…
        </span>
      ) : null}
    </form>
  );
}
