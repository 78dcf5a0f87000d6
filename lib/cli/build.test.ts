/**
 * Whether npm start / npm test must build again: a changed, added or removed source file says yes;
 * a test's scratch folder that came and went does not.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

describe("a stale build", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pa-build-"));
  let buildIsStale: () => boolean;
  const later = (file: string) => fs.utimesSync(file, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
  const built = (files: string[]) => {
    fs.writeFileSync(path.join(dir, ".next", "built-from.json"), JSON.stringify(files));
    fs.utimesSync(path.join(dir, ".next", "BUILD_ID"), new Date(), new Date());
  };

  beforeAll(async () => {
    fs.mkdirSync(path.join(dir, "lib"), { recursive: true });
    fs.mkdirSync(path.join(dir, ".next"));
    fs.writeFileSync(path.join(dir, "lib", "a.ts"), "export const a = 1;\n");
    fs.writeFileSync(path.join(dir, "lib", "a.test.ts"), "\n");
    fs.writeFileSync(path.join(dir, ".next", "BUILD_ID"), "x");
    vi.spyOn(process, "cwd").mockReturnValue(dir);
    ({ buildIsStale } = await import("./build"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is not stale when nothing changed since, even after a scratch folder came and went", () => {
    built(["lib/a.ts"]);
    expect(buildIsStale()).toBe(false);
    const scratch = path.join(dir, "lib", "__scratch");
    fs.mkdirSync(scratch);
    fs.writeFileSync(path.join(scratch, "b.ts"), "\n");
    fs.rmSync(scratch, { recursive: true });
    later(path.join(dir, "lib"));
    expect(buildIsStale()).toBe(false);
  });

  it("is stale when a source file changed, was added or was removed; a test file does not count", () => {
    built(["lib/a.ts"]);
    later(path.join(dir, "lib", "a.test.ts"));
    expect(buildIsStale()).toBe(false);
    later(path.join(dir, "lib", "a.ts"));
    expect(buildIsStale()).toBe(true);

    fs.utimesSync(path.join(dir, "lib", "a.ts"), new Date(0), new Date(0));
    built(["lib/a.ts", "lib/gone.ts"]);
    expect(buildIsStale()).toBe(true);
    built([]);
    expect(buildIsStale()).toBe(true);
  });

  it("without the list (built by next build itself) falls back to the folders' times", () => {
    built(["lib/a.ts"]);
    fs.rmSync(path.join(dir, ".next", "built-from.json"));
    fs.utimesSync(path.join(dir, "lib"), new Date(0), new Date(0));
    expect(buildIsStale()).toBe(false);
    later(path.join(dir, "lib"));
    expect(buildIsStale()).toBe(true);
  });
});
