import type { Figure } from "@/lib/metrics/figure";

/**
 * A change between two values: ▲/▼, the signed amount, and "better" or "worse" in words, so the
 * colour is never the only cue. `lowerIsBetter` for rates one wants down (false positives, delays).
 */
export function ChangeMark({ change, text, lowerIsBetter = false, neutral = false }: { change: Figure; text: (value: number) => string; lowerIsBetter?: boolean; neutral?: boolean }) {
  if (change.value === null) {
    return (
      <span className="text-xs text-slate-500" title={change.reason}>
        — <span className="sr-only">({change.reason})</span>
      </span>
    );
  }
  const flat = Math.abs(change.value) < 1e-9;
  const good = flat || neutral ? null : change.value > 0 !== lowerIsBetter;
  const tone = good === null ? "text-slate-600" : good ? "text-emerald-700" : "text-red-700";
  return (
    <span className={`text-xs font-medium ${tone}`}>
      <span className="whitespace-nowrap">
        <span aria-hidden="true">{flat ? "■" : change.value > 0 ? "▲" : "▼"}</span> {flat ? "no change" : text(change.value)}
      </span>
      {good === null ? null : <span className="font-normal"> ({good ? "better" : "worse"})</span>}
    </span>
  );
}
