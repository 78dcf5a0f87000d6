import type { ReactNode } from "react";

/**
 * A table that is a table from the md breakpoint up and a stack of cards below it (a phone): each
 * row becomes a card whose cells are laid out on a grid, each under a short label. One DOM for both,
 * so the controls, their labels and their tab order are the same at every width.
 *
 * Put `cardTable.table` on the table, `head` on the thead (hidden on phones unless the head holds
 * controls, as sort links do: then `sortHead`), `body` on each tbody, `row` on each tr, `cell` on
 * each th/td, `wide` on a cell that takes the card's whole width, and a <CellLabel> first in each
 * cell that needs naming on a phone.
 */
export const cardTable = {
  table: "w-full text-sm max-md:block",
  head: "max-md:sr-only",
  body: "max-md:block max-md:space-y-3",
  row: "max-md:grid max-md:grid-cols-2 max-md:gap-x-4 max-md:gap-y-2 max-md:rounded-md max-md:border max-md:border-slate-200 max-md:p-3",
  cell: "max-md:block max-md:p-0 max-md:text-left",
  wide: "max-md:col-span-full",
} as const;

/** A cell's column name, shown above its value on a phone only (the column header names it on wider screens). */
export function CellLabel({ children }: { children: ReactNode }) {
  return <span className="mb-0.5 block text-xs font-medium text-slate-500 md:hidden">{children}</span>;
}
