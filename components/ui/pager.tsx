import Link from "next/link";
import { formatCount } from "@/lib/format";

const pageLink = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50";

/**
 * Where a paged list is ("26–50 of 312 accounts") with links to the pages either side; `href`
 * gives a page's link, keeping the list's other parameters. Nothing when the list is empty or the
 * page is past its end (the list says so itself).
 */
export function Pager({ label, page, pageSize, total, noun, href }: { label: string; page: number; pageSize: number; total: number; noun: string; href: (page: number) => string }) {
  if (total === 0 || (page - 1) * pageSize >= total) return null;
  const pages = Math.ceil(total / pageSize);
  const first = (page - 1) * pageSize + 1;
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
      <span>
        {formatCount(first)}–{formatCount(Math.min(total, page * pageSize))} of {formatCount(total)} {noun}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link href={href(page - 1)} className={pageLink}>
            ← Previous
          </Link>
        ) : null}
        <span className="px-1 py-1.5">
          Page {formatCount(page)} of {formatCount(pages)}
        </span>
        {page < pages ? (
          <Link href={href(page + 1)} className={pageLink}>
            Next →
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
