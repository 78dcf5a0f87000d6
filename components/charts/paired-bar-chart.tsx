"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatAxisValue, formatValue, type ValueFormat } from "@/lib/format";
import { ChartTable } from "./chart-table";

export interface PairedDatum {
  label: string;
  a: number;
  b: number;
}

/**
 * Two horizontal bars per group, side by side, so the gap between two measures of the same thing
 * is what the eye sees first; the table adds the difference.
 */
export function PairedBarChart({ data, names, valueFormat, label }: { data: PairedDatum[]; names: [string, string]; valueFormat: ValueFormat; label: string }) {
  const format = (n: number) => formatValue(n, valueFormat);
  const formatAxis = (n: number) => formatAxisValue(n, valueFormat);
  const height = Math.max(160, data.length * 46 + 70);
  return (
    <figure aria-label={label}>
      <div style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }} barGap={2} barCategoryGap="22%">
            <CartesianGrid stroke="var(--chart-grid)" horizontal={false} />
            <XAxis type="number" tickFormatter={formatAxis} tick={{ fontSize: 11, fill: "var(--chart-tick)" }} tickLine={false} axisLine={{ stroke: "var(--chart-axis)" }} />
            <YAxis type="category" dataKey="label" width={128} tick={{ fontSize: 12, fill: "var(--chart-category)" }} tickLine={false} axisLine={false} />
            <Tooltip formatter={(v) => (typeof v === "number" ? format(v) : "—")} contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "var(--chart-axis)", backgroundColor: "var(--chart-surface)" }} cursor={{ fill: "var(--chart-cursor)" }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="a" name={names[0]} fill="var(--chart-compare)" radius={[0, 4, 4, 0]} isAnimationActive={false} />
            <Bar dataKey="b" name={names[1]} fill="var(--chart-muted)" radius={[0, 4, 4, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartTable caption={label} headers={["Group", names[0], names[1], "Difference"]} rows={data.map((d) => [d.label, format(d.a), format(d.b), format(d.a - d.b)])} />
    </figure>
  );
}
