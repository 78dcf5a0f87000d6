"use client";

import { TrendChart } from "@/components/charts/trend-chart";

export function TrendSection({
  points,
  target,
  currency,
  windowDays,
}: {
  points: { weekEnd: string; value: number | null }[];
  target: number | null;
  currency: string;
  windowDays: number;
}) {
  return (
    <section aria-labelledby="trend-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id="trend-heading" className="text-base font-semibold text-slate-900">
        Velocity, last 52 weeks
      </h2>
      <p className="mt-1 mb-3 text-sm text-slate-600">
        Each point is the velocity of the {windowDays} days ending that week, so one quiet week does not hide the trend. The dashed line is the
        target.
      </p>
      <TrendChart data={points} target={target} valueFormat={{ kind: "moneyPerDay", currency }} label="Pipeline velocity" />
    </section>
  );
}
