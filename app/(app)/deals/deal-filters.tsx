"use client";

import { useState } from "react";
import { filterControl, Labelled, UrlFilterForm, UrlSelect, useUrlFilters } from "@/components/filters/url-filters";
import { abmTiers, tierInfo } from "@/lib/domain/abm-tiers";
import { forecastCategories, forecastCategoryLabels } from "@/lib/domain/forecast-categories";
import { ABM, ALL_OWNERS, ANY_STALL, NONE, dealDates, dealDatesLabels, dealStatuses, proofFilterLabels, proofFilters } from "@/lib/deals/request";
import { forecastCallLabels, forecastCalls } from "@/lib/metrics/forecast";
import type { PeriodPreset } from "@/lib/metrics/period";
import { stallInfo, stallPatterns } from "@/lib/win-loss/stalls";
import { PeriodPresetOptions } from "@/components/filters/period-filter-bar";

export interface DealFilterChoices {
  segments: string[];
  sources: string[];
  owners: { id: number; name: string; active: boolean }[];
  stages: { id: number; name: string }[];
  bandLabels: string[];
}

const statusLabels = { open: "Open", won: "Won", lost: "Lost" } as const;

const flags = [
  ["stalled", "Stalled in its stage"],
  ["singleThreaded", "Single-threaded"],
  ["pastClose", "Close date past"],
  ["noNextStep", "No next step"],
  ["noLossReason", "No loss reason"],
  ["rivals", "Against a rival"],
] as const;

/** Only with the period applied to when a stage update fell due (the funnel's Opportunity SLA breaches). */
const slaBreachedFlag = ["slaBreached", "Stage update SLA breached"] as const;

/**
 * The deal list's filters, kept in the URL. The owner is always shown as it is in force: a rep's
 * list opens on their own deals, and "All owners" is a choice of its own.
 */
export function DealFilters({
  choices,
  owner,
  preset,
  from,
  to,
  today,
}: {
  choices: DealFilterChoices;
  /** The owner parameter in force: a user id, "all" or "none". */
  owner: string;
  preset: PeriodPreset | null;
  from: string | null;
  to: string | null;
  today: string;
}) {
  const filters = useUrlFilters({ drop: ["page"] });
  const { params, navigate } = filters;
  const [custom, setCustom] = useState({ from: from ?? today, to: to ?? today });
  return (
    <UrlFilterForm filters={filters} label="Filter deals" placeholder="Deal or account" searchWidth="w-44">
      <Labelled label="Period">
        {(id) => (
          <select
            id={id}
            className={filterControl}
            value={preset ?? ""}
            onChange={(e) => {
              const value = e.target.value;
              if (value === "") navigate({ period: null, from: null, to: null, dates: null, slaBreached: null });
              else if (value === "custom") navigate({ period: "custom", from: custom.from, to: custom.to });
              else navigate({ period: value, from: null, to: null });
            }}
          >
            <option value="">Any time</option>
            <PeriodPresetOptions />
          </select>
        )}
      </Labelled>
      {preset === "custom" ? (
        <>
          <Labelled label="From">
            {(id) => <input id={id} type="date" className={filterControl} value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} />}
          </Labelled>
          <Labelled label="To">
            {(id) => <input id={id} type="date" className={filterControl} value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} />}
          </Labelled>
          <button type="button" onClick={() => navigate({ period: "custom", from: custom.from, to: custom.to })} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
            Apply
          </button>
        </>
      ) : null}
      {preset ? (
        <Labelled label="Period applies to">
          {(id) => (
            <select id={id} className={filterControl} value={params.get("dates") ?? "created"} onChange={(e) => navigate({ dates: e.target.value, slaBreached: null })}>
              {dealDates.map((d) => (
                <option key={d} value={d}>
                  {dealDatesLabels[d]} date
                </option>
              ))}
            </select>
          )}
        </Labelled>
      ) : null}
      <Labelled label="Owner">
        {(id) => (
          <select id={id} className={filterControl} value={owner} onChange={(e) => navigate({ owner: e.target.value })}>
            <option value={ALL_OWNERS}>All owners</option>
            <option value={NONE}>No owner</option>
            {choices.owners.map((o) => (
              <option key={o.id} value={String(o.id)}>
                {o.active ? o.name : `${o.name} (left)`}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      <UrlSelect filters={filters} name="status" label="Status" all="Any status" options={dealStatuses.map((s): [string, string] => [s, statusLabels[s]])} />
      <UrlSelect filters={filters} name="stage" label="Stage" all="Any stage" options={choices.stages.map((s): [string, string] => [String(s.id), s.name])} />
      <UrlSelect filters={filters} name="segment" label="Segment" all="All segments" options={[...choices.segments.map((s): [string, string] => [s, s]), [NONE, "(not set)"]]} />
      <UrlSelect filters={filters} name="source" label="Source" all="All sources" options={[...choices.sources.map((s): [string, string] => [s, s]), [NONE, "(not set)"]]} />
      <UrlSelect filters={filters} name="tier" label="Account tier" all="Any tier" options={[[ABM, "In a tier (ABM)"], ...abmTiers.map((t): [string, string] => [t, tierInfo[t].label]), [NONE, "No tier"]]} />
      <UrlSelect filters={filters} name="forecast" label="Forecast category" all="Any category" options={forecastCategories.map((c): [string, string] => [c, forecastCategoryLabels[c]])} />
      <UrlSelect filters={filters} name="call" label="In the forecast as" all="Any" options={forecastCalls.map((c): [string, string] => [c, forecastCallLabels[c]])} />
      <UrlSelect filters={filters} name="stall" label="Stall pattern" all="Any or none" options={[[ANY_STALL, "Any stall pattern"], ...stallPatterns.map((p): [string, string] => [p, stallInfo[p].label])]} />
      <UrlSelect filters={filters} name="proof" label="Customer proof" all="Any" options={proofFilters.map((p): [string, string] => [p, proofFilterLabels[p]])} />
      <UrlSelect filters={filters} name="band" label="Amount" all="Any amount" options={[...choices.bandLabels.map((label, i): [string, string] => [String(i), label]), [NONE, "No amount"]]} />
      <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1 pb-2">
        <legend className="sr-only">Only deals that are</legend>
        {(params.get("dates") === "due" ? [...flags, slaBreachedFlag] : flags).map(([name, label]) => (
          <label key={name} className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" className="size-4 rounded border-slate-300" checked={params.get(name) === "1"} onChange={(e) => navigate({ [name]: e.target.checked ? "1" : null })} />
            {label}
          </label>
        ))}
      </fieldset>
    </UrlFilterForm>
  );
}
