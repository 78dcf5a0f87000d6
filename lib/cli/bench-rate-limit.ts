/**
 * The shared signal rate limit's cost per request: one take (the upsert of the key's bucket row) on
 * a fresh database, one caller at a time (p50/p95 of `runs`), and `clients` callers at once on one
 * key (every take queues on the same row: the worst case, a flood from one key) and on a key each;
 * then a refusal, which a flooding key gets from the process's memory without a round trip.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database, type DatabaseConfig } from "@/db/index";
import { migrateDatabase } from "@/db/migrate";
import { withTemporaryDatabase } from "@/db/temporary-database";
import { SharedRateLimiter } from "@/lib/signals/rate-limit";
import { percentiles, type Timing } from "./bench-timing";

export interface RateLimitTiming {
  driver: "pglite" | "postgres";
  single: Timing;
  /** Takes per second with `clients` callers at once, on one key and on a key each. */
  oneKeyPerSecond: number;
  manyKeysPerSecond: number;
  clients: number;
  /** Microseconds per refusal answered from memory. */
  refusalMicros: number;
}

async function throughput(db: Database, limiter: SharedRateLimiter, clients: number, seconds: number, keyFor: (client: number) => string): Promise<number> {
  let takes = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < until) {
        await limiter.take(db, keyFor(client), 1);
        takes++;
      }
    }),
  );
  return takes / seconds;
}

async function measure(config: DatabaseConfig, driver: RateLimitTiming["driver"], clients: number): Promise<RateLimitTiming> {
  const handle = openDatabase(config);
  try {
    await migrateDatabase(handle);
    const db = handle.db;
    // A limit no take reaches, so every take is a real upsert.
    const open = new SharedRateLimiter(1e9, 1e12);
    const single = await percentiles(() => open.take(db, "bench:single", 1), 500);
    const oneKeyPerSecond = await throughput(db, open, clients, 3, () => "bench:one");
    const manyKeysPerSecond = await throughput(db, open, clients, 3, (client) => `bench:client:${client}`);
    const closed = new SharedRateLimiter(1, 1);
    await closed.take(db, "bench:flood", 1);
    const refusals = 100_000;
    const started = performance.now();
    for (let i = 0; i < refusals; i++) await closed.take(db, "bench:flood", 1);
    const refusalMicros = ((performance.now() - started) * 1000) / refusals;
    return { driver, single, oneKeyPerSecond, manyKeysPerSecond, clients, refusalMicros };
  } finally {
    await handle.close();
  }
}

export async function benchRateLimit({ server, drivers, clients }: { server: string | null; drivers: ReadonlySet<string>; clients: number }): Promise<RateLimitTiming[]> {
  const out: RateLimitTiming[] = [];
  if (drivers.has("pglite")) {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pa-bench-")), "pglite");
    try {
      out.push(await measure({ driver: "pglite", dir }, "pglite", clients));
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  }
  if (server && drivers.has("postgres")) {
    out.push(await withTemporaryDatabase(server, "pa_bench", (url) => measure({ driver: "postgres", url, maxConnections: Math.min(clients, 20) }, "postgres", clients)));
  }
  return out;
}

export function printRateLimit(timings: RateLimitTiming[]) {
  if (timings.length === 0) return;
  console.log(`\nSignal rate limit: the cost a request pays for the shared per-key bucket (one upsert of its row).`);
  console.log("p50/p95 of 500 takes one at a time (ms); takes per second with concurrent callers on one key (one row, taken in turn) and on a key each;");
  console.log("a refusal of a flooding key, answered from the process's memory (µs).\n");
  console.log(`| driver | take p50 (ms) | take p95 (ms) | callers | one key takes/s | a key each takes/s | refusal (µs) |`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|`);
  for (const t of timings) {
    console.log(
      `| ${t.driver} | ${t.single.p50.toFixed(2)} | ${t.single.p95.toFixed(2)} | ${t.clients} | ${Math.round(t.oneKeyPerSecond).toLocaleString("en-US")} | ${Math.round(t.manyKeysPerSecond).toLocaleString("en-US")} | ${t.refusalMicros.toFixed(1)} |`,
    );
  }
}
