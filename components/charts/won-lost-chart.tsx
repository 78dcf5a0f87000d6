"use client";

import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount } from "@/lib/format";
import { ChartTable } from "./chart-table";

export interface WonLostDatum {
  label: string;
  won: number;
  lost: number;
}

/**
 * Won and lost deals side by side per score bucket, with a dashed line where "scored high" begins,
 * so the eye sees whether won deals sit right of the line and lost deals left of it.
 */
export function WonLostChart({ data, markerAt, markerLabel, label, height = 240 }: { data: WonLostDatum[]; markerAt: string | null; markerLabel: string; label: string; height?: number }) {
  return (
    <figure aria-label={label}>
      <div style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 18, right: 8, bottom: 18, left: 0 }} barGap={1} barCategoryGap="18%">
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
            <XAxis
              dataKey="label"
              tick={{ fontSize: 10, fill: "var(--chart-tick)" }}
              tickLine={false}
              axisLine={{ stroke: "var(--chart-axis)" }}
              interval={0}
              tickFormatter={(label: string) => label.split("–")[0]!}
              label={{ value: "Best readiness score before the deal was created (bucket from)", position: "insideBottom", offset: -12, fontSize: 11, fill: "var(--chart-label)" }}
            />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "var(--chart-tick)" }} width={52} tickLine={false} axisLine={false} label={{ value: "Deals", angle: -90, position: "insideLeft", offset: 4, fontSize: 11, fill: "var(--chart-label)" }} />
            <Tooltip formatter={(v) => (typeof v === "number" ? formatCount(v) : "—")} contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "var(--chart-axis)", backgroundColor: "var(--chart-surface)" }} cursor={{ fill: "var(--chart-cursor)" }} />
            <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
            {markerAt !== null ? (
              <ReferenceLine x={markerAt} stroke="var(--chart-target)" strokeDasharray="6 4" label={{ value: markerLabel, position: "top", fill: "var(--chart-target)", fontSize: 11 }} />
            ) : null}
            <Bar dataKey="won" name="Won" fill="var(--chart-won)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
            <Bar dataKey="lost" name="Lost" fill="var(--chart-muted)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartTable caption={label} headers={["Score", "Won", "Lost"]} rows={data.map((d) => [d.label, formatCount(d.won), formatCount(d.lost)])} />
    </figure>
  );
}
