import { SMALL_SAMPLE, smallSampleNote } from "@/lib/metrics/statistics";

/**
 * Beside a figure that rests on a sample: its size when it is under 30 (docs/metrics.md §6), so a
 * week's velocity on 2 won deals is not read like a quarter's on 200. Nothing for larger samples.
 */
export function SmallSample({ n, one, many, className = "", testId = "small-sample" }: { n: number; one: string; many?: string; className?: string; testId?: string }) {
  const note = smallSampleNote(n, one, many);
  if (note === null) return null;
  return (
    <span
      className={`inline-flex items-center gap-1 text-xs font-medium text-amber-800 ${className}`}
      title={`Fewer than ${SMALL_SAMPLE}: a small sample, so this figure can move a lot by chance.`}
      data-testid={testId}
    >
      <span aria-hidden="true">⚠</span> {note}
      <span className="sr-only"> (small sample, fewer than {SMALL_SAMPLE})</span>
    </span>
  );
}
