import { Sparkline } from "@/components/charts/trend-chart";
import { Delta, FigureValue } from "@/components/ui/figure-value";
import { MissingAmounts } from "@/components/ui/missing-amounts";
import { SmallSample } from "@/components/ui/small-sample";
import type { ValueFormat } from "@/lib/format";
import { formatValue } from "@/lib/format";
import type { DealFigure } from "@/lib/deals/drill-down";
import { leverInfo, leverKeys, velocityDefinition, type LeverKey } from "@/lib/metrics/velocity";
import type { VelocityReport } from "@/lib/velocity/report";
import { DealsLink } from "./deals-link";

export const leverFormat = (lever: LeverKey, currency: string): ValueFormat =>
  lever === "winRate" ? { kind: "percent" } : lever === "averageDealSize" ? { kind: "money", currency } : lever === "salesCycleDays" ? { kind: "days" } : { kind: "count" };

/** The sample each lever rests on: won deals (ADS only those with an amount), closed deals for WR. */
function leverSample(lever: LeverKey, report: VelocityReport): { n: number; one: string } | null {
  const { won, lost } = report.sample;
  switch (lever) {
    case "winRate":
      return { n: won + lost, one: "closed deal" };
    case "averageDealSize":
      return { n: report.current.wonAmounts.deals - report.current.wonAmounts.withoutAmount, one: "won deal with an amount" };
    case "salesCycleDays":
      return { n: won, one: "won deal" };
    case "qualifiedOpportunities":
      return null;
  }
}

/** The deals behind each lever: N the qualified, WR the closed, ADS and L the won. */
function leverDeals(lever: LeverKey, report: VelocityReport): { figure: DealFigure; n: number; noun: string } {
  const { won, lost, qualified } = report.sample;
  switch (lever) {
    case "qualifiedOpportunities":
      return { figure: "qualified", n: qualified, noun: "qualified" };
    case "winRate":
      return { figure: "closed", n: won + lost, noun: "closed" };
    case "averageDealSize":
    case "salesCycleDays":
      return { figure: "won", n: won, noun: "won" };
  }
}

/**
 * Velocity against target and the four levers, each with its change against the comparison period
 * (the same days of the previous one) and against the same days a year earlier.
 */
export function Headline({ report }: { report: VelocityReport }) {
  const currency = report.organisation.currency;
  const perDay: ValueFormat = { kind: "moneyPerDay", currency };
  const vsTarget = report.target.velocityVsTarget;
  return (
    <section aria-labelledby="headline-heading" className="grid gap-4 lg:grid-cols-[minmax(0,1.1fr)_minmax(0,2fr)] [&>*]:min-w-0">
      <h2 id="headline-heading" className="sr-only">
        Velocity and levers
      </h2>
      <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid="velocity-headline">
        <p className="text-sm font-medium text-slate-600">Pipeline velocity</p>
        <p className="mt-1 text-4xl font-semibold tracking-tight text-slate-900" data-testid="velocity-value">
          <FigureValue figure={report.current.velocity} valueFormat={perDay} />
        </p>
        {report.current.velocity.value === null ? <p className="mt-1 text-sm text-amber-800">Undefined: {report.current.velocity.reason}.</p> : null}
        <SmallSample n={report.sample.won} one="won deal" testId="velocity-small-sample" />
        <div className="mt-2 flex flex-col gap-0.5">
          <Delta change={report.deltas.velocity} label={`vs ${report.previous.label}`} />
          <Delta change={report.yearDeltas.velocity} label={`vs ${report.lastYear.label}`} />
        </div>
        <dl className="mt-4 grid grid-cols-2 gap-3 border-t border-slate-100 pt-3 text-sm">
          <div>
            <dt className="text-slate-500">Target</dt>
            <dd className="font-medium text-slate-900">
              <FigureValue figure={report.target.velocityPerDay} valueFormat={perDay} />
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Of target</dt>
            <dd className={`font-medium ${vsTarget.value === null ? "text-slate-900" : vsTarget.value >= 1 ? "text-emerald-700" : "text-red-700"}`}>
              <FigureValue figure={vsTarget} valueFormat={{ kind: "percent" }} />
              {vsTarget.value !== null ? <span className="ml-1 text-xs font-normal text-slate-500">{vsTarget.value >= 1 ? "on target" : "below target"}</span> : null}
            </dd>
          </div>
        </dl>
        <p className="mt-3 text-xs text-slate-500">
          {velocityDefinition}
          {report.target.monthlyVelocityPerDay.value !== null
            ? ` The target (${formatValue(report.target.monthlyVelocityPerDay.value, perDay)} for a month of opportunities) is scaled to this period's length, since N counts the period's opportunities.`
            : ""}
        </p>
        <MissingAmounts count={report.current.wonAmounts} kind="won" after="in this period" testId="velocity-missing-amounts" />
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {leverKeys.map((lever) => {
          const info = leverInfo[lever];
          const format = leverFormat(lever, currency);
          const figure = report.current[lever];
          const sample = leverSample(lever, report);
          return (
            <div key={lever} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={`lever-${lever}`}>
              <div className="flex items-start justify-between gap-2">
                <p className="text-sm font-medium text-slate-600">
                  {info.label} <span className="text-slate-500">({info.symbol})</span>
                </p>
                {sample ? <SmallSample n={sample.n} one={sample.one} className="text-right" testId={`small-sample-${lever}`} /> : null}
              </div>
              <p className="mt-1 text-2xl font-semibold tracking-tight text-slate-900" data-testid={`lever-value-${lever}`}>
                <FigureValue figure={figure} valueFormat={format} />
              </p>
              <div className="flex flex-col gap-0.5">
                <Delta change={report.deltas[lever]} lowerIsBetter={lever === "salesCycleDays"} label={`vs ${report.previous.label}`} />
                <Delta change={report.yearDeltas[lever]} lowerIsBetter={lever === "salesCycleDays"} label={`vs ${report.lastYear.label}`} />
              </div>
              <Sparkline
                label={info.label}
                valueFormat={format}
                data={report.trend.points.map((p) => ({ weekEnd: p.weekEnd, value: p[lever].value }))}
              />
              <p className="text-xs text-slate-500">{info.definition}</p>
              <DealsLink request={report.request} {...leverDeals(lever, report)} testId={`deals-${lever}`} label={info.label} />
              {lever === "averageDealSize" ? <MissingAmounts count={report.current.wonAmounts} kind="won" after="in this period" testId="ads-missing-amounts" /> : null}
              {figure.value !== null && report.prior[lever].value !== null ? (
                <p className="mt-1 text-xs text-slate-500">
                  {report.previous.label[0]!.toUpperCase() + report.previous.label.slice(1)}: {formatValue(report.prior[lever].value!, format)}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
    </section>
  );
}
