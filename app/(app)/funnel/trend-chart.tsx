"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartTable } from "@/components/charts/chart-table";
import { formatMonth, formatPercent } from "@/lib/format";

export interface ConversionSeries {
  key: string;
  label: string;
  colour: string;
}

const monthLabel = (day: string) => formatMonth(day);

/** Each conversion rate by month of lead creation. */
export function ConversionTrend({ data, series }: { data: Record<string, string | number | null>[]; series: ConversionSeries[] }) {
  return (
    <figure aria-label="Conversion rates by month">
      <div className="h-72">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
            <XAxis dataKey="month" tickFormatter={monthLabel} tick={{ fontSize: 11, fill: "var(--chart-tick)" }} tickLine={false} axisLine={{ stroke: "var(--chart-axis)" }} />
            <YAxis tickFormatter={(v: number) => formatPercent(v, {}, 0)} tick={{ fontSize: 11, fill: "var(--chart-tick)" }} width={48} tickLine={false} axisLine={false} />
            <Tooltip
              formatter={(v) => (typeof v === "number" ? formatPercent(v) : "—")}
              labelFormatter={(l) => `Leads created in ${monthLabel(String(l))}`}
              contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "var(--chart-axis)", backgroundColor: "var(--chart-surface)" }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s) => (
              <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={s.colour} strokeWidth={2} dot={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartTable
        caption="Conversion rates by month"
        headers={["Month", ...series.map((s) => s.label)]}
        rows={data.map((d) => [monthLabel(String(d.month)), ...series.map((s) => (typeof d[s.key] === "number" ? formatPercent(d[s.key] as number) : "—"))])}
      />
    </figure>
  );
}
