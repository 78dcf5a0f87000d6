/**
 * Sustained signal ingest through the production server: `next start` on a loopback port against a
 * fresh database with the demo data (PostgreSQL, then PGlite), one API key with signals:write per
 * client, then `clients` concurrent keep-alive clients POST single signals to /api/v1/signals for
 * `seconds`. Each answer comes after the signal is stored, scored and routed, so the latency is the
 * whole router. Afterwards the signals stored through the bench keys are counted: every 2xx must be
 * a stored row ("lost" = acknowledged − stored). On PostgreSQL the server also runs as npm start
 * runs it with WEB_CONCURRENCY=N (N `next start` processes sharing the port), once per N given.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type DatabaseConfig } from "@/db/index";
import { createApiKey } from "@/db/queries/api-keys";
import { ingestTargets, signalsStoredByKeys } from "@/db/queries/ingest-bench";
import { Random } from "@/db/seed/random";
import { prepare } from "@/db/startup";
import { withTemporaryDatabase } from "@/db/temporary-database";
import { authSecret } from "@/lib/auth/secret";
import { defaultSignalTypes, derivedSignalTypes } from "@/lib/domain/signal-types";
import { ensureBuilt, nextBin } from "./build";
import { freePort } from "./free-port";

export interface IngestOptions {
  seconds: number;
  clients: number;
  seed: number;
  /** Signals per request: 1 sends single signals; more sends batches (each run once per size given). */
  batches: readonly number[];
  /** Server processes on PostgreSQL (WEB_CONCURRENCY), one run per count and batch size; PGlite always runs one. */
  processes: readonly number[];
  /** The PostgreSQL server to create the fresh database on; null skips PostgreSQL. */
  server: string | null;
  drivers: ReadonlySet<string>;
}

export interface IngestRun {
  driver: "postgres" | "pglite";
  /** Server processes serving the port. */
  processes: number;
  /** Signals per request. */
  batch: number;
  seconds: number;
  clients: number;
  /** Answers in the timed window and their rate. */
  answered: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Non-2xx answers (and failed requests) by status, over the whole run. */
  errors: Record<string, number>;
  /** 2xx answers over the whole run (warm-up included) and signals stored through the bench keys. */
  acknowledged: number;
  stored: number;
  /** Lines the server printed between the first and the last request. */
  serverLogLines: number;
  serverLogSample: string[];
  /** 1-minute load average of the machine before and after the timed window. */
  load: [number, number];
}

const WARM_UP_PER_CLIENT = 5;
const clientTypes = defaultSignalTypes.filter((t) => !derivedSignalTypes.has(t.key)).map((t) => t.key);

interface Server {
  child: ChildProcess;
  lines: string[];
  stop(): Promise<void>;
}

const startScript = path.join(import.meta.dirname, "start.ts");
const tsxCli = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");

/**
 * The server as npm start runs it, on its own database, with no demo data of its own: one
 * `next start`, or with several processes lib/cli/start.ts with WEB_CONCURRENCY (ready once it
 * says every process is listening).
 */
