/**
 * The import section of npm run bench: a generated Salesforce opportunity export taken through
 * upload analysis, dry run, commit and a re-import of the same file, on PGlite and PostgreSQL;
 * and, as the floor to compare with, PostgreSQL's own COPY of the same rows already converted.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { openDatabase, type DatabaseConfig } from "@/db/index";
import { migrateDatabase } from "@/db/migrate";
import { ensureReferenceData } from "@/db/reference";
import { createRandom } from "@/db/seed/random";
import { companyHeads, companyTails } from "@/db/seed/vocabulary";
import { withTemporaryDatabase } from "@/db/temporary-database";
import { rollbackImport } from "@/db/queries/imports";
import { buildVelocityReport, velocityContext } from "@/lib/velocity/report";
import { parseVelocityRequest } from "@/lib/velocity/request";
import { prepareImport } from "@/lib/import/prepare";
import { runImport, type RunOutcome } from "@/lib/import/run";
import { copyUpload } from "@/lib/import/uploads";

const HEADER = "Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Stage,Amount,Close Date,Created Date,Lead Source";
// The default pipeline's ids for these names (lib/domain/pipeline-stages.ts): the import maps them by name.
const STAGES = [
  { name: "Discovery", id: 1, status: "open" },
  { name: "Proposal", id: 3, status: "open" },
  { name: "Negotiation", id: 4, status: "open" },
  { name: "Closed Won", id: 6, status: "won" },
  { name: "Closed Lost", id: 7, status: "lost" },
] as const;
const OWNERS = ["Dana Rep", "Sam Seller", "Priya Closer", "Lee Hunter", "Ana Farmer"];
const SOURCES = ["Web", "Partner", "Event", "Outbound", "Referral", ""];
const DEAL_KINDS = ["Platform, Annual", "Expansion", "Renewal", "Pilot", "Multi-year \"Enterprise\""];
const DAY = 86_400_000;

export interface GeneratedExport {
  rows: number;
  accounts: number;
  csv: string;
  /** The same rows as the opportunities table stores them, as COPY … (format csv) lines. */
  copyLines: string[];
}

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const usDate = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
};

/** A deterministic export of `rows` opportunities over about rows / 20 accounts (same seed, same file). */
export function generateOpportunityExport(rows: number, seed: number): GeneratedExport {
  const rng = createRandom(seed).fork("import-bench");
  const accounts = Math.max(1, Math.round(rows / 20));
  // Some names carry a comma, so quoting is exercised as in real exports.
  const accountName = (k: number) => `${companyHeads[k % companyHeads.length]}${companyTails[Math.floor(k / companyHeads.length) % companyTails.length]} ${k + 1}${k % 7 === 0 ? ", Inc." : ""}`;
  const csv: string[] = [HEADER];
  const copyLines: string[] = [];
  const from = Date.UTC(2024, 5, 1);
  for (let i = 0; i < rows; i++) {
    const stage = STAGES[i % STAGES.length]!;
    const account = accountName(rng.int(0, accounts - 1));
    const externalId = `0065e0000${i.toString(36).toUpperCase().padStart(6, "0")}`;
    const name = `${account} - ${rng.pick(DEAL_KINDS)}`;
    const cents = rng.chance(0.1) ? rng.int(1, 99) : 0;
    const amount = (rng.int(2, 500) * 500 * 100 + cents) / 100;
    const created = from + rng.int(0, 720) * DAY;
    const close = created + rng.int(stage.status === "open" ? 10 : 0, 180) * DAY;
    const source = rng.pick(SOURCES);
    csv.push(
      [
        externalId,
        quote(name),
        quote(account),
        rng.pick(OWNERS),
        stage.name,
        `"$${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}"`,
        usDate(close),
        usDate(created),
        source,
      ].join(","),
    );
    const createdAt = new Date(created).toISOString();
    const closed = stage.status !== "open";
    copyLines.push(
      [
        externalId,
        quote(name),
        amount.toFixed(2),
        stage.id,
        stage.status,
        createdAt,
        createdAt, // every stage of this file counts as qualified: qualified when created
        closed ? "" : new Date(close).toISOString().slice(0, 10),
        closed ? new Date(close).toISOString() : "",
        source, // empty is null in COPY's csv format, as the import stores an empty cell
      ].join(",") + "\n",
    );
  }
  return { rows, accounts, csv: csv.join("\n") + "\n", copyLines };
}

export interface ImportTiming {
  driver: string;
  rows: number;
  analysisMs: number;
  dryRunRate: number;
  commitRate: number;
  reimportDryRunRate: number;
  reimportCommitRate: number;
  /** Seconds from the upload of the file to the first velocity page showing it: analysis, dry run, commit and the page, in turn. */
  uploadToVelocitySeconds: number;
  /** Seconds to roll back the first import (100,000 inserted rows at the default size), after the re-import. */
  rollbackSeconds: number;
  /** PostgreSQL only: COPY of the same rows into a fresh database, rows/s. */
  copyRate: number | null;
}

