"use client";

import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatAxisValue, formatPercent, formatValue } from "@/lib/format";
import { ChartTable } from "./chart-table";

export interface ParetoDatum {
  label: string;
  value: number;
  /** The running share of the whole, up to and including this bar (0–1). */
  cumulativeShare: number;
}

/** A long category name cut on the axis (the tooltip and the table give it whole). */
const shortLabel = (label: string) => (label.length > 20 ? `${label.slice(0, 19)}…` : label);

/** Bars largest first with the cumulative share as a line on a 0–100 % axis: which few causes carry most of the total. */
export function ParetoChart({ data, currency, label, height = 300 }: { data: ParetoDatum[]; currency: string; label: string; height?: number }) {
  const money = { kind: "money" as const, currency };
  return (
    <figure aria-label={label}>
      <div style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 12, right: 8, bottom: 0, left: 24 }}>
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "var(--chart-tick)" }} tickLine={false} axisLine={{ stroke: "var(--chart-axis)" }} interval="preserveStart" minTickGap={2} height={72} angle={-30} textAnchor="end" tickFormatter={shortLabel} />
            <YAxis yAxisId="money" tickFormatter={(n: number) => formatAxisValue(n, money)} tick={{ fontSize: 11, fill: "var(--chart-tick)" }} width={56} tickLine={false} axisLine={false} />
            <YAxis yAxisId="share" orientation="right" domain={[0, 1]} tickFormatter={(n: number) => formatPercent(n, {}, 0)} tick={{ fontSize: 11, fill: "var(--chart-tick)" }} width={44} tickLine={false} axisLine={false} />
            <Tooltip
              formatter={(v, name) => (typeof v !== "number" ? "—" : name === "Cumulative share" ? formatPercent(v) : formatValue(v, money))}
              contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "var(--chart-axis)", backgroundColor: "var(--chart-surface)" }}
              cursor={{ fill: "var(--chart-cursor)" }}
            />
            <Bar yAxisId="money" dataKey="value" name="Money lost" fill="var(--chart-alert)" radius={[4, 4, 0, 0]} isAnimationActive={false} />
            <Line yAxisId="share" dataKey="cumulativeShare" name="Cumulative share" stroke="var(--chart-category)" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ChartTable caption={label} headers={["Reason", "Money lost", "Cumulative share"]} rows={data.map((d) => [d.label, formatValue(d.value, money), formatPercent(d.cumulativeShare)])} />
    </figure>
  );
}
