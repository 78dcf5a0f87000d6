"use client";

import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatAxisValue, formatValue, type ValueFormat } from "@/lib/format";
import { ChartTable } from "./chart-table";

export interface ColumnDatum {
  label: string;
  value: number | null;
  /** Shown in the table beside the value (a sample size, say). */
  note?: string;
}

/** One column per period against a target line; columns under the target are amber. */
export function ColumnChart({ data, target, valueFormat, label, height = 240 }: { data: ColumnDatum[]; target: number | null; valueFormat: ValueFormat; label: string; height?: number }) {
  const format = (n: number) => formatValue(n, valueFormat);
  const formatAxis = (n: number) => formatAxisValue(n, valueFormat);
  return (
    <figure aria-label={label}>
      <div style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 12, right: target !== null ? 80 : 12, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "var(--chart-tick)" }} tickLine={false} axisLine={{ stroke: "var(--chart-axis)" }} interval="preserveStartEnd" minTickGap={8} />
            <YAxis tickFormatter={formatAxis} tick={{ fontSize: 11, fill: "var(--chart-tick)" }} width={48} tickLine={false} axisLine={false} domain={valueFormat.kind === "percent" ? [0, 1] : undefined} />
            <Tooltip formatter={(v) => (typeof v === "number" ? format(v) : "—")} contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "var(--chart-axis)", backgroundColor: "var(--chart-surface)" }} cursor={{ fill: "var(--chart-cursor)" }} />
            {target !== null ? (
              <ReferenceLine y={target} stroke="var(--chart-target)" strokeDasharray="6 4" label={{ value: `Target ${formatAxis(target)}`, position: "right", fill: "var(--chart-target)", fontSize: 11 }} />
            ) : null}
            <Bar dataKey="value" name={label} radius={[4, 4, 0, 0]} isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.label} fill={target !== null && d.value !== null && d.value < target ? "var(--chart-below-target)" : "var(--chart-primary)"} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartTable caption={label} headers={["Period", label, ""]} rows={data.map((d) => [d.label, d.value === null ? "—" : format(d.value), d.note ?? ""])} />
    </figure>
  );
}
