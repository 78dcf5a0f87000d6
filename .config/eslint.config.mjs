import path from "node:path";
import next from "eslint-config-next";
import nextTypescript from "eslint-config-next/typescript";

const root = path.resolve(import.meta.dirname, "..");

/**
 * The layers (docs/architecture.md, "Layers"): app → components → lib → db reads downward only.
 * Paths are resolved (through tsconfig's `@/` alias too) before they are compared, so a relative
 * import and an alias import of the same file are caught alike.
 */
const layerZones = [
  { target: "./components", from: "./db", message: "components/ never import db/: a server action or page passes the data in." },
  {
    target: "./lib/metrics",
    from: ["./db", "./app", "./components"],
    message: "lib/metrics/ is pure: aggregates in, figures out; no database, no routes, no UI.",
  },
  {
    target: "./lib/metrics",
    from: "./lib",
    except: ["./metrics", "./domain"],
    message: "lib/metrics/ is pure: it imports only lib/metrics/ and lib/domain/.",
  },
  { target: "./lib/domain", from: ["./db", "./app", "./components"], message: "lib/domain/ holds the taxonomies everything else reads; it imports no layer." },
  { target: "./lib", from: ["./app", "./components"], message: "lib/ never imports app/ or components/: it is below them." },
  { target: "./db", from: ["./app", "./components"], message: "db/ never imports app/ or components/: it is the bottom layer." },
];

const config = [
  { ignores: ["node_modules/**", ".next/**", ".data/**", "test-results/**", "playwright-report/**", "db/migrations/**", "next-env.d.ts"] },
  ...next,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.{ts,tsx,mts,cts}"],
    // Cycles are followed through the project's own files; packages are never parsed for them.
    settings: { "import/ignore": ["node_modules"] },
    rules: {
      "import/no-restricted-paths": ["error", { basePath: root, zones: layerZones }],
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    // Pure math: no React, no framework, no I/O.
    files: ["lib/metrics/**/*.ts"],
    ignores: ["lib/metrics/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["react", "react-dom", "react/*", "next", "next/*", "server-only"], message: "lib/metrics/ is pure: no React, no Next.js." },
            { regex: "^node:", message: "lib/metrics/ is pure: no I/O." },
          ],
        },
      ],
    },
  },
];

export default config;
