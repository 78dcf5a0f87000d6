/**
 * A fingerprint of the demo data: sha256 over every table in a fixed order. Each table starts with
 * its row count and sorted column names; each row lists its values in that column order, Dates as
 * ISO strings, nested JSON with sorted keys, and "~" for a column the row leaves unset.
 */
import { createHash } from "node:crypto";
import { demoTables, type DemoData } from "./types";

export function demoDataChecksum(data: DemoData): string {
  const hash = createHash("sha256");
  for (const table of demoTables) {
    const rows = data[table] as readonly Record<string, unknown>[];
    const columnSet = new Set<string>();
    for (const row of rows) for (const key in row) columnSet.add(key);
    const columns = [...columnSet].sort();
    hash.update(`#${table}:${rows.length}:${columns.join(",")}\n`);
    for (const row of rows) {
      let line = "";
      for (const column of columns) {
        const value = row[column];
        line += `${value === undefined ? "~" : stableStringify(value)}\t`;
      }
      hash.update(`${line}\n`);
    }
  }
  return hash.digest("hex");
}

/** JSON with object keys sorted and Dates as ISO strings, so equal data always reads the same. */
export function stableStringify(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (typeof value === "object") {
    const keys = Object.keys(value).sort();
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of keys) if (record[key] !== undefined) parts.push(`${JSON.stringify(key)}:${stableStringify(record[key])}`);
    return `{${parts.join(",")}}`;
  }
  return JSON.stringify(value);
}
