/**
 * Demo data, generated and loaded in one go. Loads only into an empty database: demo rows carry
 * fixed ids and would collide with, or be mistaken for, real data.
 */
import { sql } from "drizzle-orm";
import type { Database } from "@/db/index";
import { users } from "@/db/schema";
import { demoDataChecksum } from "./checksum";
import { generateDemoData, type DemoDataOptions } from "./generate";
import { loadDemoData, type LoadOptions } from "./load";
import { runDemoAnalyzer } from "./analyzer-runs";
import { runDemoOrchestrator } from "./orchestrator-runs";
import { runDemoPersonalizer } from "./personalizer-runs";

export { demoDataChecksum } from "./checksum";
export { defaultDemoSeed, demoPassword, demoSignIns, generateDemoData } from "./generate";
export { loadDemoData } from "./load";
export type { DemoData, DemoTable } from "./types";

export interface SeedResult {
  counts: Record<string, number>;
  checksum: string;
  seconds: { generate: number; load: number };
}

export async function seedDemoData(db: Database, options: DemoDataOptions & LoadOptions): Promise<SeedResult> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  const existing = Number(row?.n ?? 0);
  if (existing > 0) {
    throw new Error(
      `The database already has data (${existing} ${existing === 1 ? "user" : "users"}); demo data loads only into an empty database. Run npm run db:reset first.`,
    );
  }
  const started = performance.now();
  const data = generateDemoData({ seed: options.seed, asOf: options.asOf, scale: options.scale });
  const generated = performance.now();
  const counts = await loadDemoData(db, data, { passwordHash: options.passwordHash, onProgress: options.onProgress });
  // The Win/Loss Analyzer's monthly reports since its switch-on day, written by its own run.
  options.onProgress?.("reportArchive", 0);
  counts.reportArchive = await runDemoAnalyzer(db, new Date(options.asOf ?? Date.now()));
  // The Campaign Orchestrator's days since its switch-on day, replayed by its own run.
  options.onProgress?.("campaignTasks", 0);
  counts.campaignTasks = await runDemoOrchestrator(db, new Date(options.asOf ?? Date.now()));
  // The Content Personalizer's library, and its picks since its switch-on day, made by its own pick.
  options.onProgress?.("assetPicks", 0);
  counts.assetPicks = await runDemoPersonalizer(db, new Date(options.asOf ?? Date.now()));
  const loaded = performance.now();
  return {
    counts,
    checksum: demoDataChecksum(data),
    seconds: { generate: (generated - started) / 1000, load: (loaded - generated) / 1000 },
  };
}
