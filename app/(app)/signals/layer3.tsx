import Link from "next/link";
import { SmallSample } from "@/components/ui/small-sample";
import type { ReactNode } from "react";
import { HorizontalBarChart } from "@/components/charts/bar-chart";
import { Badge } from "@/components/ui/card";
import { MissingAmounts } from "@/components/ui/missing-amounts";
import { Delta, FigureValue } from "@/components/ui/figure-value";
import { trackInfo } from "@/lib/domain/routing-tracks";
import { formatCount, formatDecimal, formatMoney, formatPercent } from "@/lib/format";
import type { ScoreBand } from "@/lib/metrics/signals";
import type { Layer3View } from "@/lib/signals/layer3";

function Tile({ title, testId, value, detail, how }: { title: string; testId: string; value: ReactNode; detail: ReactNode; how: string }) {
  return (
    <div className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={testId}>
      <h3 className="text-sm text-slate-600">{title}</h3>
      <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums" data-testid={`${testId}-value`}>
        {value}
      </p>
      <div className="text-xs text-slate-600">{detail}</div>
      <p className="mt-auto pt-2 text-xs text-slate-500">{how}</p>
    </div>
  );
}

/** The four Layer 3 figures, each with how it is computed (METRICS.md §3). */
export function Layer3Tiles({ view }: { view: Layer3View }) {
  const a = view.aggregates;
  const rate = view.meetingRate;
  const sla = trackInfo.immediate_handoff.sla;
  return (
    <div className="grid gap-4 sm:grid-cols-2 2xl:grid-cols-4">
      <Tile
        title="Active intent signals this week"
        testId="active-intent"
        value={formatCount(a.activeThisWeek)}
        detail={<Delta change={view.activeChange} label={`vs the 7 days before (${formatCount(a.activePreviousWeek)})`} />}
        how="High-intent signals received in the last 7 days, against the 7 days before; not tied to the period."
      />
      <Tile
        title="Signal→response time (median)"
        testId="response-median"
        value={
          <>
            <span data-testid="response-median-seconds" data-seconds={a.medianResponseSeconds ?? ""} title={a.medianResponseSeconds === null ? undefined : `${formatDecimal(a.medianResponseSeconds, 1)} seconds`}>
              <FigureValue figure={view.responseMinutes} valueFormat={{ kind: "decimal" }} />
            </span>
            {view.responseMinutes.value === null ? null : <span className="ml-1 text-base font-medium text-slate-600">min</span>}
          </>
        }
        detail={
          <span data-testid="response-counts">
            {formatCount(a.answered)} answered · {formatCount(a.high - a.answered)} unanswered
            {view.responseMinutes.value === null ? <span className="block text-slate-500">— {view.responseMinutes.reason}</span> : null}
          </span>
        }
        how="First response − received, over the high-intent signals received in the period that were answered; the median, in minutes."
      />
      <Tile
        title="Signal→meeting rate"
        testId="meeting-rate"
        value={<FigureValue figure={rate} valueFormat={{ kind: "percent" }} />}
        detail={
          <>
            <SmallSample n={a.high} one="high-intent signal" className="mr-1" testId="meeting-rate-small-sample" />
            {formatCount(a.withMeeting)} of {formatCount(a.high)} high-intent signals · target over {formatPercent(rate.target, {}, 0)}{" "}
            {rate.meetsTarget === null ? null : rate.meetsTarget ? <Badge tone="success">✓ met</Badge> : <Badge tone="warning">✗ below target</Badge>}
            {rate.value === null ? <span className="block text-slate-500">— {rate.reason}</span> : null}
          </>
        }
        how={`Share of high-intent signals received in the period followed by a meeting booked with that account within ${view.meetingWindowDays} days (a setting).`}
      />
      <Tile
        title={`${trackInfo.immediate_handoff.slaMinutes}-minute SLA compliance`}
        testId="sla-compliance"
        value={<FigureValue figure={view.slaCompliance} valueFormat={{ kind: "percent" }} />}
        detail={
          <>
            {formatCount(a.handoffs.met)} in time · {formatCount(a.handoffs.missed)} late or unanswered
            {a.handoffs.pending > 0 ? ` · ${formatCount(a.handoffs.pending)} still within it` : ""}
            {view.slaCompliance.value === null ? <span className="block text-slate-500">— {view.slaCompliance.reason}</span> : null}
          </>
        }
        how={`Immediate-handoff signals received in the period answered by their due time (${sla} after routing), over those answered or past due.`}
      />
    </div>
  );
}