function expect(outcome: RunOutcome, what: string, status: RunOutcome["status"], counts: Partial<RunOutcome>): void {
  const wrong = Object.entries(counts).filter(([k, v]) => outcome[k as keyof RunOutcome] !== v);
  if (outcome.status === status && wrong.length === 0) return;
  const got = `status ${outcome.status}, created ${outcome.createdRows}, updated ${outcome.updatedRows}, unchanged ${outcome.unchangedRows}, failed ${outcome.failedRows}`;
  const first = outcome.errors[0];
  throw new Error(
    `Import benchmark: the ${what} ended with ${got}; expected status ${status} and ${JSON.stringify(counts)}.` +
      (outcome.message ? ` ${outcome.message}` : "") +
      (first ? ` First error: row ${first.row}, ${first.column}: ${first.problem}.` : ""),
  );
}

const rate = (rows: number, ms: number) => (rows * 1000) / ms;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

/** Upload analysis, dry run and commit of the file, then the same again (every row unchanged). */
export async function timeImport(driver: string, config: DatabaseConfig, file: string, rows: number): Promise<Omit<ImportTiming, "copyRate">> {
  const handle = openDatabase(config);
  try {
    await migrateDatabase(handle);
    await ensureReferenceData(handle.db);
    const jobs: number[] = [];
    const pass = async (count: "createdRows" | "unchangedRows") => {
      // Each pass uploads the file into the database, as the import page does.
      const [id, analysisMs] = await timed(async () => prepareImport(handle.db, { ...(await copyUpload(handle.db, file)), name: path.basename(file) }, { createdBy: null }));
      jobs.push(id);
      const [dry, dryMs] = await timed(() => runImport(handle.db, id, "dry_run"));
      expect(dry, `dry run (${driver})`, "validated", { [count]: rows, failedRows: 0 });
      const [done, commitMs] = await timed(() => runImport(handle.db, id, "commit"));
      expect(done, `commit (${driver})`, "completed", { [count]: rows, failedRows: 0 });
      return { analysisMs, dryRunRate: rate(rows, dryMs), commitRate: rate(rows, commitMs), untilCommittedMs: analysisMs + dryMs + commitMs };
    };
    const first = await pass("createdRows");
    // The page as a user opens it next: this quarter, no filters, nothing stored yet for the new rows.
    const [, velocityMs] = await timed(async () => {
      const today = new Date().toISOString().slice(0, 10);
      const parsed = parseVelocityRequest({}, today);
      if (!parsed.ok) throw new Error(parsed.error);
      await buildVelocityReport(handle.db, parsed.request, { ...(await velocityContext(handle.db)), today });
    });
    const again = await pass("unchangedRows");
    // The re-import changed nothing, so the first import can be rolled back after it.
    const [undone, rollbackMs] = await timed(() => rollbackImport(handle.db, jobs[0]!, null));
    if (undone.deleted < rows) throw new Error(`Import benchmark: the rollback (${driver}) deleted ${undone.deleted} rows, expected at least ${rows}.`);
    return { driver, rows, analysisMs: first.analysisMs, dryRunRate: first.dryRunRate, commitRate: first.commitRate, uploadToVelocitySeconds: (first.untilCommittedMs + velocityMs) / 1000, reimportDryRunRate: again.dryRunRate, reimportCommitRate: again.commitRate, rollbackSeconds: rollbackMs / 1000 };
  } finally {
    await handle.close();
  }
}

/** COPY of the converted rows into the opportunities table of a fresh, migrated database, rows/s. */
async function timeCopy(server: string, data: GeneratedExport): Promise<number> {
  return withTemporaryDatabase(server, "pa_bench_copy", async (url) => {
    const handle = openDatabase({ driver: "postgres", url });
    try {
      await migrateDatabase(handle);
      await ensureReferenceData(handle.db);
    } finally {
      await handle.close();
    }
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      // Lines grouped into chunks of about 64 kB, as a file stream would hand them over.
      const chunks: string[] = [];
      for (let i = 0; i < data.copyLines.length; i += 500) chunks.push(data.copyLines.slice(i, i + 500).join(""));
      const [, ms] = await timed(async () => {
        const target = await sql`copy opportunities (external_id, name, amount, stage_id, status, created_at, qualified_at, expected_close_date, closed_at, source) from stdin with (format csv)`.writable();
        await pipeline(Readable.from(chunks), target);
      });
      const [{ n }] = (await sql`select count(*)::int as n from opportunities`) as unknown as [{ n: number }];
      if (n !== data.rows) throw new Error(`Import benchmark: COPY stored ${n} opportunities, expected ${data.rows}.`);
      return rate(data.rows, ms);
    } finally {
      await sql.end();
    }
  });
}

/** The whole import section: PGlite in memory, then PostgreSQL on `server` when there is one. */
export async function benchImport(rows: number, seed: number, server: string | null, onPglite = true): Promise<{ data: GeneratedExport; timings: ImportTiming[] }> {
  const data = generateOpportunityExport(rows, seed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pa-bench-import-"));
  try {
    const file = path.join(dir, "salesforce-opportunities.csv");
    fs.writeFileSync(file, data.csv);
    const timings: ImportTiming[] = [];
    if (onPglite) timings.push({ ...(await timeImport("PGlite (memory)", { driver: "pglite", inMemory: true }, file, rows)), copyRate: null });
    if (server) {
      const pg = await withTemporaryDatabase(server, "pa_bench_import", (url) => timeImport("PostgreSQL", { driver: "postgres", url }, file, rows));
      timings.push({ ...pg, copyRate: await timeCopy(server, data) });
    }
    return { data, timings };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
