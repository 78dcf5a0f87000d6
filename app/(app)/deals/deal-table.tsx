import Link from "next/link";
import { Badge } from "@/components/ui/card";
import { CellLabel, cardTable } from "@/components/ui/card-table";
import { Pager } from "@/components/ui/pager";
import { ScrollRegion } from "@/components/ui/scroll-region";
import type { DealRow } from "@/db/queries/deals";
import { dealSortLabels, dealsRequestParams, defaultDescending, type DealSort, type DealsRequest } from "@/lib/deals/request";
import { formatAmount, formatCount, formatDate, formatDays } from "@/lib/format";

const statusTone = { won: "success", lost: "neutral" } as const;
const statusLabel = { won: "Won", lost: "Lost" } as const;

const href = (request: DealsRequest, changes: Parameters<typeof dealsRequestParams>[1]) => `/deals?${dealsRequestParams(request, changes).toString()}`;

/** A column's sort link; on a phone the header row is a line of these above the cards, led by "Sort by". */
function SortHeader({ request, sort, align = "left", first = false }: { request: DealsRequest; sort: DealSort; align?: "left" | "right"; first?: boolean }) {
  const current = request.sort === sort;
  const descending = current ? !request.descending : defaultDescending(sort);
  return (
    <th
      scope="col"
      aria-sort={current ? (request.descending ? "descending" : "ascending") : undefined}
      className={`py-2 pr-3 font-medium ${align === "right" ? "text-right" : "text-left"} max-md:block max-md:p-0 max-md:text-left`}
    >
      {first ? (
        <span aria-hidden="true" className="mr-2 font-normal md:hidden">
          Sort by
        </span>
      ) : null}
      <Link href={href(request, { sort, descending, page: 1 })} className="inline-flex items-center gap-1 hover:text-slate-900">
        {dealSortLabels[sort]}
        <span aria-hidden="true" className="text-slate-500">
          {current ? (request.descending ? "▼" : "▲") : "↕"}
        </span>
      </Link>
    </th>
  );
}

function PlainHeader({ children }: { children: string }) {
  return (
    <th scope="col" className="py-2 pr-3 text-left font-medium max-md:hidden">
      {children}
    </th>
  );
}

/** One page of deals: a table from md up, a card per deal on a phone; each deal opens its page. */
export function DealTable({ rows, total, request, currency, pageSize }: { rows: DealRow[]; total: number; request: DealsRequest; currency: string; pageSize: number }) {
  if (rows.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600" data-testid="deals-empty">
        {total === 0 && request.page === 1
          ? "No deals match these filters. Clear a filter or choose All owners; with no deals at all, import your CRM's opportunities on the Import page."
          : "This page is past the last deal."}
      </p>
    );
  }
  return (
    <>
      <ScrollRegion label={`Deals, ${total} in all`}>
        <table className={`${cardTable.table} md:min-w-[60rem]`} data-testid="deal-table">
          <caption className="sr-only">Deals, {formatCount(total)} in all</caption>
          <thead className="max-md:mb-3 max-md:block">
            <tr className="border-b border-slate-200 text-xs text-slate-500 max-md:flex max-md:flex-wrap max-md:gap-x-3 max-md:gap-y-1 max-md:border-0">
              <SortHeader request={request} sort="name" first />
              <PlainHeader>Owner</PlainHeader>
              <PlainHeader>Stage</PlainHeader>
              <SortHeader request={request} sort="amount" align="right" />
              <SortHeader request={request} sort="created" />
              <SortHeader request={request} sort="close" />
              <SortHeader request={request} sort="days" align="right" />
            </tr>
          </thead>
          <tbody className={cardTable.body}>
            {rows.map((d) => (
              <tr key={d.id} className={`border-b border-slate-100 align-top last:border-0 hover:bg-slate-50 ${cardTable.row}`} data-testid="deal-row">
                <td className={`py-2 pr-3 ${cardTable.cell} ${cardTable.wide}`}>
                  <Link href={`/deals/${d.id}`} className="font-medium text-brand-700 hover:underline">
                    {d.name}
                  </Link>
                  <span className="block text-xs text-slate-500">{d.accountName ?? "No account"}</span>
                  {d.stalled || (d.status === "open" && d.engagedContacts <= 1) ? (
                    <span className="mt-1 flex flex-wrap gap-1">
                      {d.stalled ? <Badge tone="warning">Stalled</Badge> : null}
                      {d.status === "open" && d.engagedContacts <= 1 ? <Badge tone="danger">Single-threaded</Badge> : null}
                    </span>
                  ) : null}
                </td>
                <td className={`py-2 pr-3 text-slate-700 ${cardTable.cell}`}>
                  <CellLabel>Owner</CellLabel>
                  {d.ownerName ?? <span className="text-slate-500">Unassigned</span>}
                </td>
                <td className={`py-2 pr-3 ${cardTable.cell}`}>
                  <CellLabel>Stage</CellLabel>
                  {/* A closed deal's stage is its status: the badge says it once. */}
                  {d.status === "open" ? <span className="block text-slate-700">{d.stageName}</span> : <Badge tone={statusTone[d.status]}>{statusLabel[d.status]}</Badge>}
                </td>
                <td className={`py-2 pr-3 text-right tabular-nums ${cardTable.cell}`}>
                  <CellLabel>Amount</CellLabel>
                  {d.amount === null ? <span className="text-amber-800">{formatAmount(null)}</span> : formatAmount(d.amount, { currency })}
                </td>
                <td className={`py-2 pr-3 text-slate-700 tabular-nums ${cardTable.cell}`}>
                  <CellLabel>Created</CellLabel>
                  {formatDate(d.createdOn)}
                </td>
                <td className={`py-2 pr-3 text-slate-700 tabular-nums ${cardTable.cell}`}>
                  <CellLabel>{d.status === "open" ? "Expected close" : "Closed"}</CellLabel>
                  {d.closeOn ? formatDate(d.closeOn) : <span className="text-slate-500">—</span>}
                  <span className="block text-xs text-slate-500 max-md:hidden">{d.status === "open" ? "expected" : "closed"}</span>
                </td>
                <td className={`py-2 pr-3 text-right tabular-nums ${cardTable.cell}`}>
                  <CellLabel>Days in stage</CellLabel>
                  {d.daysInStage === null ? (
                    <span className="text-slate-500">—</span>
                  ) : (
                    <span className={d.stalled ? "font-medium text-amber-800" : "text-slate-700"}>
                      {formatDays(d.daysInStage)}
                      {d.expectedDays !== null ? <span className="block text-xs font-normal text-slate-500">of {d.expectedDays} expected</span> : null}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <Pager label="Pages" page={request.page} pageSize={pageSize} total={total} noun="deals" href={(page) => href(request, { page })} />
    </>
  );
}
