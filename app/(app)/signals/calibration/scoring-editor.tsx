"use client";

import { ComparisonTable } from "@/components/ui/comparison-table";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ChangeMark } from "@/components/ui/change-mark";
import { Field, Input } from "@/components/ui/field";
import { fieldErrorsOf } from "@/lib/action-result";
import { formatCount, formatDecimal, formatPoints } from "@/lib/format";
import { defined, undefinedBecause, type Figure } from "@/lib/metrics/figure";
import { percentWeightsProblem, rateChange, type Calibration } from "@/lib/metrics/calibration";
import { scoringSettings, type ScoringSettings } from "@/lib/settings/definitions";
import { useDebounced } from "@/lib/hooks/use-debounced";
import { previewCalibrationAction, saveScoringAction } from "./actions";
import { CalibrationDistribution, RateSample, RateValue, scoreText } from "./calibration-figures";
import { ScrollRegion } from "@/components/ui/scroll-region";

type Draft = Record<"fit" | "intent" | "engagement" | "threshold" | "intentScale" | "engagementScale", string>;

const toDraft = (s: ScoringSettings): Draft => ({
  fit: String(Math.round(s.weights.fit * 1000) / 10),
  intent: String(Math.round(s.weights.intent * 1000) / 10),
  engagement: String(Math.round(s.weights.engagement * 1000) / 10),
  threshold: String(s.calibrationThreshold),
  intentScale: String(s.intentScale),
  engagementScale: String(s.engagementScale),
});

const number = (text: string) => (text.trim() === "" ? NaN : Number(text));
/** Percent to a share, to the thousandth, so 40 % is exactly 0.4. */
const share = (percent: number) => Math.round(percent * 10) / 1000;

function fromDraft(d: Draft) {
  return {
    weights: { fit: share(number(d.fit)), intent: share(number(d.intent)), engagement: share(number(d.engagement)) },
    calibrationThreshold: number(d.threshold),
    intentScale: number(d.intentScale),
    engagementScale: number(d.engagementScale),
  };
}

const medianChange = (candidate: Figure, saved: Figure): Figure =>
  candidate.value === null ? undefinedBecause(candidate.reason) : saved.value === null ? undefinedBecause(saved.reason) : defined(candidate.value - saved.value);
const signed = (value: number) => `${value > 0 ? "+" : "−"}${formatDecimal(Math.abs(value), 1)}`;

/**
 * The weights, threshold and curves, edited with the backtest's answer beside the saved one before
 * anything is saved; Save refuses if someone else saved since this page loaded.
 */
