/**
 * The command line's usage: `npm run cli -- --help`, `help`, or a command followed by --help prints
 * it on standard output and exits 0 without running anything; an unknown command exits 1 naming it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

function cli(...args: string[]) {
  // A folder of its own for the embedded database, which --help must never open.
  const dir = path.join(os.tmpdir(), `pa-cli-help-${process.pid}-${Date.now()}`);
  const result = spawnSync(process.execPath, [tsx, "--conditions=react-server", path.join(root, "lib", "cli", "cli.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "", PGLITE_DIR: dir },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, dir };
}

describe("npm run cli -- --help", () => {
  it.each([["--help"], ["help"], ["-h"], []])("npm run cli -- %s prints the usage and exits 0 (no argument too)", (...args) => {
    const { code, stdout } = cli(...args);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage:\n/);
    expect(stdout).toContain("npm run cli -- velocity");
    expect(stdout).toContain("npm run cli -- import");
  });

  it("after a command, prints the usage instead of running it", () => {
    const { code, stdout, dir } = cli("db:reset", "--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage:\n/);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it("an unknown command exits 1, naming it, with the usage", () => {
    const { code, stdout, stderr } = cli("velocty");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^Unknown command "velocty"\.\n\nUsage:/);
  });
});
