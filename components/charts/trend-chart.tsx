"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatAxisValue, formatValue, type ValueFormat } from "@/lib/format";
import { ChartTable } from "./chart-table";

export interface TrendDatum {
  /** Last day of the week, YYYY-MM-DD. */
  weekEnd: string;
  value: number | null;
}

const shortDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

/** A weekly line with an optional target line; gaps where the value is undefined. */
export function TrendChart({
  data,
  target,
  valueFormat,
  label,
  targetLabel = "Target",
  domain,
  height = 260,
}: {
  data: TrendDatum[];
  target: number | null;
  /** What the dashed line is: "Target" unless told. */
  targetLabel?: string;
  /** A fixed value axis (a score's 0–100); from the data unless told. */
  domain?: [number, number];
  valueFormat: ValueFormat;
  label: string;
  height?: number;
}) {
  const format = (n: number) => formatValue(n, valueFormat);
  const formatAxis = (n: number) => formatAxisValue(n, valueFormat);
  return (
    <figure aria-label={label}>
      <div style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
            <XAxis dataKey="weekEnd" tickFormatter={shortDay} tick={{ fontSize: 11, fill: "var(--chart-tick)" }} minTickGap={28} tickLine={false} axisLine={{ stroke: "var(--chart-axis)" }} />
            <YAxis tickFormatter={formatAxis} tick={{ fontSize: 11, fill: "var(--chart-tick)" }} width={64} tickLine={false} axisLine={false} domain={domain ?? ["auto", "auto"]} />
            <Tooltip
              formatter={(v) => (typeof v === "number" ? format(v) : "—")}
              labelFormatter={(l) => `Week ending ${shortDay(String(l))}`}
              contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "var(--chart-axis)", backgroundColor: "var(--chart-surface)" }}
            />
            {target !== null ? (
              <ReferenceLine y={target} stroke="var(--chart-target)" strokeDasharray="6 4" label={{ value: `${targetLabel} ${formatAxis(target)}`, position: "insideTopRight", fill: "var(--chart-target)", fontSize: 11 }} />
            ) : null}
            <Line type="monotone" dataKey="value" name={label} stroke="var(--chart-primary)" strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartTable caption={label} headers={["Week ending", label]} rows={data.map((d) => [d.weekEnd, d.value === null ? "—" : format(d.value)])} />
    </figure>
  );
}

/** A small trend without axes, for the levers. */
export function Sparkline({ data, label, valueFormat }: { data: TrendDatum[]; label: string; valueFormat: ValueFormat }) {
  const format = (n: number) => formatValue(n, valueFormat);
  const defined = data.filter((d) => d.value !== null);
  const last = defined[defined.length - 1];
  return (
    <figure aria-label={`${label}, weekly trend`} className="h-12">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 4, right: 2, bottom: 4, left: 2 }}>
          <YAxis hide domain={["auto", "auto"]} />
          <Tooltip
            formatter={(v) => (typeof v === "number" ? format(v) : "—")}
            labelFormatter={(l) => `Week ending ${shortDay(String(l))}`}
            contentStyle={{ fontSize: 11, borderRadius: 6, borderColor: "var(--chart-axis)", backgroundColor: "var(--chart-surface)" }}
          />
          <XAxis dataKey="weekEnd" hide />
          <Line type="monotone" dataKey="value" stroke="var(--chart-tick)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="sr-only">{last?.value != null ? `Latest ${format(last.value)}` : "No data"}</figcaption>
    </figure>
  );
}