async function startServer(port: number, databaseEnv: Record<string, string>, processes: number): Promise<Server> {
  const command = processes === 1 ? [nextBin(), "start", "--port", String(port), "--hostname", "127.0.0.1"] : [tsxCli, startScript];
  const child = spawn(process.execPath, command, {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...databaseEnv,
      WEB_CONCURRENCY: String(processes),
      PORT: String(port),
      DEMO_DATA: "off",
      AUTH_SECRET: authSecret(),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_MANUAL_SIG_HANDLE: "true",
    },
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n").filter((l) => l.trim() !== ""));
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server stopped while starting:\n${lines.slice(-20).join("\n")}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok && (processes === 1 || lines.some((l) => l.startsWith(`Ready: ${processes} server processes`)))) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer /api/health within 3 minutes:\n${lines.slice(-20).join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { child, lines, stop };
}

/** A fresh database with the demo data and one signals:write key per client. */
async function prepareDatabase(config: DatabaseConfig, options: IngestOptions) {
  const handle = openDatabase(config);
  try {
    await prepare(handle, { demoData: true, seed: options.seed, scale: 1, log: () => {} });
    const keys: { id: number; key: string }[] = [];
    // User 1 is the demo's admin.
    for (let i = 0; i < options.clients; i++) keys.push(await createApiKey(handle.db, `Ingest bench client ${i + 1}`, 1, ["signals:write"]));
    const targets = await ingestTargets(handle.db, 2_000);
    return { keys, targets };
  } finally {
    await handle.close();
  }
}

async function countStored(config: DatabaseConfig, keyIds: number[]): Promise<number> {
  const handle = openDatabase(config);
  try {
    return await signalsStoredByKeys(handle.db, keyIds);
  } finally {
    await handle.close();
  }
}

/** One signal: a spread of known accounts and people, some new ones, unique keys. */
function signalItem(rng: Random, targets: { domain: string; email: string | null }[], run: string, client: number, seq: number): Record<string, unknown> {
  const type = rng.pick(clientTypes);
  const known = rng.chance(0.85) && targets.length > 0;
  const target = known ? rng.pick(targets) : { domain: `bench-${run}-${rng.int(1, 400)}.example.com`, email: null };
  let contact: { email: string } | undefined;
  if (rng.chance(0.6)) contact = { email: target.email && rng.chance(0.7) ? target.email : `person${rng.int(1, 50)}@${target.domain}` };
  return {
    type,
    occurred_at: new Date(Date.now() - rng.int(0, 3_600) * 1_000).toISOString(),
    account: { domain: target.domain },
    ...(contact ? { contact } : {}),
    properties: { bench: true },
    idempotency_key: `bench-${run}-${client}-${seq}`,
  };
}

/** A request body: one signal, or a batch of `batch` as an array. */
function requestBody(rng: Random, targets: { domain: string; email: string | null }[], run: string, client: number, seq: number, batch: number): string {
  if (batch === 1) return JSON.stringify(signalItem(rng, targets, run, client, seq));
  return JSON.stringify(Array.from({ length: batch }, (_, i) => signalItem(rng, targets, run, client, seq * batch + Math.sign(seq || 1) * i)));
}

interface ClientTally {
  latencies: number[];
  /** Signals acknowledged in the timed window. */
  signals: number;
  acknowledged: number;
  errors: Record<string, number>;
}

/** `clients` loops that each send one request (of `batch` signals) at a time until the deadline. */
async function drive(
  port: number,
  keys: { key: string }[],
  targets: { domain: string; email: string | null }[],
  run: string,
  seed: number,
  requests: { perClient?: number; until?: number },
  tally: ClientTally,
  record: boolean,
  batch: number,
): Promise<void> {
  const url = `http://127.0.0.1:${port}/api/v1/signals`;
  await Promise.all(
    keys.map(async ({ key }, client) => {
      const rng = new Random(`${seed}/ingest/${run}/${client}/${record ? "timed" : "warm"}`);
      for (let seq = 0; ; seq++) {
        if (requests.perClient !== undefined && seq >= requests.perClient) break;
        if (requests.until !== undefined && performance.now() >= requests.until) break;
        const body = requestBody(rng, targets, run, client, record ? seq : -1 - seq, batch);
        const started = performance.now();
        let status: string;
        let accepted = 0;
        try {
          const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
          const answer = (await res.json()) as { accepted?: number };
          status = String(res.status);
          accepted = batch === 1 ? 1 : (answer.accepted ?? 0);
        } catch {
          status = "network error";
        }
        if (status === "200" || status === "201") {
          tally.acknowledged += accepted;
          if (record) {
            tally.latencies.push(performance.now() - started);
            tally.signals += accepted;
          }
        } else tally.errors[status] = (tally.errors[status] ?? 0) + batch;
      }
    }),
  );
}

async function runOn(
  driver: IngestRun["driver"],
  config: DatabaseConfig,
  databaseEnv: Record<string, string>,
  options: IngestOptions,
  batch: number,
  processes: number,
): Promise<IngestRun> {
  const { keys, targets } = await prepareDatabase(config, options);
  const port = await freePort();
  const server = await startServer(port, databaseEnv, processes);
  const run = `${driver}${processes}x${batch}-${Date.now().toString(36)}`;
  const tally: ClientTally = { latencies: [], signals: 0, acknowledged: 0, errors: {} };
  let logLines = 0;
  let sample: string[] = [];
  let timedSeconds = 0;
  let load: [number, number] = [0, 0];
  try {
    await drive(port, keys, targets, run, options.seed, { perClient: WARM_UP_PER_CLIENT }, tally, false, batch);
    const linesBefore = server.lines.length;
    load = [os.loadavg()[0]!, 0];
    const started = performance.now();
    await drive(port, keys, targets, run, options.seed, { until: started + options.seconds * 1000 }, tally, true, batch);
    timedSeconds = (performance.now() - started) / 1000;
    load[1] = os.loadavg()[0]!;
    logLines = server.lines.length - linesBefore;
    sample = server.lines.slice(linesBefore, linesBefore + 5);
  } finally {
    await server.stop();
  }
  const stored = await countStored(config, keys.map((k) => k.id));
  const latencies = tally.latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]! : Number.NaN);
  return {
    driver,
    processes,
    batch,
    seconds: timedSeconds,
    clients: keys.length,
    answered: tally.signals,
    perSecond: tally.signals / timedSeconds,
    p50: at(0.5),
    p99: at(0.99),
    errors: tally.errors,
    acknowledged: tally.acknowledged,
    stored,
    serverLogLines: logLines,
    serverLogSample: sample,
    load,
  };
}

