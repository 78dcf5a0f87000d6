import Link from "next/link";

const pages = [
  { href: "/attribution", label: "Models" },
  { href: "/attribution/dark-social", label: "Dark social" },
  { href: "/attribution/answers", label: "Answers" },
  { href: "/attribution/answers/rules", label: "Answer rules" },
] as const;

export type AttributionPage = (typeof pages)[number]["href"];

/** The attribution layer's pages, one row of links under the page title. */
export function AttributionNav({ current, badges = {} }: { current: AttributionPage; badges?: Partial<Record<AttributionPage, number>> }) {
  return (
    <nav aria-label="Attribution pages" className="-mt-3 mb-6 overflow-x-auto border-b border-slate-200">
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
