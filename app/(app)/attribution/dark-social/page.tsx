import type { Metadata } from "next";
import { SmallSample } from "@/components/ui/small-sample";
import Link from "next/link";
import { ColumnChart } from "@/components/charts/column-chart";
import { PairedBarChart } from "@/components/charts/paired-bar-chart";
import { InvalidLink } from "@/components/filters/invalid-link";
import { FilterBar } from "@/components/filters/period-filter-bar";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { buildDarkSocial } from "@/lib/attribution/dark-social";
import { formatCount, formatMonth, formatPercent, formatPeriod, formatPoints } from "@/lib/format";
import { periodPresetLabels, todayIn } from "@/lib/metrics/period";
import { parsePeriodRequest, velocityRequestParams } from "@/lib/velocity/request";
import { AttributionNav } from "../attribution-nav";
import { guardedPage } from "@/app/_guard/guarded-page";
import { ScrollRegion } from "@/components/ui/scroll-region";

export const metadata: Metadata = { title: "Dark social" };

export default guardedPage("attribution:view", async function DarkSocialPage({ searchParams: params }) {
  const db = getDb();
  const { timeZone } = await getSetting(db, "organisation");
  const parsed = parsePeriodRequest(params, todayIn(timeZone));
  const download = parsed.ok ? `/funnel/dashboard?${velocityRequestParams({ ...parsed.request, filters: {} }).toString()}` : null;
  const header = (
    <>
      <PageHeader
        title="Dark social"
        description="What buyers say brought them, against what click tracking saw first: the channels tools miss. Over the leads created in the period that answered “How did you hear about us?”."
        actions={
          download ? (
            <a href={download} download className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
              revops-dashboard.md
            </a>
          ) : undefined
        }
      />
      <AttributionNav current="/attribution/dark-social" />
    </>
  );
  if (!parsed.ok) {
    return (
      <>
        {header}
        <InvalidLink parameter={parsed.parameter} error={parsed.error} href="/attribution/dark-social" />
      </>
    );
  }
  const view = await buildDarkSocial(db, parsed.request);
  const { request, capture, rows } = view;
  const hidden = rows.filter((r) => r.delta > 0).slice(0, 3);

  return (
    <>
      {header}
      <FilterBar choices={{ segments: [], sources: [] }} preset={request.preset} from={request.period.from} to={request.period.to} periodOnly />
      <p className="-mt-2 mb-4 text-sm text-slate-600">
        {periodPresetLabels[request.preset]}: <strong>{formatPeriod(request.period.from, request.period.to)}</strong>. Times in {view.timeZone}.
      </p>

      <div className="grid gap-4 sm:grid-cols-3">
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <p className="text-sm text-slate-600">Capture rate</p>
          <p className={`mt-1 text-2xl font-semibold tabular-nums ${capture.rate !== null && capture.rate < capture.target ? "text-amber-700" : "text-slate-900"}`} data-testid="capture-rate">
            {capture.rate === null ? "—" : formatPercent(capture.rate)}
          </p>
          <p className="text-xs text-slate-500">
            {formatCount(capture.answered)} of {formatCount(capture.demoRequests)} demo requests answered · target over {formatPercent(capture.target, {}, 0)}
          </p>
          <SmallSample n={capture.demoRequests} one="demo request" testId="capture-small-sample" />
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <p className="text-sm text-slate-600">Answered leads</p>
          <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{formatCount(view.leads)}</p>
          <SmallSample n={view.leads} one="answered lead" testId="shares-small-sample" />
          <p className="text-xs text-slate-500">
            created in the period with at least one answer ·{" "}
            <Link href="/attribution/answers" className="text-brand-700 underline">
              the answers
            </Link>
          </p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <p className="text-sm text-slate-600">What tracking misses most</p>
          {hidden.length > 0 ? (
            <ul className="mt-1 space-y-0.5 text-sm">
              {hidden.map((r) => (
                <li key={r.channel} className="flex justify-between gap-2">
                  <span className="text-slate-800">{r.label}</span>
                  <span className="font-medium text-violet-700 tabular-nums">{formatPoints(r.delta)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-sm text-slate-500">Nothing yet: no channel gets more credit from buyers than from tracking.</p>
          )}
        </div>
      </div>

      <section aria-labelledby="gap-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="gap-heading" className="text-base font-semibold text-slate-900">
          Self-reported vs first touch, by channel
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          The same {formatCount(view.leads)} leads, counted twice: by the channel they named, and by the channel of their first tracked touch before they came in. A lead that
          answered twice counts half for each answer. Delta = self-reported share − first-touch share.
        </p>
        {rows.length === 0 ? (
          <div className="mt-4">
            <Alert tone="info" title="No answered leads in this period">
              Pick a longer period, or add answers on the{" "}
              <Link href="/attribution/answers" className="underline">
                Answers
              </Link>{" "}
              page.
            </Alert>
          </div>
        ) : (
          <div className="mt-4 grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] [&>*]:min-w-0">
            <PairedBarChart
              label="Share of answered leads"
              names={["Self-reported", "First touch"]}
              valueFormat={{ kind: "percent" }}
              data={rows.map((r) => ({ label: r.label, a: r.selfReportedShare, b: r.firstTouchShare }))}
            />
            <ScrollRegion label="Self-reported and first-touch shares by channel">
              <table className="w-full min-w-[22rem] text-sm" data-testid="dark-social-table">
                <thead>
                  <tr className="border-b border-slate-200 text-xs text-slate-500">
                    <th scope="col" className="py-2 pr-3 text-left font-medium">Channel</th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">Self-reported</th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">First touch</th>
                    <th scope="col" className="py-2 text-right font-medium">Delta</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.channel} className="border-b border-slate-100 last:border-0">
                      <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-800">
                        {r.label}
                      </th>
                      <td className="py-2 pr-3 text-right tabular-nums">{formatPercent(r.selfReportedShare)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{formatPercent(r.firstTouchShare)}</td>
                      <td className={`py-2 text-right font-medium tabular-nums ${r.delta > 0.0005 ? "text-violet-700" : r.delta < -0.0005 ? "text-slate-500" : "text-slate-500"}`} data-channel={r.channel}>
                        {formatPoints(r.delta)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </div>
        )}
      </section>

      <section aria-labelledby="capture-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="capture-heading" className="text-base font-semibold text-slate-900">
          Capture rate by month
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Demo requests created in the month with an answer ÷ demo requests created in the month, for the {view.months.length} months to {formatMonth(view.months.at(-1)!.month)}. Months under the{" "}
          {formatPercent(capture.target, {}, 0)} target are amber.
        </p>
        <div className="mt-4">
          <ColumnChart
            label="Capture rate"
            target={capture.target}
            valueFormat={{ kind: "percent" }}
            data={view.months.map((m) => ({ label: formatMonth(m.month), value: m.rate, note: `${formatCount(m.answered)} of ${formatCount(m.demoRequests)}` }))}
          />
        </div>
      </section>
    </>
  );
});
