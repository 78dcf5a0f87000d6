import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "..");
export const e2ePort = Number(process.env.E2E_PORT ?? 3100);
export const e2eDataDir = path.join(root, ".data", "e2e-pglite");
const postgresUrl = process.env.E2E_DATABASE_URL || undefined;

/** The app as users start it (npm start), on its own database. */
function server(port: number, env: Record<string, string>) {
  return {
    command: "node node_modules/tsx/dist/cli.mjs lib/cli/start.ts",
    cwd: root,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe" as const,
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
    // One trusted proxy hop, so a test can sign in from several addresses by sending X-Forwarded-For.
    env: { PORT: String(port), DEMO_SCALE: process.env.E2E_DEMO_SCALE ?? "1", TRUST_PROXY_HOPS: "1", ...env },
  };
}

export default defineConfig({
  testDir: path.join(root, "e2e"),
  outputDir: path.join(root, "test-results", "playwright"),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: "list",
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "pglite", use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${e2ePort}` } },
    // The same app on PostgreSQL (npm test sets E2E_DATABASE_URL to a fresh database when DATABASE_URL is set):
    // signing in and the access matrix.
    ...(postgresUrl
      ? [{ name: "postgres", testMatch: /(sign-in|access)\.spec\.ts/, use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${e2ePort + 1}` } }]
      : []),
  ],
  webServer: [
    server(e2ePort, { PGLITE_DIR: e2eDataDir, DATABASE_URL: "" }),
    ...(postgresUrl ? [server(e2ePort + 1, { DATABASE_URL: postgresUrl, DEMO_DATA: "on" })] : []),
  ],
});
