"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId, useTransition, type ReactNode } from "react";

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
