/**
 * npm start: build if needed, then serve. One server process by default: it applies migrations,
 * loads the demo data on first run and prints the demo sign-ins itself (instrumentation.ts →
 * db/startup.ts). With WEB_CONCURRENCY=N on PostgreSQL, the database is prepared once here, then N
 * `next start` processes serve PORT together as Node cluster workers (the primary holds the port
 * and hands connections round-robin); a worker that dies is started again.
 */
import { spawn, spawnSync } from "node:child_process";
import cluster, { type Worker } from "node:cluster";
import path from "node:path";
import { folderHolder } from "@/db/lock";
import { authSecret } from "@/lib/auth/secret";
import { env, pgliteDir, webConcurrencyProblem, type Env } from "@/lib/env";
import { DatabaseFolderLockedError, EnvironmentError } from "@/lib/errors";
import { ensureBuilt, nextBin } from "./build";

function serverEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AUTH_SECRET: authSecret(),
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    // The server closes the database itself on SIGINT/SIGTERM (db/index.ts), releasing its lock.
    NEXT_MANUAL_SIG_HANDLE: "true",
  };
}

/**
 * `next start`'s arguments. An idle connection is kept 65 s, longer than a load balancer's usual
 * 60 s: with Node's 5 s default, a client or balancer reusing a connection just as the server
 * closes it gets a reset instead of an answer.
 */
const nextStartArgs = (config: Env) => ["start", "--port", String(config.PORT), "--keepAliveTimeout", "65000"];

function single(config: Env) {
  const child = spawn(process.execPath, [nextBin(), ...nextStartArgs(config)], { stdio: "inherit", env: serverEnv() });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 143)));
}

/** Migrations, reference data and demo data, once, in a process of their own (it needs the react-server condition). */
function prepareOnce(): boolean {
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  const result = spawnSync(process.execPath, [tsx, "--conditions=react-server", path.join(import.meta.dirname, "prepare.ts")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  return result.status === 0;
}

function several(config: Env) {
  const count = config.WEB_CONCURRENCY;
  if (!prepareOnce()) {
    console.error("The database could not be prepared; no server was started.");
    process.exit(1);
  }
  // Workers run Next's own CLI, without this process's TypeScript loader.
  cluster.setupPrimary({ exec: nextBin(), args: nextStartArgs(config), execArgv: [] });
  const workerEnv = { ...serverEnv(), DATABASE_PREPARED_BY_START: "1" };
  /** The exit code once stopping: the signal's, or 1 when giving up. */
  let stopping: number | null = null;
  let listening = 0;
  const restarts: number[] = [];
  const fork = () => cluster.fork(workerEnv);

  cluster.on("listening", () => {
    listening++;
    if (listening === count) console.log(`Ready: ${count} server processes on port ${config.PORT}; open http://localhost:${config.PORT} and sign in.`);
  });
  cluster.on("exit", (worker: Worker, code, signal) => {
    if (stopping !== null) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(stopping);
      return;
    }
    // A worker that keeps dying (a broken build, an unreachable database) must not be restarted forever.
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && restarts[0]! < now - 60_000) restarts.shift();
    if (restarts.length > count * 3) {
      console.error("Server processes keep stopping; giving up. See the messages above.");
      stopping = 1;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    console.error(`Server process ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another.`);
    fork();
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping !== null) return;
      stopping = signal === "SIGINT" ? 130 : 143;
      const workers = Object.values(cluster.workers ?? {});
      if (workers.length === 0) process.exit(stopping);
      for (const w of workers) w?.process.kill(signal);
    });
  }
  for (let i = 0; i < count; i++) fork();
}

function main() {
  let config: Env;
  try {
    config = env();
  } catch (error) {
    console.error(error instanceof EnvironmentError ? error.message : error);
    process.exit(1);
  }
  const problem = webConcurrencyProblem(config);
  if (problem) {
    console.error(problem);
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

  if (config.WEB_CONCURRENCY > 1) several(config);
  else single(config);
}

main();
