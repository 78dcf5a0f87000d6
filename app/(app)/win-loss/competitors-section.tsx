import { winLossDealsHref } from "@/lib/deals/drill-down";
import { formatPercent } from "@/lib/format";
import type { CompetitorRow } from "@/lib/metrics/win-loss";
import { recordedLabel } from "@/lib/win-loss/report";
import type { WinLossRequest } from "@/lib/win-loss/request";
import { DealsFigure, FiguresTable, dealsCount, money, RateFigure, WinLossSection } from "./figures";

/** Each competitor: deals met, win rate against it, money lost to it, and the win rate in each of the last four quarters. */
export function CompetitorsSection({ rows, request, currency }: { rows: CompetitorRow[]; request: WinLossRequest; currency: string }) {
  const quarters = rows[0]?.trend.map((t) => t.label) ?? [];
  return (
    <WinLossSection
      id="competitors"
      title="Competitors"
      description="Deals closed in the period against each competitor. The quarters are whole calendar quarters, the last one holding the period's end."
    >
      {rows.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No deals were closed in this period.</p>
      ) : (
        <FiguresTable caption="Competitors" columns={["Competitor", "Deals met", "Win rate against", "Money lost to", ...quarters]} minWidth="md:min-w-[44rem]" testId="competitors">
              {rows.map((r) => {
                const label = recordedLabel(r.key, r.mapped, "No competitor recorded");
                const lostHref = winLossDealsHref(request, { competitor: r.key, status: "lost" });
                return (
                  <tr key={r.key ?? "none"}>
                    <th scope="row" className={`py-2 pr-3 font-medium ${r.key === null ? "text-slate-500 italic" : "text-slate-900"}`}>
                      {label}
                    </th>
                    <td className="py-2 pr-3 text-right" data-label="Deals met">
                      <DealsFigure href={winLossDealsHref(request, { competitor: r.key })} label={`${dealsCount(r.met)} against ${label}: open them`} testId="competitor-met">
                        {r.met}
                      </DealsFigure>
                    </td>
                    <td className="py-2 pr-3 text-right" data-label="Win rate against">
                      <RateFigure rate={r.winRate} judge />
                    </td>
                    <td className="py-2 pr-3 text-right" data-label="Money lost to">
                      <DealsFigure href={lostHref} label={`${money(r.lostAmount, currency)} lost to ${label}: open the ${dealsCount(r.lost)}`}>
                        {money(r.lostAmount, currency)}
                      </DealsFigure>
                      <span className="block text-xs text-slate-500">
                        {dealsCount(r.lost)}
                        {r.lostWithoutAmount > 0 ? `, ${r.lostWithoutAmount} without an amount` : ""}
                      </span>
                    </td>
                    {r.trend.map((t) => (
                      <td key={t.label} className="py-2 pr-3 text-right text-slate-700" data-label={t.label}>
                        {t.winRate.rate === null ? <span title="no deals against it closed in this quarter">—</span> : formatPercent(t.winRate.rate, {}, 0)}
                        <span className="block text-xs text-slate-500">n = {t.winRate.n}</span>
                      </td>
                    ))}
                  </tr>
                );
              })}
        </FiguresTable>
      )}
    </WinLossSection>
  );
}
