/**
 * `npm run bench -- --json FILE`: every figure of a run as one JSON file, so a run can be compared
 * with the last one. A page's figure carries its scale, driver, p50/p95 and the bare scan it is
 * compared with: every row of each table the page reads, read whole inside the database (the size of
 * each row summed, nothing sent back), one table after another on the same database: what reading
 * those rows costs before any work on them. `timesBareScan` is the page's p50 over it.
 */
import fs from "node:fs";
import os from "node:os";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { percentiles, type Timing } from "./bench-timing";

export type BenchDriver = "pglite" | "postgres";

export interface BareScan {
  tables: string[];
  p50: number;
  p95: number;
}

export interface BenchFigure {
  section: string;
  /** The figure's name within its section: a page, a model, a part of the work. */
  figure: string;
  scale: number | null;
  driver: BenchDriver;
  /** What the figure was measured on: rows per table or per kind. */
  rows: Record<string, number>;
  /** Server time in ms for a page; otherwise `value` in `unit`. */
  p50?: number;
  p95?: number;
  /** Signal ingest: the 99th percentile from POST to answer, in ms. */
  p99?: number;
  value?: number;
  unit?: string;
  bareScan?: BareScan | null;
  timesBareScan?: number | null;
  /** The aim the figure is held to, as the issue states it, and whether this run meets it. */
  aim?: string;
  meetsAim?: boolean;
}

/** The tables each page's queries read, for its bare scan. */
export const PAGE_TABLES = {
  velocity: ["opportunities", "opportunity_stage_history"],
  funnel: ["leads", "web_traffic"],
  waterfall: ["opportunity_changes", "opportunities"],
  accounts: ["accounts", "account_rollups", "contacts", "opportunities"],
  attribution: ["opportunities", "touchpoints", "leads", "self_reported_answers"],
  deals: ["opportunities", "opportunity_stage_history", "accounts"],
  winloss: ["opportunities", "opportunity_stage_history", "opportunity_contacts", "contacts", "touchpoints"],
  signals: ["signals", "scores"],
} as const satisfies Record<string, readonly string[]>;

/** p50 and p95 of reading every row of each of `tables` whole, in turn, in ms. */
export async function bareScan(db: Database, tables: readonly string[], runs = 10): Promise<BareScan> {
  const timing = await percentiles(async () => {
    for (const table of tables) await queryRows(db, sql`select sum(pg_column_size(t.*)) from ${sql.identifier(table)} t`);
  }, runs);
  return { tables: [...tables], ...timing };
}

const isTiming = (value: unknown): value is Timing =>
  typeof value === "object" && value !== null && typeof (value as Timing).p50 === "number" && typeof (value as Timing).p95 === "number";

export class BenchReport {
  readonly figures: BenchFigure[] = [];

  /** Every Timing in `timings` (nested objects named by their path) as a page figure. */
  addPages(section: string, scale: number | null, driver: BenchDriver, rows: Record<string, number>, timings: unknown, bare: BareScan | null, aimMs?: number): void {
    const walk = (value: unknown, name: string) => {
      if (isTiming(value)) {
        const times = bare && bare.p50 > 0 ? value.p50 / bare.p50 : null;
        const figure: BenchFigure = { section, figure: name || section, scale, driver, rows, p50: round(value.p50), p95: round(value.p95), bareScan: bare, timesBareScan: times === null ? null : round(times) };
        if (aimMs !== undefined) Object.assign(figure, { aim: `p50 ≤ ${aimMs} ms`, meetsAim: value.p50 <= aimMs });
        this.figures.push(figure);
        return;
      }
      if (typeof value !== "object" || value === null) return;
      for (const [key, inner] of Object.entries(value)) if (key !== "bare") walk(inner, name ? `${name}.${key}` : key);
    };
    walk(timings, "");
  }

  addValue(figure: Omit<BenchFigure, "value"> & { value: number }): void {
    this.figures.push({ ...figure, value: round(figure.value) });
  }

  write(file: string, meta: Record<string, unknown>): void {
    const body = { ...meta, cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}`, ranAt: new Date().toISOString(), figures: this.figures };
    fs.writeFileSync(file, JSON.stringify(body, null, 2) + "\n");
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
