/**
 * The signal pages' server time on the demo data: /signals (Layer 3 with the ABM measures, a rep's
 * queue and the feed), the calibration backtest over the last 12 months with the saved weights,
 * and the router's before and after.
 */
import type { Database } from "@/db/index";
import { calibrationBacktest } from "@/db/queries/calibration";
import { highIntentResponse } from "@/db/queries/router-impact";
import { signalFeed } from "@/db/queries/signals";
import { getSetting } from "@/db/queries/settings";
import { users } from "@/db/schema";
import { eq } from "drizzle-orm";
import { addDays } from "@/lib/metrics/period";
import { routerWindows } from "@/lib/metrics/router-impact";
import { buildLayer3 } from "@/lib/signals/layer3";
import { queueFor } from "@/lib/signals/queue-view";
import { parsePeriodRequest } from "@/lib/velocity/request";
import { percentiles, type Timing } from "./bench-timing";

export interface SignalPagesTiming {
  layer3: Timing;
  queue: Timing;
  calibration: Timing;
  router: Timing;
}

export async function timeSignalPages(db: Database, asOf: Date, runs: number): Promise<SignalPagesTiming> {
  const today = asOf.toISOString().slice(0, 10);
  const parsed = parsePeriodRequest({}, today);
  if (!parsed.ok) throw new Error(parsed.error);
  const [rep] = await db.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, "rep@example.com"));
  if (!rep) throw new Error("The demo rep is missing.");
  const [{ timeZone }, scoring, signals] = await Promise.all([getSetting(db, "organisation"), getSetting(db, "scoring"), getSetting(db, "signals")]);
  const layer3 = await percentiles(() => buildLayer3(db, parsed.request, asOf), runs);
  const queue = await percentiles(() => Promise.all([queueFor(db, rep, { now: asOf }), signalFeed(db)]), runs);
  const calibration = await percentiles(
    () => calibrationBacktest(db, { from: addDays(today, -365), to: today, timeZone, weights: scoring.weights, threshold: scoring.calibrationThreshold }),
    runs,
  );
  const windows = routerWindows(signals.routingSince ?? addDays(today, -75), today);
  if (!windows.ok) throw new Error(windows.reason);
  const scope = { timeZone, meetingWindowDays: signals.meetingWindowDays };
  const router = await percentiles(() => Promise.all([highIntentResponse(db, { ...windows.before, ...scope }), highIntentResponse(db, { ...windows.after, ...scope })]), runs);
  return { layer3, queue, calibration, router };
}

export function printSignalTimings(results: { signals: number; scores: number; pglite: SignalPagesTiming | null; postgres: SignalPagesTiming | null }[]) {
  const ms = (t: Timing | undefined) => (t ? `${t.p50.toFixed(0)} / ${t.p95.toFixed(0)}` : "not run");
  console.log("\nSignal pages: server time in ms (p50 / p95 after 2 warm-ups), demo data, this quarter.");
  console.log("Layer 3 includes the ABM measures; the queue is a rep's with the live feed; calibration is 12 months of closed deals.\n");
  console.log("| signals | scores | driver | Layer 3 | queue + feed | calibration | router before/after |");
  console.log("|---:|---:|---|---:|---:|---:|---:|");
  for (const r of results) {
    for (const [driver, t] of [["PGlite", r.pglite], ["PostgreSQL", r.postgres]] as const) {
      console.log(`| ${r.signals.toLocaleString("en-US")} | ${r.scores.toLocaleString("en-US")} | ${driver} | ${ms(t?.layer3)} | ${ms(t?.queue)} | ${ms(t?.calibration)} | ${ms(t?.router)} |`);
    }
  }
}
