import Link from "next/link";
import { RateIntervalChart } from "@/components/charts/rate-interval";
import { Badge } from "@/components/ui/card";
import { MissingAmounts } from "@/components/ui/missing-amounts";
import type { AbmProgram, TierSummary } from "@/lib/abm/program";
import { abmDealsHref, accountsHref } from "@/lib/abm/drill-down";
import { ABM, NONE } from "@/lib/deals/request";
import { formatCount, formatDays, formatDecimal, formatMoney, formatPercent } from "@/lib/format";
import type { Figure } from "@/lib/metrics/figure";
import { ScrollRegion } from "@/components/ui/scroll-region";

const figureLink = "text-slate-900 underline decoration-slate-300 underline-offset-4 hover:decoration-brand-600";

const show = (f: Figure, format: (n: number) => string) => (f.value === null ? <span title={f.reason}>—</span> : format(f.value));

const sizeBadge = { under: { tone: "warning", text: "Under guidance" }, within: { tone: "success", text: "Within guidance" }, over: { tone: "danger", text: "Over guidance" } } as const;

function TierCard({ tier }: { tier: TierSummary }) {
  const badge = sizeBadge[tier.size];
  // The gauge runs to 1.25 × the guidance's maximum so "over" shows past the band.
  const scale = Math.max(tier.max * 1.25, tier.accounts);
  return (
    <div className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex items-start justify-between gap-2">
        <div>
          <h3 className="text-sm font-semibold text-slate-900">
            {tier.label} <span className="font-normal text-slate-500">· {tier.motion}</span>
          </h3>
          <p className="mt-0.5 text-xs text-slate-500">{tier.criteria}</p>
        </div>
        <Badge tone={badge.tone}>{badge.text}</Badge>
      </div>
      <p className="mt-3 text-3xl font-semibold tabular-nums">
        <Link href={accountsHref({ kind: "tier", tier: tier.tier })} className={figureLink} aria-label={`${formatCount(tier.accounts)} ${tier.label} accounts: list them`} data-testid={`tier-count-${tier.tier}`}>
          {formatCount(tier.accounts)}
        </Link>
      </p>
      <p className="text-xs text-slate-600">
        accounts; guidance {tier.min}–{tier.max}
        {tier.size === "under" ? `: ${tier.min - tier.accounts} short` : tier.size === "over" ? `: ${tier.accounts - tier.max} too many to run ${tier.motion}` : ""}
      </p>
      <div className="relative mt-2 h-2 rounded-full bg-slate-100" aria-hidden="true">
        <div className="absolute inset-y-0 bg-emerald-200" style={{ left: `${(tier.min / scale) * 100}%`, width: `${((tier.max - tier.min) / scale) * 100}%` }} />
        <div className="absolute -top-0.5 h-3 w-1 rounded bg-slate-900" style={{ left: `calc(${Math.min(1, tier.accounts / scale) * 100}% - 2px)` }} />
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-3 gap-y-1 text-xs text-slate-600">
        <dt>Rules suggest</dt>
        <dd className="text-right tabular-nums">
          <Link href={accountsHref({ kind: "suggested", tier: tier.tier })} className={figureLink} aria-label={`The rules suggest ${formatCount(tier.suggested)} accounts for ${tier.label}: list them`} data-testid={`tier-suggested-${tier.tier}`}>
            {formatCount(tier.suggested)}
          </Link>
        </dd>
        <dt>Avg. coverage</dt>
        <dd className="text-right text-slate-900 tabular-nums">
          {tier.coverage ? `${formatDecimal(tier.coverage.identified)} / ${formatDecimal(tier.coverage.engaged)} / ${formatDecimal(tier.coverage.active)}` : "—"}
        </dd>
      </dl>
      <Link href={`/accounts?tier=${tier.tier}#accounts`} className="mt-3 text-sm font-medium text-brand-700 hover:underline">
        Show {tier.label} accounts
      </Link>
    </div>
  );
}