export async function benchIngest(options: IngestOptions, log: (line: string) => void = console.log): Promise<IngestRun[]> {
  if (!ensureBuilt(log)) throw new Error("The build failed; the ingest bench needs the production build.");
  const runs: IngestRun[] = [];
  if (options.drivers.has("postgres")) {
    if (options.server) {
      const server = options.server;
      for (const processes of options.processes) {
        for (const batch of options.batches) {
          log(`Ingest: PostgreSQL, ${processes} server process${processes === 1 ? "" : "es"}, ${options.clients} clients, ${batch} signal${batch === 1 ? "" : "s"} a request, for ${options.seconds} s…`);
          runs.push(await withTemporaryDatabase(server, "pa_ingest", (url) => runOn("postgres", { driver: "postgres", url }, { DATABASE_URL: url }, options, batch, processes)));
        }
      }
    } else log("Ingest: no PostgreSQL server answered (DATABASE_URL, or 127.0.0.1:5432); skipping PostgreSQL.");
  }
  if (options.drivers.has("pglite")) {
    for (const batch of options.batches) {
      log(`Ingest: PGlite, ${options.clients} clients, ${batch} signal${batch === 1 ? "" : "s"} a request, for ${options.seconds} s…`);
      const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pa-ingest-")), "pglite");
      try {
        runs.push(await runOn("pglite", { driver: "pglite", dir }, { DATABASE_URL: "", PGLITE_DIR: dir }, options, batch, 1));
      } finally {
        fs.rmSync(path.dirname(dir), { recursive: true, force: true });
      }
    }
  }
  return runs;
}

export function printIngest(runs: IngestRun[]) {
  if (runs.length === 0) return;
  const first = runs[0]!;
  console.log(`\nSustained ingest: ${first.clients} concurrent clients (one API key each, keep-alive), POSTing to /api/v1/signals one signal or one batch at a time`);
  console.log(`on the production server (next start) over loopback, for ${Math.round(first.seconds)} s after ${WARM_UP_PER_CLIENT} warm-up signals per client, against a`);
  console.log("fresh database with the demo data. Latency: POST to the routed answer (of every signal in the request). Lost: 2xx answers (warm-up included) minus signals");
  console.log("stored through the bench keys. Processes: server processes sharing the port (npm start with WEB_CONCURRENCY; every process, the");
  console.log("clients and the database share this machine's cores). Aim on PostgreSQL: ≥ 1,000 signals/s, p99 ≤ 100 ms, none lost.\n");
  console.log(`| driver | processes | signals a request | signals/s | p50 (ms) | p99 (ms) | errors | acknowledged | stored | lost | server log lines | load avg before → after |`);
  console.log(`|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|`);
  for (const r of runs) {
    const errors = Object.entries(r.errors).map(([status, n]) => `${status}: ${n.toLocaleString("en-US")}`).join(", ") || "none";
    console.log(
      `| ${r.driver === "postgres" ? "PostgreSQL" : "PGlite"} | ${r.processes} | ${r.batch} | ${Math.round(r.perSecond).toLocaleString("en-US")} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${errors} | ${r.acknowledged.toLocaleString("en-US")} | ${r.stored.toLocaleString("en-US")} | ${(r.acknowledged - r.stored).toLocaleString("en-US")} | ${r.serverLogLines} | ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} |`,
    );
  }
  for (const r of runs) if (r.serverLogSample.length) console.log(`\n${r.driver} (${r.processes} process${r.processes === 1 ? "" : "es"}) server printed, e.g.:\n  ${r.serverLogSample.join("\n  ")}`);
  if (runs.some((r) => r.errors["429"])) console.log(`\nSome answers were 429: the per-key rate limit (SIGNALS_PER_SECOND_PER_KEY, default 200/s) throttled a client.`);
}
