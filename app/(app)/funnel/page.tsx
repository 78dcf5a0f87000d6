import type { Metadata } from "next";
import { SmallSample } from "@/components/ui/small-sample";
import Link from "next/link";
import { InvalidLink } from "@/components/filters/invalid-link";
import { FilterBar } from "@/components/filters/period-filter-bar";
import { PageHeader } from "@/components/ui/card";
import { FigureValue } from "@/components/ui/figure-value";
import { getDb } from "@/db/index";
import { formatCount, formatDays, formatPeriod } from "@/lib/format";
import { buildFunnelReport, resolveFunnelView } from "@/lib/funnel/report";
import { funnelRequestParams } from "@/lib/funnel/request";
import { funnelLeadsHref } from "@/lib/funnel/leads-request";
import { lostWithoutReasonHref, stageUpdateBreachesHref } from "@/lib/deals/drill-down";
import { bottleneckWords } from "@/lib/funnel/bottleneck-words";
import { funnelStepLabels, STUCK_FLOOR_DAYS, waitingStages, type FunnelStep } from "@/lib/metrics/funnel";
import { countedWithoutDateNote } from "@/lib/metrics/lead-stages";
import { periodPresetLabels } from "@/lib/metrics/period";
import { FunnelChart } from "./funnel-chart";
import { ModeToggle } from "./mode-toggle";
import { ConversionTrend } from "./trend-chart";
import { guardedPage } from "@/app/_guard/guarded-page";
import { ScrollRegion } from "@/components/ui/scroll-region";

export const metadata: Metadata = { title: "Funnel" };

const steps: FunnelStep[] = ["visitor", "lead", "mql", "sql", "opportunity", "won"];

const countLink = "text-brand-700 underline hover:text-brand-800";

function duration(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400 * 2) return `${(seconds / 3600).toFixed(1)} h`;
  return formatDays(seconds / 86_400);
}

