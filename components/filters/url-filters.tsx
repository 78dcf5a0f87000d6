"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId, useState, useTransition, type ReactNode } from "react";

/** The look of a filter's select or input. */
export const filterControl =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none";

/** A small label above one filter control, tied to it by id. */
export function Labelled({ label, children }: { label: string; children: (id: string) => ReactNode }) {
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

/**
 * Filters kept in the URL: `navigate` sets or clears parameters (null or "" clears) and pushes the
 * new link without scrolling; `drop` names parameters every change resets (a page number, say).
 */
export function useUrlFilters({ hash = "", drop = [] }: { hash?: string; drop?: string[] } = {}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const navigate = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    for (const k of drop) next.delete(k);
    startTransition(() => router.push(`${pathname}?${next.toString()}${hash}`, { scroll: false }));
  };
  return { params, pending, navigate };
}

type UrlFilters = ReturnType<typeof useUrlFilters>;

/** A select of one URL parameter: "" (the first option) clears it. */
export function UrlSelect({ filters, name, label, options, all }: { filters: UrlFilters; name: string; label: string; options: [string, string][]; all: string }) {
  return (
    <Labelled label={label}>
      {(id) => (
        <select id={id} className={filterControl} value={filters.params.get(name) ?? ""} onChange={(e) => filters.navigate({ [name]: e.target.value })}>
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
}

/**
 * A filter bar kept in the URL: a search box (q=, applied on Enter or leaving the box), the other
 * controls, and a note while the new view loads.
 */
export function UrlFilterForm({ filters, label, placeholder, searchWidth, children }: { filters: UrlFilters; label: string; placeholder: string; searchWidth: string; children: ReactNode }) {
  const { params, pending, navigate } = filters;
  const [search, setSearch] = useState(params.get("q") ?? "");
  return (
    <form
      role="search"
      aria-label={label}
      aria-busy={pending}
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        navigate({ q: search.trim() });
      }}
    >
      <Labelled label="Search">
        {(id) => (
          <input
            id={id}
            type="search"
            className={`${filterControl} ${searchWidth}`}
            placeholder={placeholder}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onBlur={() => search.trim() !== (params.get("q") ?? "") && navigate({ q: search.trim() })}
          />
        )}
      </Labelled>
      {children}
      {pending ? (
        <span role="status" className="pb-2 text-xs text-slate-500">
          Updating…
        </span>
      ) : null}
    </form>
  );
}