function ComparisonTable({ program }: { program: AbmProgram }) {
  const currency = program.organisation.currency;
  const rows = [
    { label: "ABM accounts", c: program.comparison.abm, tier: ABM },
    { label: "Other accounts", c: program.comparison.nonAbm, tier: NONE },
  ] as const;
  return (
    <ScrollRegion label="Deals closed in the period on ABM accounts and on the others">
      <table className="w-full text-sm">
        <caption className="sr-only">Deals closed in the period on ABM accounts and on the others</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
            <th scope="col" className="py-2 pr-3 font-medium">Deals on</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Win rate</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Avg. deal size</th>
            <th scope="col" className="py-2 text-right font-medium">Sales cycle</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ label, c, tier }) => (
            <tr key={label} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-800">
                {label}
              </th>
              <td className="py-2 pr-3 text-right tabular-nums">
                {c.winRate.rate === null ? "—" : formatPercent(c.winRate.rate)}
                <span className="block text-xs text-slate-500">
                  {c.winRate.hits} of{" "}
                  <Link href={abmDealsHref(program.request, { dates: "closed", tier })} className="underline hover:text-slate-700" aria-label={`${c.winRate.n} deals closed on ${label.toLowerCase()}: open them`} data-testid={`closed-deals-${tier}`}>
                    {c.winRate.n}
                  </Link>
                  {c.winRate.interval ? ` · CI ${formatPercent(c.winRate.interval.low, {}, 0)}–${formatPercent(c.winRate.interval.high, {}, 0)}` : ""}
                </span>
              </td>
              <td className="py-2 pr-3 text-right tabular-nums">
                {show(c.averageDealSize, (n) => formatMoney(n, { currency }))}
                <MissingAmounts count={c.wonAmounts} kind="won" className="text-xs text-amber-800" />
              </td>
              <td className="py-2 text-right tabular-nums">{show(c.salesCycleDays, formatDays)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** Tier sizes against the guidance, then the program's measures for the period. */
export function ProgramSection({ program }: { program: AbmProgram }) {
  const currency = program.organisation.currency;
  const engagement = program.tier1Engagement;
  return (
    <>
      <section aria-labelledby="tiers-heading">
        <h2 id="tiers-heading" className="sr-only">
          Tiers
        </h2>
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          {program.tiers.map((tier) => (
            <TierCard key={tier.tier} tier={tier} />
          ))}
          <div className="flex flex-col rounded-lg border border-dashed border-slate-300 bg-slate-50 p-4">
            <h3 className="text-sm font-semibold text-slate-900">Outside the program</h3>
            <p className="mt-0.5 text-xs text-slate-500">No tier in force</p>
            <p className="mt-3 text-3xl font-semibold tabular-nums">
              <Link href={accountsHref({ kind: "tier", tier: "none" })} className={figureLink} aria-label={`${formatCount(program.outsideProgram.accounts)} accounts outside the program: list them`} data-testid="tier-count-none">
                {formatCount(program.outsideProgram.accounts)}
              </Link>
            </p>
            <p className="text-xs text-slate-600">
              accounts; the rules leave{" "}
              <Link href={accountsHref({ kind: "suggested", tier: "none" })} className="underline hover:text-slate-800" data-testid="tier-suggested-none">
                {formatCount(program.outsideProgram.suggested)} out
              </Link>
            </p>
            <Link href="/accounts?differs=1#accounts" className="mt-auto pt-3 text-sm font-medium text-brand-700 hover:underline">
              Review tiers that differ from the rules
            </Link>
          </div>
        </div>
      </section>

      <section aria-labelledby="measures-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="measures-heading" className="text-base font-semibold text-slate-900">
          ABM measures
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          An ABM deal is one on an account in a tier. Win rates carry 95 % Wilson intervals; fewer than 30 deals is a small sample.
        </p>
        <div className="mt-4 grid gap-6 lg:grid-cols-3 [&>*]:min-w-0">
          <div>
            <h3 className="text-sm font-medium text-slate-600">Tier 1 accounts engaged</h3>
            <p className="mt-1 text-3xl font-semibold text-slate-900 tabular-nums">
              <Link href={accountsHref({ kind: "tier1Engaged" })} className={figureLink} aria-label={`${formatCount(engagement.hits)} Tier 1 accounts engaged: list them`} data-testid="tier1-engaged">
                {formatCount(engagement.hits)}
              </Link>{" "}
              /{" "}
              <Link href={accountsHref({ kind: "tier", tier: "tier_1" })} className={figureLink} aria-label={`of ${formatCount(engagement.n)} Tier 1 accounts: list them`}>
                {formatCount(engagement.n)}
              </Link>
              <span className="ml-2 text-lg font-medium text-slate-600">{engagement.rate === null ? "" : formatPercent(engagement.rate)}</span>
            </p>
            <p className="mt-1 text-xs text-slate-600">
              With a contact engaged or active, or at an engagement level above none, and touched in the last {engagement.withinDays} days. Target above 60 %:{" "}
              {engagement.meetsTarget === null ? (
                "no Tier 1 accounts yet"
              ) : engagement.meetsTarget ? (
                <Badge tone="success">✓ met</Badge>
              ) : (
                <Badge tone="warning">✗ below target</Badge>
              )}
            </p>
          </div>
          <div>
            <h3 className="text-sm font-medium text-slate-600">ABM-sourced pipeline</h3>
            <p className="mt-1 text-3xl font-semibold text-slate-900 tabular-nums">{formatMoney(program.sourced.amount, { currency })}</p>
            <p className="mt-1 text-xs text-slate-600">
              <Link href={abmDealsHref(program.request, { dates: "created", tier: ABM })} className="underline hover:text-slate-800" data-testid="abm-sourced-deals">
                {formatCount(program.sourced.deals)} deals
              </Link>{" "}
              created on ABM accounts in the period;{" "}
              {show(program.sourced.share, (n) => `${formatPercent(n)} of all pipeline created`)}.
            </p>
            <MissingAmounts count={program.sourced} kind="ABM-sourced" testId="abm-sourced-missing-amounts" />
            <MissingAmounts count={program.sourced.all} after="created in the period" />
          </div>
          <div>
            <h3 className="text-sm font-medium text-slate-600">ABM vs other deals closed</h3>
            <ComparisonTable program={program} />
          </div>
        </div>
        <div className="mt-6 grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
          <div>
            <h3 className="text-sm font-medium text-slate-600">Win rate by threading, deals closed in the period</h3>
            <p className="mb-3 text-xs text-slate-500">Multi-threaded: 3 or more contacts engaged or active on the deal; single-threaded: at most 1.</p>
            <RateIntervalChart
              caption="Win rate of multi-threaded and single-threaded deals"
              rows={[
                { label: "Multi-threaded", rate: program.threading.multi, reference: { low: 0.4, high: 0.5, label: "the playbook's 40–50 % for multi-threaded deals" } },
                { label: "Single-threaded", rate: program.threading.single, reference: { low: 0.15, high: 0.2, label: "the playbook's 15–20 % for single-threaded deals" } },
              ]}
            />
          </div>
          <div>
            <h3 className="text-sm font-medium text-slate-600">Win rate, ABM vs other deals</h3>
            <p className="mb-3 text-xs text-slate-500">The same deals as the table, as bars with their intervals.</p>
            <RateIntervalChart
              caption="Win rate of ABM and other deals"
              rows={[
                { label: "ABM accounts", rate: program.comparison.abm.winRate },
                { label: "Other accounts", rate: program.comparison.nonAbm.winRate },
              ]}
            />
          </div>
        </div>
      </section>
    </>
  );
}
