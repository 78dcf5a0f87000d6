"use client";

import { useId, useState } from "react";
import { formatChange, formatDashboardMoney, formatDays, formatMoney, formatPercent, formatScaledCount } from "@/lib/format";
import { isValidImprovement, leverAnalysis, leverInfo, scenarios, velocityOf, type LeverAnalysisRow, type LeverKey, type LeverValues } from "@/lib/metrics/velocity";
import { ScrollRegion } from "@/components/ui/scroll-region";

const changeLabel = (change: LeverKey | "all", x: number) => {
  const pct = formatPercent(x, {}, 0);
  switch (change) {
    case "qualifiedOpportunities":
      return `+${pct} qualified opportunities`;
    case "winRate":
      return `+${pct} win rate`;
    case "averageDealSize":
      return `+${pct} deal size`;
    case "salesCycleDays":
      return `−${pct} sales cycle`;
    case "all":
      return `All four, ±${pct}`;
  }
};

/** Money as the page shows it: whole on the dashboard, to the cent in the calculator (the playbook's vectors). */
const money = (value: number, currency: string, cents: boolean) => (cents ? formatMoney(value, { currency }, true) : formatDashboardMoney(value, { currency }));

function Money({ value, currency, cents }: { value: number | null; currency: string; cents: boolean }) {
  return <>{value === null ? "—" : money(value, currency, cents)}</>;
}

