import type { ReactNode } from "react";
import { ScrollRegion } from "@/components/ui/scroll-region";

export interface ComparisonRow {
  label: string;
  first: ReactNode;
  second: ReactNode;
  change: ReactNode;
}

/** Figures side by side in two states (saved and candidate, before and after) with the change. */
export function ComparisonTable({ caption, columns, rows, testId }: { caption: string; columns: readonly [string, string]; rows: readonly ComparisonRow[]; testId?: string }) {
  const cell = "py-2.5 pr-3 text-right tabular-nums";
  return (
    <ScrollRegion label={caption}>
      <table className="w-full text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-xs text-slate-500">
            <th scope="col" className="py-2 pr-3 text-left font-medium">Figure</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">{columns[0]}</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">{columns[1]}</th>
            <th scope="col" className="py-2 text-right font-medium">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="py-2.5 pr-3 text-left font-medium text-slate-800">{row.label}</th>
              <td className={cell}>{row.first}</td>
              <td className={cell}>{row.second}</td>
              <td className="py-2.5 text-right">{row.change}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