/** Accounts by the band of their current readiness score, as bars with the table beneath. */
export function ScoreBands({ bands }: { bands: ScoreBand[] }) {
  const total = bands.reduce((sum, b) => sum + b.accounts, 0);
  return (
    <section aria-labelledby="bands-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <h3 id="bands-heading" className="text-base font-semibold text-slate-900">
        Score distribution by band
      </h3>
      <p className="mt-1 text-sm text-slate-600">
        Each account&apos;s latest readiness score, in the router&apos;s bands: {formatCount(total)} accounts scored. The band decides the track and its response SLA.
      </p>
      {total === 0 ? (
        <p className="mt-3 text-sm text-slate-600">No account has a score yet: scores appear as signals arrive through the API or a signal import.</p>
      ) : (
        <div className="mt-3">
          <HorizontalBarChart label="Accounts" valueFormat={{ kind: "count" }} data={bands.map((b) => ({ label: `${b.band} ${b.track === "immediate_handoff" ? "handoff" : b.track === "co_engagement" ? "co-engage" : "nurture"}`, value: b.accounts }))} />
          <ul className="mt-2 grid gap-x-4 gap-y-1 text-xs text-slate-600 sm:grid-cols-2">
            {bands.map((b) => (
              <li key={b.track}>
                <span className="font-medium text-slate-800">{b.band}</span>: {b.label} · {b.share === null ? "—" : formatPercent(b.share)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** The ABM measures as /accounts computes them, for the same period. */
export function AbmMeasures({ abm }: { abm: Layer3View["abm"] }) {
  const e = abm.tier1Engagement;
  const currency = abm.organisation.currency;
  return (
    <section aria-labelledby="abm-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id="abm-heading" className="text-base font-semibold text-slate-900">
          ABM measures
        </h3>
        <Link href="/accounts" className="text-sm font-medium text-brand-700 hover:underline">
          The ABM program
        </Link>
      </div>
      <div className="mt-3 grid gap-4 sm:grid-cols-3 [&>*]:min-w-0">
        <div>
          <h4 className="text-sm text-slate-600">Tier 1 accounts engaged</h4>
          <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">
            {e.hits} / {e.n} <span className="text-base font-medium text-slate-600">{e.rate === null ? "" : formatPercent(e.rate)}</span>
          </p>
          <p className="text-xs text-slate-500">A contact engaged or active, or at an engagement level above none, touched in the last {e.withinDays} days. Target above 60 %.</p>
        </div>
        <div>
          <h4 className="text-sm text-slate-600">Average coverage</h4>
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-sm">
            {abm.tiers.map((t) => (
              <div key={t.tier} className="contents">
                <dt className="text-slate-600">{t.label}</dt>
                <dd className="text-right text-slate-900 tabular-nums">
                  {t.coverage ? `${formatDecimal(t.coverage.identified)} / ${formatDecimal(t.coverage.engaged)} / ${formatDecimal(t.coverage.active)}` : "—"}
                </dd>
              </div>
            ))}
          </dl>
          <p className="text-xs text-slate-500">Buying-group roles per account: identified / engaged / active.</p>
        </div>
        <div>
          <h4 className="text-sm text-slate-600">ABM-sourced pipeline</h4>
          <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{formatMoney(abm.sourced.amount, { currency })}</p>
          <p className="text-xs text-slate-500">
            {formatCount(abm.sourced.deals)} deals created on tiered accounts in the period
            {abm.sourced.share.value === null ? "" : `; ${formatPercent(abm.sourced.share.value)} of all pipeline created`}.
          </p>
          <MissingAmounts count={abm.sourced} kind="ABM-sourced" />
          <MissingAmounts count={abm.sourced.all} after="created in the period" />
        </div>
      </div>
    </section>
  );
}
