import type { Metadata } from "next";
import Link from "next/link";
import { InvalidLink } from "@/components/filters/invalid-link";
import { Card, PageHeader } from "@/components/ui/card";
import { CellLabel, cardTable } from "@/components/ui/card-table";
import { getDb } from "@/db/index";
import { forecastDeals, forecastFor } from "@/db/queries/forecast";
import { getSetting } from "@/db/queries/settings";
import { can } from "@/lib/auth/permissions";
import { forecastDealsHref, type ForecastFigure } from "@/lib/deals/drill-down";
import { forecastQuarters, parseForecastRequest } from "@/lib/forecast/request";
import { formatAmount, formatCount, formatDate, formatMoney, formatPercent, formatPeriod, missingAmountsNote } from "@/lib/format";
import { forecastCategoryOf, type ForecastListColumn, type ForecastRow } from "@/lib/metrics/forecast";
import { quarterOf, todayIn } from "@/lib/metrics/period";
import { guardedPage } from "@/app/_guard/guarded-page";
import { ForecastCategorySelect } from "./forecast-category-select";

export const metadata: Metadata = { title: "Forecast" };

const th = "px-3 py-2 text-right font-medium";
const td = "px-3 py-2 text-right tabular-nums";

/**
 * The money columns; each but weighted pipeline (a sum of amount × probability, no list's total)
 * opens its deals, when it has any: a figure of no deals is plain text.
 */
const columns: { key: keyof Pick<ForecastRow, ForecastListColumn | "weightedPipeline">; label: string; figure?: ForecastFigure }[] = [
  { key: "closedWon", label: "Closed won", figure: "closedWon" },
  { key: "commit", label: "Commit", figure: "commit" },
  { key: "bestCase", label: "Best case", figure: "best_case" },
  { key: "pipeline", label: "Pipeline", figure: "pipeline" },
  { key: "weightedPipeline", label: "Weighted pipeline" },
];

const quarterLabel = (from: string) => `Q${Math.floor(Number(from.slice(5, 7)) / 3) + 1} ${from.slice(0, 4)}`;

