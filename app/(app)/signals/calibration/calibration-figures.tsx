import { WonLostChart } from "@/components/charts/won-lost-chart";
import { formatCount, formatDecimal, formatPercent } from "@/lib/format";
import type { Figure } from "@/lib/metrics/figure";
import { bucketLabel, thresholdBucket, type Calibration, type CalibrationRate } from "@/lib/metrics/calibration";

export function RateValue({ rate, testId }: { rate: CalibrationRate; testId?: string }) {
  return (
    <span data-testid={testId} title={rate.rate.value === null ? rate.rate.reason : undefined}>
      {rate.rate.value === null ? "—" : formatPercent(rate.rate.value)}
      {rate.rate.value === null ? <span className="sr-only"> ({rate.rate.reason})</span> : null}
    </span>
  );
}

/** "2 of 5 lost deals · 95 % CI 12–77 % · small sample", or the reason the rate is undefined. */
export function RateSample({ rate, of }: { rate: CalibrationRate; of: string }) {
  if (rate.rate.value === null) return <>{rate.rate.reason}</>;
  return (
    <>
      {formatCount(rate.hits)} of {formatCount(rate.n)} {of}
      {rate.interval ? ` · 95 % CI ${formatPercent(rate.interval.low, {}, 0)}–${formatPercent(rate.interval.high, {}, 0)}` : ""}
      {rate.smallSample ? " · small sample" : ""}
    </>
  );
}

export function scoreText(figure: Figure): string {
  return figure.value === null ? "—" : formatDecimal(figure.value, 1);
}

/** The four headline figures of one backtest. */
export function CalibrationCards({ result, prefix }: { result: Calibration; prefix: string }) {
  const card = "rounded-lg border border-slate-200 bg-white p-4 shadow-sm";
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <div className={card}>
        <p className="text-sm text-slate-600">False positive rate</p>
        <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">
          <RateValue rate={result.falsePositiveRate} testId={`${prefix}-fp`} />
        </p>
        <p className="text-xs text-slate-500">
          Lost deals that scored ≥ {result.threshold}: <RateSample rate={result.falsePositiveRate} of="lost deals" />
        </p>
      </div>
      <div className={card}>
        <p className="text-sm text-slate-600">False negative rate</p>
        <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">
          <RateValue rate={result.falseNegativeRate} testId={`${prefix}-fn`} />
        </p>
        <p className="text-xs text-slate-500">
          Won deals that scored below {result.threshold}: <RateSample rate={result.falseNegativeRate} of="won deals" />
        </p>
      </div>
      <div className={card}>
        <p className="text-sm text-slate-600">Median best score</p>
        <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">
          <span className="text-emerald-700" title={result.medianWon.reason}>{scoreText(result.medianWon)}</span>
          <span className="mx-1 text-base font-normal text-slate-500">won ·</span>
          <span className="text-slate-600" title={result.medianLost.reason}>{scoreText(result.medianLost)}</span>
          <span className="ml-1 text-base font-normal text-slate-500">lost</span>
        </p>
        <p className="text-xs text-slate-500">A score that tells the two apart puts won deals well above lost ones.</p>
      </div>
      <div className={card}>
        <p className="text-sm text-slate-600">Deals in the backtest</p>
        <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums" data-testid={`${prefix}-sample`}>
          {formatCount(result.won + result.lost)}
        </p>
        <p className="text-xs text-slate-500">
          {formatCount(result.won)} won, {formatCount(result.lost)} lost.{" "}
          <span data-testid={`${prefix}-unscored`}>
            {formatCount(result.wonUnscored + result.lostUnscored)} had no score before they were created ({formatCount(result.wonUnscored)} won, {formatCount(result.lostUnscored)} lost) and count as 0.
          </span>
        </p>
      </div>
    </div>
  );
}

/** Won vs lost deals per ten-point bucket of their best score, with the threshold marked. */
export function CalibrationDistribution({ result, label }: { result: Calibration; label: string }) {
  return (
    <WonLostChart
      label={label}
      data={result.buckets.map((b) => ({ label: b.label, won: b.won, lost: b.lost }))}
      markerAt={bucketLabel(thresholdBucket(result.threshold))}
      markerLabel={`Threshold ${result.threshold}`}
    />
  );
}
