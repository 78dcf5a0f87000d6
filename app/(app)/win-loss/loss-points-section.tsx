import { winLossDealsHref } from "@/lib/deals/drill-down";
import type { LossPointRow } from "@/lib/metrics/win-loss";
import type { WinLossRequest } from "@/lib/win-loss/request";
import { DealsFigure, FiguresTable, dealsCount, money, RateFigure, WinLossSection } from "./figures";

/** Where deals die: the stage of loss by reason and segment, largest first. */
export function LossPointsSection({ rows, lost, request, currency }: { rows: LossPointRow[]; lost: number; request: WinLossRequest; currency: string }) {
  return (
    <WinLossSection
      id="loss-points"
      title="Where deals die"
      description={<>The {dealsCount(lost)} lost in the period by the stage they were lost at (the last stage before Closed Lost), their loss reason and segment; the ten largest.</>}
    >
      {rows.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No deals were lost in this period.</p>
      ) : (
        <FiguresTable caption="Where deals die" columns={["Lost", "Deals", "Share of lost", "Money lost"]} minWidth="md:min-w-[34rem]" testId="loss-points">
              {rows.map((r) => {
                const href = winLossDealsHref(request, { status: "lost", lostAt: r.stageId, lossReason: r.reason, segment: r.segment });
                return (
                  <tr key={`${r.stageId}-${r.reason}-${r.segment}`}>
                    <th scope="row" className="py-2 pr-3 font-medium text-slate-900">
                      {r.sentence}
                    </th>
                    <td className="py-2 pr-3 text-right" data-label="Deals">
                      <DealsFigure href={href} label={`${dealsCount(r.deals)} ${r.sentence.toLowerCase()}: open them`} testId="loss-point-deals">
                        {r.deals}
                      </DealsFigure>
                    </td>
                    <td className="py-2 pr-3 text-right" data-label="Share of lost">
                      <RateFigure rate={r.share} noun="lost deals" />
                    </td>
                    <td className="py-2 text-right" data-label="Money lost">
                      <DealsFigure href={href} label={`${money(r.amount, currency)} ${r.sentence.toLowerCase()}: open the deals`}>
                        {money(r.amount, currency)}
                      </DealsFigure>
                      {r.withoutAmount > 0 ? <span className="block text-xs text-amber-800">{r.withoutAmount} without an amount</span> : null}
                    </td>
                  </tr>
                );
              })}
        </FiguresTable>
      )}
    </WinLossSection>
  );
}
