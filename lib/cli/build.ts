import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();
const sources = ["app", "components", "lib", "db", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "package.json", "package-lock.json", ".postcssrc.json", "tsconfig.json"];

/** The non-test source files under `entry` with their last change, and the newest change of a folder among them. */
function walk(entry: string, files: Map<string, number>, folders: { newest: number }): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return;
  }
  if (!stat.isDirectory()) {
    if (!/\.test\.tsx?$/.test(entry)) files.set(path.relative(root, entry), stat.mtimeMs);
    return;
  }
  folders.newest = Math.max(folders.newest, stat.mtimeMs);
  for (const child of fs.readdirSync(entry)) walk(path.join(entry, child), files, folders);
}

function sourceFiles() {
  const files = new Map<string, number>();
  const folders = { newest: 0 };
  for (const s of sources) walk(path.join(root, s), files, folders);
  return { files, foldersChangedAt: folders.newest };
}

/** The source files the last build of ensureBuilt was made from, to see one added or removed since. */
const builtFrom = path.join(root, ".next", "built-from.json");

/**
 * True when there is no production build, or a source file changed, appeared or went away after it
 * was made. A folder whose files came and went (a test's scratch files) does not count.
 */
export function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  const { files, foldersChangedAt } = sourceFiles();
  if ([...files.values()].some((changedAt) => changedAt > builtAt)) return true;
  let listed: string[] | null = null;
  try {
    listed = JSON.parse(fs.readFileSync(builtFrom, "utf8")) as string[];
  } catch {
    // Built by `next build` itself: only the folders' times tell whether a file was added or removed.
    return foldersChangedAt > builtAt;
  }
  return listed.length !== files.size || listed.some((f) => !files.has(f));
}

export function nextBin(): string {
  return path.join(root, "node_modules", "next", "dist", "bin", "next");
}

/** Builds the app when needed; returns false when the build failed. */
export function ensureBuilt(log: (line: string) => void = console.log): boolean {
  if (!buildIsStale()) return true;
  log("Building the app (a minute or two the first time)…");
  const files = [...sourceFiles().files.keys()].sort();
  const result = spawnSync(process.execPath, [nextBin(), "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) return false;
  fs.writeFileSync(builtFrom, JSON.stringify(files));
  return true;
}
