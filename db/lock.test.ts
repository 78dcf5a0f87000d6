import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DatabaseFolderLockedError } from "@/lib/errors";
import { openDatabase } from "./index";
import { acquireFolderLock, folderHolder, lockPathFor } from "./lock";
import { settings } from "./schema";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
const holdScript = path.join(root, "db", "testing", "hold-database.ts");

function tempFolder(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pa-lock-")), "pglite");
}

function startHolder(dir: string): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["--conditions=react-server", tsx, holdScript], {
    cwd: root,
    env: { ...process.env, PGLITE_DIR: dir, DATABASE_URL: "" },
  });
}

function waitForLine(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = buffer.split("\n").find((line) => pattern.test(line));
      if (match) {
        child.stdout.off("data", onData);
        resolve(match);
      }
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => reject(new Error(`process exited (${code}) before printing ${pattern}: ${buffer}`)));
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stderr: string }> {
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stderr })));
}

/** Every file of a folder with its size and modification time: changes if anything was written. */
function folderFingerprint(dir: string): string {
  const entries: string[] = [];
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const s = fs.statSync(p);
      if (s.isDirectory()) walk(p);
      else entries.push(`${path.relative(dir, p)}:${s.size}:${s.mtimeMs}`);
    }
  };
  walk(dir);
  return entries.join("\n");
}

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
});

describe("PGlite folder lock", () => {
  it("refuses a second process, which writes nothing, and the first loses no write", async () => {
    const dir = tempFolder();
    const first = startHolder(dir);
    children.push(first);
    const firstExit = exited(first);
    // tsx runs the script in a child of `first`; the holder is the pid the script prints.
    const holderPid = Number((await waitForLine(first, /^ready \d+/)).split(" ")[1]);
    expect(folderHolder(dir)).toBe(holderPid);

    first.stdin.write("write before-second\n");
    await waitForLine(first, /^wrote before-second/);
    const before = folderFingerprint(dir);

    const second = startHolder(dir);
    children.push(second);
    const { code, stderr } = await exited(second);
    expect(code).toBe(1);
    expect(stderr).toContain(`The database folder ${dir} is in use by another process (pid ${holderPid})`);
    expect(folderFingerprint(dir)).toBe(before);

    first.stdin.write("write after-second\n");
    await waitForLine(first, /^wrote after-second/);
    // Ctrl-C signals the whole process group: the holder gets SIGINT itself and again from tsx.
    process.kill(holderPid, "SIGINT");
    first.kill("SIGINT");
    expect((await firstExit).code).toBe(130);
    expect(fs.existsSync(lockPathFor(dir))).toBe(false);

    const reopened = openDatabase({ driver: "pglite", dir });
    try {
      const keys = (await reopened.db.select({ key: settings.key }).from(settings)).map((r) => r.key).sort();
      expect(keys).toEqual(["after-second", "before-second"]);
    } finally {
      await reopened.close();
    }
  });

  it("stops a second `npm start` on a held folder before it builds or writes anything", async () => {
    const dir = tempFolder();
    const holder = startHolder(dir);
    children.push(holder);
    const holderPid = Number((await waitForLine(holder, /^ready \d+/)).split(" ")[1]);
    const before = folderFingerprint(dir);
    const start = spawn(process.execPath, [tsx, path.join(root, "lib", "cli", "start.ts")], {
      cwd: root,
      env: { ...process.env, PGLITE_DIR: dir, DATABASE_URL: "", PORT: "3999" },
    });
    children.push(start);
    const { code, stderr } = await exited(start);
    expect(code).toBe(1);
    expect(stderr).toContain(`The database folder ${dir} is in use by another process (pid ${holderPid})`);
    expect(folderFingerprint(dir)).toBe(before);
    holder.kill("SIGTERM");
  });

  it("takes over a lock left by a dead process", () => {
    const dir = tempFolder();
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(lockPathFor(dir), JSON.stringify({ pid: 2 ** 22 + 7, startTime: null, acquiredAt: "2026-01-01" }));
    expect(folderHolder(dir)).toBeNull();
    const release = acquireFolderLock(dir);
    expect(JSON.parse(fs.readFileSync(lockPathFor(dir), "utf8")).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(lockPathFor(dir))).toBe(false);
  });

  it("takes over a lock that carries this process's pid from an earlier life (a recycled pid)", () => {
    const dir = tempFolder();
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(lockPathFor(dir), JSON.stringify({ pid: process.pid, startTime: "1", acquiredAt: "2026-01-01" }));
    const release = acquireFolderLock(dir);
    expect(() => acquireFolderLock(dir)).toThrow("already holds");
    release();
  });

  it("treats a lock file still being written as held", () => {
    const dir = tempFolder();
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(lockPathFor(dir), "");
    expect(() => acquireFolderLock(dir)).toThrow(DatabaseFolderLockedError);
  });

  it("names the folder and holder when it is held", () => {
    const dir = tempFolder();
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(lockPathFor(dir), JSON.stringify({ pid: process.ppid, startTime: null, acquiredAt: "2026-01-01" }));
    expect(() => acquireFolderLock(dir)).toThrow(DatabaseFolderLockedError);
    expect(() => acquireFolderLock(dir)).toThrow(`${dir} is in use by another process (pid ${process.ppid})`);
  });
});
