import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "..");
export const e2ePort = Number(process.env.E2E_PORT ?? 3100);
export const e2eDataDir = path.join(root, ".data", "e2e-pglite");
const postgresUrl = process.env.E2E_DATABASE_URL || undefined;

const pgliteUse = { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${e2ePort}` };

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

/**
 * Four groups on the embedded database, so the run fits CI's time on two CPUs (two workers; a free
 * worker takes the next file, or the next accessibility check, of whichever group may start one):
 * - "pglite": the journeys that change data;
 * - "pglite-access" and "pglite-checks": the access matrix, and the page-by-page checks
 *   (accessibility, navigation, headers, 404s); they change nothing a journey reads, so they run
 *   beside the journeys and each other;
 * - "pglite-sessions": signing out and changing demo users' roles end those users' sessions everywhere,
 *   so these run last, alone.
 */
const access = /access\.spec\.ts/;
const checks = /(accessibility|navigation|not-found|security-headers)\.spec\.ts/;
const sessions = /(sign-in|admin-users)\.spec\.ts/;

export default defineConfig({
  testDir: path.join(root, "e2e"),
  outputDir: path.join(root, "test-results", "playwright"),
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: "list",
  use: {
    // Recording a trace of every test costs CI a good share of its two CPUs; a failure there still
    // leaves its error context and screenshot. Locally, a failing test keeps its trace.
    trace: process.env.CI ? "off" : "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "pglite", testIgnore: [access, checks, sessions], workers: 1, use: pgliteUse },
    { name: "pglite-access", testMatch: access, workers: 1, use: pgliteUse },
    // The accessibility checks run in parallel: once the journeys are done, both workers take them.
    { name: "pglite-checks", testMatch: checks, workers: 2, use: pgliteUse },
    { name: "pglite-sessions", testMatch: sessions, workers: 1, dependencies: ["pglite", "pglite-access", "pglite-checks"], use: pgliteUse },
    // The same app on PostgreSQL (npm test sets E2E_DATABASE_URL to a fresh database when DATABASE_URL is set):
    // signing in, sessions ending, and the guard on the menu and the server actions. The page-by-page
    // matrix runs on the embedded database only: it checks the guard, whose one query (the session's
    // version) the sign-in tests already check here.
    ...(postgresUrl
      ? [
          {
            name: "postgres",
            testMatch: /(sign-in|access)\.spec\.ts/,
            grepInvert: /every page: refused roles/,
            workers: 1,
            use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${e2ePort + 1}` },
          },
        ]
      : []),
  ],
  webServer: [
    server(e2ePort, { PGLITE_DIR: e2eDataDir, DATABASE_URL: "" }),
    ...(postgresUrl ? [server(e2ePort + 1, { DATABASE_URL: postgresUrl, DEMO_DATA: "on" })] : []),
  ],
});