export default guardedPage("funnel:view", async function FunnelPage({ searchParams: params }) {
  const db = getDb();
  const view = await resolveFunnelView(db, params);
  const { context } = view;
  const choices = { segments: context.options.segments, sources: context.options.sources };

  if (!view.ok) {
    return (
      <>
        <PageHeader title="Funnel" />
        <FilterBar choices={choices} preset="this_quarter" from={context.today} to={context.today} />
        <InvalidLink parameter={view.parameter} error={view.error} href="/funnel" />
      </>
    );
  }

  const report = await buildFunnelReport(db, view.request, context);
  const { request, cohort, flow } = report;
  const cohortMode = request.mode === "cohort";
  const reading = report.bottleneck;
  const bottleneck = reading.bottleneck;
  const words = bottleneckWords(reading);
  const { expectedDays, breachArchiveDays } = report.funnelSettings;
  const counts = cohortMode ? cohort.counts : flow;
  const inferredNote = countedWithoutDateNote(cohort.inferred);
  // The breaches list with the funnel's own filters, so its total is the count shown here.
  const breachesParams = (kind: string, state: string) => {
    const p = new URLSearchParams({ kind, state });
    if (request.filters.segment !== undefined) p.set("segment", request.filters.segment);
    if (request.filters.source !== undefined) p.set("source", request.filters.source);
    return p.toString();
  };

  return (
    <>
      <PageHeader
        title="Funnel"
        description={
          <>
            {periodPresetLabels[request.preset]}: <strong>{formatPeriod(request.period.from, request.period.to)}</strong>.{" "}
            {cohortMode ? "Cohort mode: the leads created in the period, and how far each got." : "Flow mode: every stage entry that happened in the period."}{" "}
            Times in {report.organisation.timeZone}.
          </>
        }
        actions={
          <>
            <ModeToggle mode={request.mode} />
            <a
              href={`/funnel/dashboard?${funnelRequestParams(request).toString()}`}
              download
              className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
            >
              Download dashboard (.md)
            </a>
          </>
        }
      />
      <FilterBar key={funnelRequestParams(request).toString()} choices={choices} preset={request.preset} from={request.period.from} to={request.period.to} />

      <div className="mb-6 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900" data-testid="bottleneck">
        <p>
          <strong>{words.bottleneck}</strong>
        </p>
        <p className="mt-1" data-testid="lowest-conversion">
          <strong>{words.lowestConversion}</strong>
        </p>
        <p className="mt-1 text-red-800" data-testid="bottleneck-basis">
          {words.basis}
        </p>
      </div>

      <section aria-labelledby="steps-heading" className="grid gap-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] [&>*]:min-w-0">
        <div>
          <h2 id="steps-heading" className="text-base font-semibold text-slate-900">
            {cohortMode ? "Conversion by stage" : "Stage entries"}
          </h2>
          <ScrollRegion label={`Funnel counts${cohortMode ? ", conversion and days per stage" : ""}`} className="mt-3">
            <table className={`w-full text-left text-sm ${cohortMode ? "min-w-[24rem]" : ""}`} data-testid="funnel-table">
              <caption className="sr-only">Funnel counts{cohortMode ? ", conversion and days per stage" : ""}</caption>
              <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-500 uppercase">
                <tr>
                  <th scope="col" className="py-2 pr-3 font-medium">Stage</th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">{cohortMode ? "Reached" : "Entries"}</th>
                  {cohortMode ? (
                    <>
                      <th scope="col" className="py-2 pr-3 text-right font-medium" title="Reached this stage ÷ reached the one before">Conversion</th>
                      <th scope="col" className="py-2 text-right font-medium" title="Mean days from the stage before, over leads that made the step">Days</th>
                    </>
                  ) : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 tabular-nums">
                {steps.map((step, i) => {
                  const t = i === 0 ? null : cohort.transitions[i - 1]!;
                  const isBottleneck = cohortMode && t !== null && bottleneck === t;
                  const isLowest = cohortMode && t !== null && reading.lowestConversion === t;
                  return (
                    <tr key={step} className={isBottleneck ? "bg-red-50/60" : ""}>
                      <th scope="row" className="py-2 pr-3 font-medium text-slate-900">
                        {funnelStepLabels[step]}
                      </th>
                      <td className="py-2 pr-3 text-right">
                        {step === "visitor" ? (
                          formatCount(counts[step])
                        ) : (
                          <Link
                            href={funnelLeadsHref(request, { kind: "stage", stage: step })}
                            className={countLink}
                            aria-label={`${formatCount(counts[step])} ${funnelStepLabels[step]}: list the leads`}
                            data-testid={`funnel-count-${step}`}
                          >
                            {formatCount(counts[step])}
                          </Link>
                        )}
                      </td>
                      {cohortMode ? (
                        <>
                          <td className={`py-2 pr-3 text-right ${isLowest ? "font-semibold text-red-800" : ""}`}>
                            {t ? <FigureValue figure={t.conversion} valueFormat={{ kind: "percent" }} /> : "—"}
                            {t && i > 1 ? <SmallSample n={counts[steps[i - 1]!]} one="lead" className="block" testId={`conversion-small-sample-${step}`} /> : null}
                          </td>
                          <td className="py-2 text-right">{t ? <FigureValue figure={t.meanDays} valueFormat={{ kind: "days" }} /> : "—"}</td>
                        </>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
          {cohortMode ? (
            <p className="mt-3 text-sm text-slate-600">
              Overall, lead to closed won: <strong><FigureValue figure={cohort.overall} valueFormat={{ kind: "percent" }} /></strong>. Visitor → Lead is leads created ÷
              visitors in the period (visitors are daily counts, not people).
              {inferredNote ? (
                <span className="mt-1 block" data-testid="inferred-stages">
                  {inferredNote}: a later stage implies the earlier ones, so each is counted there, dated as the next stage it reached, and left out of days per stage
                  and SLAs.
                </span>
              ) : null}
            </p>
          ) : (
            <p className="mt-3 text-sm text-slate-600">Entries are counted whenever the lead was created, so they are not conversion rates.</p>
          )}
        </div>
        <FunnelChart
          label={cohortMode ? "Leads reaching each stage" : "Stage entries in the period"}
          steps={steps.slice(1).map((step, i) => ({ label: funnelStepLabels[step], count: counts[step], bottleneck: cohortMode && bottleneck === cohort.transitions[i] }))}
        />
      </section>

      <section aria-labelledby="sla-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="sla-heading" className="text-base font-semibold text-slate-900">
          SLA compliance
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Measured against the SLAs of the <Link href="/definitions" className="text-brand-700 underline">shared definitions</Link> in force (the newest version both
          owners signed). A deal&apos;s stage change falls due after the days set for its stage in{" "}
          <Link href="/settings/targets" className="text-brand-700 underline">targets</Link>.
        </p>
        <ScrollRegion label="SLA compliance" className="mt-3">
          <table className="w-full min-w-[36rem] text-left text-sm" data-testid="sla-table">
            <caption className="sr-only">SLA compliance</caption>
            <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">SLA</th>
                <th scope="col" className="py-2 pr-3 font-medium">In force</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">Within SLA</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">Breaches</th>
                <th scope="col" className="py-2 text-right font-medium">Median</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 tabular-nums">
              {report.slas.map((row) => (
                <tr key={row.stage} data-testid={`sla-${row.stage}`}>
                  <th scope="row" className="py-2 pr-3 font-medium text-slate-900">{row.label}</th>
                  <td className="py-2 pr-3 text-slate-600">
                    {row.sla} <span className="text-xs text-slate-500">v{row.version}</span>
                  </td>
                  <td className="py-2 pr-3 text-right">
                    {row.compliance ? <FigureValue figure={row.compliance.share} valueFormat={{ kind: "percent" }} /> : <span title={row.reason}>—</span>}
                  </td>
                  <td className={`py-2 pr-3 text-right ${row.compliance && row.compliance.breaches > 0 ? "text-red-700" : ""}`}>
                    {row.compliance && (row.stage === "mql" || row.stage === "sql") ? (
                      <Link
                        href={funnelLeadsHref(request, { kind: "breached", sla: row.stage })}
                        className="underline hover:text-red-800"
                        aria-label={`${formatCount(row.compliance.breaches)} breaches of ${row.label}: list the leads`}
                        data-testid={`sla-breaches-${row.stage}`}
                      >
                        {formatCount(row.compliance.breaches)}
                      </Link>
                    ) : row.compliance && row.stage === "closed_lost" ? (
                      <Link
                        href={lostWithoutReasonHref(request)}
                        className="underline hover:text-red-800"
                        aria-label={`${formatCount(row.compliance.breaches)} deals lost without a reason: open them`}
                        data-testid="sla-breaches-closed_lost"
                      >
                        {formatCount(row.compliance.breaches)}
                      </Link>
                    ) : row.compliance && row.stage === "opportunity" && row.breachedDeals !== undefined ? (
                      <Link
                        href={stageUpdateBreachesHref(request)}
                        className="underline hover:text-red-800"
                        data-testid="sla-breaches-opportunity"
                      >
                        {/* Named by its visible text, with the words a listener needs around it. */}
                        {formatCount(row.compliance.breaches)}
                        <span className="sr-only"> {row.compliance.breaches === 1 ? "stage update" : "stage updates"} overdue,</span>
                        <span className={row.breachedDeals !== row.compliance.breaches ? "block text-xs" : "sr-only"}>
                          {" "}
                          in {formatCount(row.breachedDeals)} {row.breachedDeals === 1 ? "deal" : "deals"}
                        </span>
                        <span className="sr-only">: open the deals</span>
                      </Link>
                    ) : row.compliance ? (
                      formatCount(row.compliance.breaches)
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="py-2 text-right">{row.compliance?.medianSeconds.value != null ? duration(row.compliance.medianSeconds.value) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)] [&>*]:min-w-0">
        <section aria-labelledby="breaches-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h2 id="breaches-heading" className="text-base font-semibold text-slate-900">
            Open SLA breaches now
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Oldest first. These are breaches today, whatever the period. A breach overdue by more than {formatCount(breachArchiveDays)} days is archived; its owner or an
            admin can dismiss one with a reason.{" "}
            <Link href="/funnel/breaches" className="text-brand-700 underline">
              All breaches
            </Link>
          </p>
          {report.openBreaches.map((group) => (
            <div key={group.stage} className="mt-4" data-testid={`breaches-${group.stage}`}>
              <h3 className="text-sm font-medium text-slate-900">
                {group.label}:{" "}
                <Link
                  href={`/funnel/breaches?${breachesParams(group.stage, "open")}`}
                  className={`underline ${group.counts.open > 0 ? "text-red-700 hover:text-red-800" : "text-emerald-700 hover:text-emerald-800"}`}
                  aria-label={`${formatCount(group.counts.open)} open: ${group.label}, list them`}
                  data-testid={`open-breaches-${group.stage}`}
                >
                  {formatCount(group.counts.open)}
                </Link>
              </h3>
              {group.breaches.length > 0 ? (
                <ul className="mt-2 divide-y divide-slate-100 text-sm">
                  {group.breaches.map((b) => (
                    <li key={b.subjectId} className="flex flex-wrap justify-between gap-2 py-1.5">
                      <span className="min-w-0 truncate text-slate-800">
                        {b.name ?? `Lead ${b.id}`}
                        {b.account ? <span className="text-slate-500"> · {b.account}</span> : null}
                        {b.detail ? <span className="text-slate-500"> · {b.detail}</span> : null}
                      </span>
                      <span className="text-red-700 tabular-nums">{duration(b.overdueSeconds)} overdue</span>
                    </li>
                  ))}
                </ul>
              ) : null}
              <p className="mt-1 text-xs text-slate-500">
                {group.counts.open > group.breaches.length ? (
                  <Link href={`/funnel/breaches?${breachesParams(group.stage, "open")}`} className="text-brand-700 underline">
                    {formatCount(group.counts.open - group.breaches.length)} more open
                  </Link>
                ) : null}
                {group.counts.open > group.breaches.length && (group.counts.archived > 0 || group.counts.dismissed > 0) ? " · " : null}
                {group.counts.archived > 0 ? (
                  <Link href={`/funnel/breaches?${breachesParams(group.stage, "archived")}`} className="text-brand-700 underline">
                    {formatCount(group.counts.archived)} archived
                  </Link>
                ) : null}
                {group.counts.archived > 0 && group.counts.dismissed > 0 ? " · " : null}
                {group.counts.dismissed > 0 ? (
                  <Link href={`/funnel/breaches?${breachesParams(group.stage, "dismissed")}`} className="text-brand-700 underline">
                    {formatCount(group.counts.dismissed)} dismissed
                  </Link>
                ) : null}
              </p>
            </div>
          ))}
        </section>
        <section aria-labelledby="stuck-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h2 id="stuck-heading" className="text-base font-semibold text-slate-900">
            Stuck leads
          </h2>
          <p className="mt-1 text-sm text-slate-600" data-testid="stuck-rule">
            In their stage longer than its expected days (Lead {expectedDays.lead}, MQL {expectedDays.mql}, SQL {expectedDays.sql}, Opportunity {expectedDays.opportunity}
            ), its SLA if longer, and never less than {STUCK_FLOOR_DAYS} days. Leads still there {formatCount(breachArchiveDays)} days after that have gone cold and are
            counted apart.
          </p>
          <dl className="mt-3 divide-y divide-slate-100 text-sm" data-testid="stuck">
            {waitingStages.map((stage) => (
              <div key={stage} className="flex justify-between gap-3 py-2">
                <dt className="text-slate-700">
                  {funnelStepLabels[stage]}
                  <span className="block text-xs text-slate-500">
                    in stage over {formatDays(report.stuck[stage].afterDays)};{" "}
                    <Link
                      href={funnelLeadsHref(request, { kind: "cold", stage })}
                      className="underline hover:text-slate-700"
                      // The name starts with the visible text ("12 gone cold"), as speech input expects.
                      aria-label={`${formatCount(report.stuck[stage].goneCold)} gone cold among ${funnelStepLabels[stage]}: list them`}
                      data-testid={`cold-${stage}`}
                    >
                      {formatCount(report.stuck[stage].goneCold)} gone cold
                    </Link>
                  </span>
                </dt>
                <dd className="font-medium tabular-nums">
                  <Link
                    href={funnelLeadsHref(request, { kind: "stuck", stage })}
                    className={countLink}
                    aria-label={`${formatCount(report.stuck[stage].stuck)} ${funnelStepLabels[stage]} stuck: list them`}
                    data-testid={`stuck-${stage}`}
                  >
                    {formatCount(report.stuck[stage].stuck)}
                  </Link>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      </div>

      <section aria-labelledby="trend-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="trend-heading" className="text-base font-semibold text-slate-900">
          Conversion by month, last 12 months
        </h2>
        <p className="mt-1 mb-3 text-sm text-slate-600">Each month is the cohort of leads created in it; recent months are still converting.</p>
        <ConversionTrend
          series={[
            { key: "lead_mql", label: "Lead → MQL", colour: "var(--chart-primary)" },
            { key: "mql_sql", label: "MQL → SQL", colour: "var(--chart-alert)" },
            { key: "sql_opportunity", label: "SQL → Opp", colour: "var(--chart-good)" },
            { key: "opportunity_won", label: "Opp → Won", colour: "var(--chart-target)" },
          ]}
          data={report.trend.map(({ month, funnel }) => ({
            month,
            lead_mql: funnel.transitions[1]!.conversion.value,
            mql_sql: funnel.transitions[2]!.conversion.value,
            sql_opportunity: funnel.transitions[3]!.conversion.value,
            opportunity_won: funnel.transitions[4]!.conversion.value,
          }))}
        />
      </section>
    </>
  );
});
