import Link from "next/link";
import { Badge } from "@/components/ui/card";
import type { AccountRow } from "@/db/queries/accounts";
import { accountListParams, type AccountListRequest, type AccountSort } from "@/lib/abm/account-list";
import { tierInfo, type AbmTier } from "@/lib/domain/abm-tiers";
import { formatCount, formatMoney, missingAmountsNote } from "@/lib/format";
import { bandLabels, fitBand } from "@/lib/metrics/scoring";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { Pager } from "@/components/ui/pager";
import { CellLabel, cardTable } from "@/components/ui/card-table";

const tierLabel = (tier: AbmTier | null) => (tier ? `${tierInfo[tier].label}` : "None");
const bandTone = { qualified: "text-emerald-800", monitor: "text-amber-800", disqualify: "text-red-800" } as const;

/** A column's sort link; on a phone the header row is a line of these above the cards, led by "Sort by". */
function SortHeader({ request, sort, children, align = "left", query, first = false }: { request: AccountListRequest; sort: AccountSort; children: string; align?: "left" | "right"; query: string; first?: boolean }) {
  const current = request.sort === sort;
  const descending = current ? !request.descending : !["name", "owner", "tier"].includes(sort);
  const params = accountListParams(request, { sort, descending, page: 1 });
  const href = `/accounts?${query}${query ? "&" : ""}${params.toString()}#accounts`;
  return (
    <th scope="col" aria-sort={current ? (request.descending ? "descending" : "ascending") : undefined} className={`py-2 pr-3 font-medium ${align === "right" ? "text-right" : "text-left"} max-md:block max-md:p-0 max-md:text-left`}>
      {first ? (
        <span aria-hidden="true" className="mr-2 font-normal md:hidden">
          Sort by
        </span>
      ) : null}
      <Link href={href} className="inline-flex items-center gap-1 hover:text-slate-900">
        {children}
        <span aria-hidden="true" className="text-slate-500">
          {current ? (request.descending ? "▼" : "▲") : "↕"}
        </span>
      </Link>
    </th>
  );
}

/** Roles identified, engaged and active out of 5, as three short bars with the numbers. */
export function CoverageBars({ identified, engaged, active }: { identified: number; engaged: number; active: number }) {
  const bars = [
    { label: "identified", n: identified, colour: "bg-brand-200" },
    { label: "engaged", n: engaged, colour: "bg-brand-500" },
    { label: "active", n: active, colour: "bg-brand-800" },
  ];
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1" title={`${identified} identified, ${engaged} engaged, ${active} active of 5 roles`}>
      <span className="flex w-16 flex-col gap-0.5" aria-hidden="true">
        {bars.map((b) => (
          <span key={b.label} className="h-1 rounded-full bg-slate-100">
            <span className={`block h-1 rounded-full ${b.colour}`} style={{ width: `${(b.n / 5) * 100}%` }} />
          </span>
        ))}
      </span>
      <span className="text-xs text-slate-700 tabular-nums">
        {identified} · {engaged} · {active}
        <span className="sr-only"> (identified, engaged, active of 5)</span>
      </span>
    </span>
  );
}

