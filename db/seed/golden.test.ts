import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { demoDataChecksum } from "./checksum";
import { generateDemoData } from "./generate";

/**
 * The demo data is pinned: this seed, day and scale always give these rows, in any process and any
 * time zone. An intended change to the generator updates the checksum here, in the same commit.
 */
const GOLDEN = "401e75d470c9eddcd3ba2986996a0ce6c11044d17c4385eafe7d809625d8c170";
const options = { seed: 20261124, asOf: new Date("2026-11-24T00:00:00Z"), scale: 0.05 };

describe("pinned demo data", () => {
  it("has the golden checksum in this process", () => {
    expect(demoDataChecksum(generateDemoData(options))).toBe(GOLDEN);
  });

  it("has the same checksum in another process in another time zone", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const script = `import { generateDemoData } from "./db/seed/generate"; import { demoDataChecksum } from "./db/seed/checksum";
      console.log(demoDataChecksum(generateDemoData({ seed: ${options.seed}, asOf: new Date("2026-11-24T00:00:00Z"), scale: ${options.scale} })));`;
    const out = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--eval", script], {
      cwd: root,
      env: { ...process.env, TZ: "Pacific/Auckland" },
      encoding: "utf8",
    });
    expect(out.stderr).toBe("");
    expect(out.stdout.trim()).toBe(GOLDEN);
  });
});
