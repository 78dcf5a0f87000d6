/**
 * npm run bench: figures, not pass/fail. For each scale, the rows the demo generator makes per
 * table and the seconds to generate them and to load them into PGlite (on disk) and PostgreSQL
 * (DATABASE_URL's server, or the local one on 127.0.0.1:5432 when it answers).
 * Options: --scales 1,10  --seed N
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDatabase, type DatabaseConfig } from "@/db/index";
import { migrateDatabase } from "@/db/migrate";
import { ensureReferenceData } from "@/db/reference";
import { generateDemoData } from "@/db/seed/generate";
import { loadDemoData } from "@/db/seed/load";
import { hashPassword } from "@/lib/auth/password";
import { parseFlags, stringFlag } from "./args";

const flags = parseFlags(process.argv.slice(2));
const scales = (stringFlag(flags, "scales") ?? "1,10").split(",").map(Number);
const seed = Number(stringFlag(flags, "seed") ?? 20261124);
const asOf = new Date("2026-11-24T00:00:00Z");

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

async function timeLoad(config: DatabaseConfig, data: ReturnType<typeof generateDemoData>, passwordHash: string): Promise<number> {
  const handle = openDatabase(config);
  try {
    await migrateDatabase(handle);
    await ensureReferenceData(handle.db);
    const started = performance.now();
    await loadDemoData(handle.db, data, { passwordHash });
    return (performance.now() - started) / 1000;
  } finally {
    await handle.close();
  }
}

async function main() {
  const passwordHash = await hashPassword("pipeline-demo");
  const server = await postgresServer();
  const rows: Record<string, Record<number, number>> = {};
  const timings: { scale: number; generate: number; pglite: number; postgres: number | null; rss: number }[] = [];

  for (const scale of scales) {
    const started = performance.now();
    const data = generateDemoData({ seed, asOf, scale });
    const generate = (performance.now() - started) / 1000;
    for (const [table, list] of Object.entries(data)) {
      if (Array.isArray(list)) (rows[table] ??= {})[scale] = list.length;
    }

    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pa-bench-")), "pglite");
    const pglite = await timeLoad({ driver: "pglite", dir }, data, passwordHash);
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });

    let pg: number | null = null;
    if (server) {
      const name = `pa_bench_${crypto.randomBytes(4).toString("hex")}`;
      const admin = postgres(server, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database "${name}"`);
      const url = new URL(server);
      url.pathname = `/${name}`;
      try {
        pg = await timeLoad({ driver: "postgres", url: url.toString() }, data, passwordHash);
      } finally {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      }
    }
    timings.push({ scale, generate, pglite, postgres: pg, rss: process.memoryUsage().rss / 2 ** 20 });
  }

  const head = `| table | ${scales.map((s) => `scale ${s}`).join(" | ")} |`;
  console.log(`\nDemo data, seed ${seed}, as of ${asOf.toISOString().slice(0, 10)} (${os.cpus().length} cores, Node ${process.version})\n`);
  console.log(head);
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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
