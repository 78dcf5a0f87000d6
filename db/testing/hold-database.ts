/**
 * A process that opens a PGlite folder and writes on request, for the lock tests:
 * prints "ready <pid>", then for each "write <key>" line on stdin stores a setting and prints
 * "wrote <key>"; closes cleanly on SIGTERM.
 */
import readline from "node:readline";
import { closeDatabaseOnShutdown, getDatabase } from "@/db/index";
import { migrateDatabase } from "@/db/migrate";
import { settings } from "@/db/schema";
import { DatabaseFolderLockedError } from "@/lib/errors";

async function main() {
  let handle;
  try {
    handle = getDatabase();
  } catch (error) {
    if (error instanceof DatabaseFolderLockedError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  closeDatabaseOnShutdown();
  await migrateDatabase(handle);
  console.log(`ready ${process.pid}`);
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    const [command, key] = line.trim().split(" ");
    if (command === "write" && key) {
      await handle.db.insert(settings).values({ key, value: { pid: process.pid } });
      console.log(`wrote ${key}`);
    }
  }
}

void main();
