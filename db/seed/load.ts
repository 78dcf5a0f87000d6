/**
 * Loads generated demo data into a database: every table in foreign-key order, in one transaction,
 * in batches small enough for PostgreSQL's bind-parameter limit. Then moves each identity sequence
 * past the explicit ids, so rows the app inserts later get fresh ids.
 */
import { getTableColumns, getTableName, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Database } from "@/db/index";
import {
  accounts,
  automationActions,
  caseStudies,
  roleProposals,
  contacts,
  leads,
  meetings,
  opportunities,
  opportunityContacts,
  opportunityStageHistory,
  opportunityChanges,
  quotas,
  scores,
  selfReportedAnswers,
  settings,
  signals,
  targets,
  touchpoints,
  users,
  webTraffic,
} from "@/db/schema";
import { demoTables, type DemoData, type DemoTable } from "./types";

export type { Database };

/** PostgreSQL allows 65,535 bind parameters per statement; stay well under it. */
const MAX_PARAMETERS = 60_000;

const tableOf: Record<DemoTable, PgTable> = {
  users,
  accounts,
  contacts,
  opportunities,
  opportunityStageHistory,
  opportunityChanges,
  opportunityContacts,
  webTraffic,
  leads,
  touchpoints,
  selfReportedAnswers,
  signals,
  scores,
  meetings,
  quotas,
  targets,
  caseStudies,
  automationActions,
  roleProposals,
  settings,
};

/** Tables whose primary key is an identity `id` (the others are keyed by day or by a pair). */
const withIdentity = demoTables.filter((t) => t !== "webTraffic" && t !== "opportunityContacts" && t !== "settings");

export interface LoadOptions {
  /** Every demo user gets this password hash (of `demoPassword`). */
  passwordHash: string;
  /** Called after each batch with the table and the rows loaded into it so far. */
  onProgress?: (table: string, rows: number) => void;
}

export async function loadDemoData(db: Database, data: DemoData, options: LoadOptions): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    for (const name of demoTables) {
      const table = tableOf[name];
      const rows: readonly object[] =
        name === "users"
          ? data.users.map((user) => ({ ...user, passwordHash: options.passwordHash }))
          : name === "opportunities"
            ? // The demo CRM's reasons are the taxonomies' own labels: each is its raw text and maps to itself.
              data.opportunities.map((o) => ({ ...o, winReasonRaw: o.winReason, lossReasonRaw: o.lossReason, competitorRaw: o.competitor }))
            : data[name];
      const batchSize = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(getTableColumns(table)).length));
      for (let start = 0; start < rows.length; start += batchSize) {
        // The rows are typed per table in DemoData; the loop only knows them as some table's rows.
        await tx.insert(table).values(rows.slice(start, start + batchSize) as never);
        options.onProgress?.(name, Math.min(rows.length, start + batchSize));
      }
      counts[name] = rows.length;
    }
    for (const name of withIdentity) {
      const tableName = getTableName(tableOf[name]);
      await tx.execute(
        sql`select setval(pg_get_serial_sequence(${tableName}, 'id'), coalesce((select max(id) from ${sql.identifier(tableName)}), 1))`,
      );
    }
  });
  // Fresh statistics for the planner, and a visibility map so counts can read indexes alone, right
  // away rather than whenever autovacuum gets to it (PGlite has none).
  await db.execute(sql`vacuum analyze`);
  return counts;
}
