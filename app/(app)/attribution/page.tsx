import type { Metadata } from "next";
import Link from "next/link";
import { HorizontalBarChart } from "@/components/charts/bar-chart";
import { InvalidLink } from "@/components/filters/invalid-link";
import { FilterBar } from "@/components/filters/period-filter-bar";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { MissingAmounts } from "@/components/ui/missing-amounts";
import { getDb } from "@/db/index";
import { attributionRequestParams, buildAttributionReport, creditedDealsOf, resolveAttributionView, type AttributionRequest } from "@/lib/attribution/report";
import { parsePage } from "@/lib/velocity/request";
import type { Channel } from "@/lib/domain/channels";
import { formatCount, formatMoney, formatPercent, formatPeriod } from "@/lib/format";
import { attributionModelInfo, attributionModels, type AttributionModel } from "@/lib/metrics/attribution";
import { periodPresetLabels } from "@/lib/metrics/period";
import { AttributionNav } from "./attribution-nav";
import { ChannelDealsSection } from "./channel-deals";
import { guardedPage } from "@/app/_guard/guarded-page";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { CellLabel, cardTable } from "@/components/ui/card-table";

export const metadata: Metadata = { title: "Attribution" };

function linkTo(request: AttributionRequest, changes: Partial<AttributionRequest>, page = 1) {
  const params = attributionRequestParams({ ...request, ...changes });
  if (page > 1) params.set("page", String(page));
  return `/attribution?${params.toString()}`;
}

/** A channel's figure under a model opens the deals behind it, below the tables. */
const channelDealsHref = (request: AttributionRequest, channel: Channel, model: AttributionModel) => `${linkTo(request, { channel, model })}#channel-deals`;

