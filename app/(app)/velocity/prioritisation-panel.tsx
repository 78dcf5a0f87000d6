import { formatDashboardMoney, formatValue } from "@/lib/format";
import { leverInfo } from "@/lib/metrics/velocity";
import type { Prioritisation } from "@/lib/metrics/prioritisation";
import { leverFormat } from "./headline";

/** Where the deal-size benchmark comes from, said under the panel so nobody mistakes one for the other. */
export interface DealSizeBenchmark {
  value: number | null;
  basis: "setting" | "comparison";
  /** What the comparison period is ("the same 66 days of last quarter"). */
  comparison: string;
}

/** Which lever to pull next and what it is worth. */
export function PrioritisationPanel({ prioritisation, currency, dealSize }: { prioritisation: Prioritisation; currency: string; dealSize: DealSizeBenchmark }) {
  const top = prioritisation.highestLeverage;
  return (
    <div className="self-start rounded-lg border border-brand-100 bg-brand-50 p-4" data-testid="prioritisation">
      <p className="text-xs font-semibold tracking-wide text-brand-700 uppercase">Recommended play</p>
      <p className="mt-1 text-lg font-semibold text-slate-900">{prioritisation.recommendedPlay}</p>
      {top ? (
        <p className="mt-1 text-sm text-slate-700">
          Highest leverage: <strong>{leverInfo[top.lever].label}</strong>. Closing its gap to the benchmark (
          {formatValue(top.benchmark, leverFormat(top.lever, currency))}) alone adds{" "}
          <strong>{formatDashboardMoney(top.gain, { currency })} a day</strong> of velocity.
        </p>
      ) : (
        <p className="mt-1 text-sm text-slate-700">Every lever meets its benchmark.</p>
      )}
      <div className="mt-3 text-sm">
        <p className="font-medium text-slate-700">Rules that fired</p>
        {prioritisation.fired.length === 0 ? (
          <p className="text-slate-600">None of the prioritisation rules fired.</p>
        ) : (
          <ul className="mt-1 space-y-1">
            {prioritisation.fired.map((rule) => (
              <li key={rule.lever} className="text-slate-700">
                <span aria-hidden="true">• </span>
                {rule.signal} → <em>{rule.play}</em>
              </li>
            ))}
          </ul>
        )}
        {prioritisation.gaps.length > 1 ? (
          <p className="mt-2 text-xs text-slate-600">
            Other gaps, by velocity gained:{" "}
            {prioritisation.gaps
              .slice(1)
              .map((g) => `${leverInfo[g.lever].label} ${formatDashboardMoney(g.gain, { currency })}/day`)
              .join(" · ")}
          </p>
        ) : null}
        <p className="mt-2 text-xs text-slate-600" data-testid="deal-size-benchmark">
          Deal-size benchmark:{" "}
          {dealSize.basis === "setting"
            ? `${formatDashboardMoney(dealSize.value!, { currency })} (set on Targets and benchmarks).`
            : `not set, so deal size is measured against ${dealSize.comparison}${dealSize.value === null ? " (no won deal with an amount there)" : ` (${formatDashboardMoney(dealSize.value, { currency })})`}.`}
        </p>
      </div>
    </div>
  );
}
