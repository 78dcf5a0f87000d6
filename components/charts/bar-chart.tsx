"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatAxisValue, formatValue, type ValueFormat } from "@/lib/format";
import { ChartTable } from "./chart-table";

export interface BarDatum {
  label: string;
  value: number | null;
  highlight?: boolean;
  /** Where the bar leads (the records behind its figure): the bar, its label and its table row link there. */
  href?: string;
}

/**
 * Horizontal bars, one per group; undefined values show as an empty bar with "—" in the table.
 * A bar with an `href` is a link: a click on the bar, and its label, which the keyboard reaches.
 */
export function HorizontalBarChart({ data, valueFormat, label }: { data: BarDatum[]; valueFormat: ValueFormat; label: string }) {
  const router = useRouter();
  const format = (n: number) => formatValue(n, valueFormat);
  const formatAxis = (n: number) => formatAxisValue(n, valueFormat);
  const height = Math.max(120, data.length * 34 + 40);
  const byLabel = new Map(data.map((d) => [d.label, d]));
  const follow = (href: string | undefined) => {
    if (href) router.push(href);
  };
  const linked = data.some((d) => d.href);
  // A linked bar's label is an SVG link, so the keyboard reaches each bar's records.
  const linkTick = ({ x, y, payload }: { x: number | string; y: number | string; payload: { value: string } }) => {
    const datum = byLabel.get(payload.value);
    const text = (
      <text x={x} y={y} dy={4} textAnchor="end" fontSize={12} fill={datum?.href ? "var(--chart-link)" : "var(--chart-category)"} textDecoration={datum?.href ? "underline" : undefined}>
        {payload.value}
      </text>
    );
    if (!datum?.href) return <g>{text}</g>;
    const value = datum.value === null ? "—" : format(datum.value);
    return (
      <a
        href={datum.href}
        aria-label={`${payload.value}: ${value}, open the records behind it`}
        onClick={(e) => {
          e.preventDefault();
          follow(datum.href);
        }}
        className="focus-visible:outline-2 focus-visible:outline-brand-600"
      >
        {text}
      </a>
    );
  };
  return (
    <figure aria-label={label}>
      <div style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="var(--chart-grid)" horizontal={false} />
            <XAxis type="number" tickFormatter={formatAxis} tick={{ fontSize: 11, fill: "var(--chart-tick)" }} tickLine={false} axisLine={{ stroke: "var(--chart-axis)" }} />
            <YAxis
              type="category"
              dataKey="label"
              width={120}
              tick={linked ? linkTick : { fontSize: 12, fill: "var(--chart-category)" }}
              tickLine={false}
              axisLine={false}
            />
            <Tooltip formatter={(v) => (typeof v === "number" ? format(v) : "—")} contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "var(--chart-axis)", backgroundColor: "var(--chart-surface)" }} cursor={{ fill: "var(--chart-cursor)" }} />
            <Bar
              dataKey="value"
              name={label}
              radius={[0, 4, 4, 0]}
              isAnimationActive={false}
              onClick={(d) => follow((d as unknown as { payload?: BarDatum }).payload?.href)}
              className={linked ? "cursor-pointer" : undefined}
            >
              {data.map((d) => (
                <Cell key={d.label} fill={d.highlight ? "var(--chart-alert)" : "var(--chart-primary)"} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartTable
        caption={label}
        headers={["Group", label]}
        rows={data.map((d) => {
          const value = d.value === null ? "—" : format(d.value);
          return [
            d.label,
            d.href ? (
              <Link key="value" href={d.href} className="text-brand-700 underline">
                {value}
              </Link>
            ) : (
              value
            ),
          ];
        })}
      />
    </figure>
  );
}