export function ScoringEditor({ saved, savedResult, loadedAt, period }: { saved: ScoringSettings; savedResult: Calibration; loadedAt: number | null; period: { from: string; to: string } }) {
  const router = useRouter();
  const [base, setBase] = useState({ settings: saved, result: savedResult, loadedAt });
  const [draft, setDraft] = useState<Draft>(() => toDraft(saved));
  const [outcome, setOutcome] = useState<{ tone: "error" | "success"; text: string; stale?: boolean } | null>(null);
  const [pending, startTransition] = useTransition();

  const candidate = fromDraft(draft);
  const sum = percentWeightsProblem({ fit: number(draft.fit), intent: number(draft.intent), engagement: number(draft.engagement) });
  const parsed = scoringSettings.safeParse(candidate);
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const weightsError = sum.problem ?? errors["weights.fit"] ?? errors["weights.intent"] ?? errors["weights.engagement"];
  const valid = parsed.success && sum.problem === null;
  const key = valid ? JSON.stringify(parsed.data) : null;
  const debounced = useDebounced(key, 350);
  const changed = valid && key !== JSON.stringify(base.settings);

  const preview = useQuery({
    queryKey: ["calibration-preview", period.from, period.to, debounced],
    queryFn: async () => {
      const out = await previewCalibrationAction({ period, candidate: JSON.parse(debounced!) as ScoringSettings });
      if (!out.ok) throw new Error(out.error);
      return out.data;
    },
    enabled: debounced !== null,
    placeholderData: (previous) => previous,
    retry: false,
  });
  const current = debounced === key && !preview.isPlaceholderData ? preview.data : undefined;

  const set = (field: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setOutcome(null);
    setDraft((d) => ({ ...d, [field]: e.target.value }));
  };

  const save = () =>
    startTransition(async () => {
      if (!parsed.success) return;
      const out = await saveScoringAction({ settings: parsed.data, loadedAt: base.loadedAt });
      if (out.ok) {
        setBase({ settings: parsed.data, result: current ?? base.result, loadedAt: out.data.loadedAt });
        setOutcome({ tone: "success", text: out.message ?? "Saved." });
        router.refresh();
      } else setOutcome({ tone: "error", text: out.error, stale: out.fieldErrors?.form === "stale" });
    });

  const weightField = (field: "fit" | "intent" | "engagement", label: string) => (
    <Field label={`${label} weight (%)`} htmlFor={`weight-${field}`}>
      <Input id={`weight-${field}`} type="number" inputMode="decimal" min={0} max={100} step={1} value={draft[field]} onChange={set(field)} aria-invalid={weightsError ? true : undefined} aria-describedby="weights-sum" />
    </Field>
  );

  return (
    <section aria-labelledby="editor-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id="editor-heading" className="text-base font-semibold text-slate-900">
        Try other weights and a threshold
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Change a value to see what the backtest would have said with it, next to the saved settings, before you save. Saving changes how scores are computed from now on; scores already
        stored (and routing already done) stay as they were.
      </p>

      <form
        className="mt-4 grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)] [&>*]:min-w-0"
        aria-label="Scoring settings"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <div className="space-y-4">
          <fieldset className="space-y-3">
            <legend className="text-sm font-semibold text-slate-800">Readiness weights</legend>
            <div className="grid grid-cols-3 items-end gap-3">
              {weightField("fit", "Fit")}
              {weightField("intent", "Intent")}
              {weightField("engagement", "Engagement")}
            </div>
            <p id="weights-sum" className={`text-sm ${weightsError ? "text-red-700" : "text-slate-600"}`} role={weightsError ? "alert" : undefined}>
              Sum: <strong className="tabular-nums">{Number.isFinite(sum.sum) ? `${formatDecimal(sum.sum, 1)} %` : "—"}</strong>
              {weightsError ? ` · ${weightsError}` : " · adds up to 100 %"}
            </p>
          </fieldset>
          <div className="grid items-start gap-3 sm:grid-cols-3">
            <Field label="Threshold" htmlFor="threshold" error={errors.calibrationThreshold} hint="Scored high at or above">
              <Input id="threshold" type="number" min={1} max={100} step={1} value={draft.threshold} onChange={set("threshold")} aria-invalid={errors.calibrationThreshold ? true : undefined} />
            </Field>
            <Field label="Intent scale" htmlFor="intent-scale" error={errors.intentScale} hint="Points for intent 63">
              <Input id="intent-scale" type="number" min={1} max={1000} step={1} value={draft.intentScale} onChange={set("intentScale")} aria-invalid={errors.intentScale ? true : undefined} />
            </Field>
            <Field label="Engagement scale" htmlFor="engagement-scale" error={errors.engagementScale} hint="Interactions for 63">
              <Input id="engagement-scale" type="number" min={1} max={1000} step={1} value={draft.engagementScale} onChange={set("engagementScale")} aria-invalid={errors.engagementScale ? true : undefined} />
            </Field>
          </div>
          <p className="text-xs text-slate-500">
            The scales shape new scores only: the backtest recomputes stored fit, intent and engagement with the weights, so changing a scale does not move it.
          </p>
          {outcome ? (
            <Alert tone={outcome.tone === "error" ? "error" : "success"}>
              {outcome.text}
              {outcome.stale ? (
                <>
                  {" "}
                  <button type="button" className="font-medium underline" onClick={() => window.location.reload()}>
                    Reload the saved settings
                  </button>
                </>
              ) : null}
            </Alert>
          ) : null}
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={!valid || !changed || pending}>
              {pending ? "Saving…" : "Save scoring settings"}
            </Button>
            <Button variant="secondary" disabled={pending} onClick={() => { setDraft(toDraft(base.settings)); setOutcome(null); }}>
              Back to the saved values
            </Button>
          </div>
        </div>

        <div aria-live="polite" aria-busy={preview.isFetching} data-testid="candidate" data-for={current ? debounced ?? "" : ""}>
          {!valid ? (
            <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-600">Correct the values on the left to see their backtest.</p>
          ) : preview.isError ? (
            <Alert tone="error">{preview.error.message}</Alert>
          ) : (
            <Comparison saved={base.result} candidate={current ?? null} />
          )}
        </div>
      </form>
    </section>
  );
}

