/** The error report of an import as CSV: row number, column, value and problem, safe to open in a spreadsheet. */
import { CSV_BOM, exportCsvRow } from "@/lib/export/csv";
import type { RowError } from "./rows";

export function errorReportCsv(errors: readonly RowError[]): string {
  return CSV_BOM + exportCsvRow(["Row", "Column", "Value", "Problem"]) + errors.map((e) => exportCsvRow([e.row, e.column, e.value, e.problem])).join("");
}
