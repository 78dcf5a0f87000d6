import type { Metadata } from "next";
import Link from "next/link";
import { InvalidLink } from "@/components/filters/invalid-link";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { countLeads, listLeads } from "@/db/queries/funnel-leads";
import { LEADS_PER_PAGE, leadsRequestParams, type LeadFigure, type LeadsRequest } from "@/lib/funnel/leads-request";
import { resolveLeadsView } from "@/lib/funnel/report";
import { funnelRequestParams } from "@/lib/funnel/request";
import { formatCount, formatDays, formatPeriod } from "@/lib/format";
import { funnelStepLabels } from "@/lib/metrics/funnel";
import { periodPresetLabels } from "@/lib/metrics/period";
import { guardedPage } from "@/app/_guard/guarded-page";
import { LeadTable } from "./lead-table";

export const metadata: Metadata = { title: "Funnel leads" };

const stageNames = { lead: "Lead", mql: "MQL", sql: "SQL", opportunity: "Opportunity", won: "Closed won" } as const;
const slaNames = { mql: "MQL routed to sales", sql: "SQL accepted or rejected" } as const;

/** What the list holds, in words: the figure it is behind. */
function figureTitle(figure: LeadFigure, mode: LeadsRequest["funnel"]["mode"]): { title: string; rule: string; periodApplies: boolean } {
  switch (figure.kind) {
    case "stage":
      return mode === "cohort"
        ? {
            title: figure.stage === "lead" ? "Leads created" : `${funnelStepLabels[figure.stage]} of the cohort`,
            rule: figure.stage === "lead" ? "The leads created in the period: the cohort." : `The leads created in the period that reached ${stageNames[figure.stage]} (a date given or inferred).`,
            periodApplies: true,
          }
        : { title: `Entered ${stageNames[figure.stage]}`, rule: `The leads whose ${stageNames[figure.stage]} date falls in the period, whenever they were created.`, periodApplies: true };
    case "stuck":
      return { title: `Stuck as ${stageNames[figure.stage]}`, rule: "Still in the stage, longer than its wait (the rule on the funnel page), and not yet gone cold. Now, whatever the period.", periodApplies: false };
    case "cold":
      return { title: `Gone cold as ${stageNames[figure.stage]}`, rule: "Still in the stage more than the archive cut-off past its wait. Now, whatever the period.", periodApplies: false };
    case "breached":
      return { title: `Breaches: ${slaNames[figure.sla]}`, rule: "The SLA's cases of the period (clock started in it, from a date as given) that were due and not handled within the SLA in force.", periodApplies: true };
  }
}

export default guardedPage("funnel:view", async function FunnelLeadsPage({ searchParams: params }) {
  const db = getDb();
  const view = await resolveLeadsView(db, params);
  const { context } = view;
  if (!view.ok) {
    return (
      <>
        <PageHeader title="Funnel leads" />
        <InvalidLink parameter={view.parameter} error={view.error} href="/funnel/leads" />
      </>
    );
  }
  const { request, listContext } = view;
  const { funnel, figure } = request;
  const [total, rows] = await Promise.all([
    countLeads(db, figure, listContext),
    listLeads(db, figure, listContext, { limit: LEADS_PER_PAGE, offset: (request.page - 1) * LEADS_PER_PAGE }),
  ]);
  const words = figureTitle(figure, funnel.mode);
  const { segment, source } = funnel.filters;
  const noSla = figure.kind === "breached" && listContext.slaSeconds[figure.sla] === null;
  const stuckDays = figure.kind === "stuck" || figure.kind === "cold" ? listContext.stuck.afterDays[figure.stage] : null;

  return (
    <>
      <PageHeader
        title={words.title}
        description={
          <>
            {words.periodApplies ? (
              <>
                {periodPresetLabels[funnel.preset]}: <strong>{formatPeriod(funnel.period.from, funnel.period.to)}</strong>
                {figure.kind === "stage" ? `, ${funnel.mode} mode` : ""}.{" "}
              </>
            ) : null}
            {segment !== undefined ? <>Segment <strong>{segment}</strong>. </> : null}
            {source !== undefined ? <>Source <strong>{source}</strong>. </> : null}
            {words.rule}
            {stuckDays !== null ? ` Wait in force: ${formatDays(stuckDays)}.` : ""} Times in {context.organisation.timeZone}.{" "}
            <Link href={`/funnel?${funnelRequestParams(funnel).toString()}`} className="text-brand-700 underline">
              Back to the funnel
            </Link>
          </>
        }
        actions={
          <a href={`/export/leads?${leadsRequestParams({ ...request, page: 1 }).toString()}`} className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium whitespace-nowrap text-white hover:bg-brand-700" data-testid="leads-download">
            Download this list (CSV)
          </a>
        }
      />
      <section aria-labelledby="leads-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="leads-heading" className="sr-only">
          Leads
        </h2>
        <p className="text-sm text-slate-700" role="status" data-testid="lead-totals">
          <strong data-testid="lead-count">{formatCount(total)}</strong> {total === 1 ? "lead" : "leads"}, the figure on the funnel page. Longest in its stage first.
        </p>
        {noSla ? <p className="mt-2 text-sm text-slate-600">The definition in force has no SLA with a number, so nothing is a breach of it.</p> : null}
        <div className="mt-3">
          <LeadTable rows={rows} total={total} page={request.page} pageSize={LEADS_PER_PAGE} href={(page) => `/funnel/leads?${leadsRequestParams({ ...request, page }).toString()}`} timeZone={context.organisation.timeZone} />
        </div>
      </section>
    </>
  );
});
