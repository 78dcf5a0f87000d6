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
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} interval="preserveStartEnd" minTickGap={8} />
            <YAxis tickFormatter={formatAxis} tick={{ fontSize: 11, fill: "#64748b" }} width={48} tickLine={false} axisLine={false} domain={valueFormat.kind === "percent" ? [0, 1] : undefined} />
            <Tooltip formatter={(v) => (typeof v === "number" ? format(v) : "—")} contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "#cbd5e1" }} cursor={{ fill: "#f1f5f9" }} />
            {target !== null ? (
              <ReferenceLine y={target} stroke="#b45309" strokeDasharray="6 4" label={{ value: `Target ${formatAxis(target)}`, position: "right", fill: "#b45309", fontSize: 11 }} />
            ) : null}
            <Bar dataKey="value" name={label} radius={[4, 4, 0, 0]} isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.label} fill={target !== null && d.value !== null && d.value < target ? "#f59e0b" : "#2a56d9"} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartTable caption={label} headers={["Period", label, ""]} rows={data.map((d) => [d.label, d.value === null ? "—" : format(d.value), d.note ?? ""])} />
    </figure>
  );
}
