"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatAxisValue, formatValue, type ValueFormat } from "@/lib/format";
import { ChartTable } from "./chart-table";

export interface BarDatum {
  label: string;
  value: number | null;
  highlight?: boolean;
}

/** Horizontal bars, one per group; undefined values show as an empty bar with "—" in the table. */
export function HorizontalBarChart({ data, valueFormat, label }: { data: BarDatum[]; valueFormat: ValueFormat; label: string }) {
  const format = (n: number) => formatValue(n, valueFormat);
  const formatAxis = (n: number) => formatAxisValue(n, valueFormat);
  const height = Math.max(120, data.length * 34 + 40);
  return (
    <figure aria-label={label}>
      <div style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="var(--chart-grid)" horizontal={false} />
            <XAxis type="number" tickFormatter={formatAxis} tick={{ fontSize: 11, fill: "var(--chart-tick)" }} tickLine={false} axisLine={{ stroke: "var(--chart-axis)" }} />
            <YAxis type="category" dataKey="label" width={120} tick={{ fontSize: 12, fill: "var(--chart-category)" }} tickLine={false} axisLine={false} />
            <Tooltip formatter={(v) => (typeof v === "number" ? format(v) : "—")} contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "var(--chart-axis)", backgroundColor: "var(--chart-surface)" }} cursor={{ fill: "var(--chart-cursor)" }} />
            <Bar dataKey="value" name={label} radius={[0, 4, 4, 0]} isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.label} fill={d.highlight ? "var(--chart-alert)" : "var(--chart-primary)"} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartTable caption={label} headers={["Group", label]} rows={data.map((d) => [d.label, d.value === null ? "—" : format(d.value)])} />
    </figure>
  );
}
