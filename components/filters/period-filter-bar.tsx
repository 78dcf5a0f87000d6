"use client";

import { useState } from "react";
import { periodPresetLabels, periodPresets, type PeriodPreset } from "@/lib/metrics/period";
import { filterControl, Labelled, useUrlFilters } from "./url-filters";

export interface FilterChoices {
  segments: string[];
  sources: string[];
  /** Omitted where a view has no owner filter. */
  owners?: { id: number; name: string; active: boolean }[];
}

const select = filterControl;

/** The period presets as the options of a select, in order. */
export function PeriodPresetOptions() {
  return periodPresets.map((p) => (
    <option key={p} value={p}>
      {periodPresetLabels[p]}
    </option>
  ));
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
  const { params, pending, navigate } = useUrlFilters();
  const [custom, setCustom] = useState({ from, to });

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
          <PeriodPresetOptions />
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
