/**
 * Several instances on one database, as users start them (npm start → lib/cli/start.ts): on a fresh
 * PostgreSQL database (when DATABASE_URL is set), instance A with WEB_CONCURRENCY=2 and instance B
 * with one process, each on its own port. A flood with one API key sent to both is held to one
 * limit for the pair; a change to the signal taxonomy and a revoked key reach both within a second.
 * Without PostgreSQL: WEB_CONCURRENCY above 1 is refused, naming the variable.
 * Uses the production build (npm start builds it first when it is missing or stale).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/index";
import { accounts, signalTypes, users } from "@/db/schema";
import { createTemporaryDatabase, type TemporaryDatabase } from "@/db/temporary-database";
import { createApiKey, revokeApiKey } from "@/db/queries/api-keys";
import { freePort } from "./free-port";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
const start = path.join(root, "lib", "cli", "start.ts");

interface Instance {
  url: string;
  lines: string[];
  stop(): Promise<void>;
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  // In a process group of its own, so stopping it stops the server `npm start` runs too: killing
  // only the parent would leave that server running, orphaned, after a slow shutdown.
  const child: ChildProcess = spawn(process.execPath, [tsx, start], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env, PORT: String(port), DEMO_DATA: "off", AUTH_SECRET: "instances-test-secret-0123456789abcdef", NODE_ENV: "production" },
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n").filter((l) => l.trim() !== ""));
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
    // Whatever of the group outlived its parent.
    signalGroup("SIGKILL");
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The instance stopped while starting:\n${lines.slice(-20).join("\n")}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The instance did not answer /api/health:\n${lines.slice(-20).join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, lines, stop };
}

const recent = () => new Date(Date.now() - 60_000).toISOString();
const post = (instance: Instance, key: string, body: unknown) =>
  fetch(`${instance.url}/api/v1/signals`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });

/** Milliseconds until `check` holds, asked every 25 ms; fails after five seconds. */
async function within(check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > 5_000) throw new Error("not seen within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return performance.now() - started;
}

/** A second, and what one poll and one request add on a loaded machine. */
const WITHIN_A_SECOND_MS = 1_300;

if (process.env.DATABASE_URL) {
  describe("two instances on one PostgreSQL database", () => {
    let database: TemporaryDatabase;
    let handle: DatabaseHandle;
    let a: Instance;
    let b: Instance;
    let key = "";
    let keyId = 0;
    let adminId = 0;

    beforeAll(async () => {
      database = await createTemporaryDatabase(process.env.DATABASE_URL!, "pa_instances");
      // SIGNALS_PER_SECOND_PER_KEY=1: a burst of 1,000 (one full batch), one signal a second after it.
      const env = { DATABASE_URL: database.url, SIGNALS_PER_SECOND_PER_KEY: "1" };
      a = await startInstance({ ...env, WEB_CONCURRENCY: "2" });
      b = await startInstance(env);
      handle = openDatabase({ driver: "postgres", url: database.url, maxConnections: 2 });
      const [admin] = await handle.db.insert(users).values({ email: "admin@example.com", name: "Admin", role: "admin", passwordHash: "x" }).returning();
      adminId = admin!.id;
      await handle.db.insert(accounts).values({ name: "Acme", domain: "acme.com", ownerId: adminId });
      ({ id: keyId, key } = await createApiKey(handle.db, "Website", adminId, ["signals:write"]));
    }, 900_000);
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await handle?.close();
      await database?.drop();
    });

    it("prepared the database once and serves from two processes on A", () => {
      expect(a.lines.some((l) => /Ready: 2 server processes on port/.test(l))).toBe(true);
    });

    it("holds one API key's limit for the pair", async () => {
      const batch = (n: number) => Array.from({ length: 100 }, (_, i) => ({ type: "blog_visit", occurred_at: recent(), account: { domain: "acme.com" }, idempotency_key: `flood-${n}-${i}` }));
      const statuses: Record<string, number[]> = { a: [], b: [] };
      for (let n = 0; n < 24; n++) {
        const [name, instance] = n % 2 === 0 ? (["a", a] as const) : (["b", b] as const);
        const res = await post(instance, key, batch(n));
        statuses[name]!.push(res.status);
        if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        else expect(res.status).toBe(201);
      }
      // 1,000 signals pass, then a second's refill is far from another batch of 100. Each instance
      // alone would have let ten of its twelve batches through.
      const accepted = [...statuses.a!, ...statuses.b!].filter((s) => s === 201).length;
      expect(accepted).toBe(10);
      expect(statuses.a!.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
      expect(statuses.b!.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
      expect(statuses.a!.slice(5).every((s) => s === 429)).toBe(true);
      expect(statuses.b!.slice(5).every((s) => s === 429)).toBe(true);
    });

    it("reads a taxonomy change and a revoked key on both instances within a second", async () => {
      const { key: other } = await createApiKey(handle.db, "Partner", adminId, ["signals:write"]);
      const newType = { type: "trade_show_visit", occurred_at: recent(), account: { domain: "acme.com" } };
      // Both instances have cached the taxonomy (and the key) before the change.
      for (const instance of [a, b, a, b]) expect((await post(instance, other, newType)).status).toBe(400);
      await handle.db.insert(signalTypes).values({ key: "trade_show_visit", label: "Trade show visit", tier: "medium", points: 10, halfLifeDays: 30, responsePlaybook: "Follow up within a week." });
      for (const instance of [a, b]) {
        expect(await within(async () => (await post(instance, other, newType)).status === 201)).toBeLessThan(WITHIN_A_SECOND_MS);
      }

      expect(await revokeApiKey(handle.db, keyId, adminId)).toBe(true);
      const ping = { type: "blog_visit", occurred_at: recent(), account: { domain: "acme.com" } };
      for (const instance of [a, b]) {
        expect(await within(async () => (await post(instance, key, ping)).status === 401)).toBeLessThan(WITHIN_A_SECOND_MS);
      }
    });
  });
}

describe("several server processes on the embedded database", () => {
  it("are refused before anything starts, naming WEB_CONCURRENCY and DATABASE_URL", () => {
    const result = spawnSync(process.execPath, [tsx, start], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: "", WEB_CONCURRENCY: "2", PORT: "1" },
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/WEB_CONCURRENCY=2 needs PostgreSQL.*Set DATABASE_URL/);
  });
});
