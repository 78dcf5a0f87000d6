import { defaultStallSettings } from "@/lib/win-loss/stalls";
/**
 * npm run bench, /deals: the server time of the deal list — its totals and first page of 50 — opened
 * on every deal (newest first), and as the drill-down from last quarter's win rate (closed deals,
 * by amount), the list's heaviest filters (stalled, single-threaded) included; and of /deals/changes,
 * last quarter's waterfall with the deals behind its Pushed out bar.
 */
import type { Database } from "@/db/index";
import { dealTotals, listDeals, type DealContext } from "@/db/queries/deals";
import { dealMovementGroups, dealsBehindMove } from "@/db/queries/pipeline-changes";
import { parseChangesRequest } from "@/lib/forecast/request";
import { DEALS_PER_PAGE, parseDealsRequest } from "@/lib/deals/request";
import { percentiles, type Timing } from "./bench-timing";

export interface DealsTiming {
  all: Timing;
  closed: Timing;
  flagged: Timing;
  waterfall: Timing;
}

async function timeList(db: Database, params: Record<string, string>, context: DealContext, runs: number): Promise<Timing> {
  const parsed = parseDealsRequest(params, context.today);
  if (!parsed.ok) throw new Error(parsed.error);
  const { filters, sort, descending } = parsed.request;
  return percentiles(() => Promise.all([dealTotals(db, filters, context), listDeals(db, { filters, sort, descending, limit: DEALS_PER_PAGE, offset: 0 }, context)]), runs);
}

/** /deals/changes as the page reads it: last quarter's moves, and the first page of its pushed-out deals. */
async function timeWaterfall(db: Database, context: DealContext, runs: number): Promise<Timing> {
  const parsed = parseChangesRequest({ period: "last_quarter", move: "pushed_out" }, context.today);
  if (!parsed.ok) throw new Error(parsed.error);
  const { request } = parsed;
  const scope = { from: request.period.from, to: request.period.to, windowFrom: request.window.from, windowTo: request.window.to, timeZone: context.timeZone };
  return percentiles(() => Promise.all([dealMovementGroups(db, scope), dealsBehindMove(db, scope, "pushed_out", 1)]), runs);
}

export async function timeDealList(db: Database, asOf: Date, runs = 20): Promise<DealsTiming> {
  const context: DealContext = { timeZone: "UTC", today: asOf.toISOString().slice(0, 10), now: asOf, tierBounds: [10_000, 50_000], stalls: defaultStallSettings };
  return {
    all: await timeList(db, {}, context, runs),
    closed: await timeList(db, { period: "last_quarter", dates: "closed", sort: "amount" }, context, runs),
    flagged: await timeList(db, { status: "open", stalled: "1", singleThreaded: "1", sort: "days" }, context, runs),
    waterfall: await timeWaterfall(db, context, runs),
  };
}

export function printDealTimings(results: { scale: number; deals: number; pglite: DealsTiming | null; postgres: DealsTiming | null }[]) {
  const ms = (t: Timing | undefined) => (t ? `${t.p50.toFixed(0)} / ${t.p95.toFixed(0)}` : "not run");
  console.log("\n/deals: server time in ms (p50 / p95 after 2 warm-ups) of the list's totals and first page of 50.");
  console.log("All: every deal, newest first. Closed: last quarter's closed deals by amount (win rate's drill-down). Flagged: open, stalled and single-threaded.");
  console.log("Waterfall: /deals/changes for last quarter, its moves and the first page of the deals it pushed out.\n");
  console.log("| scale | deals | all PGlite | all PostgreSQL | closed PGlite | closed PostgreSQL | flagged PGlite | flagged PostgreSQL | waterfall PGlite | waterfall PostgreSQL |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    console.log(
      `| ${r.scale} | ${r.deals.toLocaleString("en-US")} | ${ms(r.pglite?.all)} | ${ms(r.postgres?.all)} | ${ms(r.pglite?.closed)} | ${ms(r.postgres?.closed)} | ${ms(r.pglite?.flagged)} | ${ms(r.postgres?.flagged)} | ${ms(r.pglite?.waterfall)} | ${ms(r.postgres?.waterfall)} |`,
    );
  }
}
