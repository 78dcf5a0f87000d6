import type { Metadata } from "next";
import { ComparisonTable } from "@/components/ui/comparison-table";
import { PairedBarChart } from "@/components/charts/paired-bar-chart";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { ChangeMark } from "@/components/ui/change-mark";
import { FigureValue } from "@/components/ui/figure-value";
import { getDb } from "@/db/index";
import { highIntentResponse } from "@/db/queries/router-impact";
import { getSetting } from "@/db/queries/settings";
import { can } from "@/lib/auth/permissions";
import { formatCount, formatDecimal, formatPeriod, formatPoints } from "@/lib/format";
import { defined } from "@/lib/metrics/figure";
import { todayIn } from "@/lib/metrics/period";
import { MAX_WINDOW_DAYS, routerImpact, routerWindows } from "@/lib/metrics/router-impact";
import { SignalsNav } from "../signals-nav";
import { RoutingSinceForm } from "./routing-since-form";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Router: before and after" };

const minutes = (value: number) => `${formatDecimal(value, 1)} min`;
const signedMinutes = (value: number) => `${value > 0 ? "+" : "−"}${formatDecimal(Math.abs(value), 1)} min`;
const signedCount = (value: number) => `${value > 0 ? "+" : "−"}${formatCount(Math.abs(value))}`;

