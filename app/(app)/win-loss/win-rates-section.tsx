"use client";

import { useState } from "react";
import { TabList } from "@/components/ui/tab-list";
import { winLossDealsHref } from "@/lib/deals/drill-down";
import { groupDeals, type WinLossRequest } from "@/lib/win-loss/request";
import type { WinRateTable } from "@/lib/win-loss/report";
import { DealsFigure, FiguresTable, dealsCount, RateFigure, WinLossSection } from "./figures";

/** Win rate by segment, source, competitor, deal-size tier, rep, industry, ABM tier and threading; one group at a time. */
export function WinRatesSection({ tables, request }: { tables: WinRateTable[]; request: WinLossRequest }) {
  const [dimension, setDimension] = useState(tables[0]!.dimension);
  const table = tables.find((t) => t.dimension === dimension) ?? tables[0]!;
  return (
    <WinLossSection
      id="win-rates"
      title="Win rate by group"
      description="Won ÷ closed in the period, with its 95 % Wilson interval. A group of fewer than 30 closed deals is too small to judge."
      aside={<TabList label="Win rate by" tabs={tables.map((t) => ({ key: t.dimension, label: t.label }))} selected={dimension} onSelect={setDimension} />}
    >
      {table.rows.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No deals were closed in this period.</p>
      ) : (
        <FiguresTable caption={`Win rate by ${table.label.toLowerCase()}`} columns={[table.label, "Closed", "Won", "Win rate"]} minWidth="md:min-w-[30rem]" testId="win-rate-table">
              {table.rows.map((r) => {
                const deals = groupDeals(table.dimension, r.key);
                return (
                  <tr key={r.key ?? "none"}>
                    <th scope="row" className="py-2 pr-3 font-medium text-slate-900">
                      {r.label}
                    </th>
                    <td className="py-2 pr-3 text-right" data-label="Closed">
                      <DealsFigure href={winLossDealsHref(request, deals)} label={`${dealsCount(r.won + r.lost)} closed, ${r.label}: open them`} testId="group-closed">
                        {r.won + r.lost}
                      </DealsFigure>
                    </td>
                    <td className="py-2 pr-3 text-right" data-label="Won">
                      <DealsFigure href={winLossDealsHref(request, { ...deals, status: "won" })} label={`${dealsCount(r.won)} won, ${r.label}: open them`}>
                        {r.won}
                      </DealsFigure>
                    </td>
                    <td className="py-2 text-right" data-label="Win rate">
                      <RateFigure rate={r.winRate} judge />
                    </td>
                  </tr>
                );
              })}
        </FiguresTable>
      )}
    </WinLossSection>
  );
}
