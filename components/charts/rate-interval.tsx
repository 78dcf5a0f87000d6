import { formatPercent } from "@/lib/format";
import type { Rate } from "@/lib/metrics/abm";

export interface RateRow {
  label: string;
  rate: Rate;
  /** A reference band to compare against, e.g. the playbook's claim. */
  reference?: { low: number; high: number; label: string };
}

/**
 * Rates as bars on a 0–100 % track with their 95 % Wilson interval as a whisker, so overlapping
 * intervals are plain to see; each row also says its rate, interval and sample size in words.
 */
export function RateIntervalChart({ rows, caption }: { rows: RateRow[]; caption: string }) {
  return (
    <figure aria-label={caption} className="space-y-4">
      {rows.map(({ label, rate, reference }) => {
        const value = rate.rate;
        return (
          <div key={label}>
            <div className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
              <span className="font-medium text-slate-800">{label}</span>
              <span className="text-slate-700 tabular-nums">
                {value === null ? "—" : <strong className="text-slate-900">{formatPercent(value)}</strong>}{" "}
                <span className="text-slate-500">
                  {rate.interval ? `(95 % CI ${formatPercent(rate.interval.low, {}, 0)}–${formatPercent(rate.interval.high, {}, 0)}) ` : ""}
                  {rate.hits} of {rate.n}
                  {rate.smallSample ? ", small sample" : ""}
                </span>
              </span>
            </div>
            <div className="relative mt-1.5 h-3 rounded-full bg-slate-100" aria-hidden="true">
              {reference ? (
                <div
                  className="absolute inset-y-0 border-x border-dashed border-slate-400 bg-slate-200/70"
                  style={{ left: `${reference.low * 100}%`, width: `${(reference.high - reference.low) * 100}%` }}
                  title={reference.label}
                />
              ) : null}
              {value !== null ? <div className="absolute inset-y-0 left-0 rounded-full bg-brand-600/80" style={{ width: `${value * 100}%` }} /> : null}
              {rate.interval ? (
                <div className="absolute top-1/2 h-0.5 -translate-y-1/2 bg-slate-900" style={{ left: `${rate.interval.low * 100}%`, width: `${(rate.interval.high - rate.interval.low) * 100}%` }}>
                  <span className="absolute -top-1 left-0 h-2.5 w-0.5 bg-slate-900" />
                  <span className="absolute -top-1 right-0 h-2.5 w-0.5 bg-slate-900" />
                </div>
              ) : null}
            </div>
            {reference ? <p className="mt-1 text-xs text-slate-500">Shaded: {reference.label}</p> : null}
          </div>
        );
      })}
    </figure>
  );
}