export default guardedPage("signals:view", async function RouterPage({ user }) {
  const db = getDb();
  const [{ timeZone }, settings] = await Promise.all([getSetting(db, "organisation"), getSetting(db, "signals")]);
  const today = todayIn(timeZone);
  const admin = can(user.role, "settings:manage");
  const header = (
    <>
      <PageHeader
        title="Router: before and after"
        description="Every automation proves itself: high-intent signals answered and turned into meetings before the lead router was switched on, against the same number of days since."
      />
      <SignalsNav current="/signals/router" />
    </>
  );

  if (settings.routingSince === null) {
    return (
      <>
        {header}
        <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h2 className="text-base font-semibold text-slate-900">When was the router switched on?</h2>
          <p className="mt-1 mb-4 text-sm text-slate-600">
            The comparison needs the day the lead router started routing signals. {admin ? "Set it here; the change is recorded in the audit log." : "A RevOps admin sets it on this page."}
          </p>
          {admin ? <RoutingSinceForm current={null} today={today} /> : null}
        </section>
      </>
    );
  }

  const windows = routerWindows(settings.routingSince, today);
  if (!windows.ok) {
    return (
      <>
        {header}
        <Alert tone="info" title="Nothing to compare yet">
          {windows.reason}
        </Alert>
        {admin ? (
          <div className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <RoutingSinceForm current={settings.routingSince} today={today} />
          </div>
        ) : null}
      </>
    );
  }

  const scope = { timeZone, meetingWindowDays: settings.meetingWindowDays };
  const [beforeCounts, afterCounts] = await Promise.all([highIntentResponse(db, { ...windows.before, ...scope }), highIntentResponse(db, { ...windows.after, ...scope })]);
  const impact = routerImpact(beforeCounts, afterCounts);
  const { before, after } = impact;
  const chartRows = [
    { label: "Answered within 5 minutes", b: before.within5MinutesShare, a: after.within5MinutesShare },
    { label: "Signal→meeting rate", b: before.meetingRate, a: after.meetingRate },
  ].flatMap((r) => (r.a.value !== null && r.b.value !== null ? [{ label: r.label, a: r.a.value, b: r.b.value }] : []));

  return (
    <>
      {header}
      <p className="mb-4 text-sm text-slate-600">
        Router switched on <strong>{formatPeriod(settings.routingSince, settings.routingSince)}</strong>. Before: <strong>{formatPeriod(windows.before.from, windows.before.to)}</strong>; after:{" "}
        <strong>{formatPeriod(windows.after.from, windows.after.to)}</strong>
        {windows.capped ? ` (both capped at ${MAX_WINDOW_DAYS} days)` : ""}. Times in {timeZone}.
      </p>

      {before.signals + after.signals === 0 ? (
        <Alert tone="info" title="No high-intent signals in either window">
          The comparison fills in as high-intent signals arrive through the signal API or an import.
        </Alert>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] [&>*]:min-w-0">
          <section aria-labelledby="impact-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 id="impact-heading" className="text-base font-semibold text-slate-900">
              High-intent signals, before and after
            </h2>
            <div className="mt-3">
              <ComparisonTable
                caption="High-intent signals before and after the router"
                columns={["Before", "After"]}
                testId="router-impact"
                rows={[
                  {
                    label: "Median signal→response",
                    first: before.medianResponseMinutes.value === null ? <FigureValue figure={before.medianResponseMinutes} valueFormat={{ kind: "decimal" }} /> : minutes(before.medianResponseMinutes.value),
                    second: after.medianResponseMinutes.value === null ? <FigureValue figure={after.medianResponseMinutes} valueFormat={{ kind: "decimal" }} /> : minutes(after.medianResponseMinutes.value),
                    change: <ChangeMark change={impact.medianResponseChange} text={signedMinutes} lowerIsBetter />,
                  },
                  {
                    label: "Answered within 5 minutes",
                    first: <FigureValue figure={before.within5MinutesShare} valueFormat={{ kind: "percent" }} />,
                    second: <FigureValue figure={after.within5MinutesShare} valueFormat={{ kind: "percent" }} />,
                    change: <ChangeMark change={impact.within5MinutesChange} text={formatPoints} />,
                  },
                  {
                    label: "Signal→meeting rate",
                    first: <FigureValue figure={before.meetingRate} valueFormat={{ kind: "percent" }} />,
                    second: <FigureValue figure={after.meetingRate} valueFormat={{ kind: "percent" }} />,
                    change: <ChangeMark change={impact.meetingRateChange} text={formatPoints} />,
                  },
                  {
                    label: "High-intent signals",
                    first: formatCount(before.signals),
                    second: formatCount(after.signals),
                    change: <ChangeMark change={defined(impact.signalsChange)} text={signedCount} neutral />,
                  },
                ]}
              />
            </div>
            <details className="mt-3 text-sm text-slate-600">
              <summary className="cursor-pointer font-medium text-slate-700">How this is computed</summary>
              <ul className="mt-2 list-disc space-y-1 pl-5">
                <li>Over high-intent signals received in each window; both windows have the same number of days, at most {MAX_WINDOW_DAYS}.</li>
                <li>Signal→response: first response − received, median over the signals answered ({formatCount(before.responded)} before, {formatCount(after.responded)} after).</li>
                <li>Answered within 5 minutes: signals answered within 5 minutes of being received ÷ all high-intent signals of the window.</li>
                <li>Signal→meeting rate: signals followed by a meeting with the account within {settings.meetingWindowDays} days ÷ all high-intent signals of the window (target over 15 %).</li>
                <li>The after window is recent, so some of its meetings may still be to come.</li>
              </ul>
            </details>
          </section>
          <section aria-labelledby="chart-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 id="chart-heading" className="text-base font-semibold text-slate-900">
              The shares side by side
            </h2>
            {chartRows.length > 0 ? (
              <div className="mt-3">
                <PairedBarChart label="Share of high-intent signals, before and after the router" names={["After", "Before"]} valueFormat={{ kind: "percent" }} data={chartRows} />
              </div>
            ) : (
              <p className="mt-2 text-sm text-slate-500">Needs high-intent signals in both windows.</p>
            )}
          </section>
        </div>
      )}

      {admin ? (
        <section className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h2 className="mb-3 text-base font-semibold text-slate-900">The day the router was switched on</h2>
          <RoutingSinceForm current={settings.routingSince} today={today} />
        </section>
      ) : null}
    </>
  );
});
