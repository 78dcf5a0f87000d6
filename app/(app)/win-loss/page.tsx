import type { Metadata } from "next";
import Link from "next/link";
import { ParetoChart } from "@/components/charts/pareto-chart";
import { InvalidLink } from "@/components/filters/invalid-link";
import { FilterBar } from "@/components/filters/period-filter-bar";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { SubNav } from "@/components/ui/sub-nav";
import { getDb } from "@/db/index";
import { winLossDealsHref } from "@/lib/deals/drill-down";
import { formatPeriod } from "@/lib/format";
import { periodPresetLabels } from "@/lib/metrics/period";
import { resolveVelocityView } from "@/lib/velocity/report";
import { velocityRequestParams } from "@/lib/velocity/request";
import { buildWinLossReport } from "@/lib/win-loss/report";
import { guardedPage } from "@/app/_guard/guarded-page";
import { CompetitorsSection } from "./competitors-section";
import { DealsFigure, dealsCount, money, RateFigure, WinLossSection } from "./figures";
import { FactsSection } from "./facts-section";
import { LossPointsSection } from "./loss-points-section";
import { ReasonsSection } from "./reasons-section";
import { WinRatesSection } from "./win-rates-section";
import { winLossPages } from "./sub-nav";

export const metadata: Metadata = { title: "Win/loss" };

export default guardedPage("velocity:view", async function WinLossPage({ searchParams: params }) {
  const db = getDb();
  const view = await resolveVelocityView(db, params);
  const { context } = view;
  const choices = { segments: context.options.segments, sources: context.options.sources, owners: context.options.owners };
  if (!view.ok) {
    return (
      <>
        <PageHeader title="Win/loss" />
        <SubNav label="Win/loss pages" pages={winLossPages} current="/win-loss" />
        <FilterBar choices={choices} preset="this_quarter" from={context.today} to={context.today} />
        <InvalidLink parameter={view.parameter} error={view.error} href="/win-loss" />
      </>
    );
  }

  const { request } = view;
  const report = await buildWinLossReport(db, request, context);
  const { currency } = report;
  const closed = report.won + report.lost;

  return (
    <>
      <PageHeader
        title="Win/loss"
        description={
          <>
            Why deals were won and lost, over the deals closed in {periodPresetLabels[request.preset].toLowerCase()}:{" "}
            <strong>{formatPeriod(request.period.from, request.period.to)}</strong>. Shares and win rates carry their 95 % interval and sample size.
          </>
        }
        actions={
          <a href={`/win-loss/playbook?${velocityRequestParams(request).toString()}`} download className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Download playbook (.md)
          </a>
        }
      />
      <SubNav label="Win/loss pages" pages={winLossPages} current="/win-loss" />
      <FilterBar key={velocityRequestParams(request).toString()} choices={choices} preset={request.preset} from={request.period.from} to={request.period.to} />
      {closed === 0 ? (
        <Alert tone="info" title="No deals closed in this period">
          Pick a longer period, or <Link href="/import" className="underline">import your CRM opportunities</Link> with their win and loss reasons and competitors.
        </Alert>
      ) : (
        <>
          <section aria-label="Deals closed" className="mb-6 flex flex-wrap gap-x-8 gap-y-2 rounded-lg border border-slate-200 bg-white p-5 text-sm shadow-sm" data-testid="closed-summary">
            <p>
              <span className="block text-slate-500">Closed</span>
              <DealsFigure href={winLossDealsHref(request, {})} label={`${dealsCount(closed)} closed in the period: open them`}>
                <strong className="text-lg">{closed}</strong>
              </DealsFigure>
            </p>
            <p>
              <span className="block text-slate-500">Won</span>
              <DealsFigure href={winLossDealsHref(request, { status: "won" })} label={`${dealsCount(report.won)} won: open them`}>
                <strong className="text-lg">{report.won}</strong>
              </DealsFigure>
            </p>
            <p>
              <span className="block text-slate-500">Lost</span>
              <DealsFigure href={winLossDealsHref(request, { status: "lost" })} label={`${dealsCount(report.lost)} lost: open them`}>
                <strong className="text-lg">{report.lost}</strong>
              </DealsFigure>
            </p>
            <p>
              <span className="block text-slate-500">Money lost</span>
              <DealsFigure href={winLossDealsHref(request, { status: "lost" })} label={`${money(report.lostAmount, currency)} lost: open the deals`}>
                <strong className="text-lg">{money(report.lostAmount, currency)}</strong>
              </DealsFigure>
            </p>
            <div>
              <span className="block text-slate-500">Win rate</span>
              <strong className="text-lg">
                <RateFigure rate={report.winRate} judge />
              </strong>
            </div>
          </section>
          <div className="grid gap-6 xl:grid-cols-2 [&>*]:min-w-0">
            <ReasonsSection kind="win" table={report.winReasons} request={request} currency={currency} />
            <ReasonsSection kind="loss" table={report.lossReasons} request={request} currency={currency} />
          </div>
          {report.pareto.length > 0 ? (
            <WinLossSection id="pareto" title="Loss reasons by money lost" description="Every loss reason, largest first; the line is the running share of all money lost.">
              <div className="mt-3">
                <ParetoChart
                  label="Money lost by loss reason, with the cumulative share"
                  currency={currency}
                  data={report.pareto.map((b) => ({ label: b.reason ?? "No reason recorded", value: b.amount, cumulativeShare: b.cumulativeShare }))}
                />
              </div>
            </WinLossSection>
          ) : null}
          <WinRatesSection tables={report.winRates} request={request} />
          <CompetitorsSection rows={report.competitors} request={request} currency={currency} />
          <LossPointsSection rows={report.lossPoints} lost={report.lost} request={request} currency={currency} />
          <FactsSection facts={report.facts} />
        </>
      )}
    </>
  );
});
