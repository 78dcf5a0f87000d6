/**
 * npm run bench: figures, not pass/fail. For each scale, the rows the demo generator makes per
 * table and the seconds to generate them and to load them into PGlite (on disk) and PostgreSQL
 * (DATABASE_URL's server, or the local one on 127.0.0.1:5432 when it answers).
 * Then the velocity page's server time (p50/p95 of 20 runs) at demo scale and at --page-scales,
 * and the import's throughput on a generated Salesforce export of --import-rows opportunities.
 * Then the accounts page, an account page and a map save at demo scale and at --page-scales.
 * Then /attribution under each model and the dark-social view at demo scale and at --page-scales.
 * Then the /deals list at demo scale and at --page-scales (bench-deals.ts).
 * Then /win-loss, /win-loss/proof, the stall counts and lists and a rep's overview at scales 1 and 10 (bench-win-loss.ts).
 * Then the signal pages at demo scale (bench-signals.ts) and sustained signal ingest through the
 * production server (bench-ingest.ts), and the shared signal rate limit's cost per request (bench-rate-limit.ts).
 * Options: --scales 1,10  --page-scales 100  --pages velocity,funnel,accounts,attribution,deals,winloss,signals,import,ingest,ratelimit  --drivers pglite,postgres
 *          --json FILE (every figure with its scale, driver, p50/p95 and bare scan: bench-report.ts)
 *          --import-rows 100000  --ingest-seconds 30  --ingest-clients 50  --ingest-batch 1,20  --ingest-processes 1,2  --seed N
 * (--scales none or --page-scales none skips that section: `--scales none --pages import` times the import only.)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDatabase, type Database, type DatabaseConfig } from "@/db/index";
import { migrateDatabase } from "@/db/migrate";
import { ensureReferenceData } from "@/db/reference";
import { withTemporaryDatabase } from "@/db/temporary-database";
import { generateDemoData } from "@/db/seed/generate";
import { loadDemoData } from "@/db/seed/load";
import { hashPassword } from "@/lib/auth/password";
import { buildFunnelReport, funnelContext } from "@/lib/funnel/report";
import { parseFunnelRequest } from "@/lib/funnel/request";
import { buildVelocityReport, velocityContext } from "@/lib/velocity/report";
import { parseVelocityRequest } from "@/lib/velocity/request";
import { numberFlag, parseFlags, stringFlag } from "./args";
import { benchImport, type ImportTiming } from "./bench-import";
import { bareScan, BenchReport, PAGE_TABLES, type BareScan, type BenchDriver } from "./bench-report";
import { percentiles, type Timing } from "./bench-timing";
import { dealMovementGroups } from "@/db/queries/pipeline-changes";
import { parseChangesRequest } from "@/lib/forecast/request";
import { pipelineChanges } from "@/lib/metrics/pipeline-changes";
import { accountsOnlyData, printAccountTimings, timeAccountPages, type AccountsTiming } from "./bench-accounts";
import { attributionOnlyData, printAttributionTimings, timeAttributionPages, type AttributionTiming } from "./bench-attribution";
import { benchIngest, printIngest } from "./bench-ingest";
import { printSignalTimings, timeSignalPages, type SignalPagesTiming } from "./bench-signals";
import { benchRateLimit, printRateLimit } from "./bench-rate-limit";
import { printDealTimings, timeDealList, type DealsTiming } from "./bench-deals";
import { printWinLossTimings, timeWinLossPages, type WinLossTiming } from "./bench-win-loss";

const flags = parseFlags(process.argv.slice(2));
const scales = (stringFlag(flags, "scales") ?? "1,10").split(",").map(Number).filter((n) => n > 0);
const pageScales = (stringFlag(flags, "page-scales") ?? "100").split(",").map(Number).filter((n) => n > 0);
const pages = new Set((stringFlag(flags, "pages") ?? "velocity,funnel,accounts,attribution,deals,winloss,signals,import,ingest,ratelimit").split(","));
const importRows = numberFlag(flags, "import-rows", 100_000);
const ingestSeconds = numberFlag(flags, "ingest-seconds", 30);
const ingestClients = numberFlag(flags, "ingest-clients", 50);
/** Signals a request in the ingest section, one run per size: 1 (single signals) and 20 unless told. */
/** Server processes on PostgreSQL in the ingest section (WEB_CONCURRENCY): 1 and 2 unless told. */
const ingestProcesses = (stringFlag(flags, "ingest-processes") ?? "1,2").split(",").map(Number).filter((n) => Number.isInteger(n) && n >= 1 && n <= 64);
const ingestBatches = (stringFlag(flags, "ingest-batch") ?? "1,20").split(",").map(Number).filter((n) => Number.isInteger(n) && n >= 1 && n <= 1000);
const seed = Number(stringFlag(flags, "seed") ?? 20261124);
/** Which drivers the accounts and attribution pages are timed on (both unless told). */
const drivers = new Set((stringFlag(flags, "drivers") ?? "pglite,postgres").split(","));
const asOf = new Date("2026-11-24T00:00:00Z");
/** Where --json writes every figure of the run (bench-report.ts). */
const jsonFile = stringFlag(flags, "json");
const report = new BenchReport();
/** Page aims of issue 23 (server time at scale 100 on PostgreSQL, scale 10 on PGlite). */
const pageAim = (driver: BenchDriver, scale: number) => (driver === "postgres" && scale >= 100 ? 300 : driver === "pglite" && scale <= 10 ? 1000 : undefined);

