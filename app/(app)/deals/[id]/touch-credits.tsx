import type { ReactNode } from "react";
import { Badge } from "@/components/ui/card";
import { CellLabel, cardTable } from "@/components/ui/card-table";
import { ScrollRegion } from "@/components/ui/scroll-region";
import type { TouchCredit } from "@/db/queries/attribution";
import { channelInfo } from "@/lib/domain/channels";
import type { ChannelCredit, CreditedTouch } from "@/lib/deals/touch-credit";
import { formatCount, formatMoney, formatPercent } from "@/lib/format";
import { attributionModelInfo, attributionModels, type AttributionModel } from "@/lib/metrics/attribution";

interface CreditRow {
  key: string | number;
  head: ReactNode;
  share: Record<AttributionModel, number>;
  credit: Record<AttributionModel, string> | null;
}

/**
 * Rows (a channel, a touch) against the attribution models: what each model credits to each row,
 * in money (whole cents that add up to the deal's amount) and as a share. A phone reads each row as
 * a card.
 */
function CreditTable({ rows, first, currency, label, testId }: { rows: CreditRow[]; first: string; currency: string; label: string; testId: string }) {
  return (
    <ScrollRegion label={label} className="mt-3">
      <table className={`${cardTable.table} min-w-full`}>
        <thead className={cardTable.head}>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
            <th scope="col" className="py-2 pr-3 font-medium">
              {first}
            </th>
            {attributionModels.map((model) => (
              <th key={model} scope="col" className="px-2 py-2 text-right font-medium" title={attributionModelInfo[model].rule}>
                {attributionModelInfo[model].label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={cardTable.body}>
          {rows.map((row) => (
            <tr key={row.key} className={`${cardTable.row} border-b border-slate-100 align-top max-md:grid-cols-3`} data-testid={testId}>
              <th scope="row" className={`${cardTable.cell} ${cardTable.wide} py-2 pr-3 text-left font-normal`}>
                {row.head}
              </th>
              {attributionModels.map((model) => (
                <td key={model} className={`${cardTable.cell} px-2 py-2 text-right tabular-nums max-md:text-left`}>
                  <CellLabel>{attributionModelInfo[model].label}</CellLabel>
                  <span className="block text-slate-900">{row.credit ? formatMoney(row.credit[model], { currency }, true) : "—"}</span>
                  <span className="block text-xs text-slate-600">{formatPercent(row.share[model])}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** The deal's credit per channel under each model. */
export function ChannelCredits({ channels, currency, label }: { channels: ChannelCredit[]; currency: string; label: string }) {
  const rows = channels.map((c) => ({
    key: c.channel,
    head: (
      <>
        <span className="block font-medium text-slate-900">{channelInfo[c.channel].label}</span>
        <span className="block text-xs text-slate-600">
          {formatCount(c.touches)} {c.touches === 1 ? "touch" : "touches"}
        </span>
      </>
    ),
    share: c.share,
    credit: c.credit,
  }));
  return <CreditTable rows={rows} first="Channel" currency={currency} label={label} testId="channel-credit" />;
}

/** The touches a deal's credit goes to, in order, with what each model gives each one. */
export function TouchCredits({ touches, currency, when, label }: { touches: CreditedTouch<TouchCredit>[]; currency: string; when: (at: Date) => string; label: string }) {
  const rows = touches.map(({ touch, share, credit }) => ({
    key: touch.id,
    head: (
      <>
        <span className="block font-medium text-slate-900">
          {channelInfo[touch.channel].label}
          {touch.campaign ? <span className="font-normal text-slate-600"> · {touch.campaign}</span> : null}
        </span>
        <span className="block text-xs text-slate-600">
          {when(touch.occurredAt)} · {touch.type.replaceAll("_", " ")}
          {touch.contactName ? ` · ${touch.contactName}` : ""}
        </span>
        {touch.createsLead ? (
          <span className="mt-1 inline-block">
            <Badge tone="brand">Created the lead</Badge>
          </span>
        ) : null}
      </>
    ),
    share,
    credit,
  }));
  return <CreditTable rows={rows} first="Touch" currency={currency} label={label} testId="touch" />;
}
