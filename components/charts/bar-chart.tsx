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
            <CartesianGrid stroke="#e2e8f0" horizontal={false} />
            <XAxis type="number" tickFormatter={formatAxis} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} />
            <YAxis type="category" dataKey="label" width={120} tick={{ fontSize: 12, fill: "#334155" }} tickLine={false} axisLine={false} />
            <Tooltip formatter={(v) => (typeof v === "number" ? format(v) : "—")} contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "#cbd5e1" }} cursor={{ fill: "#f1f5f9" }} />
            <Bar dataKey="value" name={label} radius={[0, 4, 4, 0]} isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.label} fill={d.highlight ? "#b91c1c" : "#2a56d9"} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartTable caption={label} headers={["Group", label]} rows={data.map((d) => [d.label, d.value === null ? "—" : format(d.value)])} />
    </figure>
  );
}