async function postgresServer(): Promise<string | null> {
  const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const client = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await client`select 1`;
    return url;
  } catch {
    return null;
  } finally {
    await client.end({ timeout: 1 });
  }
}

type DemoData = ReturnType<typeof generateDemoData>;

type PageTiming = Timing;

/** Loads the data and times it; then, when asked, times the whole velocity page's server work. */
async function timeLoad(
  config: DatabaseConfig,
  data: DemoData,
  passwordHash: string,
  timePage = false,
): Promise<{ load: number; page: PageTiming | null; funnel: PageTiming | null; waterfall: PageTiming | null; bare: Partial<Record<"velocity" | "funnel" | "waterfall", BareScan>> }> {
  const handle = openDatabase(config);
  try {
    await migrateDatabase(handle);
    await ensureReferenceData(handle.db);
    const started = performance.now();
    await loadDemoData(handle.db, data, { passwordHash });
    const load = (performance.now() - started) / 1000;
    const page = timePage ? await timeVelocityPage(handle.db) : null;
    const funnel = timePage && data.leads.length > 0 ? await timeFunnelPage(handle.db) : null;
    const waterfall = timePage && data.opportunities.length > 0 ? await timeWaterfall(handle.db) : null;
    const bare: Partial<Record<"velocity" | "funnel" | "waterfall", BareScan>> = {};
    if (page) bare.velocity = await bareScan(handle.db, PAGE_TABLES.velocity);
    if (funnel) bare.funnel = await bareScan(handle.db, PAGE_TABLES.funnel);
    if (waterfall) bare.waterfall = await bareScan(handle.db, PAGE_TABLES.waterfall);
    return { load, page, funnel, waterfall, bare };
  } finally {
    await handle.close();
  }
}

const PAGE_RUNS = 20;

/** p50 and p95 of the server time to compute the funnel page (this quarter, cohort mode), in ms. */
async function timeFunnelPage(db: Database): Promise<PageTiming> {
  const today = asOf.toISOString().slice(0, 10);
  const parsed = parseFunnelRequest({}, today);
  if (!parsed.ok) throw new Error(parsed.error);
  return percentiles(async () => buildFunnelReport(db, parsed.request, { ...(await funnelContext(db)), today }, asOf));
}

/** p50 and p95 of the server time to compute the velocity page (this quarter, no filters), in ms. */
async function timeVelocityPage(db: Database): Promise<PageTiming> {
  const today = asOf.toISOString().slice(0, 10);
  const parsed = parseVelocityRequest({}, today);
  if (!parsed.ok) throw new Error(parsed.error);
  return percentiles(async () => buildVelocityReport(db, parsed.request, { ...(await velocityContext(db)), today }));
}

