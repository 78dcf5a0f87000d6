import { winLossDealsHref } from "@/lib/deals/drill-down";
import type { ReasonRow, ReasonTable } from "@/lib/metrics/win-loss";
import { recordedLabel } from "@/lib/win-loss/report";
import type { WinLossRequest } from "@/lib/win-loss/request";
import { DealsFigure, FiguresTable, dealsCount, money, RateFigure, WinLossSection } from "./figures";

/** The top five reasons deals were won (or lost), the rest counted together, and the deals with none. */
export function ReasonsSection({ kind, table, request, currency }: { kind: "win" | "loss"; table: ReasonTable; request: WinLossRequest; currency: string }) {
  const won = kind === "win";
  const title = won ? "Top reasons we win" : "Top reasons we lose";
  const outcome = won ? "won" : "lost";
  const row = (r: ReasonRow) => {
    const label = recordedLabel(r.reason, r.mapped);
    const href = winLossDealsHref(request, { status: outcome, ...(won ? { winReason: r.reason } : { lossReason: r.reason }) });
    return (
      <tr key={r.reason ?? "none"} data-reason={r.reason ?? "none"}>
        <th scope="row" className={`py-2 pr-3 font-medium ${r.reason === null ? "text-slate-500 italic" : "text-slate-900"}`}>
          {label}
        </th>
        <td className="py-2 pr-3 text-right" data-label="Deals">
          <DealsFigure href={href} label={`${dealsCount(r.deals)} ${outcome} on ${label}: open them`} testId="reason-deals">
            {r.deals}
          </DealsFigure>
        </td>
        <td className="py-2 pr-3 text-right" data-label="Share">
          <RateFigure rate={r.share} noun={`${outcome} deals`} />
        </td>
        <td className="py-2 text-right" data-label={`Money ${outcome}`}>
          <DealsFigure href={href} label={`${money(r.amount, currency)} ${outcome} on ${label}: open the deals`}>
            {money(r.amount, currency)}
          </DealsFigure>
          {r.withoutAmount > 0 ? <span className="block text-xs text-amber-800">{r.withoutAmount} without an amount</span> : null}
        </td>
      </tr>
    );
  };
  return (
    <WinLossSection id={`${kind}-reasons`} title={title} className="" description={<>Of the {dealsCount(table.closed)} {outcome} in the period: deals, share with its 95 % interval, and the money {outcome}.</>}>
      {table.closed === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No deals were {outcome} in this period.</p>
      ) : (
        <FiguresTable caption={title} columns={["Reason", "Deals", "Share", `Money ${outcome}`]} minWidth="md:min-w-[28rem]" testId={`${kind}-reasons`}>
              {table.top.map(row)}
              {table.others.reasons > 0 ? (
                <tr>
                  <th scope="row" className="py-2 pr-3 font-normal text-slate-600">
                    {table.others.reasons} more {table.others.reasons === 1 ? "reason" : "reasons"}
                  </th>
                  <td className="py-2 pr-3 text-right text-slate-600" data-label="Deals">{table.others.deals}</td>
                  <td colSpan={2} />
                </tr>
              ) : null}
              {table.none ? row(table.none) : null}
        </FiguresTable>
      )}
    </WinLossSection>
  );
}
