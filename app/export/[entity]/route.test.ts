import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/index";
import { accounts, contacts, opportunities } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/db/testing/databases";
import { readCsv } from "@/lib/import/csv";

const state = vi.hoisted(() => ({ db: null as Database | null, user: null as { id: number; role: string } | null }));

vi.mock("@/lib/auth", () => ({ currentUser: vi.fn(async () => state.user) }));
vi.mock("@/db/index", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/db/index")>()),
  getDb: () => state.db!,
}));

const { GET } = await import("./route");

const get = (path: string) => {
  const url = new URL(path, "http://localhost");
  const entity = url.pathname.split("/").at(-1)!;
  return GET(new Request(url), { params: Promise.resolve({ entity }) });
};

describe("GET /export/[entity]", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("pglite");
    state.db = t.handle.db;
    await state.db.insert(accounts).values([{ id: 1, name: "=Acme" }, { id: 2, name: "Globex" }]);
    await state.db.insert(contacts).values([
      { accountId: 1, name: "Carla Diaz", buyingGroupRole: "economic_buyer" },
      { accountId: 2, name: "Finn Berg", buyingGroupRole: "champion" },
    ]);
    await state.db.insert(opportunities).values([
      { name: "Open deal", accountId: 1, stageId: 1, status: "open", amount: "1000.00", createdAt: new Date("2026-01-05T00:00:00Z") },
      { name: "Won deal", accountId: 2, stageId: 6, status: "won", amount: null, createdAt: new Date("2026-01-06T00:00:00Z"), closedAt: new Date("2026-02-01T00:00:00Z") },
    ]);
  });
  afterAll(() => t.drop());
  beforeEach(() => {
    state.user = { id: 1, role: "sales" };
  });

  it("streams a CSV attachment named by entity and day, byte-order mark first", async () => {
    const response = await get("/export/accounts");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="accounts-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = [];
    for await (const { cells } of readCsv(Readable.from([Buffer.from(bytes)]), ",")) rows.push(cells);
    expect(rows.map((r) => r[1])).toEqual(["Account Name", "'=Acme", "Globex"]);
  });

  it("narrows buying-group maps to one account", async () => {
    const text = await (await get("/export/buying-groups?account=2")).text();
    expect(text).toContain("Finn Berg");
    expect(text).not.toContain("Carla Diaz");
  });

  it("checks the session before answering anything, even an unknown export", async () => {
    state.user = null;
    for (const path of ["/export/accounts", "/export/leads"]) {
      const response = await get(path);
      expect(response.status, path).toBe(401);
      expect(await response.json()).toEqual({ error: "Sign in first." });
    }
  });

  it("answers an unknown export with 404", async () => {
    const response = await get("/export/prospects");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'There is no "prospects" export. Exports: opportunities, accounts, contacts, leads, buying-groups.' });
  });

  it("refuses a bad account parameter with 400 naming it, and an unknown account with 404", async () => {
    for (const value of ["abc", "0", "-1", "1.5", "1e3", " 2", "99999999999"]) {
      const response = await get(`/export/buying-groups?account=${encodeURIComponent(value)}`);
      expect(response.status, value).toBe(400);
      expect((await response.json()).parameter).toBe("account");
    }
    expect((await get("/export/buying-groups?account=1&account=2")).status).toBe(400);
    expect((await get("/export/contacts?account=1")).status).toBe(400);
    const missing = await get("/export/buying-groups?account=999");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "There is no account with id 999.", parameter: "account" });
  });

  it("exports a deal list's opportunities when given its parameters, all of them otherwise", async () => {
    const names = async (path: string) => {
      const rows: string[][] = [];
      for await (const { cells } of readCsv(Readable.from([Buffer.from(await (await get(path)).arrayBuffer())]), ",")) rows.push(cells);
      return rows.slice(1).map((r) => r[1]);
    };
    expect(await names("/export/opportunities")).toEqual(["Open deal", "Won deal"]);
    expect(await names("/export/opportunities?status=won&owner=all")).toEqual(["Won deal"]);
    expect(await names("/export/opportunities?band=none")).toEqual(["Won deal"]);
    // The export takes the link as it is: a rep's own-deals default is the page's, written into its download link.
    expect(await names("/export/opportunities?status=open")).toEqual(["Open deal"]);
  });

  it("refuses a funnel lead list's bad parameter with 400 naming it", async () => {
    const response = await get("/export/leads?stuck=won");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ parameter: "stuck", error: 'stuck must be one of lead, mql, sql, opportunity; got "won".' });
  });

  it("refuses a deal list's bad parameter with 400 naming it", async () => {
    const response = await get("/export/opportunities?status=closed");
    expect(response.status).toBe(400);
    expect((await response.json()).parameter).toBe("status");
  });
});