/** p50 and p95 of the pipeline-changes waterfall (this quarter to date against the quarter), in ms. */
async function timeWaterfall(db: Database): Promise<PageTiming> {
  const today = asOf.toISOString().slice(0, 10);
  const parsed = parseChangesRequest({}, today);
  if (!parsed.ok) throw new Error(parsed.error);
  const { period, window } = parsed.request;
  return percentiles(async () => pipelineChanges(await dealMovementGroups(db, { from: period.from, to: period.to, windowFrom: window.from, windowTo: window.to, timeZone: "UTC" })));
}

/**
 * Funnel-only data at a large scale: the leads (with their lifecycle dates) and daily visitors of
 * `scale / 10` demo companies at scale 10, stacked with shifted ids; links to accounts, contacts
 * and opportunities are dropped (the funnel page does not read them, except segment filters).
 */
function funnelOnlyData(scale: number): DemoData {
  const chunks = Math.max(1, Math.round(scale / 10));
  let out: DemoData | null = null;
  for (let k = 0; k < chunks; k++) {
    const chunk = generateDemoData({ seed: seed + k, asOf, scale: scale / chunks });
    if (!out) {
      out = { ...chunk, accounts: [], contacts: [], opportunities: [], opportunityStageHistory: [], opportunityChanges: [], opportunityContacts: [], leads: [], touchpoints: [], selfReportedAnswers: [], signals: [], scores: [], meetings: [], caseStudies: [], automationActions: [], roleProposals: [] };
      out.webTraffic = chunk.webTraffic.map((d) => ({ ...d, visitors: d.visitors * chunks }));
    }
    const offset = out.leads.length;
    for (const l of chunk.leads) out.leads.push({ ...l, id: l.id + offset, accountId: null, contactId: null, opportunityId: null, ownerId: null });
  }
  return out!;
}

/**
 * Velocity-only data at a large scale: the opportunities and stage history of `scale / 10` demo
 * companies at scale 10, stacked with shifted ids (accounts, leads and the rest are not needed).
 */
function velocityOnlyData(scale: number): DemoData {
  const chunks = Math.max(1, Math.round(scale / 10));
  let out: DemoData | null = null;
  for (let k = 0; k < chunks; k++) {
    const chunk = generateDemoData({ seed: seed + k, asOf, scale: scale / chunks });
    if (!out) {
      out = { ...chunk, accounts: [], contacts: [], opportunityContacts: [], leads: [], touchpoints: [], selfReportedAnswers: [], signals: [], scores: [], meetings: [], caseStudies: [], automationActions: [], roleProposals: [], opportunities: [], opportunityStageHistory: [], opportunityChanges: [] };
    }
    const oppOffset = out.opportunities.length;
    const historyOffset = out.opportunityStageHistory.length;
    for (const o of chunk.opportunities) out.opportunities.push({ ...o, id: o.id + oppOffset, accountId: null as unknown as number });
    const changeOffset = out.opportunityChanges.length;
    for (const h of chunk.opportunityStageHistory) out.opportunityStageHistory.push({ ...h, id: h.id + historyOffset, opportunityId: h.opportunityId + oppOffset });
    for (const c of chunk.opportunityChanges) out.opportunityChanges.push({ ...c, id: c.id + changeOffset, opportunityId: c.opportunityId + oppOffset });
  }
  return out!;
}

