import { FigureValue } from "@/components/ui/figure-value";
import { MissingAmounts } from "@/components/ui/missing-amounts";
import { formatDashboardMoney, formatPeriod, formatValue } from "@/lib/format";
import { coverageBandLabels } from "@/lib/metrics/pipeline";
import type { VelocityReport } from "@/lib/velocity/report";
import { DealsLink } from "./deals-link";

function Tile({ title, children, caption, notes, testId }: { title: string; children: React.ReactNode; caption: React.ReactNode; notes?: React.ReactNode; testId: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={testId}>
      <p className="text-sm font-medium text-slate-600">{title}</p>
      <div className="mt-1 text-2xl font-semibold tracking-tight text-slate-900" data-testid={`${testId}-value`}>
        {children}
      </div>
      <p className="mt-1 text-xs text-slate-500">{caption}</p>
      {notes}
    </div>
  );
}

/** Where the coverage falls against the 3–4× band, drawn on a 0–6× scale. */
function CoverageGauge({ coverage }: { coverage: number }) {
  const pct = (x: number) => `${Math.min(100, (x / 6) * 100)}%`;
  return (
    <div className="relative mt-2 h-2 rounded-full bg-slate-100" aria-hidden="true">
      <div className="absolute inset-y-0 rounded-full bg-emerald-200" style={{ left: pct(3), width: `${(1 / 6) * 100}%` }} />
      <div className="absolute -top-1 h-4 w-1 rounded bg-slate-800" style={{ left: `calc(${pct(coverage)} - 2px)` }} />
    </div>
  );
}

export function PipelineTiles({ report }: { report: VelocityReport }) {
  const currency = report.organisation.currency;
  const p = report.pipeline;
  const band = p.coverageBand;
  return (
    <section aria-labelledby="pipeline-heading" className="mt-6">
      <h2 id="pipeline-heading" className="mb-3 text-base font-semibold text-slate-900">
        Pipeline
      </h2>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Tile
          title="Pipeline coverage"
          testId="pipeline-coverage"
          caption={
            <>
              Open pipeline closing {formatPeriod(p.quarter.from, p.quarter.to)} ({formatDashboardMoney(p.openClosingInQuarter, { currency })}) ÷ quota still to win (
              {formatDashboardMoney(p.quota, { currency })} − {formatDashboardMoney(p.wonInQuarter, { currency })} won). Target band 3–4×.
            </>
          }
          notes={
            <>
              <MissingAmounts count={p.amounts.closingInQuarter} kind="open" after="closing this quarter" />
              <MissingAmounts count={p.amounts.wonInQuarter} kind="won" after="this quarter" />
            </>
          }
        >
          <FigureValue figure={p.coverage} valueFormat={{ kind: "multiple" }} />
          {band ? (
            <span className={`ml-2 align-middle text-xs font-medium ${band === "in_band" ? "text-emerald-700" : band === "above_band" ? "text-amber-800" : "text-red-700"}`}>
              {coverageBandLabels[band]}
            </span>
          ) : null}
          {p.coverage.value !== null ? <CoverageGauge coverage={p.coverage.value} /> : null}
        </Tile>
        <Tile
          title="Weighted pipeline"
          testId="weighted-pipeline"
          caption="Σ amount × the probability of each open opportunity's current stage, over those with an amount."
          notes={<MissingAmounts count={p.amounts.open} kind="open" />}
        >
          {formatDashboardMoney(p.weighted, { currency })}
        </Tile>
        <Tile
          title="Open pipeline"
          testId="open-pipeline"
          caption="Sum of the amount of open opportunities that have one, today."
          notes={
            <>
              <MissingAmounts count={p.amounts.open} kind="open" />
              <DealsLink request={report.request} figure="open" n={p.amounts.open.deals} noun="open" label="open pipeline" testId="deals-open-pipeline" />
            </>
          }
        >
          {formatDashboardMoney(p.open, { currency })}
        </Tile>
        <Tile
          title="Pipeline created"
          testId="pipeline-created"
          caption={
            <>
              Amount of opportunities created in the period
              {p.createdTarget.value !== null ? <> vs a target of {formatValue(p.createdTarget.value, { kind: "money", currency })} (the monthly target scaled to the period)</> : null}.
            </>
          }
          notes={
            <>
              <MissingAmounts count={p.amounts.created} after="created in the period" />
              <DealsLink request={report.request} figure="created" n={p.amounts.created.deals} noun="created" label="pipeline created" testId="deals-pipeline-created" />
            </>
          }
        >
          {formatDashboardMoney(p.created, { currency })}
          <span className="ml-2 align-middle text-sm font-medium text-slate-600">
            <FigureValue figure={p.createdVsTarget} valueFormat={{ kind: "percent" }} /> of target
          </span>
        </Tile>
      </div>
    </section>
  );
}
