"use client";

import { useState } from "react";
import { filterControl as control, Labelled, useUrlFilters } from "@/components/filters/url-filters";
import { abmTiers, tierInfo } from "@/lib/domain/abm-tiers";

/** The account list's filters, kept in the URL (the period and sort stay as they are). */
export function AccountFilters({ owners }: { owners: { id: number; name: string; active: boolean }[] }) {
  const { params, pending, navigate } = useUrlFilters({ hash: "#accounts", drop: ["page"] });
  const [search, setSearch] = useState(params.get("q") ?? "");

  const select = (name: string, label: string, options: [string, string][], all: string) => (
    <Labelled label={label}>
      {(id) => (
        <select id={id} className={control} value={params.get(name) ?? ""} onChange={(e) => navigate({ [name]: e.target.value })}>
          <option value="">{all}</option>
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );

  return (
    <form
      role="search"
      aria-label="Filter accounts"
      aria-busy={pending}
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        navigate({ q: search.trim() });
      }}
    >
      <Labelled label="Search">
        {(id) => (
          <input id={id} type="search" className={`${control} w-44`} placeholder="Name or domain" value={search} onChange={(e) => setSearch(e.target.value)} onBlur={() => search.trim() !== (params.get("q") ?? "") && navigate({ q: search.trim() })} />
        )}
      </Labelled>
      {select("tier", "Tier", [...abmTiers.map((t): [string, string] => [t, `${tierInfo[t].label} (${tierInfo[t].motion})`]), ["none", "Outside the program"]], "All tiers")}
      {select("intent", "Intent", [["active", "Active"], ["some", "Some"], ["none", "None yet"]], "Any intent")}
      {select("fit", "ICP fit", [["85", "85 or more"], ["70", "70 or more"], ["50", "50 or more"]], "Any fit")}
      {select("coverage", "Roles identified", [1, 2, 3, 4, 5].map((n): [string, string] => [String(n), `${n} or more of 5`]), "Any")}
      {select("owner", "Owner", owners.map((o): [string, string] => [String(o.id), o.active ? o.name : `${o.name} (left)`]), "All owners")}
      <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
        <input type="checkbox" className="size-4 rounded border-slate-300" checked={params.get("differs") === "1"} onChange={(e) => navigate({ differs: e.target.checked ? "1" : null })} />
        Tier differs from the rules
      </label>
      {pending ? (
        <span role="status" className="pb-2 text-xs text-slate-500">
          Updating…
        </span>
      ) : null}
    </form>
  );
}
