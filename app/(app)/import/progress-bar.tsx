/** A labelled progress bar; `value: null` shows work whose length is unknown. */
export function ProgressBar({ label, value, max, detail }: { label: string; value: number | null; max: number; detail?: string }) {
  const percent = value === null || max <= 0 ? null : Math.min(100, (value / max) * 100);
  return (
    <div className="space-y-1.5">
      <div className="flex justify-between gap-3 text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        {percent !== null ? <span className="tabular-nums text-slate-600">{Math.floor(percent)} %</span> : null}
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value ?? undefined}
        className="h-2.5 overflow-hidden rounded-full bg-slate-200"
      >
        <div className={`h-full rounded-full bg-brand-600 transition-[width] ${percent === null ? "w-1/3 animate-pulse" : ""}`} style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      {detail ? <p className="text-xs tabular-nums text-slate-500">{detail}</p> : null}
    </div>
  );
}
