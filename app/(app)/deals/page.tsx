import type { Metadata } from "next";
import Link from "next/link";
import { InvalidLink } from "@/components/filters/invalid-link";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { dealTotals, listDeals } from "@/db/queries/deals";
import { accelerationReport, type AccelerationRow } from "@/db/queries/stalls";
import { DEALS_PER_PAGE, dealDatesLabels, dealsRequestParams, ownerParam, winLossFilterNotes } from "@/lib/deals/request";
import { resolveDealsView } from "@/lib/deals/view";
import { formatCount, formatDays, formatMoney, formatPeriod, missingAmountsNote } from "@/lib/format";
import { periodPresetLabels } from "@/lib/metrics/period";
import { stallInfo } from "@/lib/win-loss/stalls";
import { guardedPage } from "@/app/_guard/guarded-page";
import { DealFilters } from "./deal-filters";
import { DealTable } from "./deal-table";

export const metadata: Metadata = { title: "Deals" };

export default guardedPage("deals:view", async function DealsPage({ user, searchParams: params }) {
  const db = getDb();
  const view = await resolveDealsView(db, params, user);
  const { context } = view;
  const choices = { ...context.options, stages: context.stages, bandLabels: context.bandLabels };

  if (!view.ok) {
    return (
      <>
        <PageHeader title="Deals" />
        <InvalidLink parameter={view.parameter} error={view.error} href="/deals" />
      </>
    );
  }

  const { request } = view;
  const [totals, rows, acceleration] = await Promise.all([
    dealTotals(db, request.filters, context.deal),
    listDeals(db, { filters: request.filters, sort: request.sort, descending: request.descending, limit: DEALS_PER_PAGE, offset: (request.page - 1) * DEALS_PER_PAGE }, context.deal),
    request.filters.stall ? accelerationReport(db) : Promise.resolve(null),
  ]);
  const { period } = request.filters;
  const currency = context.currency;
  const download = `/export/opportunities?${dealsRequestParams(request, { page: 1 }).toString()}`;
  const ownDeals = request.filters.ownerId === user.id;
  const missing = missingAmountsNote(totals);
  const notes = winLossFilterNotes(request.filters, (id) => context.stages.find((s) => s.id === id)?.name ?? `stage ${id}`);

  return (
    <>
      <PageHeader
        title="Deals"
        description={
          <>
            {ownDeals ? "Your deals" : "Every deal"}
            {period && request.preset ? (
              <>
                {" "}
                {period.dates === "expected"
                  ? "expected to close"
                  : period.dates === "due"
                    ? request.filters.slaBreached
                      ? "with a stage update that breached the Opportunity SLA, due"
                      : "with a stage update due"
                    : dealDatesLabels[period.dates].toLowerCase()}{" "}
                in {periodPresetLabels[request.preset].toLowerCase()}: <strong>{formatPeriod(period.from, period.to)}</strong>
              </>
            ) : null}
            . Each figure on Velocity, the Overview and the Forecast opens the deals behind it here; times in {context.deal.timeZone}.
          </>
        }
        actions={
          <a href={download} className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700" data-testid="deals-download">
            Download this list (CSV)
          </a>
        }
      />
      <section aria-labelledby="deals-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="deals-heading" className="sr-only">
          Deals
        </h2>
        <DealFilters
          key={dealsRequestParams(request).toString()}
          choices={choices}
          owner={ownerParam(request.filters.ownerId)}
          preset={request.preset ?? null}
          from={period?.from ?? null}
          to={period?.to ?? null}
          today={context.deal.today}
        />
        <p className="mt-4 text-sm text-slate-700" data-testid="deal-totals" role="status">
          <strong data-testid="deal-count">{formatCount(totals.deals)}</strong> {totals.deals === 1 ? "deal" : "deals"} ·{" "}
          <strong data-testid="deal-amount">{formatMoney(totals.amount, { currency })}</strong> in all
          {missing ? <span className="text-amber-800"> · {missing}</span> : null}
        </p>
        {notes.length > 0 ? (
          <p className="mt-1 text-sm text-slate-600" data-testid="deal-win-loss-filters">
            {notes.join(" · ")}
          </p>
        ) : null}
        <div className="mt-3">
          <DealTable rows={rows} total={totals.deals} request={request} currency={currency} pageSize={DEALS_PER_PAGE} />
        </div>
      </section>
      {acceleration ? <AccelerationSection rows={acceleration} /> : null}
    </>
  );
});

/** How long stalled deals took to move once their tactic was done, by stall pattern. */
function AccelerationSection({ rows }: { rows: AccelerationRow[] }) {
  return (
    <section aria-labelledby="acceleration-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id="acceleration-heading" className="text-base font-semibold text-slate-900">
        Acceleration: what followed each tactic
      </h2>
      <p className="mt-1 text-sm text-slate-600">Every tactic marked done on a deal, and how long the deal took to change stage or close afterwards.</p>
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-sm" aria-label="Acceleration by stall pattern">
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
              <th scope="col" className="py-2 pr-4 font-medium">Stall pattern</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">Tactics done</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">Deals moved since</th>
              <th scope="col" className="py-2 text-right font-medium">Median days to move</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.pattern} className="border-b border-slate-100 last:border-0" data-testid="acceleration-row">
                <th scope="row" className="py-2 pr-4 text-left font-normal text-slate-900">
                  <Link href={`/deals?stall=${r.pattern}&owner=all`} className="text-brand-700 underline">
                    {stallInfo[r.pattern].label}
                  </Link>
                </th>
                <td className="py-2 pr-4 text-right tabular-nums">{formatCount(r.done)}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{formatCount(r.moved)}</td>
                <td className="py-2 text-right tabular-nums">{r.medianDaysToMove === null ? "—" : formatDays(r.medianDaysToMove)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
