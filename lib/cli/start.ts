/**
 * npm start: build if needed, then serve. The server itself applies migrations, loads the demo data
 * on first run and prints the demo sign-ins (instrumentation.ts → db/startup.ts).
 */
import { spawn } from "node:child_process";
import { folderHolder } from "@/db/lock";
import { authSecret } from "@/lib/auth/secret";
import { env, pgliteDir } from "@/lib/env";
import { DatabaseFolderLockedError, EnvironmentError } from "@/lib/errors";
import { ensureBuilt, nextBin } from "./build";

function main() {
  let config;
  try {
    config = env();
  } catch (error) {
    console.error(error instanceof EnvironmentError ? error.message : error);
    process.exit(1);
  }

  if (!config.DATABASE_URL) {
    const holder = folderHolder(pgliteDir(config));
    if (holder !== null) {
      console.error(new DatabaseFolderLockedError(pgliteDir(config), holder).message);
      process.exit(1);
    }
  }

  if (!ensureBuilt()) {
    console.error("The build failed; see the messages above.");
    process.exit(1);
  }

  const child = spawn(process.execPath, [nextBin(), "start", "--port", String(config.PORT)], {
    stdio: "inherit",
    env: {
      ...process.env,
      AUTH_SECRET: authSecret(),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      // The server closes the database itself on SIGINT/SIGTERM (db/index.ts), releasing its lock.
      NEXT_MANUAL_SIG_HANDLE: "true",
    },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 143)));
}

main();