export function LeverTable({
  current,
  rows,
  x,
  currency,
  caption,
  cents = false,
}: {
  current: LeverValues;
  rows: LeverAnalysisRow[];
  x: number;
  currency: string;
  caption: string;
  cents?: boolean;
}) {
  const base = velocityOf(current).value;
  return (
    <ScrollRegion label={caption}>
      <table className="w-full min-w-[40rem] text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-500 uppercase">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">Case</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">N</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">WR</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">ADS</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">L</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Velocity / day</th>
            <th scope="col" className="py-2 text-right font-medium">Change</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          <tr className="text-slate-600">
            <th scope="row" className="py-2 pr-3 font-normal">Current</th>
            <td className="py-2 pr-3 text-right">{formatScaledCount(current.qualifiedOpportunities)}</td>
            <td className="py-2 pr-3 text-right">{formatPercent(current.winRate)}</td>
            <td className="py-2 pr-3 text-right">{money(current.averageDealSize, currency, cents)}</td>
            <td className="py-2 pr-3 text-right">{formatDays(current.salesCycleDays)}</td>
            <td className="py-2 pr-3 text-right font-medium text-slate-900">
              <Money value={base} currency={currency} cents={cents} />
            </td>
            <td className="py-2 text-right">—</td>
          </tr>
          {rows.map((r) => (
            <tr key={r.change} className={r.change === "all" ? "bg-brand-50/60 font-medium" : ""}>
              <th scope="row" className="py-2 pr-3 font-normal">{changeLabel(r.change, x)}</th>
              <td className="py-2 pr-3 text-right">{formatScaledCount(r.values.qualifiedOpportunities)}</td>
              <td className="py-2 pr-3 text-right">{formatPercent(r.values.winRate)}</td>
              <td className="py-2 pr-3 text-right">{money(r.values.averageDealSize, currency, cents)}</td>
              <td className="py-2 pr-3 text-right">{formatDays(r.values.salesCycleDays)}</td>
              <td className="py-2 pr-3 text-right text-slate-900">
                <Money value={r.velocity.value} currency={currency} cents={cents} />
              </td>
              <td className="py-2 text-right text-emerald-700">{r.velocityChange.value === null ? "—" : `▲ ${formatChange(r.velocityChange.value)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** Parses a percentage typed by a person ("15", "15%", "12.5") into a ratio, or null. */
export function parsePercent(text: string): number | null {
  const cleaned = text.trim().replace(/%$/, "").trim();
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const x = Number(cleaned) / 100;
  return isValidImprovement(x) ? x : null;
}

function PercentInput({ label, value, onChange, hint }: { label: string; value: string; onChange: (v: string) => void; hint: string }) {
  const id = useId();
  const invalid = parsePercent(value) === null;
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <div className="mt-1 flex items-center gap-1">
        <input
          id={id}
          inputMode="decimal"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={invalid}
          aria-describedby={`${id}-hint`}
          className="w-20 rounded-md border border-slate-300 px-2 py-1.5 text-right text-sm tabular-nums shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none aria-[invalid=true]:border-red-500"
        />
        <span className="text-sm text-slate-600">%</span>
      </div>
      <p id={`${id}-hint`} className={`mt-1 text-xs ${invalid ? "text-red-700" : "text-slate-500"}`}>
        {invalid ? "Enter a percentage between 0 and 100, e.g. 15." : hint}
      </p>
    </div>
  );
}

/** The lever analysis for an adjustable improvement, and the scenario table for 10/20/30 % and a typed value. */
/** `cents`: the calculator reproduces the playbook to the cent; the dashboard shows whole money. */
export function LeverAnalysis({ current, defaultImprovement, currency, cents = false }: { current: LeverValues; defaultImprovement: number; currency: string; cents?: boolean }) {
  const [improvement, setImprovement] = useState(String(Math.round(defaultImprovement * 1000) / 10));
  const [custom, setCustom] = useState("25");
  const x = parsePercent(improvement) ?? defaultImprovement;
  const customX = parsePercent(custom);
  const all = scenarios(current, [0.1, 0.2, 0.3, ...(customX === null ? [] : [customX])]);

  return (
    <div className="space-y-6">
      <div>
        <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
          <p className="max-w-2xl text-sm text-slate-600">
            Each lever improved alone by the same amount — N×(1+x), WR×(1+x) capped at 100 %, ADS×(1+x), L×(1−x) — then all four at once.
          </p>
          <PercentInput label="Improvement x" value={improvement} onChange={setImprovement} hint={`Default ${formatPercent(defaultImprovement, {}, 0)}`} />
        </div>
        <LeverTable current={current} rows={leverAnalysis(current, x)} x={x} currency={currency} caption="Lever analysis" cents={cents} />
      </div>
      <div>
        <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
          <div>
            <h3 className="text-sm font-semibold text-slate-900">Scenarios</h3>
            <p className="text-sm text-slate-600">Velocity with each lever, and all four, improved by 10, 20 and 30 % and by a value you choose.</p>
          </div>
          <PercentInput label="Your scenario" value={custom} onChange={setCustom} hint="Any value between 0 and 100" />
        </div>
        <ScrollRegion label="Scenarios: velocity per day for each improvement">
          <table className="w-full min-w-[36rem] text-left text-sm" data-testid="scenario-table">
            <caption className="sr-only">Scenarios: velocity per day for each improvement</caption>
            <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">Improvement</th>
                {(["qualifiedOpportunities", "winRate", "averageDealSize", "salesCycleDays"] as const).map((k) => (
                  <th key={k} scope="col" className="py-2 pr-3 text-right font-medium">
                    {leverInfo[k].symbol} only
                  </th>
                ))}
                <th scope="col" className="py-2 text-right font-medium">All four</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 tabular-nums">
              {all.map((s, i) => (
                <tr key={`${s.improvement}-${i}`}>
                  <th scope="row" className="py-2 pr-3 font-normal">
                    {formatPercent(s.improvement, {}, s.improvement * 100 === Math.round(s.improvement * 100) ? 0 : 1)}
                    {i === 3 ? <span className="ml-1 text-xs text-slate-500">(yours)</span> : null}
                  </th>
                  {s.rows.map((r) => (
                    <td key={r.change} className={`py-2 text-right ${r.change === "all" ? "font-medium text-slate-900" : "pr-3"}`}>
                      <Money value={r.velocity.value} currency={currency} cents={cents} />
                      <span className="block text-xs text-emerald-700">{r.velocityChange.value === null ? "" : formatChange(r.velocityChange.value)}</span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </div>
    </div>
  );
}
