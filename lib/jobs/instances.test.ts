/**
 * Two instances of the app (npm start, as a user runs it) on one fresh PostgreSQL database: a
 * 10,000-row Salesforce export is uploaded through one and checked and committed through the other,
 * each run picked up by the queue's workers; the instance running the commit is killed (SIGKILL) in
 * the middle of it, and the other finishes the commit with exact counts and no duplicate rows.
 *
 * Runs only with DATABASE_URL (see .config/vitest.config.ts): it needs a PostgreSQL server, and a
 * production build (made first when missing or stale).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type DatabaseHandle } from "@/db/index";
import { migrateDatabase } from "@/db/migrate";
import { ensureReferenceData } from "@/db/reference";
import { createUser } from "@/db/queries/users";
import { createTemporaryDatabase, type TemporaryDatabase } from "@/db/temporary-database";
import { hashPassword } from "@/lib/auth/password";
import { ensureBuilt } from "@/lib/cli/build";

const serverUrl = process.env.DATABASE_URL!;
const root = process.cwd();
const ROWS = 10_000;
const basePort = Number(process.env.INSTANCES_TEST_PORT ?? 3700) + (process.pid % 50) * 2;
const admin = { email: "admin@example.com", password: "two-instances-password" };

interface Instance {
  name: string;
  port: number;
  process: ChildProcess;
  output: string[];
  cookie: string;
}

/** A Salesforce opportunity report as exported: BOM, every cell quoted, CRLF, money and US dates. */
function salesforceExport(rows: number): string {
  const header = ["Opportunity ID", "Opportunity Name", "Account Name", "Opportunity Owner", "Stage", "Amount", "Probability (%)", "Close Date", "Created Date", "Lead Source", "Type"];
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = [header.map(quote).join(",")];
  for (let i = 0; i < rows; i++) {
    lines.push(
      [
        `0065e00002B${String(i).padStart(6, "0")}`,
        `Renewal ${i} - Platform, Annual`,
        `Account ${i % 700}`,
        "Ada Admin",
        i % 3 ? "Discovery" : "Closed Won",
        `$${(12_000 + i).toLocaleString("en-US")}.00`,
        i % 3 ? "20" : "100",
        `${(i % 12) + 1}/15/2026`,
        `1/${(i % 14) + 1}/2026`,
        i % 2 ? "Web" : "Partner Referral",
        "New Business",
      ]
        .map(quote)
        .join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The id of a server action of the build, by its file and export. */
function actionId(file: string, name: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const found = Object.entries(manifest.node).find(([, e]) => e.filename.endsWith(file) && e.exportedName === name);
  if (!found) throw new Error(`No server action ${name} in ${file}`);
  return found[0];
}

const cookiesOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]!);

async function signIn(port: number): Promise<string> {
  const base = `http://127.0.0.1:${port}`;
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email: admin.email, password: admin.password, callbackUrl: `${base}/import` }),
  });
  const session = cookiesOf(response).find((c) => c.includes("session-token="));
  if (!session) throw new Error(`Signing in on port ${port} failed: ${response.status} ${response.headers.get("location")}`);
  return session;
}

function start(name: string, port: number, url: string): Instance {
  const output: string[] = [];
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "lib/cli/start.ts"], {
    cwd: root,
    // Its own process group: killing the instance kills the server and its launcher together.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PORT: String(port), DATABASE_URL: url, DEMO_DATA: "off", AUTH_SECRET: "two-instances-test-secret-0123456789abcdef" },
  });
  for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (d: Buffer) => output.push(d.toString()));
  return { name, port, process: child, output, cookie: "" };
}

async function healthy(instance: Instance, timeoutMs = 90_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (instance.process.exitCode !== null) throw new Error(`${instance.name} exited:\n${instance.output.join("")}`);
    try {
      const response = await fetch(`http://127.0.0.1:${instance.port}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${instance.name} did not start:\n${instance.output.join("")}`);
}

/** The process group a process belongs to (field 5 of /proc/<pid>/stat). */
function processGroup(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  } catch {
    return null;
  }
}