async function main() {
  const passwordHash = await hashPassword("pipeline-demo");
  const server = await postgresServer();
  const rows: Record<string, Record<number, number>> = {};
  const timings: { scale: number; generate: number; pglite: number; postgres: number | null; rss: number }[] = [];
  const pageTimings: { scale: number; rows: number; pglite: PageTiming; postgres: PageTiming | null }[] = [];
  const funnelTimings: typeof pageTimings = [];
  const waterfallTimings: typeof pageTimings = [];

  async function onBothDrivers(data: DemoData, hash: string, timePage: boolean) {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pa-bench-")), "pglite");
    const pglite = await timeLoad({ driver: "pglite", dir }, data, hash, timePage);
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    if (!server) return { pglite, postgres: null };
    const pg = await withTemporaryDatabase(server, "pa_bench", (url) => timeLoad({ driver: "postgres", url }, data, hash, timePage));
    return { pglite, postgres: pg };
  }

  /** The velocity, funnel and waterfall figures of a load into the report. */
  function reportLoaded(scale: number, data: DemoData, both: Awaited<ReturnType<typeof onBothDrivers>>) {
    for (const [driver, run] of [["pglite", both.pglite], ["postgres", both.postgres]] as const) {
      if (!run) continue;
      const aim = pageAim(driver, scale);
      // Each data set holds what one page reads: a page timed on another's data has nothing to show.
      if (data.opportunities.length > 0) {
        report.addPages("velocity", scale, driver, { opportunities: data.opportunities.length, opportunity_stage_history: data.opportunityStageHistory.length }, run.page, run.bare.velocity ?? null, aim);
      }
      if (data.leads.length > 0) report.addPages("funnel", scale, driver, { leads: data.leads.length, web_traffic: data.webTraffic.length }, run.funnel, run.bare.funnel ?? null, aim);
      report.addPages("pipeline changes", scale, driver, { opportunity_changes: data.opportunityChanges.length }, run.waterfall, run.bare.waterfall ?? null, aim);
    }
  }

  for (const scale of scales) {
    const started = performance.now();
    const data = generateDemoData({ seed, asOf, scale });
    const generate = (performance.now() - started) / 1000;
    for (const [table, list] of Object.entries(data)) {
      if (Array.isArray(list)) (rows[table] ??= {})[scale] = list.length;
    }

    const timePage = scale === 1;
    const both = await onBothDrivers(data, passwordHash, timePage);
    if (timePage) {
      reportLoaded(scale, data, both);
      pageTimings.push({ scale, rows: data.opportunities.length, pglite: both.pglite.page!, postgres: both.postgres?.page ?? null });
      funnelTimings.push({ scale, rows: data.leads.length, pglite: both.pglite.funnel!, postgres: both.postgres?.funnel ?? null });
      waterfallTimings.push({ scale, rows: data.opportunityChanges.length, pglite: both.pglite.waterfall!, postgres: both.postgres?.waterfall ?? null });
    }
    timings.push({ scale, generate, pglite: both.pglite.load, postgres: both.postgres?.load ?? null, rss: process.memoryUsage().rss / 2 ** 20 });
  }

  for (const scale of pages.has("velocity") ? pageScales : []) {
    const data = velocityOnlyData(scale);
    const both = await onBothDrivers(data, passwordHash, true);
    reportLoaded(scale, data, both);
    pageTimings.push({ scale, rows: data.opportunities.length, pglite: both.pglite.page!, postgres: both.postgres?.page ?? null });
    waterfallTimings.push({ scale, rows: data.opportunityChanges.length, pglite: both.pglite.waterfall!, postgres: both.postgres?.waterfall ?? null });
  }
  for (const scale of pages.has("funnel") ? pageScales : []) {
    const data = funnelOnlyData(scale);
    const both = await onBothDrivers(data, passwordHash, true);
    reportLoaded(scale, data, both);
    funnelTimings.push({ scale, rows: data.leads.length, pglite: both.pglite.funnel!, postgres: both.postgres?.funnel ?? null });
  }

  /** Loads the data into a fresh migrated database on each driver and times `time` on it. */
  async function onFreshDatabases<T>(
    section: keyof typeof PAGE_TABLES,
    scale: number,
    data: DemoData,
    time: (db: Database) => Promise<T>,
  ): Promise<{ pglite: T | null; postgres: T | null }> {
    const rowsRead: Record<string, number> = {};
    for (const table of PAGE_TABLES[section]) {
      const key = table.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof DemoData;
      if (Array.isArray(data[key])) rowsRead[table] = (data[key] as unknown[]).length;
    }
    const measure = async (config: DatabaseConfig): Promise<T> => {
      const handle = openDatabase(config);
      try {
        await migrateDatabase(handle);
        await ensureReferenceData(handle.db);
        await loadDemoData(handle.db, data, { passwordHash });
        const timing = await time(handle.db);
        const driver: BenchDriver = config.driver === "pglite" ? "pglite" : "postgres";
        report.addPages(section, scale, driver, rowsRead, timing, await bareScan(handle.db, PAGE_TABLES[section]), pageAim(driver, scale));
        return timing;
      } finally {
        await handle.close();
      }
    };
    let pglite: T | null = null;
    if (drivers.has("pglite")) {
      const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pa-bench-")), "pglite");
      pglite = await measure({ driver: "pglite", dir });
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
    const postgres = server && drivers.has("postgres") ? await withTemporaryDatabase(server, "pa_bench", (url) => measure({ driver: "postgres", url })) : null;
    return { pglite, postgres };
  }

  const accountTimings: Parameters<typeof printAccountTimings>[0] = [];
  for (const scale of pages.has("accounts") ? [1, ...pageScales] : []) {
    const data = accountsOnlyData(scale, seed, asOf);
    const { pglite, postgres } = await onFreshDatabases<AccountsTiming>("accounts", scale, data, (db) => timeAccountPages(db, asOf));
    accountTimings.push({ scale, accounts: data.accounts.length, contacts: data.contacts.length, pglite, postgres });
  }

  const attributionTimings: Parameters<typeof printAttributionTimings>[0] = [];
  for (const scale of pages.has("attribution") ? [1, ...pageScales] : []) {
    const data = attributionOnlyData(scale, seed, asOf);
    const runs = scale > 10 ? 10 : PAGE_RUNS;
    const { pglite, postgres } = await onFreshDatabases<AttributionTiming>("attribution", scale, data, (db) => timeAttributionPages(db, asOf, runs));
    attributionTimings.push({ scale, runs, deals: data.opportunities.length, touchpoints: data.touchpoints.length, leads: data.leads.length, pglite, postgres });
    printAttributionTimings(attributionTimings.slice(-1));
  }

  const dealTimings: Parameters<typeof printDealTimings>[0] = [];
  for (const scale of pages.has("deals") ? [1, ...pageScales] : []) {
    const data = scale === 1 ? generateDemoData({ seed, asOf, scale }) : velocityOnlyData(scale);
    const { pglite, postgres } = await onFreshDatabases<DealsTiming>("deals", scale, data, (db) => timeDealList(db, asOf, scale > 10 ? 10 : PAGE_RUNS));
    dealTimings.push({ scale, deals: data.opportunities.length, pglite, postgres });
  }

  const winLossTimings: Parameters<typeof printWinLossTimings>[0] = [];
  // Every table the rules read (maps, touches, changes, stories), so the demo generator whole: at 1 and 10.
  for (const scale of pages.has("winloss") ? [1, 10] : []) {
    const data = generateDemoData({ seed, asOf, scale });
    const { pglite, postgres } = await onFreshDatabases<WinLossTiming>("winloss", scale, data, (db) => timeWinLossPages(db, asOf, PAGE_RUNS));
    const open = data.opportunities.filter((o) => o.status === "open").length;
    winLossTimings.push({ scale, deals: data.opportunities.length, open, stories: data.caseStudies.length, pglite, postgres });
    printWinLossTimings(winLossTimings.slice(-1));
  }

  const signalTimings: Parameters<typeof printSignalTimings>[0] = [];
  if (pages.has("signals")) {
    const data = generateDemoData({ seed, asOf, scale: 1 });
    const { pglite, postgres } = await onFreshDatabases<SignalPagesTiming>("signals", 1, data, (db) => timeSignalPages(db, asOf, PAGE_RUNS));
    signalTimings.push({ signals: data.signals.length, scores: data.scores.length, pglite, postgres });
  }

  const importResult = pages.has("import") ? await benchImport(importRows, seed, drivers.has("postgres") ? server : null, drivers.has("pglite")) : null;
  const ingestRuns = pages.has("ingest") ? await benchIngest({ seconds: ingestSeconds, clients: ingestClients, batches: ingestBatches, processes: ingestProcesses, seed, server, drivers }) : [];
  const rateLimitTimings = pages.has("ratelimit") ? await benchRateLimit({ server, drivers, clients: ingestClients }) : [];
  for (const t of importResult?.timings ?? []) {
    const driver: BenchDriver = t.copyRate === null ? "pglite" : "postgres";
    const rowsRead = { opportunities: t.rows };
    const rate = (figure: string, value: number, aim?: number) =>
      report.addValue({ section: "import", figure, scale: null, driver, rows: rowsRead, value, unit: "rows/s", ...(aim !== undefined && driver === "postgres" ? { aim: `≥ ${aim} rows/s`, meetsAim: value >= aim } : {}) });
    rate("dry run", t.dryRunRate);
    rate("commit", t.commitRate, 30_000);
    rate("re-import dry run", t.reimportDryRunRate);
    rate("re-import commit", t.reimportCommitRate, 60_000);
    if (t.copyRate !== null) rate("COPY", t.copyRate);
    report.addValue({
      section: "import",
      figure: "upload to the velocity page",
      scale: null,
      driver,
      rows: rowsRead,
      value: t.uploadToVelocitySeconds,
      unit: "s",
      aim: driver === "postgres" ? "≤ 30 s" : "≤ 60 s",
      meetsAim: t.uploadToVelocitySeconds <= (driver === "postgres" ? 30 : 60),
    });
    report.addValue({ section: "import", figure: "rollback", scale: null, driver, rows: rowsRead, value: t.rollbackSeconds, unit: "s", aim: "≤ 10 s", meetsAim: t.rollbackSeconds <= 10 });
  }
  for (const run of ingestRuns) {
    const rows = { clients: run.clients, processes: run.processes, batch: run.batch, answered: run.answered };
    const figure = `${run.processes} process${run.processes === 1 ? "" : "es"}, ${run.batch === 1 ? "single signals" : `batches of ${run.batch}`}`;
    const meets = run.perSecond >= 1000 && run.p99 <= 100;
    report.addValue({ section: "ingest", figure, scale: null, driver: run.driver, rows, value: run.perSecond, unit: "signals/s", p50: run.p50, p99: run.p99, aim: "≥ 1,000 signals/s with p99 ≤ 100 ms", meetsAim: meets });
  }

  console.log(`\nSeed ${seed}, as of ${asOf.toISOString().slice(0, 10)} (${os.cpus().length} cores, Node ${process.version})`);
  if (scales.length) {
    console.log(`\nDemo data\n`);
    console.log(`| table | ${scales.map((s) => `scale ${s}`).join(" | ")} |`);
    console.log(`|---|${scales.map(() => "---:").join("|")}|`);
    for (const [table, byScale] of Object.entries(rows)) {
      console.log(`| ${table} | ${scales.map((s) => (byScale[s] ?? 0).toLocaleString("en-US")).join(" | ")} |`);
    }
    const total = (s: number) => Object.values(rows).reduce((sum, byScale) => sum + (byScale[s] ?? 0), 0);
    console.log(`| **all rows** | ${scales.map((s) => total(s).toLocaleString("en-US")).join(" | ")} |`);
    console.log(`\n| scale | generate (s) | load PGlite (s) | load PostgreSQL (s) | rows/s PGlite | RSS after (MiB) |`);
    console.log(`|---:|---:|---:|---:|---:|---:|`);
    for (const t of timings) {
      console.log(
        `| ${t.scale} | ${t.generate.toFixed(1)} | ${t.pglite.toFixed(1)} | ${t.postgres === null ? "no server" : t.postgres.toFixed(1)} | ${Math.round(total(t.scale) / t.pglite).toLocaleString("en-US")} | ${Math.round(t.rss)} |`,
      );
    }
  }
  const ms = (t: PageTiming | null) => (t === null ? "no server | no server" : `${t.p50.toFixed(0)} | ${t.p95.toFixed(0)}`);
  if (pageTimings.length) {
    console.log(`\nVelocity page: server time to compute every figure (this quarter, no filters), ${PAGE_RUNS} runs after 2 warm-ups, in ms.`);
    console.log("Scale 1 is the full demo data; larger scales load only what each page reads (opportunities and stage history; leads and visitors).\n");
    console.log(`| scale | opportunities | PGlite p50 | PGlite p95 | PostgreSQL p50 | PostgreSQL p95 |`);
    console.log(`|---:|---:|---:|---:|---:|---:|`);
    for (const p of pageTimings) console.log(`| ${p.scale} | ${p.rows.toLocaleString("en-US")} | ${ms(p.pglite)} | ${ms(p.postgres)} |`);
  }
  if (funnelTimings.length) {
    console.log(`\nFunnel page: server time (this quarter, cohort mode, SLA compliance, 12-month trend), ${PAGE_RUNS} runs, in ms.\n`);
    console.log(`| scale | leads | PGlite p50 | PGlite p95 | PostgreSQL p50 | PostgreSQL p95 |`);
    console.log(`|---:|---:|---:|---:|---:|---:|`);
    for (const p of funnelTimings) console.log(`| ${p.scale} | ${p.rows.toLocaleString("en-US")} | ${ms(p.pglite)} | ${ms(p.postgres)} |`);
  }
  if (waterfallTimings.length) {
    console.log(`\nPipeline changes: the waterfall's server time (this quarter to date against the quarter), ${PAGE_RUNS} runs, in ms.\n`);
    console.log(`| scale | deal changes | PGlite p50 | PGlite p95 | PostgreSQL p50 | PostgreSQL p95 |`);
    console.log(`|---:|---:|---:|---:|---:|---:|`);
    for (const p of waterfallTimings) console.log(`| ${p.scale} | ${p.rows.toLocaleString("en-US")} | ${ms(p.pglite)} | ${ms(p.postgres)} |`);
  }
  if (accountTimings.length) printAccountTimings(accountTimings);
  if (attributionTimings.length) printAttributionTimings(attributionTimings);
  if (dealTimings.length) printDealTimings(dealTimings);
  if (winLossTimings.length) printWinLossTimings(winLossTimings);
  if (importResult) printImport(importResult.timings, importResult.data.accounts);
  if (signalTimings.length) printSignalTimings(signalTimings);
  printIngest(ingestRuns);
  printRateLimit(rateLimitTimings);
  if (jsonFile) {
    report.write(jsonFile, { seed, asOf: asOf.toISOString().slice(0, 10), scales, pageScales, importRows });
    console.log(`\n${report.figures.length} figures written to ${jsonFile}.`);
  }
}

function printImport(timings: ImportTiming[], accounts: number) {
  const perSecond = (n: number | null) => (n === null ? "n/a" : Math.round(n).toLocaleString("en-US"));
  const rowsCount = timings[0]?.rows ?? 0;
  console.log(`\nImport throughput: a generated Salesforce opportunity export, ${rowsCount.toLocaleString("en-US")} rows over ${accounts.toLocaleString("en-US")} account names,`);
  console.log("into an empty migrated database: upload analysis, dry run, commit (creates the accounts, opportunities and stage history),");
  console.log("then the same file again (every row unchanged). COPY: PostgreSQL's own COPY of the same rows, already converted, into");
  console.log("the opportunities table of another fresh database, the floor to compare the commit with. Rollback: the first import undone after the");
  console.log("re-import. Upload to velocity: analysis, dry run, commit and the first velocity page after it, in turn. Aims: commit ≥ 30,000 rows/s and");
  console.log("re-import ≥ 60,000 rows/s on PostgreSQL; rollback ≤ 10 s; upload to velocity ≤ 30 s on PostgreSQL, ≤ 60 s on PGlite.\n");
  console.log(`| driver | rows | analysis (ms) | dry run rows/s | commit rows/s | re-import dry run rows/s | re-import commit rows/s | rollback (s) | upload to velocity (s) | COPY rows/s |`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
  for (const t of timings) {
    console.log(
      `| ${t.driver} | ${t.rows.toLocaleString("en-US")} | ${Math.round(t.analysisMs).toLocaleString("en-US")} | ${perSecond(t.dryRunRate)} | ${perSecond(t.commitRate)} | ${perSecond(t.reimportDryRunRate)} | ${perSecond(t.reimportCommitRate)} | ${t.rollbackSeconds.toFixed(1)} | ${t.uploadToVelocitySeconds.toFixed(1)} | ${perSecond(t.copyRate)} |`,
    );
  }
  const pg = timings.find((t) => t.copyRate !== null);
  if (!pg) console.log("\nNo PostgreSQL server answered (DATABASE_URL, or 127.0.0.1:5432): PGlite only.");
  else console.log(`\nPostgreSQL commit: ${perSecond(pg.commitRate)} rows/s, ${pg.commitRate >= 30_000 ? "meets" : "below"} the aim of 30,000; ${Math.round((100 * pg.commitRate) / pg.copyRate!)} % of COPY's rate.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
