import type { SubNavPage } from "@/components/ui/sub-nav";

/** The win/loss layer's pages. */
export const winLossPages: readonly SubNavPage[] = [
  { href: "/win-loss", label: "Why we win and lose" },
  { href: "/win-loss/proof", label: "Customer proof" },
];
