import Link from "next/link";

export interface SubNavPage {
  href: string;
  label: string;
}

/** A layer's pages, one row of links under the page title, with an optional count beside a link. */
export function SubNav({ label, pages, current, badges = {} }: { label: string; pages: readonly SubNavPage[]; current: string; badges?: Partial<Record<string, number>> }) {
  return (
    <nav aria-label={label} className="-mt-3 mb-6 overflow-x-auto border-b border-slate-200">
      <ul className="flex gap-1">
        {pages.map((page) => (
          <li key={page.href}>
            <Link
              href={page.href}
              aria-current={page.href === current ? "page" : undefined}
              className={`-mb-px inline-flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap ${
                page.href === current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"
              }`}
            >
              {page.label}
              {badges[page.href] ? <span className="rounded-full bg-amber-100 px-1.5 text-xs text-amber-900">{badges[page.href]}</span> : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
