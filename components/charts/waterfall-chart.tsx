"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney, formatMoneyCompact } from "@/lib/format";
import { ChartTable } from "./chart-table";

export interface WaterfallStep {
  label: string;
  /** A total (the start and the end) stands on the axis; a change floats from the running total. */
  kind: "total" | "change";
  /** Exact decimal: the total, or what the change adds (negative: takes away). */
  amount: string;
  /** Where a click on the bar leads (the deals behind it). */
  href?: string;
}

/** Each step's invisible base and visible size: a total from the axis, a change from the running total. */
function floatingBars(steps: readonly WaterfallStep[]) {
  const out: (WaterfallStep & { base: number; size: number; color: string })[] = [];
  let running = 0;
  for (const s of steps) {
    const value = Number(s.amount);
    if (s.kind === "total") {
      running = value;
      out.push({ ...s, base: 0, size: value, color: "var(--chart-primary)" });
      continue;
    }
    const from = running;
    running += value;
    out.push({ ...s, base: Math.min(from, running), size: Math.abs(value), color: value < 0 ? "var(--chart-alert)" : "var(--chart-good)" });
  }
  return out;
}

/**
 * A waterfall: each change a bar floating on an invisible base at the running total, so the start,
 * the changes and the end read as one sum. Bars are links to the deals behind them; the table below
 * holds the same links for the keyboard.
 */
export function WaterfallChart({ steps, label, currency, height = 300 }: { steps: WaterfallStep[]; label: string; currency?: string; height?: number }) {
  const router = useRouter();
  const data = floatingBars(steps);
  const money = (v: string | number) => formatMoney(v, { currency });
  return (
    <figure aria-label={label}>
      <div style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 12, right: 8, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "var(--chart-tick)" }} tickLine={false} axisLine={{ stroke: "var(--chart-axis)" }} interval={0} angle={-30} textAnchor="end" height={56} />
            <YAxis tickFormatter={(v: number) => formatMoneyCompact(v, { currency })} tick={{ fontSize: 11, fill: "var(--chart-tick)" }} width={56} tickLine={false} axisLine={false} />
            <Tooltip
              formatter={(_v, name, item) => (name === "base" ? [null, null] : [money((item.payload as WaterfallStep).amount), (item.payload as WaterfallStep).label])}
              labelFormatter={() => ""}
              contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "var(--chart-axis)", backgroundColor: "var(--chart-surface)" }}
              cursor={{ fill: "var(--chart-cursor)" }}
            />
            <Bar dataKey="base" stackId="w" fill="transparent" isAnimationActive={false} legendType="none" />
            <Bar
              dataKey="size"
              stackId="w"
              isAnimationActive={false}
              radius={[3, 3, 0, 0]}
              onClick={(d) => {
                const href = (d as unknown as { payload?: WaterfallStep }).payload?.href;
                if (href) router.push(href, { scroll: false });
              }}
              className="cursor-pointer"
            >
              {data.map((d) => (
                <Cell key={d.label} fill={d.color} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartTable caption={label} headers={["Step", "Amount"]} rows={steps.map((s) => [s.label, money(s.amount)])} />
    </figure>
  );
}
