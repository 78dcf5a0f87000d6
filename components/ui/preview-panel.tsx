"use client";

import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { SaveResult, type SaveOutcome } from "@/components/ui/save-result";
import type { ActionResult } from "@/lib/action-result";
import { useDebounced } from "@/lib/hooks/use-debounced";

/**
 * What `action` (a preview server action) answers for `input`, asked again 400 ms after the input
 * last changed; the previous answer stays on screen meanwhile, and a refusal is the query's error.
 */
export function usePreview<I, O>(name: string, input: I, action: (input: I) => Promise<ActionResult<O>>): UseQueryResult<O, Error> {
  const debounced = useDebounced(JSON.stringify(input), 400);
  return useQuery({
    queryKey: [name, debounced],
    queryFn: async () => {
      const out = await action(JSON.parse(debounced) as I);
      if (!out.ok) throw new Error(out.error);
      return out.data;
    },
    placeholderData: (previous) => previous,
    retry: false,
  });
}

/**
 * The panel beside an editor that shows what the edit would do before it is saved: the preview
 * (`children`, once there is one), its error, the save's result and the save buttons (`actions`).
 * Sticks to the top of the screen beside the editor on wide screens.
 */
export function PreviewPanel<T>({
  headingId,
  title,
  preview,
  result,
  actions,
  children,
}: {
  headingId: string;
  title: string;
  preview: UseQueryResult<T, Error>;
  result: SaveOutcome | null;
  actions: ReactNode;
  children: (data: T) => ReactNode;
}) {
  return (
    <aside aria-labelledby={headingId} className="space-y-4 lg:sticky lg:top-4 lg:self-start">
      <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" aria-busy={preview.isFetching}>
        <h2 id={headingId} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        {preview.isError ? <p className="mt-2 text-sm text-red-700">{preview.error.message}</p> : null}
        {preview.data !== undefined ? children(preview.data) : !preview.isError ? <p className="mt-2 text-sm text-slate-500">Working out the effect…</p> : null}
        <SaveResult result={result} className="mt-3" />
        <div className="mt-4 flex flex-wrap gap-2">{actions}</div>
      </section>
    </aside>
  );
}
