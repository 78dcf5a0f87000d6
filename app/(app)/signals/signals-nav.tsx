import { SubNav } from "@/components/ui/sub-nav";

const pages = [
  { href: "/signals", label: "Queue and Layer 3" },
  { href: "/signals/calibration", label: "Scoring and calibration" },
  { href: "/signals/taxonomy", label: "Signal taxonomy" },
  { href: "/signals/router", label: "Router: before and after" },
] as const;

export type SignalsPage = (typeof pages)[number]["href"];

/** The signal layer's pages, one row of links under the page title. */
export function SignalsNav({ current, badges = {} }: { current: SignalsPage; badges?: Partial<Record<SignalsPage, number>> }) {
  return <SubNav label="Signal pages" pages={pages} current={current} badges={badges} />;
}
