import type { Metadata } from "next";
import Link from "next/link";
import { WaterfallChart, type WaterfallStep } from "@/components/charts/waterfall-chart";
import { InvalidLink } from "@/components/filters/invalid-link";
import { FilterBar } from "@/components/filters/period-filter-bar";
import { Card, PageHeader } from "@/components/ui/card";
import { CellLabel, cardTable } from "@/components/ui/card-table";
import { Pager } from "@/components/ui/pager";
import { getDb } from "@/db/index";
import { dealMovementGroups, dealsBehindMove, MOVED_DEALS_PER_PAGE } from "@/db/queries/pipeline-changes";
import { getSetting } from "@/db/queries/settings";
import { changesHref, parseChangesRequest } from "@/lib/forecast/request";
import { formatAmount, formatCount, formatDate, formatMoney, formatPeriod } from "@/lib/format";
import { todayIn } from "@/lib/metrics/period";
import { pipelineChanges, pipelineMoveDescriptions, pipelineMoveLabels, pipelineMoves, waterfallMoves, type DealMoment } from "@/lib/metrics/pipeline-changes";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Pipeline changes" };

const momentLabels: Record<DealMoment, string> = {
  absent: "not created",
  in: "in the window",
  after: "after the window",
  before: "before the window",
  undated: "no close date",
  won: "won",
  lost: "lost",
};

const th = "px-3 py-2 text-left font-medium";
const td = "px-3 py-2";

