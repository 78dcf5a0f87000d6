import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "..");
export const e2ePort = Number(process.env.E2E_PORT ?? 3100);
export const e2eDataDir = path.join(root, ".data", "e2e-pglite");

export default defineConfig({
  testDir: path.join(root, "e2e"),
  outputDir: path.join(root, "test-results", "playwright"),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${e2ePort}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // The app as users start it, on its own embedded database folder (emptied by npm test).
    command: "node node_modules/tsx/dist/cli.mjs lib/cli/start.ts",
    cwd: root,
    url: `http://127.0.0.1:${e2ePort}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(e2ePort),
      PGLITE_DIR: e2eDataDir,
      DATABASE_URL: "",
      DEMO_SCALE: process.env.E2E_DEMO_SCALE ?? "1",
    },
  },
});