async function stop(instance: Instance): Promise<void> {
  if (instance.process.exitCode !== null || instance.process.signalCode !== null) return;
  const exited = new Promise((r) => instance.process.once("exit", r));
  try {
    process.kill(-instance.process.pid!, "SIGTERM");
  } catch {
    return;
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  try {
    process.kill(-instance.process.pid!, "SIGKILL");
  } catch {
    // gone
  }
}

describe("two instances on one PostgreSQL database", () => {
  let database: TemporaryDatabase;
  let handle: DatabaseHandle;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    if (!ensureBuilt()) throw new Error("The build failed.");
    database = await createTemporaryDatabase(serverUrl, "pa_instances");
    handle = openDatabase({ driver: "postgres", url: database.url, maxConnections: 3 });
    await migrateDatabase(handle);
    await ensureReferenceData(handle.db);
    await createUser(handle.db, { email: admin.email, name: "Ada Admin", role: "admin", passwordHash: await hashPassword(admin.password) }, null);
    a = start("instance A", basePort, database.url);
    b = start("instance B", basePort + 1, database.url);
    await Promise.all([healthy(a), healthy(b)]);
    a.cookie = await signIn(a.port);
    b.cookie = await signIn(b.port);
  }, 15 * 60_000);

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(stop));
    await handle?.close();
    await database?.drop();
  }, 60_000);

  const importRow = async (id: number) =>
    (
      await queryRows<{ status: string; running: boolean; worker: string | null; processed_rows: number; created_rows: number; failed_rows: number; message: string | null; queue_job_id: string }>(
        handle.db,
        sql`select status, running, worker, processed_rows, created_rows, failed_rows, message, queue_job_id from import_jobs where id = ${id}`,
      )
    )[0]!;
  async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 90_000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() - started > timeoutMs) throw new Error(`${what}: timed out; last ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const action = (instance: Instance, importId: number, name: string, args: unknown) =>
    fetch(`http://127.0.0.1:${instance.port}/import/${importId}`, {
      method: "POST",
      headers: { cookie: instance.cookie, "next-action": actionId("app/(app)/import/actions.ts", name), "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
      body: JSON.stringify([args]),
    });

  it(
    "uploads through one, runs through the other, and finishes a commit whose instance was killed half-way",
    async () => {
      // Upload through A.
      const upload = await fetch(`http://127.0.0.1:${a.port}/api/imports?entity=opportunities&name=salesforce-export.csv`, {
        method: "POST",
        headers: { cookie: a.cookie, "content-type": "text/csv" },
        body: salesforceExport(ROWS),
      });
      expect(upload.status).toBe(201);
      const { id } = (await upload.json()) as { id: number };

      // B reads the job A recognised, and checks every row: a worker of either instance runs it.
      const view = await (await fetch(`http://127.0.0.1:${b.port}/api/imports/${id}`, { headers: { cookie: b.cookie } })).json();
      expect(view).toMatchObject({ totalRows: ROWS, format: "salesforce_opportunities", status: "uploaded" });
      const check = await action(b, id, "checkImportAction", {
        id,
        settings: { mapping: view.mapping, stageMap: view.options.stageMap, ownerMap: view.options.ownerMap, dateFormat: view.options.dateFormat },
      });
      expect(check.status).toBe(200);
      await until(() => importRow(id), (r) => !r.running, "dry run");
      const checked = await (await fetch(`http://127.0.0.1:${b.port}/api/imports/${id}`, { headers: { cookie: b.cookie } })).json();
      expect(checked, JSON.stringify(checked.errors?.slice(0, 3))).toMatchObject({ status: "validated", processedRows: ROWS, createdRows: ROWS, failedRows: 0 });

      // Hold the commit after its first rows (it waits for this lock on its first record of inserted
      // rows), so it is surely half-way when its instance is killed.
      const holder = openDatabase({ driver: "postgres", url: database.url, maxConnections: 1 });
      let releaseLock!: () => void;
      const lockReleased = new Promise<void>((r) => (releaseLock = r));
      let lockTaken!: () => void;
      const locked = new Promise<void>((r) => (lockTaken = r));
      const holding = holder.db.transaction(async (tx) => {
        await tx.execute(sql`lock table import_inserts in exclusive mode`);
        lockTaken();
        await lockReleased;
      });
      await locked;

      const commit = await action(b, id, "commitImportAction", { id, validOnly: false });
      expect(commit.status).toBe(200);
      const midway = await until(() => importRow(id), (r) => r.status === "committing" && r.worker !== null && r.processed_rows > 0, "commit under way");
      const pid = Number(midway.worker!.split(":")[1]);
      const victim = [a, b].find((i) => processGroup(pid) === i.process.pid);
      expect(victim, `the worker ${midway.worker} is one of the instances`).toBeDefined();
      const survivor = victim === a ? b : a;
      const killed = new Promise((r) => victim!.process.once("exit", r));
      process.kill(-victim!.process.pid!, "SIGKILL");
      await killed;
      releaseLock();
      await holding;
      await holder.close();

      // Nothing of the killed commit was written; the import still waits for its run.
      expect(await importRow(id)).toMatchObject({ status: "committing", running: true });
      const [none] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from opportunities`);
      expect(none!.n).toBe(0);

      // The survivor's worker takes the job over (its lease ran out) and commits every row once.
      const done = await until(() => importRow(id), (r) => !r.running, "commit taken over", 100_000);
      expect(done).toMatchObject({ status: "completed", processed_rows: ROWS, created_rows: ROWS, failed_rows: 0, message: null });
      expect(Number(done.worker!.split(":")[1])).not.toBe(pid);
      expect(processGroup(Number(done.worker!.split(":")[1]))).toBe(survivor.process.pid);
      const [rows] = await queryRows<{ n: number; distinct_ids: number }>(
        handle.db,
        sql`select count(*)::int as n, count(distinct external_id)::int as distinct_ids from opportunities where external_id like '0065e00002B%'`,
      );
      expect(rows).toEqual({ n: ROWS, distinct_ids: ROWS });
      const [recorded] = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from (select unnest(row_ids) from import_inserts where job_id = ${id} and table_name = 'opportunities') r`,
      );
      expect(recorded!.n).toBe(ROWS);
      const [job] = await queryRows<{ state: string; retry_count: number }>(handle.db, sql`select state::text, retry_count from pgboss.job where id = ${done.queue_job_id}::uuid`);
      expect(job).toEqual({ state: "completed", retry_count: 1 });

      // The survivor answers the import page's poll from the database.
      const final = await (await fetch(`http://127.0.0.1:${survivor.port}/api/imports/${id}`, { headers: { cookie: survivor.cookie } })).json();
      expect(final).toMatchObject({ status: "completed", running: false, createdRows: ROWS, processedRows: ROWS });
    },
    4 * 60_000,
  );
});