function Choice({ href, current, children }: { href: string; current: boolean; children: string }) {
  return (
    <Link
      href={href}
      scroll={false}
      aria-current={current ? "true" : undefined}
      className={`rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap ${current ? "bg-white text-brand-700 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
    >
      {children}
    </Link>
  );
}

/** On a phone, a channel's figures sit three to a line in its card. */
const channelCard = `${cardTable.row} max-md:grid-cols-3`;

export default guardedPage("attribution:view", async function AttributionPage({ searchParams: params }) {
  const db = getDb();
  const view = await resolveAttributionView(db, params);
  const { context } = view;
  const choices = { segments: context.options.segments, sources: context.options.sources, owners: context.options.owners };
  // The list of a channel's deals is paged; a bad page is named like any other bad parameter.
  const page = parsePage(params);
  const problem = !view.ok ? view : !page.ok ? page : null;
  if (problem || !view.ok || !page.ok) {
    return (
      <>
        <PageHeader title="Attribution" />
        <AttributionNav current="/attribution" />
        {problem ? <InvalidLink parameter={problem.parameter} error={problem.error} href="/attribution" /> : null}
      </>
    );
  }
  const report = await buildAttributionReport(db, view.request, context);
  const credited = view.request.channel ? await creditedDealsOf(db, report, view.request.channel) : null;
  const { request, totals, currency } = report;
  const money = (value: string | number) => formatMoney(value, { currency });
  const basisWord = request.basis === "pipeline" ? "pipeline" : "revenue";
  const model = request.model;
  const sorted = [...report.channels].sort((a, b) => Number(b.credit[model]) - Number(a.credit[model]));
  const allAmount = Number(totals.amount);

  return (
    <>
      <PageHeader
        title="Attribution"
        description={
          <>
            {basisWord === "pipeline" ? "Pipeline created" : "Revenue won"} in {periodPresetLabels[request.preset].toLowerCase()}:{" "}
            <strong>{formatPeriod(request.period.from, request.period.to)}</strong>, credited to the channels of the touches before each deal&apos;s{" "}
            {request.basis === "pipeline" ? "creation" : "close"}. Times in {report.timeZone}.
          </>
        }
      />
      <AttributionNav current="/attribution" />
      <FilterBar key={attributionRequestParams(request).toString()} choices={choices} preset={request.preset} from={request.period.from} to={request.period.to} />

      <div className="mb-6 flex flex-wrap items-center gap-3">
        <nav aria-label="Model" className="flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1">
          {attributionModels.map((m) => (
            <Choice key={m} href={linkTo(request, { model: m })} current={m === model}>
              {attributionModelInfo[m].label}
            </Choice>
          ))}
        </nav>
        <nav aria-label="Credit" className="flex gap-1 rounded-lg bg-slate-100 p-1">
          <Choice href={linkTo(request, { basis: "pipeline" })} current={request.basis === "pipeline"}>
            Pipeline
          </Choice>
          <Choice href={linkTo(request, { basis: "revenue" })} current={request.basis === "revenue"}>
            Revenue
          </Choice>
        </nav>
      </div>

      {totals.deals === 0 ? (
        <Alert tone="info" title={`No ${basisWord} in this period`}>
          Pick a longer period, or import opportunities and touchpoints on the Import page.
        </Alert>
      ) : null}

      <div className="grid gap-4 sm:grid-cols-3">
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <p className="text-sm text-slate-600">Attributed {basisWord}</p>
          <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{money(totals.attributedAmount)}</p>
          <p className="text-xs text-slate-500">{formatCount(totals.attributedDeals)} deals with at least one touch</p>
          <MissingAmounts
            count={{ deals: totals.attributedDeals, withoutAmount: totals.attributedWithoutAmount }}
            kind="attributed"
            testId="attributed-missing-amounts"
          />
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <p className="text-sm text-slate-600">Unattributed {basisWord}</p>
          <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums" data-testid="unattributed">
            {money(totals.unattributedAmount)}
          </p>
          <p className="text-xs text-slate-500">
            {formatCount(totals.unattributedDeals)} deals with no touch before the conversion
            {allAmount > 0 ? ` · ${formatPercent(Number(totals.unattributedAmount) / allAmount)} of ${money(totals.amount)}` : ""}
          </p>
          <MissingAmounts count={{ deals: totals.unattributedDeals, withoutAmount: totals.unattributedWithoutAmount }} kind="unattributed" />
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <p className="text-sm text-slate-600">{attributionModelInfo[model].label}</p>
          <p className="mt-1 text-sm text-slate-800">{attributionModelInfo[model].rule}</p>
        </div>
      </div>

      <section aria-labelledby="channels-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="channels-heading" className="text-base font-semibold text-slate-900">
          {attributionModelInfo[model].label}: {basisWord} by channel
        </h2>
        <div className="mt-4 grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] [&>*]:min-w-0">
          <HorizontalBarChart
            label={`${attributionModelInfo[model].label} credit`}
            valueFormat={{ kind: "money", currency }}
            data={sorted.map((c) => ({ label: c.label, value: Number(c.credit[model]), href: channelDealsHref(request, c.channel, model) }))}
          />
          <div>
            <h3 className="text-sm font-medium text-slate-700">Campaigns within each channel</h3>
            <ul className="mt-2 divide-y divide-slate-100 text-sm">
              {sorted.map((c) => {
                const rows = report.campaigns.filter((x) => x.channel === c.channel).sort((a, b) => Number(b.credit) - Number(a.credit));
                return (
                  <li key={c.channel} className="flex items-start justify-between gap-3 py-1.5">
                    {/* The channel's total opens its deals beside the campaign list, not inside its summary (no control in a control). */}
                    <details className="min-w-0 flex-1">
                      <summary className="cursor-pointer font-medium text-slate-800">{c.label}</summary>
                      <ul className="mt-1 space-y-0.5 pl-4 text-slate-600">
                        {rows.map((x) => (
                          <li key={x.campaign ?? ""} className="flex justify-between gap-3">
                            <span>{x.campaign ?? "(no campaign)"}</span>
                            <span className="tabular-nums">{money(x.credit)}</span>
                          </li>
                        ))}
                      </ul>
                    </details>
                    <Link
                      href={channelDealsHref(request, c.channel, model)}
                      scroll={false}
                      className="shrink-0 text-brand-700 tabular-nums underline decoration-brand-300 underline-offset-2 hover:decoration-brand-700"
                      aria-label={`${money(c.credit[model])} credited to ${c.label}: open the deals behind it`}
                      data-testid={`campaign-summary-${c.channel}`}
                    >
                      {money(c.credit[model])}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        </div>
      </section>

      <section aria-labelledby="compare-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="compare-heading" className="text-base font-semibold text-slate-900">
          The models side by side
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Each column credits the same {formatCount(totals.attributedDeals)} deals; every column adds up to {money(totals.attributedAmount)}. Each figure opens the deals behind it with the credit each gives.
          {totals.attributedWithoutAmount > 0 ? " A deal without an amount counts among them and is credited nothing." : ""}
        </p>
        <ScrollRegion label="Deals credited to each channel by each attribution model" className="mt-4">
          <table className={`${cardTable.table} md:min-w-[52rem]`} data-testid="model-comparison">
            <thead className={cardTable.head}>
              <tr className="border-b border-slate-200 text-xs text-slate-500">
                <th scope="col" className="py-2 pr-3 text-left font-medium">Channel</th>
                {attributionModels.map((m: AttributionModel) => (
                  <th key={m} scope="col" className={`py-2 pr-3 text-right font-medium ${m === model ? "text-brand-700" : ""}`}>
                    {attributionModelInfo[m].label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className={cardTable.body}>
              {sorted.map((c) => (
                <tr key={c.channel} className={`border-b border-slate-100 ${channelCard}`}>
                  <th scope="row" className={`py-2 pr-3 text-left font-medium text-slate-800 ${cardTable.cell} ${cardTable.wide}`}>
                    {c.label}
                  </th>
                  {attributionModels.map((m) => (
                    <td key={m} className={`py-2 pr-3 text-right tabular-nums ${m === model ? "bg-brand-50/60 font-medium max-md:-mx-1 max-md:rounded max-md:px-1" : ""} ${cardTable.cell}`}>
                      <CellLabel>{attributionModelInfo[m].label}</CellLabel>
                      <Link
                        href={channelDealsHref(request, c.channel, m)}
                        scroll={false}
                        className="text-brand-700 underline decoration-brand-300 underline-offset-2 hover:decoration-brand-700"
                        aria-label={`${c.label}, ${attributionModelInfo[m].label}: ${money(c.credit[m])}, open the deals behind it`}
                        data-channel={c.channel}
                        data-model={m}
                        data-credit={c.credit[m]}
                      >
                        {money(c.credit[m])}
                      </Link>
                      <span className="block text-xs text-slate-500">{formatPercent(c.share[m])}</span>
                    </td>
                  ))}
                </tr>
              ))}
              <tr className={`border-b border-slate-100 text-slate-600 ${channelCard}`}>
                <th scope="row" className={`py-2 pr-3 text-left font-medium ${cardTable.cell} ${cardTable.wide}`}>
                  Unattributed
                </th>
                {attributionModels.map((m) => (
                  <td key={m} className={`py-2 pr-3 text-right tabular-nums ${cardTable.cell}`}>
                    <CellLabel>{attributionModelInfo[m].label}</CellLabel>
                    {money(totals.unattributedAmount)}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      {credited ? (
        <ChannelDealsSection
          list={credited}
          basisWord={basisWord}
          currency={currency}
          page={page.page}
          pageHref={(p) => `${linkTo(request, {}, p)}#channel-deals`}
          closeHref={linkTo(request, { channel: undefined })}
        />
      ) : null}

      <section aria-labelledby="layer4-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="layer4-heading" className="text-base font-semibold text-slate-900">
          First touch, influenced and last touch
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Shares of attributed {basisWord}. Influenced: the deals with any touch in the channel, so those shares overlap and add up to more than 100 %.
        </p>
        <ScrollRegion label="First, influenced and last touch by channel" className="mt-4">
          <table className={`${cardTable.table} md:min-w-[36rem]`}>
            <thead className={cardTable.head}>
              <tr className="border-b border-slate-200 text-xs text-slate-500">
                <th scope="col" className="py-2 pr-3 text-left font-medium">Channel</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">First touch</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">Influenced</th>
                <th scope="col" className="py-2 text-right font-medium">Last touch</th>
              </tr>
            </thead>
            <tbody className={cardTable.body}>
              {sorted.map((c) => (
                <tr key={c.channel} className={`border-b border-slate-100 last:border-0 ${channelCard}`}>
                  <th scope="row" className={`py-2 pr-3 text-left font-medium text-slate-800 ${cardTable.cell} ${cardTable.wide}`}>
                    {c.label}
                  </th>
                  <td className={`py-2 pr-3 text-right tabular-nums ${cardTable.cell}`}>
                    <CellLabel>First touch</CellLabel>
                    {formatPercent(c.share.first_touch)}
                  </td>
                  <td className={`py-2 pr-3 text-right tabular-nums ${cardTable.cell}`}>
                    <CellLabel>Influenced</CellLabel>
                    {formatPercent(c.influenced.share)}
                    <span className="block text-xs text-slate-500">{formatCount(c.influenced.deals)} deals</span>
                    <MissingAmounts count={c.influenced} className="text-xs text-amber-800" />
                  </td>
                  <td className={`py-2 text-right tabular-nums ${cardTable.cell}`}>
                    <CellLabel>Last touch</CellLabel>
                    {formatPercent(c.share.last_touch)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
    </>
  );
});
