import Link from "next/link";
import { Badge } from "@/components/ui/card";
import { CellLabel, cardTable } from "@/components/ui/card-table";
import { Pager } from "@/components/ui/pager";
import { ScrollRegion } from "@/components/ui/scroll-region";
import type { LeadRow } from "@/db/queries/funnel-leads";
import { formatCount, formatDays, formatWhen } from "@/lib/format";

const stageLabels = { lead: "Lead", mql: "MQL", sql: "SQL", opportunity: "Opportunity", won: "Closed won" } as const;

const header = "py-2 pr-3 font-medium";

/** One page of leads: a table from md up, a card per lead on a phone. */
export function LeadTable({ rows, total, page, pageSize, href, timeZone }: { rows: LeadRow[]; total: number; page: number; pageSize: number; href: (page: number) => string; timeZone: string }) {
  if (rows.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600" data-testid="leads-empty">
        {total === 0 && page === 1
          ? "No leads match. Pick another period, segment or source on the funnel page; with no leads at all, import your CRM's leads on the Import page."
          : "This page is past the last lead."}
      </p>
    );
  }
  return (
    <>
      <ScrollRegion label={`Leads, ${total} in all`}>
        <table className={`${cardTable.table} md:min-w-[52rem]`} data-testid="lead-table">
          <caption className="sr-only">Leads, {formatCount(total)} in all</caption>
          <thead className={cardTable.head}>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
              <th scope="col" className={header}>Lead</th>
              <th scope="col" className={header}>Account</th>
              <th scope="col" className={header}>Stage</th>
              <th scope="col" className={header}>Entered the stage</th>
              <th scope="col" className={`${header} text-right`}>Days waiting</th>
            </tr>
          </thead>
          <tbody className={cardTable.body}>
            {rows.map((l) => (
              <tr key={l.id} className={`border-b border-slate-100 align-top last:border-0 ${cardTable.row}`} data-testid="lead-row">
                <th scope="row" className={`py-2 pr-3 text-left font-medium text-slate-900 ${cardTable.cell} ${cardTable.wide}`}>
                  {l.name ?? `Lead ${l.id}`}
                  <span className="block text-xs font-normal text-slate-500">
                    {[l.email, l.source, l.ownerName ? `owner ${l.ownerName}` : null].filter(Boolean).join(" · ") || "No contact recorded"}
                  </span>
                </th>
                <td className={`py-2 pr-3 ${cardTable.cell}`}>
                  <CellLabel>Account</CellLabel>
                  {l.accountId !== null ? (
                    <Link href={`/accounts/${l.accountId}`} className="text-brand-700 hover:underline">
                      {l.accountName}
                    </Link>
                  ) : (
                    <span className="text-slate-500">No account</span>
                  )}
                </td>
                <td className={`py-2 pr-3 text-slate-700 ${cardTable.cell}`}>
                  <CellLabel>Stage</CellLabel>
                  {l.stage === "won" ? <Badge tone="success">Closed won</Badge> : stageLabels[l.stage]}
                </td>
                <td className={`py-2 pr-3 text-slate-700 tabular-nums ${cardTable.cell}`}>
                  <CellLabel>Entered the stage</CellLabel>
                  {formatWhen(l.enteredAt, timeZone)}
                  {l.inferred ? <span className="block text-xs text-slate-500">inferred from a later stage</span> : null}
                </td>
                <td className={`py-2 pr-3 text-right tabular-nums max-md:text-left ${cardTable.cell}`}>
                  <CellLabel>Days waiting</CellLabel>
                  {l.daysWaiting === null ? <span className="text-slate-500" title="Won, rejected, or its deal closed">—</span> : formatDays(l.daysWaiting)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <Pager label="Pages" page={page} pageSize={pageSize} total={total} noun="leads" href={href} />
    </>
  );
}
