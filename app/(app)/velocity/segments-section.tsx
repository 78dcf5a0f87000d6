"use client";

import { SmallSample } from "@/components/ui/small-sample";
import Link from "next/link";
import { useMemo, useState } from "react";
import { HorizontalBarChart } from "@/components/charts/bar-chart";
import { MissingAmounts } from "@/components/ui/missing-amounts";
import { formatCount, formatDashboardMoney, formatDays, formatPercent } from "@/lib/format";
import type { Figure } from "@/lib/metrics/figure";
import { leverInfo } from "@/lib/metrics/velocity";
import type { SegmentTable } from "@/lib/velocity/report";
import type { VelocityRequest } from "@/lib/velocity/request";
import { velocityDealsHref } from "@/lib/deals/drill-down";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { TabList } from "@/components/ui/tab-list";

type SortKey = "label" | "qualifiedOpportunities" | "winRate" | "averageDealSize" | "salesCycleDays" | "velocity";

const columns: { key: SortKey; label: string; title: string }[] = [
  { key: "label", label: "Group", title: "The group" },
  { key: "qualifiedOpportunities", label: "N", title: leverInfo.qualifiedOpportunities.definition },
  { key: "winRate", label: "Win rate", title: `${leverInfo.winRate.definition} With its 95 % Wilson interval.` },
  { key: "averageDealSize", label: "ADS", title: leverInfo.averageDealSize.definition },
  { key: "salesCycleDays", label: "L", title: leverInfo.salesCycleDays.definition },
  { key: "velocity", label: "Velocity / day", title: "N × WR × ADS ÷ L within the group." },
];

const cell = (f: Figure, format: (n: number) => string) => (f.value === null ? <span title={f.reason}>—</span> : format(f.value));

/** N, WR, ADS, L and V by source, segment, deal-size tier and rep: sortable, with a chart of V. */
export function SegmentsSection({ tables, currency, request }: { tables: SegmentTable[]; currency: string; request: VelocityRequest }) {
  const [dimension, setDimension] = useState(tables[0]?.dimension ?? "source");
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: "velocity", descending: true });
  const table = tables.find((t) => t.dimension === dimension) ?? tables[0]!;

  const rows = useMemo(() => {
    const value = (r: SegmentTable["rows"][number]) => (sort.key === "label" ? r.label : r.figures[sort.key].value);
    return [...table.rows].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null && vb === null) return 0;
      if (va === null) return 1;
      if (vb === null) return -1;
      const order = typeof va === "string" ? va.localeCompare(String(vb)) : va - (vb as number);
      return sort.descending ? -order : order;
    });
  }, [table, sort]);

  return (
    <section aria-labelledby="segments-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="segments-heading" className="text-base font-semibold text-slate-900">
            Velocity by segment
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            The four levers and velocity within each group. Win rates on fewer than 30 closed deals show their sample size.
          </p>
        </div>
        <TabList label="Group by" tabs={tables.map((t) => ({ key: t.dimension, label: t.label }))} selected={dimension} onSelect={setDimension} />
      </div>
      {table.rows.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No opportunities were qualified or closed in this period.</p>
      ) : (
        <div className="mt-4 grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] [&>*]:min-w-0">
          <ScrollRegion label={`Velocity by ${table.label.toLowerCase()}`}>
            <table className="w-full min-w-[36rem] text-left text-sm" data-testid="segment-table">
              <caption className="sr-only">Velocity by {table.label.toLowerCase()}</caption>
              <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-500 uppercase">
                <tr>
                  {columns.map((c) => (
                    <th
                      key={c.key}
                      scope="col"
                      title={c.title}
                      aria-sort={sort.key === c.key ? (sort.descending ? "descending" : "ascending") : "none"}
                      className={`py-2 pr-3 font-medium ${c.key === "label" ? "" : "text-right"}`}
                    >
                      <button
                        type="button"
                        className="uppercase hover:text-slate-900"
                        onClick={() => setSort((s) => ({ key: c.key, descending: s.key === c.key ? !s.descending : c.key !== "label" }))}
                      >
                        {c.key === "label" ? table.label : c.label}
                        {sort.key === c.key ? <span aria-hidden="true">{sort.descending ? " ↓" : " ↑"}</span> : null}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 tabular-nums">
                {rows.map((r) => (
                  <tr key={r.key ?? "none"}>
                    <th scope="row" className="py-2 pr-3 font-medium text-slate-900">
                      {r.label}
                    </th>
                    <td className="py-2 pr-3 text-right">
                      {table.dimension === "abm" ? (
                        cell(r.figures.qualifiedOpportunities, (n) => formatCount(n))
                      ) : (
                        <Link
                          href={velocityDealsHref(request, "qualified", { dimension: table.dimension, key: r.key })}
                          className="text-brand-700 underline hover:text-brand-800"
                          aria-label={`${formatCount(r.figures.qualifiedOpportunities.value ?? 0)} qualified deals of ${r.label}: open them`}
                          data-testid="segment-deals"
                        >
                          {cell(r.figures.qualifiedOpportunities, (n) => formatCount(n))}
                        </Link>
                      )}
                    </td>
                    <td className="py-2 pr-3 text-right">
                      {cell(r.figures.winRate, (n) => formatPercent(n))}
                      {r.winRateInterval ? (
                        <span className="block text-xs text-slate-500">
                          {formatPercent(r.winRateInterval.low, {}, 0)}–{formatPercent(r.winRateInterval.high, {}, 0)}
                          {r.smallSample ? <span className="text-amber-800"> · n = {r.closed}</span> : null}
                        </span>
                      ) : null}
                    </td>
                    <td className="py-2 pr-3 text-right">
                      {cell(r.figures.averageDealSize, (n) => formatDashboardMoney(n, { currency }))}
                      <MissingAmounts count={r.figures.wonAmounts} kind="won" className="text-xs text-amber-800" />
                    </td>
                    <td className="py-2 pr-3 text-right">
                      {cell(r.figures.salesCycleDays, formatDays)}
                      <SmallSample n={r.figures.wonAmounts.deals} one="won deal" className="block" testId="segment-small-sample" />
                    </td>
                    <td className="py-2 pr-3 text-right font-medium text-slate-900">{cell(r.figures.velocity, (n) => formatDashboardMoney(n, { currency }))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <HorizontalBarChart
            label={`Velocity per day by ${table.label.toLowerCase()}`}
            valueFormat={{ kind: "moneyPerDay", currency }}
            data={rows.map((r) => ({ label: r.label, value: r.figures.velocity.value }))}
          />
        </div>
      )}
    </section>
  );
}
