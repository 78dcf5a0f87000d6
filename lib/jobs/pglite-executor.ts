/**
 * pg-boss on the embedded database: pg-boss sends its SQL through `executeSql(text, values)` and
 * reads `{ rows }`. Its maintenance and schema commands are several statements in one text, without
 * parameters, which only PGlite's `exec` runs; everything with parameters goes through `query`.
 */
import type { PGlite } from "@electric-sql/pglite";

export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export function pgliteExecutor(client: Pick<PGlite, "query" | "exec">): SqlExecutor {
  return {
    async executeSql(text, values) {
      if (!values || values.length === 0) {
        const results = await client.exec(text);
        // Several statements give several results: the rows are those of the last one that returns any.
        const last = [...results].reverse().find((r) => r.fields.length > 0);
        return { rows: last?.rows ?? [] };
      }
      const result = await client.query(text, values);
      return { rows: result.rows };
    },
  };
}
