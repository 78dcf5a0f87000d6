/**
 * npm run bench, win/loss (--pages winloss): the server time of /win-loss (last quarter's report),
 * /win-loss/proof (the library, its gaps and the win rate with a story), /settings/stalls (each
 * pattern's open deals), the deal list behind every stall and behind the proof gaps (matching runs in
 * application code over every open deal and story), and a rep's overview list of deals needing action.
 */
import type { Database } from "@/db/index";
import { dealTotals, listDeals, type DealContext } from "@/db/queries/deals";
import { listStories, proofGaps, proofStates, proofWinCounts } from "@/db/queries/proof";
import { openStages, stallCounts } from "@/db/queries/stalls";
import { queryRows } from "@/db/index";
import { sql } from "drizzle-orm";
import { DEALS_PER_PAGE } from "@/lib/deals/request";
import { dealActionCounts, dealsContext } from "@/lib/deals/view";
import { resolveVelocityView } from "@/lib/velocity/report";
import { buildWinLossReport } from "@/lib/win-loss/report";
import { percentiles, type Timing } from "./bench-timing";

export interface WinLossTiming {
  report: Timing;
  proof: Timing;
  stallCounts: Timing;
  stalledList: Timing;
  gapList: Timing;
  repActions: Timing;
}

export async function timeWinLossPages(db: Database, asOf: Date, runs = 10): Promise<WinLossTiming> {
  const view = await resolveVelocityView(db, { period: "last_quarter" });
  if (!view.ok) throw new Error(view.error);
  const { request, context } = view;
  const { deal } = await dealsContext(db, asOf);
  const list = (filters: Parameters<typeof dealTotals>[1], ctx: DealContext) =>
    Promise.all([dealTotals(db, filters, ctx), listDeals(db, { filters, sort: "amount", descending: true, limit: DEALS_PER_PAGE, offset: 0 }, ctx)]);
  // The rep with the most open deals: the heaviest overview.
  const [rep] = await queryRows<{ ownerId: number }>(db, sql`select owner_id as "ownerId" from opportunities where status = 'open' and owner_id is not null group by owner_id order by count(*) desc limit 1`);
  return {
    report: await percentiles(() => buildWinLossReport(db, request, context), runs),
    proof: await percentiles(() => Promise.all([listStories(db), proofGaps(db), proofWinCounts(db, { ...request.period, timeZone: context.organisation.timeZone }), openStages(db)]), runs),
    stallCounts: await percentiles(() => stallCounts(db, { now: asOf, settings: deal.stalls! }), runs),
    stalledList: await percentiles(() => list({ status: "open", stall: "any" }, deal), runs),
    gapList: await percentiles(async () => list({ proof: "gap" }, { ...deal, proof: await proofStates(db) }), runs),
    repActions: await percentiles(() => (rep ? dealActionCounts(db, rep.ownerId, asOf) : Promise.resolve([])), runs),
  };
}

export function printWinLossTimings(results: { scale: number; deals: number; open: number; stories: number; pglite: WinLossTiming | null; postgres: WinLossTiming | null }[]) {
  const ms = (t: Timing | undefined) => (t ? `${t.p50.toFixed(0)} / ${t.p95.toFixed(0)}` : "not run");
  console.log("\nWin/loss: server time in ms (p50 / p95 after 2 warm-ups), PGlite | PostgreSQL.");
  console.log("Report: /win-loss for last quarter. Proof: /win-loss/proof. Stall counts: /settings/stalls. Stalled list: /deals?stall=any (totals and first page).");
  console.log("Gap list: /deals?proof=gap, matching every open deal against the library. Rep actions: the overview's deals-needing-action counts for the rep with most open deals.\n");
  console.log("| scale | deals | open | stories | report | proof | stall counts | stalled list | gap list | rep actions |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const both = (r: (typeof results)[number], key: keyof WinLossTiming) => `${ms(r.pglite?.[key])} \\| ${ms(r.postgres?.[key])}`;
  for (const r of results) {
    console.log(
      `| ${r.scale} | ${r.deals.toLocaleString("en-US")} | ${r.open.toLocaleString("en-US")} | ${r.stories} | ${both(r, "report")} | ${both(r, "proof")} | ${both(r, "stallCounts")} | ${both(r, "stalledList")} | ${both(r, "gapList")} | ${both(r, "repActions")} |`,
    );
  }
}
