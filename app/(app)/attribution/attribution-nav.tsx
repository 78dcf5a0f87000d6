import { SubNav } from "@/components/ui/sub-nav";

const pages = [
  { href: "/attribution", label: "Models" },
  { href: "/attribution/dark-social", label: "Dark social" },
  { href: "/attribution/answers", label: "Answers" },
  { href: "/attribution/answers/rules", label: "Answer rules" },
] as const;

export type AttributionPage = (typeof pages)[number]["href"];

/** The attribution layer's pages, one row of links under the page title. */
export function AttributionNav({ current, badges = {} }: { current: AttributionPage; badges?: Partial<Record<AttributionPage, number>> }) {
  return <SubNav label="Attribution pages" pages={pages} current={current} badges={badges} />;
}
