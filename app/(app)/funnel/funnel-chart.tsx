"use client";

import { HorizontalBarChart } from "@/components/charts/bar-chart";

export function FunnelChart({ steps, label }: { steps: { label: string; count: number; bottleneck: boolean }[]; label: string }) {
  return <HorizontalBarChart label={label} valueFormat={{ kind: "count" }} data={steps.map((s) => ({ label: s.label, value: s.count, highlight: s.bottleneck }))} />;
}
