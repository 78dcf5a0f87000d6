import Link from "next/link";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { formatCount, formatDashboardMoney, formatPercent } from "@/lib/format";
import type { Rate } from "@/lib/metrics/abm";
import { SMALL_SAMPLE } from "@/lib/metrics/statistics";

/** A count or money figure that opens the deals behind it. */
export function DealsFigure({ href, label, children, testId }: { href: string; label: string; children: React.ReactNode; testId?: string }) {
  return (
    <Link href={href} className="text-brand-700 underline hover:text-brand-800" aria-label={label} data-testid={testId}>
      {children}
    </Link>
  );
}

export const dealsCount = (n: number) => `${formatCount(n)} ${n === 1 ? "deal" : "deals"}`;

export const money = (amount: string, currency: string) => formatDashboardMoney(amount, { currency });

/** A share or win rate with its 95 % interval and n; a sample under 30 is "too small to judge". */
export function RateFigure({ rate, noun = "closed deals", judge = false }: { rate: Rate; noun?: string; judge?: boolean }) {
  if (rate.rate === null) return <span title={`no ${noun} in this period`}>—</span>;
  return (
    <span className="tabular-nums">
      {formatPercent(rate.rate)}
      <span className="block text-xs text-slate-500">
        {rate.interval ? `${formatPercent(rate.interval.low, {}, 0)}–${formatPercent(rate.interval.high, {}, 0)}` : ""} · n = {formatCount(rate.n)}
      </span>
      {judge && rate.smallSample ? (
        <span className="block text-xs font-medium text-amber-800" title={`Fewer than ${SMALL_SAMPLE} closed deals: the interval is too wide to compare this group with others.`} data-testid="too-small">
          <span aria-hidden="true">⚠ </span>too small to judge
        </span>
      ) : null}
    </span>
  );
}

/** A table's column headings: the first names the rows, the others are figures, right-aligned. */
export function ColumnHeads({ columns, textColumns = false }: { columns: React.ReactNode[]; textColumns?: boolean }) {
  return (
    <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-500 uppercase max-md:sr-only">
      <tr>
        {columns.map((c, i) => (
          <th key={i} scope="col" className={`py-2 pr-3 font-medium whitespace-nowrap ${i === 0 || textColumns ? "" : "text-right"}`}>
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** One section of the page: a heading, what it shows, and its figures. */
export function WinLossSection({ id, title, description, aside, className = "mt-6", children }: { id: string; title: string; description: React.ReactNode; aside?: React.ReactNode; className?: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className={`rounded-lg border border-slate-200 bg-white p-5 shadow-sm ${className}`}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id={`${id}-heading`} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{description}</p>
        </div>
        {aside}
      </div>
      {children}
    </section>
  );
}

/**
 * On a phone, a section's table is a stack of cards: each row a card, its heading across the top and
 * each figure under its column's name (the cell's `data-label`), so nothing scrolls sideways. One DOM
 * for both, as components/ui/card-table.tsx does for the lists.
 */
const phoneCards = [
  "max-md:block max-md:[&_tbody]:block max-md:[&_tbody]:space-y-3 max-md:[&_tbody]:divide-y-0",
  "max-md:[&_tr]:grid max-md:[&_tr]:grid-cols-2 max-md:[&_tr]:gap-x-4 max-md:[&_tr]:gap-y-2 max-md:[&_tr]:rounded-md max-md:[&_tr]:border max-md:[&_tr]:border-slate-200 max-md:[&_tr]:p-3",
  "max-md:[&_th]:col-span-full max-md:[&_th]:p-0 max-md:[&_td]:block max-md:[&_td]:p-0 max-md:[&_td]:text-left",
  "max-md:[&_td]:before:block max-md:[&_td]:before:text-xs max-md:[&_td]:before:font-medium max-md:[&_td]:before:text-slate-500 max-md:[&_td]:before:content-[attr(data-label)]",
].join(" ");

/**
 * A section's table: on a wider screen a table (scrolling inside its box when narrower than
 * `minWidth`, given as an md: class), on a phone a stack of cards; its caption read by screen readers.
 */
export function FiguresTable({
  caption,
  columns,
  minWidth,
  testId,
  textColumns = false,
  children,
}: {
  caption: string;
  columns: React.ReactNode[];
  minWidth: string;
  testId: string;
  /** Every column holds text (a log, a list of proposals), so every heading sits left. */
  textColumns?: boolean;
  children: React.ReactNode;
}) {
  return (
    <ScrollRegion label={caption} className="mt-3">
      <table className={`w-full ${minWidth} text-left text-sm ${phoneCards}`} data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <ColumnHeads columns={columns} textColumns={textColumns} />
        <tbody className="divide-y divide-slate-100 tabular-nums">{children}</tbody>
      </table>
    </ScrollRegion>
  );
}