export function AccountTable({ rows, total, request, periodQuery, currency, pageSize }: { rows: AccountRow[]; total: number; request: AccountListRequest; periodQuery: string; currency: string; pageSize: number }) {
  const pageHref = (page: number) => `/accounts?${periodQuery}${periodQuery ? "&" : ""}${accountListParams(request, { page }).toString()}#accounts`;
  if (rows.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
        {total === 0 && request.page === 1 ? "No accounts match these filters. Clear a filter, or import accounts on the Import page." : "This page is past the last account."}
      </p>
    );
  }
  return (
    <>
      <ScrollRegion label={`Accounts, ${total} in all`}>
        {/* On a phone: a card per account with the figures that rank it, under a line of sort links. */}
        <table className={`${cardTable.table} md:min-w-[58rem]`}>
          <caption className="sr-only">Accounts, {total} in all</caption>
          <thead className="max-md:mb-3 max-md:block">
            <tr className="border-b border-slate-200 text-xs text-slate-500 max-md:flex max-md:flex-wrap max-md:gap-x-3 max-md:gap-y-1 max-md:border-0">
              <SortHeader request={request} sort="name" query={periodQuery} first>Account</SortHeader>
              <SortHeader request={request} sort="owner" query={periodQuery}>Owner</SortHeader>
              <SortHeader request={request} sort="tier" query={periodQuery}>Tier</SortHeader>
              <th scope="col" className="py-2 pr-3 text-left font-medium max-md:hidden">
                Suggested
              </th>
              <SortHeader request={request} sort="fit" align="right" query={periodQuery}>Fit</SortHeader>
              <SortHeader request={request} sort="intent" align="right" query={periodQuery}>Intent</SortHeader>
              <SortHeader request={request} sort="coverage" query={periodQuery}>Coverage</SortHeader>
              <SortHeader request={request} sort="pipeline" align="right" query={periodQuery}>Open pipeline</SortHeader>
            </tr>
          </thead>
          <tbody className={cardTable.body}>
            {rows.map((a) => {
              const differs = a.tier !== a.suggestedTier;
              return (
                <tr key={a.id} className={`border-b border-slate-100 align-top last:border-0 hover:bg-slate-50 ${cardTable.row} max-md:grid-cols-3`}>
                  <td className={`py-2 pr-3 ${cardTable.cell} ${cardTable.wide}`}>
                    <Link href={`/accounts/${a.id}`} className="font-medium text-brand-700 hover:underline">
                      {a.name}
                    </Link>
                    <span className="block text-xs text-slate-500">{[a.domain, a.segment, a.industry].filter(Boolean).join(" · ")}</span>
                  </td>
                  <td className={`py-2 pr-3 text-slate-700 ${cardTable.cell}`}>
                    <CellLabel>Owner</CellLabel>
                    {a.ownerName ?? <span className="text-slate-500">Unassigned</span>}
                  </td>
                  <td className={`py-2 pr-3 ${cardTable.cell}`}>
                    <CellLabel>Tier</CellLabel>
                    <Badge tone={a.tier ? "brand" : "neutral"}>{tierLabel(a.tier)}</Badge>
                    {differs ? (
                      <span className="mt-0.5 block text-xs text-amber-800" title={a.tierReason ? `${a.tierSetBy ?? "Someone"}: ${a.tierReason}` : undefined}>
                        Differs from the rules{a.tier && a.tierSetBy ? ` · set by ${a.tierSetBy}` : ""}
                      </span>
                    ) : null}
                  </td>
                  <td className={`py-2 pr-3 ${differs ? "font-medium text-amber-800" : "text-slate-700"} ${cardTable.cell}`}>
                    <CellLabel>Suggested</CellLabel>
                    <span data-testid="suggested-tier">{tierLabel(a.suggestedTier)}</span>
                  </td>
                  <td className={`py-2 pr-3 text-right tabular-nums ${cardTable.cell}`}>
                    <CellLabel>Fit</CellLabel>
                    <span className="block" data-testid="account-fit">
                      {a.icpFit ?? "—"}
                      {a.icpFit !== null ? <span className={`block text-xs ${bandTone[fitBand(a.icpFit)]}`}>{bandLabels[fitBand(a.icpFit)]}</span> : <span className="block text-xs text-slate-500">no data</span>}
                    </span>
                  </td>
                  <td className={`py-2 pr-3 text-right tabular-nums ${cardTable.cell}`}>
                    <CellLabel>Intent</CellLabel>
                    {Math.round(a.intent)}
                  </td>
                  <td className={`py-2 pr-3 ${cardTable.cell}`}>
                    <CellLabel>Coverage</CellLabel>
                    <CoverageBars identified={a.identified} engaged={a.engaged} active={a.active} />
                  </td>
                  <td className={`py-2 text-right tabular-nums ${cardTable.cell} ${cardTable.wide}`}>
                    <CellLabel>Open pipeline</CellLabel>
                    {formatMoney(a.openPipeline, { currency })}
                    {a.openDeals > 0 ? <span className="block text-xs text-slate-500">{formatCount(a.openDeals)} open</span> : null}
                    {a.openWithoutAmount > 0 ? (
                      <span className="block text-xs text-amber-800">{missingAmountsNote({ deals: a.openDeals, withoutAmount: a.openWithoutAmount }, { kind: "open" })}</span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      <Pager label="Pages" page={request.page} pageSize={pageSize} total={total} noun="accounts" href={pageHref} />
    </>
  );
}
