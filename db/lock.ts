/**
 * One process per PGlite folder. PGlite is an embedded PostgreSQL without a postmaster: a second
 * process opening the same folder silently loses writes. A lock file beside the folder names the
 * holder; a live holder makes every other opener stop before anything is written.
 */
import fs from "node:fs";
import path from "node:path";

export class DatabaseFolderLockedError extends Error {
  constructor(
    readonly folder: string,
    readonly holderPid: number,
  ) {
    super(
      `The database folder ${folder} is in use by another process (pid ${holderPid}). ` +
        `Stop that process first, or point PGLITE_DIR at another folder.`,
    );
    this.name = "DatabaseFolderLockedError";
  }
}

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

/**
 * Takes the folder's lock or throws DatabaseFolderLockedError. Returns the function that releases it.
 * A lock left by a dead process is taken over.
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

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(content), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener("exit", release);
        if (readLock(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLock(lockPath);
      if (holder && holder.pid !== process.pid && isAlive(holder)) {
        throw new DatabaseFolderLockedError(absolute, holder.pid);
      }
      if (holder?.pid === process.pid) {
        throw new Error(`This process already holds ${absolute}; open it once and share the client.`);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the database folder ${absolute}.`);
}
