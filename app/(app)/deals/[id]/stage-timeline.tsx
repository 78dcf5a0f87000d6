import { Badge } from "@/components/ui/card";
import { formatCount, formatDays } from "@/lib/format";
import type { Timeline } from "@/lib/deals/timeline";

/**
 * The deal's stays in its stages, one line each: a bar for the days in the stage, a mark at the
 * stage's expected days, the current stage marked and the overdue ones flagged in words, not only
 * in colour.
 */
export function StageTimeline({ timeline, day }: { timeline: Timeline; day: (at: Date) => string }) {
  return (
    <ol className="mt-3 space-y-4 md:space-y-3" aria-label="Stage history">
      {timeline.rows.map((row) => (
        <li key={row.id} className="grid gap-1.5 md:grid-cols-[12rem_minmax(0,1fr)_16rem] md:items-center md:gap-4" data-testid="stage-stay">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium text-slate-900">{row.stage}</span>
            {row.current ? <Badge tone="brand">Current</Badge> : null}
            {row.overdue ? <Badge tone="danger">Overdue</Badge> : null}
          </div>
          {row.closes ? (
            <p className="text-sm text-slate-600 md:col-span-2">Since {day(row.enteredAt)}</p>
          ) : (
            <>
              <div className="relative h-3 rounded-full bg-slate-100" aria-hidden="true">
                <div className={`h-3 rounded-full ${row.overdue ? "bg-red-600" : row.current ? "bg-brand-600" : "bg-brand-300"}`} style={{ width: `${Math.max(row.bar * 100, 1)}%` }} />
                {row.expectedMark !== null ? <div className="absolute -top-1 h-5 w-0.5 bg-slate-700" style={{ left: `calc(${row.expectedMark * 100}% - 1px)` }} /> : null}
              </div>
              <p className="text-sm text-slate-700 tabular-nums">
                {formatDays(row.days ?? 0)}
                <span className="text-slate-600">{row.expectedDays !== null ? ` of ${formatCount(row.expectedDays)} expected` : " (no expected days)"}</span>
                {row.overBy !== null ? <span className="block text-red-700">{formatDays(row.overBy)} over</span> : null}
                <span className="block text-xs text-slate-600">
                  {day(row.enteredAt)} → {row.exitedAt ? day(row.exitedAt) : row.current ? "now" : "the close"}
                </span>
              </p>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
