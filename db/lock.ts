/**
 * One process per PGlite folder. PGlite is an embedded PostgreSQL without a postmaster: a second
 * process opening the same folder silently loses writes. A lock file beside the folder names the
 * holder; a live holder makes every other opener stop before anything is written.
 */
import fs from "node:fs";
import path from "node:path";
import { DatabaseFolderLockedError } from "@/lib/errors";

interface LockContent {
  pid: number;
  /** The holder's start time from /proc, so a recycled pid is not mistaken for the holder. */
  startTime: string | null;
  acquiredAt: string;
}

export function lockPathFor(folder: string): string {
  const absolute = path.resolve(folder);
  return path.join(path.dirname(absolute), `${path.basename(absolute)}.lock`);
}

function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 (starttime) follows the command name, which may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(holder: LockContent): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (holder.startTime === null) return true;
  const current = processStartTime(holder.pid);
  return current === null || current === holder.startTime;
}

function readLock(lockPath: string): LockContent | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockContent;
  } catch {
    return null;
  }
}

/** The live process holding the folder, if any (a stale lock from a dead process does not count). */
export function folderHolder(folder: string): number | null {
  const holder = readLock(lockPathFor(folder));
  return holder && holder.pid !== process.pid && isAlive(holder) ? holder.pid : null;
}

/** Folders this process has open, so its own live lock is told apart from a stale one with a recycled pid. */
const openedHere = new Set<string>();

/** A lock file being written (empty or half-written) is held unless it stays unreadable this long. */
const UNREADABLE_GRACE_MS = 10_000;

function isHeld(lockPath: string, folder: string): { held: false } | { held: true; pid: number } {
  const holder = readLock(lockPath);
  if (!holder) {
    try {
      const age = Date.now() - fs.statSync(lockPath).mtimeMs;
      return age < UNREADABLE_GRACE_MS ? { held: true, pid: 0 } : { held: false };
    } catch {
      return { held: false };
    }
  }
  if (holder.pid === process.pid) {
    // Our own pid: held only if this very process opened the folder (not a previous one with our pid).
    return openedHere.has(folder) ? { held: true, pid: holder.pid } : { held: false };
  }
  return isAlive(holder) ? { held: true, pid: holder.pid } : { held: false };
}

/**
 * Takes the folder's lock or throws DatabaseFolderLockedError. Returns the function that releases it.
 * The lock file appears with its content in one step (written aside, then hard-linked into place),
 * and a lock left by a dead process is moved aside before it is replaced, so two processes cannot
 * both end up holding the folder.
 */
export function acquireFolderLock(folder: string): () => void {
  const absolute = path.resolve(folder);
  const lockPath = lockPathFor(absolute);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const content: LockContent = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    acquiredAt: new Date().toISOString(),
  };
  const draft = `${lockPath}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(draft, JSON.stringify(content));
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.linkSync(draft, lockPath);
        openedHere.add(absolute);
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          openedHere.delete(absolute);
          process.removeListener("exit", release);
          if (readLock(lockPath)?.acquiredAt === content.acquiredAt) fs.rmSync(lockPath, { force: true });
        };
        process.on("exit", release);
        return release;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const state = isHeld(lockPath, absolute);
        if (state.held) {
          if (state.pid === process.pid) throw new Error(`This process already holds ${absolute}; open it once and share the client.`);
          throw new DatabaseFolderLockedError(absolute, state.pid || (readLock(lockPath)?.pid ?? 0));
        }
        // Stale: move it aside under a unique name, then check that what we moved was the stale lock.
        const aside = `${lockPath}.stale.${process.pid}.${attempt}`;
        try {
          fs.renameSync(lockPath, aside);
        } catch {
          continue; // someone else moved or replaced it first; look again
        }
        const moved = readLock(aside);
        if (moved && moved.pid !== process.pid && isAlive(moved)) {
          // We moved a live process's fresh lock: put it back (fails harmlessly if a new one exists).
          try {
            fs.linkSync(aside, lockPath);
          } catch {
            /* another lock is in place */
          }
        }
        fs.rmSync(aside, { force: true });
      }
    }
    throw new Error(`Could not lock the database folder ${absolute}; try again.`);
  } finally {
    fs.rmSync(draft, { force: true });
  }
}
