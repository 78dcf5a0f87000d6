import { formatValue, type ValueFormat } from "@/lib/format";
import type { Figure } from "@/lib/metrics/figure";

/** A figure, or "—" with the reason it is undefined (never 0, NaN or Infinity). */
export function FigureValue({ figure, valueFormat, className = "" }: { figure: Figure; valueFormat: ValueFormat; className?: string }) {
  if (figure.value === null) {
    return (
      <span className={className} title={figure.reason}>
        —<span className="sr-only"> ({figure.reason})</span>
      </span>
    );
  }
  return <span className={className}>{formatValue(figure.value, valueFormat)}</span>;
}

/**
 * ▲/▼ with the relative change. Colour follows whether the move is good (a shorter cycle is good),
 * and the arrow and sign carry the meaning for anyone who cannot see the colour.
 */
export function Delta({ change, lowerIsBetter = false, label = "vs previous period" }: { change: Figure; lowerIsBetter?: boolean; label?: string }) {
  if (change.value === null) {
    return <span className="text-xs text-slate-500" title={change.reason}>— {label}</span>;
  }
  const up = change.value > 0;
  const flat = change.value === 0;
  const good = flat ? null : up !== lowerIsBetter;
  const tone = good === null ? "text-slate-600" : good ? "text-emerald-700" : "text-red-700";
  const pct = new Intl.NumberFormat("en-US", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(change.value);
  return (
    <span className={`text-xs font-medium ${tone}`}>
      <span aria-hidden="true">{flat ? "■" : up ? "▲" : "▼"}</span> {pct} <span className="font-normal text-slate-500">{label}</span>
    </span>
  );
}
