import Link from "next/link";
import { velocityDealsHref, type DealFigure, type DealGroup } from "@/lib/deals/drill-down";
import { formatCount } from "@/lib/format";
import type { VelocityRequest } from "@/lib/velocity/request";

/** "Open the 45 closed deals →": the /deals list behind a figure, same period and filters. */
export function DealsLink({ request, figure, group, n, noun, label, testId }: { request: VelocityRequest; figure: DealFigure; group?: DealGroup; n: number; noun: string; label: string; testId: string }) {
  return (
    <Link href={velocityDealsHref(request, figure, group)} className="mt-1 inline-block text-xs font-medium text-brand-700 underline hover:text-brand-800" data-testid={testId}>
      Open the {formatCount(n)} {noun} {n === 1 ? "deal" : "deals"}
      <span className="sr-only"> behind {label}</span> →
    </Link>
  );
}
