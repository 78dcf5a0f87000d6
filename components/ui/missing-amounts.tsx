import { missingAmountsNote } from "@/lib/format";
import type { AmountCount } from "@/lib/metrics/amounts";

/**
 * Under a money figure: how many of its deals have no amount and so are left out of it
 * ("3 of 91 open deals have no amount"); nothing when every deal has one.
 */
export function MissingAmounts({
  count,
  kind,
  after,
  className = "mt-1 text-xs text-amber-800",
  testId,
}: {
  count: AmountCount;
  kind?: string;
  after?: string;
  className?: string;
  testId?: string;
}) {
  const note = missingAmountsNote(count, { kind, after });
  if (note === null) return null;
  return (
    <p className={className} data-testid={testId}>
      {note}.
    </p>
  );
}
