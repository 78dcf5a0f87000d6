import type { ReactNode } from "react";

/**
 * A table that may be wider than the screen scrolls sideways inside this box, not the page. The
 * box is a named region in the tab order, so a keyboard user can reach it and scroll it with the
 * arrow keys (WCAG 2.1.1).
 */
export function ScrollRegion({ label, className = "", children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={`relative overflow-x-auto ${className}`.trim()}>
      {children}
    </div>
  );
}
