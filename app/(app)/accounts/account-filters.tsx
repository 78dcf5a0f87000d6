"use client";

import { UrlFilterForm, UrlSelect, useUrlFilters } from "@/components/filters/url-filters";
import { abmTiers, tierInfo } from "@/lib/domain/abm-tiers";

/** The account list's filters, kept in the URL (the period and sort stay as they are). */
export function AccountFilters({ owners }: { owners: { id: number; name: string; active: boolean }[] }) {
  const filters = useUrlFilters({ hash: "#accounts", drop: ["page"] });
  const { params, navigate } = filters;
  return (
    <UrlFilterForm filters={filters} label="Filter accounts" placeholder="Name or domain" searchWidth="w-44">
      <UrlSelect filters={filters} name="tier" label="Tier" all="All tiers" options={[...abmTiers.map((t): [string, string] => [t, `${tierInfo[t].label} (${tierInfo[t].motion})`]), ["none", "Outside the program"]]} />
      <UrlSelect filters={filters} name="suggested" label="Rules suggest" all="Any suggestion" options={[...abmTiers.map((t): [string, string] => [t, tierInfo[t].label]), ["none", "No tier"]]} />
      <UrlSelect filters={filters} name="intent" label="Intent" all="Any intent" options={[["active", "Active"], ["some", "Some"], ["none", "None yet"]]} />
      <UrlSelect filters={filters} name="fit" label="ICP fit" all="Any fit" options={[["85", "85 or more"], ["70", "70 or more"], ["50", "50 or more"]]} />
      <UrlSelect filters={filters} name="coverage" label="Roles identified" all="Any" options={[1, 2, 3, 4, 5].map((n): [string, string] => [String(n), `${n} or more of 5`])} />
      <UrlSelect filters={filters} name="champion" label="Champion" all="Any" options={[["known", "Known"], ["none", "None yet"]]} />
      <UrlSelect filters={filters} name="owner" label="Owner" all="All owners" options={owners.map((o): [string, string] => [String(o.id), o.active ? o.name : `${o.name} (left)`])} />
      <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
        <input type="checkbox" className="size-4 rounded border-slate-300" checked={params.get("differs") === "1"} onChange={(e) => navigate({ differs: e.target.checked ? "1" : null })} />
        Tier differs from the rules
      </label>
      <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
        <input type="checkbox" className="size-4 rounded border-slate-300" checked={params.get("engaged") === "1"} onChange={(e) => navigate({ engaged: e.target.checked ? "1" : null })} />
        Engaged in the last 30 days
      </label>
    </UrlFilterForm>
  );
}
