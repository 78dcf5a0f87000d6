import type { Metadata } from "next";
import Link from "next/link";
import { InvalidLink } from "@/components/filters/invalid-link";
import { FilterBar } from "@/components/filters/period-filter-bar";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { calibrationBacktest } from "@/db/queries/calibration";
import { getSetting, settingStamp } from "@/db/queries/settings";
import { can } from "@/lib/auth/permissions";
import { formatCount, formatPercent, formatPeriod, formatWhen } from "@/lib/format";
import { calibration } from "@/lib/metrics/calibration";
import { addDays, periodPresetLabels, todayIn } from "@/lib/metrics/period";
import { ENGAGEMENT_WINDOW_DAYS } from "@/lib/metrics/scoring";
import { parsePeriodRequest, single, type Params } from "@/lib/velocity/request";
import { SignalsNav } from "../signals-nav";
import { CalibrationCards, CalibrationDistribution } from "./calibration-figures";
import { ScoringEditor } from "./scoring-editor";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Scoring and calibration" };

/** Without a period in the link: the last 12 months, today included. */
function backtestPeriod(params: Params, today: string) {
  if (!single(params, "period") && !single(params, "from") && !single(params, "to")) {
    return { ok: true as const, request: { preset: "custom" as const, period: { from: addDays(today, -364), to: today } }, defaulted: true };
  }
  return { ...parsePeriodRequest(params, today), defaulted: false };
}

export default guardedPage("signals:view", async function CalibrationPage({ user, searchParams: params }) {
  const db = getDb();
  const [{ timeZone }, saved, stamp] = await Promise.all([getSetting(db, "organisation"), getSetting(db, "scoring"), settingStamp(db, "scoring")]);
  const parsed = backtestPeriod(params, todayIn(timeZone));
  // The model's calibration covers the same period as the page.
  const modelQuery = new URLSearchParams((["period", "from", "to"] as const).flatMap((k) => (single(params, k) ? [[k, single(params, k)!]] : []))).toString();
  const modelHref = `/signals/calibration/model${modelQuery ? `?${modelQuery}` : ""}`;
  const header = (
    <>
      <PageHeader
        title="Scoring and calibration"
        description="How the pipeline readiness score is weighted, and how well it would have told won deals from lost ones: the backtest over deals closed in the period."
        actions={
          <a href={modelHref} download className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Download lead-scoring-model.md
          </a>
        }
      />
      <SignalsNav current="/signals/calibration" />
    </>
  );
  if (!parsed.ok) {
    return (
      <>
        {header}
        <InvalidLink parameter={parsed.parameter} error={parsed.error} href="/signals/calibration" />
      </>
    );
  }
  const { period, preset } = parsed.request;
  const result = calibration(await calibrationBacktest(db, { ...period, timeZone, weights: saved.weights, threshold: saved.calibrationThreshold }), saved.calibrationThreshold);
  const manage = can(user.role, "scoring:manage");
  const w = saved.weights;

  return (
    <>
      {header}
      <section aria-labelledby="current-heading" className="mb-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="current-heading" className="text-base font-semibold text-slate-900">
          The saved scoring
        </h2>
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-3 lg:grid-cols-6" data-testid="saved-settings">
          {[
            ["Fit weight", formatPercent(w.fit, {}, 0)],
            ["Intent weight", formatPercent(w.intent, {}, 0)],
            ["Engagement weight", formatPercent(w.engagement, {}, 0)],
            ["Threshold", String(saved.calibrationThreshold)],
            ["Intent scale", `${formatCount(saved.intentScale)} points`],
            ["Engagement scale", `${formatCount(saved.engagementScale)} interactions`],
          ].map(([term, value]) => (
            <div key={term}>
              <dt className="text-xs text-slate-500">{term}</dt>
              <dd className="font-semibold text-slate-900 tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-xs text-slate-500">
          {stamp.updatedAt === null ? "The defaults from the playbook; nobody has changed them yet." : `Last saved by ${stamp.updatedBy ?? "a former user"} on ${formatWhen(new Date(stamp.updatedAt), timeZone)}.`}
          {manage ? null : " Marketing and RevOps admins can change them."}
        </p>
        <details className="mt-3 text-sm text-slate-600">
          <summary className="cursor-pointer font-medium text-slate-700">How this is computed</summary>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            <li>
              Readiness = {formatPercent(w.fit, {}, 0)} × fit + {formatPercent(w.intent, {}, 0)} × intent + {formatPercent(w.engagement, {}, 0)} × engagement, each 0–100; the
              weights add up to 100 %.
            </li>
            <li>Intent: the signals’ points, each halved every half-life of its type, summed; intent reaches 63 at {formatCount(saved.intentScale)} points and approaches 100.</li>
            <li>Engagement: touches, first-party signals and meetings (×3) in the last {ENGAGEMENT_WINDOW_DAYS} days; 63 at {formatCount(saved.engagementScale)}.</li>
            <li>
              Backtest: for each deal won or lost in the period, the highest account-level readiness its account reached before the deal was created, recomputed from the stored
              fit, intent and engagement with the weights. A deal whose account had no score by then counts as 0.
            </li>
            <li>False positive rate = lost deals that scored ≥ the threshold ÷ lost deals. False negative rate = won deals that scored below it ÷ won deals. Each with a 95 % Wilson interval.</li>
            <li>New weights apply to scores computed after they are saved; stored scores and past routing stay as they were.</li>
          </ul>
        </details>
      </section>

      <FilterBar choices={{ segments: [], sources: [] }} preset={preset} from={period.from} to={period.to} periodOnly />
      <p className="-mt-2 mb-4 text-sm text-slate-600">
        Deals closed {parsed.defaulted ? "in the last 12 months" : periodPresetLabels[preset].toLowerCase()}: <strong>{formatPeriod(period.from, period.to)}</strong>. Times in {timeZone}.
      </p>

      {result.won + result.lost === 0 ? (
        <Alert tone="info" title="No deals won or lost in this period">
          Pick a longer period, or{" "}
          <Link href="/import" className="underline">
            import closed opportunities
          </Link>
          ; the backtest needs closed deals and the scores their accounts had before.
        </Alert>
      ) : (
        <>
          <h2 className="sr-only">Backtest with the saved settings</h2>
          <CalibrationCards result={result} prefix="saved" />
          {result.wonUnscored + result.lostUnscored === result.won + result.lost ? (
            <div className="mt-4">
              <Alert tone="warning" title="No deal had a score before it was created">
                Every deal counts as 0, so the backtest cannot tell the weights apart yet. It becomes useful as signals build up a score history before new deals open.
              </Alert>
            </div>
          ) : null}
          <section aria-labelledby="distribution-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 id="distribution-heading" className="text-base font-semibold text-slate-900">
              Won vs lost by best score, saved settings
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              Deals per ten-point bucket of their account’s best score before creation. Won deals right of the threshold line and lost deals left of it mean the score works.
            </p>
            <div className="mt-4">
              <CalibrationDistribution result={result} label="Won and lost deals by best score, saved settings" />
            </div>
          </section>
        </>
      )}

      {manage ? <ScoringEditor key={`${period.from}-${period.to}`} saved={saved} savedResult={result} loadedAt={stamp.updatedAt} period={period} /> : null}
    </>
  );
});
