import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");
const include = ["lib/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts"];

/**
 * Tests of db/, and any other test that opens a database (PGlite always, PostgreSQL too when
 * DATABASE_URL is set), are integration tests; the rest are unit tests of pure code, which answer
 * in seconds: `npm run test:unit`. Read from the files, so a new test lands in the right project.
 */
function opensDatabase(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".test.ts") && (dir.startsWith(path.join(root, "db")) || /@\/db\/(testing\/|temporary-database|index")|openDatabase\(/.test(fs.readFileSync(full, "utf8")))) {
        found.push(path.relative(root, full));
      }
    }
  };
  for (const dir of ["lib", "db", "app"]) walk(path.join(root, dir));
  return found;
}

const integration = opensDatabase();

// Two app instances on one PostgreSQL database (a minute or two, after a build): only with a server to run them on.
const needsPostgres = ["lib/jobs/instances.test.ts"];
const exclude = process.env.DATABASE_URL ? [] : needsPostgres;

export default defineConfig({
  root,
  resolve: {
    alias: {
      "@": root,
      // Server-only modules are tested outside Next's react-server environment.
      "server-only": path.join(root, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    environment: "node",
    pool: "forks",
    // Two test files at a time even on two CPUs (Vitest's default leaves one CPU idle): the
    // integration tests spend most of their time waiting on PostgreSQL, child servers and back-offs.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      // Pure code: threads start faster than processes.
      { extends: true, test: { name: "unit", include, exclude: integration, pool: "threads" } },
      // Their PGlite databases start from one migrated template written before the run.
      { extends: true, test: { name: "integration", include: integration, exclude, globalSetup: [path.join(root, ".config/vitest.global-setup.ts")] } },
    ],
  },
});
