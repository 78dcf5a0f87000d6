import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { LeverAnalysis } from "@/components/velocity/lever-analysis";
import { getDb } from "@/db/index";
import { formatPeriod } from "@/lib/format";
import { periodPresetLabels } from "@/lib/metrics/period";
import { buildVelocityReport, resolveVelocityView } from "@/lib/velocity/report";
import { velocityRequestParams } from "@/lib/velocity/request";
import { InvalidLink } from "@/components/filters/invalid-link";
import { FilterBar } from "@/components/filters/period-filter-bar";
import { Headline } from "./headline";
import { PipelineTiles } from "./pipeline-tiles";
import { PrioritisationPanel } from "./prioritisation-panel";
import { SegmentsSection } from "./segments-section";
import { StageMapSection } from "./stage-map-section";
import { TrendSection } from "./trend-section";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Pipeline velocity" };

export default guardedPage("velocity:view", async function VelocityPage({ searchParams: params }) {
  const db = getDb();
  const view = await resolveVelocityView(db, params);
  const { context } = view;
  const choices = { segments: context.options.segments, sources: context.options.sources, owners: context.options.owners };

  if (!view.ok) {
    return (
      <>
        <PageHeader title="Pipeline velocity" />
        <FilterBar choices={choices} preset="this_quarter" from={context.today} to={context.today} />
        <InvalidLink parameter={view.parameter} error={view.error} href="/velocity" />
      </>
    );
  }

  const report = await buildVelocityReport(db, view.request, context);
  const { request, previous } = report;
  const currency = report.organisation.currency;
  const download = `/velocity/audit?${velocityRequestParams(request).toString()}`;
  const hasData = context.options.owners.length > 0;

  return (
    <>
      <PageHeader
        title="Pipeline velocity"
        description={
          <>
            {periodPresetLabels[request.preset]}: <strong>{formatPeriod(request.period.from, request.period.to)}</strong>, compared with {previous.label} (
            <span data-testid="comparison-period">{formatPeriod(previous.from, previous.to)}</span>) and {report.lastYear.label} (
            <span data-testid="comparison-last-year">{formatPeriod(report.lastYear.from, report.lastYear.to)}</span>). Times in {report.organisation.timeZone}.
          </>
        }
        actions={
          <>
            <Link href="/velocity/calculator" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
              Calculator
            </Link>
            <a href={download} download className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
              Download audit (.md)
            </a>
          </>
        }
      />
      <FilterBar key={velocityRequestParams(request).toString()} choices={choices} preset={request.preset} from={request.period.from} to={request.period.to} />
      {!hasData ? (
        <Alert tone="info" title="No opportunities yet">
          Import your CRM opportunities to see velocity here. The <Link href="/velocity/calculator" className="underline">calculator</Link> works without
          data.
        </Alert>
      ) : null}
      <Headline report={report} />
      <PipelineTiles report={report} />
      <TrendSection
        points={report.trend.points.map((p) => ({ weekEnd: p.weekEnd, value: p.velocity.value }))}
        target={report.target.trendVelocityPerDay.value}
        currency={currency}
        windowDays={report.trend.windowDays}
      />
      <section aria-labelledby="levers-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="levers-heading" className="mb-3 text-base font-semibold text-slate-900">
          Lever analysis
        </h2>
        {"values" in report.levers ? (
          <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)] [&>*]:min-w-0">
            <LeverAnalysis current={report.levers.values} defaultImprovement={report.settings.improvement} currency={currency} />
            <PrioritisationPanel
              prioritisation={report.levers.prioritisation}
              currency={currency}
              dealSize={{ ...report.dealSizeBenchmark, comparison: previous.label }}
            />
          </div>
        ) : (
          <p className="text-sm text-slate-600">
            Lever analysis needs all four levers, and {report.levers.reason}. Pick a longer period, or try the{" "}
            <Link href="/velocity/calculator" className="text-brand-700 underline">
              calculator
            </Link>
            .
          </p>
        )}
      </section>
      <SegmentsSection tables={report.segments} currency={currency} request={request} />
      <StageMapSection map={report.stageMap} />
    </>
  );
});
