/** The bottleneck banner in words, the same on the funnel page and in the dashboard download. */
import { formatDays, formatPercent } from "@/lib/format";
import { funnelStepLabels, MATURE_SHARE, type BottleneckReading, type Transition } from "@/lib/metrics/funnel";

export interface BottleneckWords {
  /** "Bottleneck: Lead → MQLs …", or why there is none. */
  bottleneck: string;
  /** "Lowest conversion: MQLs → SQLs, 21.4 %.", or why there is none. */
  lowestConversion: string;
  /** What was compared: the basis, and the steps left out. */
  basis: string;
}

export const stepName = (t: Transition) => `${funnelStepLabels[t.from]} → ${funnelStepLabels[t.to]}`;

export function bottleneckWords(reading: BottleneckReading): BottleneckWords {
  const { bottleneck, lowestConversion, basis, leftOut } = reading;
  const share = formatPercent(MATURE_SHARE, {}, 0);

  const lowest = lowestConversion
    ? `Lowest conversion: ${stepName(lowestConversion)}, ${formatPercent(lowestConversion.conversion.value!)}.`
    : "Lowest conversion: none yet, as no step of this cohort has had its time.";

  if (basis === "flow") {
    return {
      bottleneck: bottleneck
        ? `Bottleneck: ${stepName(bottleneck)}, the longest measured dwell: ${formatDays(bottleneck.meanDays.value!)} on average over the moves made in this period.`
        : "Bottleneck: none, as no lead moved between stages in this period.",
      lowestConversion: lowest,
      basis: `Flow mode: days measured on the moves made in the period. Conversion is read from the cohort of leads created in the period, over the steps at least ${share} of it has had the stage's expected days for.`,
    };
  }
  const left = leftOut.map(
    (l) =>
      `${stepName(l.transition)} (${l.maturedShare.value === null ? "nobody reached the stage" : `${formatPercent(l.maturedShare.value, {}, 0)} have had ${l.expectedDays} days in ${funnelStepLabels[l.transition.from]}`})`,
  );
  return {
    bottleneck: bottleneck
      ? `Bottleneck: ${stepName(bottleneck)}, the longest step this cohort has had time to make: ${formatDays(bottleneck.meanDays.value!)} on average${
          bottleneck.conversion.value !== null ? `, and ${formatPercent(bottleneck.conversion.value)} make it` : ""
        }.`
      : "Bottleneck: none yet, as this cohort has not had time to make any step; pick an earlier period, or flow mode.",
    lowestConversion: lowest,
    basis:
      `Cohort mode: only the steps at least ${share} of the cohort has had the stage's expected days for are compared.` +
      (left.length ? ` Left out: ${left.join("; ")}.` : " Every step is compared."),
  };
}
