import { TrendChart } from "@/components/charts/trend-chart";
import { Badge } from "@/components/ui/card";
import type { AccountReadiness } from "@/db/queries/account-signals";
import { personalTracks, trackInfo } from "@/lib/domain/routing-tracks";
import { tierLabels } from "@/lib/domain/signal-types";
import { formatDecimal, formatWhen } from "@/lib/format";
import { bandLabels, engagementBand, fitBand, intentBand, trackFor } from "@/lib/metrics/scoring";

const trackTone = { immediate_handoff: "danger", co_engagement: "warning", accelerated_nurture: "brand", programmatic_nurture: "neutral" } as const;

/** The account's pipeline readiness: the latest score and why, its weekly trend, and the signals behind it. */
export function ReadinessSection({ readiness, timeZone }: { readiness: AccountReadiness; timeZone: string }) {
  const { score, trend, signals } = readiness;
  return (
    <section aria-labelledby="readiness-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id="readiness-heading" className="text-base font-semibold text-slate-900">
        Pipeline readiness
      </h2>
      {score === null ? (
        <p className="mt-2 text-sm text-slate-600">No signals yet. The account is scored the moment its first intent signal arrives (website, intent data or a CSV of history).</p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-600">
            Fit, intent and engagement, weighted as set under Signals → Scoring and calibration when it was computed; recomputed with every signal, last on {formatWhen(score.computedAt, timeZone)}.
          </p>
          <div className="mt-4 grid gap-4 md:grid-cols-4 [&>*]:min-w-0">
            <div>
              <p className="text-sm text-slate-600">Readiness</p>
              <p className="text-3xl font-semibold text-slate-900 tabular-nums">{formatDecimal(score.readiness, 1)}</p>
              <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                <Badge tone={trackTone[trackFor(score.readiness)]}>{trackInfo[trackFor(score.readiness)].label}</Badge>
                <span>SLA {trackInfo[trackFor(score.readiness)].sla}</span>
              </p>
              {score.explanation.top?.length ? (
                <ul className="mt-2 space-y-0.5 text-xs text-slate-600 tabular-nums" aria-label="Parts of the readiness score">
                  {score.explanation.top.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              ) : null}
            </div>
            <SubScore name="Fit" value={score.fit} band={bandLabels[fitBand(score.fit)]} reasons={score.explanation.fit ?? []} />
            <SubScore
              name="Intent"
              value={score.intent}
              band={bandLabels[intentBand(score.intent)]}
              reasons={(score.explanation.intent ?? []).map((i) => `${i.label ?? i.type}: ${formatDecimal(i.points, 1)} points after decay`)}
            />
            <SubScore name="Engagement" value={score.engagement} band={bandLabels[engagementBand(score.engagement)]} reasons={score.explanation.engagement ?? []} />
          </div>
          <div className="mt-5">
            <TrendChart data={trend} target={80} targetLabel="Handoff at" domain={[0, 100]} valueFormat={{ kind: "decimal" }} label="Readiness at the end of each week" height={200} />
          </div>
        </>
      )}
      {signals.length > 0 ? (
        <div className="mt-5">
          <h3 className="text-sm font-semibold text-slate-900">Latest signals</h3>
          <ol className="mt-2 divide-y divide-slate-100 text-sm" aria-label="Latest signals">
            {signals.map((s) => (
              <li key={s.id} className="flex flex-col gap-1 py-2 sm:flex-row sm:items-center sm:gap-4">
                <time dateTime={s.receivedAt.toISOString()} className="w-44 shrink-0 text-xs text-slate-500 tabular-nums">
                  {formatWhen(s.receivedAt, timeZone)}
                </time>
                <span className="min-w-0 flex-1 text-slate-800">
                  <strong className="font-medium">{s.label}</strong>
                  <span className="text-slate-500">
                    {" · "}
                    {s.derived ? "derived from the stream" : tierLabels[s.tier]}
                    {s.contactName ? ` · ${s.contactName}` : ""}
                  </span>
                </span>
                <span className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  {s.track ? <Badge tone={trackTone[s.track]}>{formatDecimal(s.readiness ?? 0, 1)}</Badge> : null}
                  {s.routedTo ? <span>to {s.routedTo}</span> : null}
                  {s.meetingBookedAt ? <span className="text-emerald-700">✓ meeting booked</span> : s.respondedAt ? <span className="text-emerald-700">✓ responded</span> : s.track && personalTracks.includes(s.track) ? <span className="text-amber-800">awaiting response</span> : null}
                </span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}

function SubScore({ name, value, band, reasons }: { name: string; value: number; band: string; reasons: string[] }) {
  return (
    <div>
      <p className="text-sm text-slate-600">{name}</p>
      <p className="text-2xl font-semibold text-slate-900 tabular-nums">
        {formatDecimal(value, 1)} <span className="text-sm font-normal text-slate-600">{band}</span>
      </p>
      <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
        {reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </div>
  );
}