export default guardedPage("deals:view", async function ForecastPage({ user, searchParams }) {
  const db = getDb();
  const organisation = await getSetting(db, "organisation");
  const today = todayIn(organisation.timeZone);
  const parsed = parseForecastRequest(searchParams, today);
  if (!parsed.ok) {
    return (
      <>
        <PageHeader title="Forecast" />
        <InvalidLink parameter={parsed.parameter} error={parsed.error} href="/forecast" />
      </>
    );
  }
  // A rep's forecast is their own: the query reads only their deals and quota.
  const ownOnly = user.role === "sales";
  const quarter = parsed.period;
  const [forecast, deals] = await Promise.all([
    forecastFor(db, { quarter, timeZone: organisation.timeZone, ownerId: ownOnly ? user.id : undefined }),
    ownOnly ? forecastDeals(db, { quarter, ownerId: user.id }) : Promise.resolve([]),
  ]);
  const currency = organisation.currency;
  const money = (v: string) => formatMoney(v, { currency }, true);
  const rows: (ForecastRow & { name: string; total?: true })[] = [
    ...forecast.rows.map((r) => ({ ...r, name: r.ownerId === null ? "No owner" : (forecast.names[r.ownerId] ?? `User #${r.ownerId}`) })),
    ...(ownOnly ? [] : [{ ...forecast.total, name: "Total", total: true as const }]),
  ];
  const missing = missingAmountsNote({ deals: forecast.total.openDeals + forecast.total.wonDeals, withoutAmount: forecast.total.withoutAmount });
  const empty = forecast.total.openDeals === 0 && forecast.total.wonDeals === 0 && forecast.total.quota === null;

  return (
    <>
      <PageHeader
        title="Forecast"
        description={
          <>
            {ownOnly ? "Your" : "Each rep's and the total"} call for <strong>{quarterLabel(quarter.from)}</strong> ({formatPeriod(quarter.from, quarter.to)}): closed won, the open deals
            expected to close in it by forecast category, and quota. Amounts to the cent.
          </>
        }
      />
      <nav aria-label="Quarter" className="mb-6 flex gap-2">
        {forecastQuarters.map((q) => {
          const period = quarterOf(today, q === "next" ? 1 : 0);
          const current = q === parsed.quarter;
          return (
            <Link
              key={q}
              href={q === "current" ? "/forecast" : "/forecast?quarter=next"}
              aria-current={current ? "page" : undefined}
              className={`rounded-md border px-3 py-1.5 text-sm font-medium ${current ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"}`}
            >
              {q === "current" ? "This quarter" : "Next quarter"} · {quarterLabel(period.from)}
            </Link>
          );
        })}
      </nav>
      {empty ? (
        <Card title="Nothing in this quarter's forecast yet">
          <p className="text-sm text-slate-600">
            No deal was won in {quarterLabel(quarter.from)}, none is expected to close in it, and no quota is set. Import opportunities with their close dates, and set quotas on Targets.
          </p>
        </Card>
      ) : (
        <div className="space-y-6">
          <Card title={ownOnly ? "Your forecast" : "Forecast by rep"} description={missing ?? undefined}>
            <table className={cardTable.table} aria-label="Forecast by rep">
              <thead className={`${cardTable.head} border-b border-slate-200 text-slate-500`}>
                <tr>
                  <th scope="col" className={`${th} text-left`}>Rep</th>
                  {columns.map((c) => (
                    <th key={c.key} scope="col" className={th}>{c.label}</th>
                  ))}
                  <th scope="col" className={th}>Quota</th>
                  <th scope="col" className={th}>Attainment</th>
                  <th scope="col" className={th}>Gap to quota</th>
                </tr>
              </thead>
              <tbody className={`${cardTable.body} divide-y divide-slate-100`}>
                {rows.map((r) => (
                  <tr key={r.total ? "total" : String(r.ownerId)} className={`${cardTable.row} ${r.total ? "bg-slate-50 font-semibold" : ""}`} data-rep={r.name}>
                    <th scope="row" className={`px-3 py-2 text-left font-medium ${cardTable.cell} ${cardTable.wide}`}>
                      {r.name}
                    </th>
                    {columns.map((c) => (
                      <td key={c.key} className={`${td} ${cardTable.cell}`} data-column={c.key} data-amount={r[c.key]} data-deals={c.key === "weightedPipeline" ? undefined : r.dealsIn[c.key]}>
                        <CellLabel>{c.label}</CellLabel>
                        {c.figure && c.key !== "weightedPipeline" && r.dealsIn[c.key] > 0 ? (
                          <Link
                            href={forecastDealsHref(quarter, c.figure, r.total ? undefined : r.ownerId)}
                            className="text-brand-700 underline decoration-brand-300 underline-offset-2 hover:decoration-brand-700"
                            aria-label={`${r.name}, ${c.label}: ${money(r[c.key])}, open the deals`}
                          >
                            {money(r[c.key])}
                          </Link>
                        ) : (
                          money(r[c.key])
                        )}
                      </td>
                    ))}
                    <td className={`${td} ${cardTable.cell}`} data-column="quota">
                      <CellLabel>Quota</CellLabel>
                      {r.quota === null ? "—" : money(r.quota)}
                    </td>
                    <td className={`${td} ${cardTable.cell}`} data-column="attainment">
                      <CellLabel>Attainment</CellLabel>
                      {r.attainment.value === null ? <span title={r.attainment.reason}>—</span> : formatPercent(r.attainment.value)}
                    </td>
                    <td className={`${td} ${cardTable.cell}`} data-column="gap">
                      <CellLabel>Gap to quota</CellLabel>
                      {r.gapToQuota === null ? "—" : Number(r.gapToQuota) < 0 ? `exceeded by ${money(r.gapToQuota.slice(1))}` : money(r.gapToQuota)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-3 text-xs text-slate-500">
              Commit, best case and pipeline are open deals expected to close in the quarter, by the category their owner or the CRM set, else by their stage&apos;s probability
              (≥ 90 % commit, ≥ 50 % best case). Each amount but weighted pipeline opens its deals. Weighted pipeline: amount × stage probability. Attainment: closed won ÷ quota.{" "}
              <Link href="/deals/changes" className="text-brand-700 underline">
                How the pipeline moved this quarter
              </Link>
            </p>
          </Card>
          {ownOnly && can(user.role, "deals:edit") ? (
            <Card title="Your deals in this call" description="Set each deal's forecast category; By stage follows the deal's stage.">
              {deals.length === 0 ? (
                <p className="text-sm text-slate-600">You have no open deal expected to close in {quarterLabel(quarter.from)}.</p>
              ) : (
                <table className={cardTable.table} aria-label="Your deals in this call">
                  <thead className={`${cardTable.head} border-b border-slate-200 text-slate-500`}>
                    <tr>
                      <th scope="col" className={`${th} text-left`}>Deal</th>
                      <th scope="col" className={`${th} text-left`}>Stage</th>
                      <th scope="col" className={th}>Amount</th>
                      <th scope="col" className={`${th} text-left`}>Close date</th>
                      <th scope="col" className={`${th} text-left`}>Forecast category</th>
                    </tr>
                  </thead>
                  <tbody className={`${cardTable.body} divide-y divide-slate-100`}>
                    {deals.map((d) => (
                      <tr key={d.id} className={cardTable.row} data-deal={d.id}>
                        <td className={`px-3 py-2 ${cardTable.cell} ${cardTable.wide}`}>
                          <Link href={`/deals/${d.id}`} className="font-medium text-brand-700 hover:underline">
                            {d.name}
                          </Link>
                        </td>
                        <td className={`px-3 py-2 ${cardTable.cell}`}>
                          <CellLabel>Stage</CellLabel>
                          {d.stageName} ({formatCount(d.stageProbability)} %)
                        </td>
                        <td className={`${td} ${cardTable.cell}`}>
                          <CellLabel>Amount</CellLabel>
                          {formatAmount(d.amount, { currency }, true)}
                        </td>
                        <td className={`px-3 py-2 ${cardTable.cell}`}>
                          <CellLabel>Close date</CellLabel>
                          {formatDate(d.expectedCloseDate)}
                        </td>
                        <td className={`px-3 py-2 ${cardTable.cell} ${cardTable.wide}`}>
                          <ForecastCategorySelect
                            dealId={d.id}
                            dealName={d.name}
                            category={d.category}
                            derived={forecastCategoryOf({ status: "open", category: null, stageProbability: d.stageProbability })}
                            version={d.version}
                          />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Card>
          ) : null}
        </div>
      )}
    </>
  );
});
