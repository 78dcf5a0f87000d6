/**
 * npm test: unit and integration tests (Vitest; PostgreSQL too when DATABASE_URL is set), then the
 * browser tests (Playwright in Debian's Chromium), then one closing line: "N passed, N failed".
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { folderHolder, lockPathFor } from "@/db/lock";
import { withTemporaryDatabase } from "@/db/temporary-database";
import { ensureBuilt } from "./build";

const root = process.cwd();
const results = path.join(root, "test-results");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

function run(args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

function vitest(): Tally {
  const file = path.join(results, "vitest.json");
  const code = run([
    path.join(root, "node_modules/vitest/vitest.mjs"),
    "run",
    "-c",
    ".config/vitest.config.ts",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${file}`,
  ]);
  const report = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(file);
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  // A suite that fails to load reports no failed test; the exit code still counts it.
  const failed = report.numFailedTests || (code === 0 ? 0 : 1);
  return { passed: report.numPassedTests, failed, skipped: report.numPendingTests + report.numTodoTests };
}

async function playwright(): Promise<Tally> {
  const file = path.join(results, "playwright.json");
  const dataDir = path.join(root, ".data", "e2e-pglite");
  const holder = folderHolder(dataDir);
  if (holder !== null) {
    console.error(`The browser tests' database ${dataDir} is in use by process ${holder} (another npm test?). Stop it first.`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(lockPathFor(dataDir), { force: true });
  if (!ensureBuilt()) return { passed: 0, failed: 1, skipped: 0 };
  const serverUrl = process.env.DATABASE_URL;
  const runBrowserTests = (postgresUrl: string | undefined) =>
    run([path.join(root, "node_modules/@playwright/test/cli.js"), "test", "-c", ".config/playwright.config.ts", "--reporter=list,json"], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: file,
      E2E_DATABASE_URL: postgresUrl ?? "",
    });
  // With DATABASE_URL set, the sign-in journeys run again against a fresh PostgreSQL database.
  const code = serverUrl ? await withTemporaryDatabase(serverUrl, "pa_e2e", runBrowserTests) : runBrowserTests(undefined);
  const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(file);
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  const failed = report.stats.unexpected + report.stats.flaky || (code === 0 ? 0 : 1);
  return { passed: report.stats.expected, failed, skipped: report.stats.skipped };
}

function summarise(tallies: Tally[]): never {
  const total = tallies.reduce((a, t) => ({ passed: a.passed + t.passed, failed: a.failed + t.failed, skipped: a.skipped + t.skipped }));
  console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
  process.exit(total.failed === 0 ? 0 : 1);
}

async function main() {
  if (!fs.existsSync(chromium)) {
    console.error(`Chromium is missing (looked for ${chromium}). Install it with: sudo apt-get install -y chromium`);
    summarise([{ passed: 0, failed: 1, skipped: 0 }]);
  }
  fs.rmSync(results, { recursive: true, force: true });
  fs.mkdirSync(results, { recursive: true });
  const tallies = [vitest()];
  try {
    tallies.push(await playwright());
  } catch (error) {
    console.error("The browser tests could not run:", error);
    tallies.push({ passed: 0, failed: 1, skipped: 0 });
  }
  summarise(tallies);
}

void main();
