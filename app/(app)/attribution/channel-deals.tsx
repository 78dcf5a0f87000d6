import Link from "next/link";
import { CellLabel, cardTable } from "@/components/ui/card-table";
import { Pager } from "@/components/ui/pager";
import { ScrollRegion } from "@/components/ui/scroll-region";
import type { ChannelDeals } from "@/lib/attribution/report";
import { formatAmount, formatCount, formatMoney, formatPercent } from "@/lib/format";
import { attributionModelInfo } from "@/lib/metrics/attribution";

export const CHANNEL_DEALS_PER_PAGE = 50;

const th = "py-2 pr-3 font-medium";

/**
 * The deals behind a channel's figure under the chosen model: each deal's share of its amount that
 * goes to the channel and the credit it gives, largest first; the credits add up to the figure.
 */
export function ChannelDealsSection({
  list,
  basisWord,
  currency,
  page,
  pageHref,
  closeHref,
}: {
  list: ChannelDeals;
  basisWord: string;
  currency: string;
  page: number;
  pageHref: (page: number) => string;
  closeHref: string;
}) {
  const money = (v: string) => formatMoney(v, { currency }, true);
  const rows = list.deals.slice((page - 1) * CHANNEL_DEALS_PER_PAGE, page * CHANNEL_DEALS_PER_PAGE);
  const model = attributionModelInfo[list.model].label;
  return (
    <section id="channel-deals" aria-labelledby="channel-deals-heading" className="mt-6 rounded-lg border border-brand-200 bg-white p-5 shadow-sm" data-testid="channel-deals">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 id="channel-deals-heading" className="text-base font-semibold text-slate-900">
          {list.label}: the deals behind its {model.toLowerCase()} {basisWord} credit
        </h2>
        <Link href={closeHref} scroll={false} className="text-sm text-brand-700 underline underline-offset-2">
          Close the list
        </Link>
      </div>
      <p className="mt-1 text-sm text-slate-700" role="status" data-testid="channel-deals-totals">
        <strong data-testid="channel-deals-count">{formatCount(list.deals.length)}</strong> {list.deals.length === 1 ? "deal" : "deals"} credit{" "}
        <strong data-testid="channel-deals-credit">{money(list.total)}</strong> to{" "}
        {list.label}, its figure under {model}.
        {list.withoutAmount > 0 ? <span className="text-amber-800"> {formatCount(list.withoutAmount)} of them have no amount and credit nothing.</span> : null}
      </p>
      <p className="mt-1 text-xs text-slate-500">
        Share: the part of the deal {model} gives the channel&apos;s touches. Each deal&apos;s credit is its amount × share in whole cents, the channel&apos;s figure split over its deals so
        they add up to it exactly.
      </p>
      {list.deals.length === 0 ? (
        <p className="mt-4 rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
          {model} credits no deal to {list.label} in this period: the channel&apos;s touches are there, but not where this model gives credit. Try another model.
        </p>
      ) : (
        <ScrollRegion label={`Deals credited to ${list.label}`} className="mt-4">
          <table className={`${cardTable.table} md:min-w-[44rem]`} data-testid="channel-deals-table">
            <thead className={cardTable.head}>
              <tr className="border-b border-slate-200 text-xs text-slate-500">
                <th scope="col" className={`${th} text-left`}>Deal</th>
                <th scope="col" className={`${th} text-left`}>Owner</th>
                <th scope="col" className={`${th} text-right`}>Amount</th>
                <th scope="col" className={`${th} text-right`}>Share</th>
                <th scope="col" className={`${th} text-right`}>Credit</th>
              </tr>
            </thead>
            <tbody className={cardTable.body}>
              {rows.map((d) => (
                <tr key={d.id} className={`border-b border-slate-100 align-top last:border-0 ${cardTable.row}`} data-testid="channel-deal" data-credit={d.credit}>
                  <td className={`py-2 pr-3 ${cardTable.cell} ${cardTable.wide}`}>
                    <Link href={`/deals/${d.id}`} className="font-medium text-brand-700 hover:underline">
                      {d.name}
                    </Link>
                    <span className="block text-xs text-slate-500">{d.accountName ?? "No account"}</span>
                  </td>
                  <td className={`py-2 pr-3 text-slate-700 ${cardTable.cell}`}>
                    <CellLabel>Owner</CellLabel>
                    {d.ownerName ?? <span className="text-slate-500">Unassigned</span>}
                  </td>
                  <td className={`py-2 pr-3 text-right tabular-nums ${cardTable.cell}`}>
                    <CellLabel>Amount</CellLabel>
                    {d.amount === null ? <span className="text-amber-800">{formatAmount(null)}</span> : formatAmount(d.amount, { currency }, true)}
                  </td>
                  <td className={`py-2 pr-3 text-right tabular-nums ${cardTable.cell}`}>
                    <CellLabel>Share</CellLabel>
                    {formatPercent(Number(d.share))}
                  </td>
                  <td className={`py-2 pr-3 text-right font-medium tabular-nums ${cardTable.cell}`}>
                    <CellLabel>Credit</CellLabel>
                    {money(d.credit)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <Pager label="Pages of credited deals" page={page} pageSize={CHANNEL_DEALS_PER_PAGE} total={list.deals.length} noun="deals" href={pageHref} />
    </section>
  );
}