function Comparison({ saved, candidate }: { saved: Calibration; candidate: Calibration | null }) {
  const pct = (v: number) => formatPoints(v);
  return (
    <div>
      <ComparisonTable
        caption="The backtest with the saved and with the candidate settings"
        columns={["Saved", "Candidate"]}
        rows={[
          {
            label: "False positive rate",
            first: <RateValue rate={saved.falsePositiveRate} />,
            second: candidate ? <RateValue rate={candidate.falsePositiveRate} testId="candidate-fp" /> : "…",
            change: candidate ? <ChangeMark change={rateChange(candidate.falsePositiveRate, saved.falsePositiveRate)} text={pct} lowerIsBetter /> : null,
          },
          {
            label: "False negative rate",
            first: <RateValue rate={saved.falseNegativeRate} />,
            second: candidate ? <RateValue rate={candidate.falseNegativeRate} testId="candidate-fn" /> : "…",
            change: candidate ? <ChangeMark change={rateChange(candidate.falseNegativeRate, saved.falseNegativeRate)} text={pct} lowerIsBetter /> : null,
          },
          {
            label: "Median best score, won",
            first: scoreText(saved.medianWon),
            second: candidate ? scoreText(candidate.medianWon) : "…",
            change: candidate ? <ChangeMark change={medianChange(candidate.medianWon, saved.medianWon)} text={signed} /> : null,
          },
          {
            label: "Median best score, lost",
            first: scoreText(saved.medianLost),
            second: candidate ? scoreText(candidate.medianLost) : "…",
            change: candidate ? <ChangeMark change={medianChange(candidate.medianLost, saved.medianLost)} text={signed} lowerIsBetter /> : null,
          },
        ]}
      />
      {candidate ? (
        <>
          <p className="mt-2 text-xs text-slate-500" data-testid="candidate-sample">
            Candidate: false positives <RateSample rate={candidate.falsePositiveRate} of="lost deals" />; false negatives <RateSample rate={candidate.falseNegativeRate} of="won deals" />.{" "}
            {formatCount(candidate.wonUnscored + candidate.lostUnscored)} of {formatCount(candidate.won + candidate.lost)} deals had no earlier score and count as 0 whatever the weights.
          </p>
          <h3 className="mt-4 text-sm font-semibold text-slate-800">Won and lost by score, with the candidate settings</h3>
          <CalibrationDistribution result={candidate} label="Won and lost deals by best score, candidate settings" />
          <BucketComparison saved={saved} candidate={candidate} />
        </>
      ) : (
        <p className="mt-3 text-sm text-slate-500">Computing the backtest with these values…</p>
      )}
    </div>
  );
}

function BucketComparison({ saved, candidate }: { saved: Calibration; candidate: Calibration }) {
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-xs text-slate-500 hover:text-slate-700">Compare the distribution bucket by bucket</summary>
      <ScrollRegion label="Won and lost deals per score bucket, saved and candidate settings" className="mt-2">
        <table className="w-full min-w-[22rem] text-xs" data-testid="bucket-comparison">
          <caption className="sr-only">Won and lost deals per score bucket, saved and candidate settings</caption>
          <thead className="text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-3 text-left font-medium">Score</th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">Won, saved</th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">Won, candidate</th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">Lost, saved</th>
              <th scope="col" className="py-1 text-right font-medium">Lost, candidate</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {saved.buckets.map((b, i) => {
              const c = candidate.buckets[i]!;
              const mark = (a: number, z: number) => (z > a ? " ▲" : z < a ? " ▼" : "");
              return (
                <tr key={b.label}>
                  <th scope="row" className="py-1 pr-3 text-left font-normal">{b.label}</th>
                  <td className="py-1 pr-3 text-right tabular-nums">{formatCount(b.won)}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{formatCount(c.won)}{mark(b.won, c.won)}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{formatCount(b.lost)}</td>
                  <td className="py-1 text-right tabular-nums">{formatCount(c.lost)}{mark(b.lost, c.lost)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </details>
  );
}