export default guardedPage("deals:view", async function PipelineChangesPage({ searchParams }) {
  const db = getDb();
  const organisation = await getSetting(db, "organisation");
  const today = todayIn(organisation.timeZone);
  const parsed = parseChangesRequest(searchParams, today);
  if (!parsed.ok) {
    return (
      <>
        <PageHeader title="Pipeline changes" />
        <InvalidLink parameter={parsed.parameter} error={parsed.error} href="/deals/changes" />
      </>
    );
  }
  const { request } = parsed;
  const scope = { from: request.period.from, to: request.period.to, windowFrom: request.window.from, windowTo: request.window.to, timeZone: organisation.timeZone };
  const [groups, behind] = await Promise.all([
    dealMovementGroups(db, scope),
    request.move ? dealsBehindMove(db, scope, request.move, request.page) : Promise.resolve(null),
  ]);
  const flow = pipelineChanges(groups);
  const currency = organisation.currency;
  const money = (v: string) => formatMoney(v, { currency }, true);
  const window = formatPeriod(request.window.from, request.window.to);
  const steps: (WaterfallStep & { deals: number; description: string })[] = [
    { label: "Start", kind: "total", amount: flow.start, deals: flow.startDeals, description: `Open pipeline expected to close in ${window}, at the start of ${formatDate(request.period.from)}.` },
    // Every bar that adds before every bar that takes away: the running total never dips below zero.
    ...waterfallMoves(flow.moves).map((m) => ({ label: pipelineMoveLabels[m], kind: "change" as const, amount: flow.moves[m].amount, deals: flow.moves[m].deals, description: pipelineMoveDescriptions[m], href: changesHref(request, m) })),
    { label: "End", kind: "total", amount: flow.end, deals: flow.endDeals, description: `Open pipeline expected to close in ${window}, at the end of ${formatDate(request.period.to)}.` },
  ];
  const nothing = flow.startDeals === 0 && flow.endDeals === 0 && pipelineMoves.every((m) => flow.moves[m].deals === 0);

  return (
    <>
      <PageHeader
        title="Pipeline changes"
        description={
          <>
            How the open pipeline expected to close in <strong>{window}</strong> moved between <strong>{formatPeriod(request.period.from, request.period.to)}</strong>:
            start + new + pulled in + increased − pushed out − decreased − won − lost ± other moves = end. Each bar opens the deals behind it.
          </>
        }
      />
      <FilterBar choices={{ segments: [], sources: [] }} preset={request.preset} from={request.period.from} to={request.period.to} periodOnly />
      {nothing ? (
        <Card title="No pipeline in this window">
          <p className="text-sm text-slate-600">
            No open deal was expected to close in {window} at the start or the end of the period, and none moved. Import opportunities (with their close dates) or pick another period.
          </p>
        </Card>
      ) : (
        <div className="space-y-6">
          <Card title="Waterfall" description="Green adds to the pipeline, red takes from it; amounts to the cent.">
            <WaterfallChart steps={steps} label="Open pipeline from the start to the end of the period" currency={currency} />
          </Card>
          <Card title="Start, changes and end">
            <table className={cardTable.table} aria-label="Pipeline changes">
              <thead className={`${cardTable.head} border-b border-slate-200 text-slate-500`}>
                <tr>
                  <th scope="col" className={th}>Step</th>
                  <th scope="col" className={`${th} text-right`}>Deals</th>
                  <th scope="col" className={`${th} text-right`}>Amount</th>
                  <th scope="col" className={th}>What it counts</th>
                </tr>
              </thead>
              <tbody className={`${cardTable.body} divide-y divide-slate-100`}>
                {steps.map((s) => (
                  <tr key={s.label} className={cardTable.row} data-step={s.label}>
                    <th scope="row" className={`${td} ${cardTable.cell} text-left font-medium`}>
                      <CellLabel>Step</CellLabel>
                      {s.href ? (
                        <Link href={s.href} className="text-brand-700 underline-offset-2 hover:underline" scroll={false}>
                          {s.label}
                        </Link>
                      ) : (
                        s.label
                      )}
                    </th>
                    <td className={`${td} ${cardTable.cell} text-right tabular-nums md:text-right`}>
                      <CellLabel>Deals</CellLabel>
                      {formatCount(s.deals)}
                    </td>
                    <td className={`${td} ${cardTable.cell} text-right tabular-nums md:text-right`} data-amount={s.amount}>
                      <CellLabel>Amount</CellLabel>
                      {s.kind === "change" && Number(s.amount) > 0 ? "+" : ""}
                      {money(s.amount)}
                    </td>
                    <td className={`${td} ${cardTable.cell} ${cardTable.wide} text-slate-600`}>
                      <CellLabel>What it counts</CellLabel>
                      {s.description}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
          {request.move && behind ? (
            <section id="deals" aria-labelledby="deals-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
              <h2 id="deals-heading" className="text-base font-semibold text-slate-900">
                {pipelineMoveLabels[request.move]}: {formatCount(behind.total)} {behind.total === 1 ? "deal" : "deals"}, {money(flow.moves[request.move].amount)}
              </h2>
              <p className="mt-1 text-sm text-slate-600">
                {pipelineMoveDescriptions[request.move]} Each deal&apos;s contribution is what it adds to the bar (or takes from it); the contributions add up to the bar.
              </p>
              {behind.total === 0 ? (
                <p className="mt-4 text-sm text-slate-600">No deal made this move in the period.</p>
              ) : (
                <table className={`${cardTable.table} mt-4`} aria-label={`Deals: ${pipelineMoveLabels[request.move]}`}>
                  <thead className={`${cardTable.head} border-b border-slate-200 text-slate-500`}>
                    <tr>
                      <th scope="col" className={th}>Deal</th>
                      <th scope="col" className={th}>Owner</th>
                      <th scope="col" className={th}>At the start</th>
                      <th scope="col" className={th}>At the end</th>
                      <th scope="col" className={th}>Close date now</th>
                      <th scope="col" className={`${th} text-right`}>Contribution</th>
                    </tr>
                  </thead>
                  <tbody className={`${cardTable.body} divide-y divide-slate-100`}>
                    {behind.deals.map((d) => (
                      <tr key={d.id} className={cardTable.row}>
                        <td className={`${td} ${cardTable.cell} ${cardTable.wide}`}>
                          <CellLabel>Deal</CellLabel>
                          <Link href={`/deals/${d.id}`} className="font-medium text-brand-700 hover:underline">
                            {d.name}
                          </Link>
                          {d.accountName ? <span className="block text-xs text-slate-500">{d.accountName}</span> : null}
                        </td>
                        <td className={`${td} ${cardTable.cell}`}>
                          <CellLabel>Owner</CellLabel>
                          {d.ownerName ?? "No owner"}
                        </td>
                        <td className={`${td} ${cardTable.cell} tabular-nums`}>
                          <CellLabel>At the start</CellLabel>
                          {momentLabels[d.start]}
                          {d.start === "absent" ? null : <span className="block text-xs text-slate-500">{formatAmount(d.startAmount, { currency }, true)}</span>}
                        </td>
                        <td className={`${td} ${cardTable.cell} tabular-nums`}>
                          <CellLabel>At the end</CellLabel>
                          {momentLabels[d.end]}
                          <span className="block text-xs text-slate-500">{formatAmount(d.endAmount, { currency }, true)}</span>
                        </td>
                        <td className={`${td} ${cardTable.cell}`}>
                          <CellLabel>Close date now</CellLabel>
                          {d.expectedCloseDate ? formatDate(d.expectedCloseDate) : "—"}
                        </td>
                        <td className={`${td} ${cardTable.cell} text-right font-medium tabular-nums`} data-contribution={d.contribution}>
                          <CellLabel>Contribution</CellLabel>
                          {Number(d.contribution) > 0 ? "+" : ""}
                          {money(d.contribution)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <Pager label="Pages of deals" page={request.page} pageSize={MOVED_DEALS_PER_PAGE} total={behind.total} noun="deals" href={(p) => changesHref(request, request.move, p)} />
            </section>
          ) : null}
        </div>
      )}
    </>
  );
});
