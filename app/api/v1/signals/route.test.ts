/**
 * POST /api/v1/signals against a real database (PGlite, and PostgreSQL when DATABASE_URL is set):
 * keys, limits, per-item errors in a partial batch, idempotent repeats and the per-key rate limit.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { accounts, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";

const state = vi.hoisted(() => ({ db: null as Database | null }));
vi.mock("@/db/index", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/db/index")>()),
  getDb: () => state.db!,
}));
process.env.SIGNALS_PER_SECOND_PER_KEY = "1";

const { POST } = await import("./route");
const { createApiKey, revokeApiKey } = await import("@/db/queries/api-keys");
const { CACHE_CHECK_MS } = await import("@/db/queries/cache-versions");
const { findUserById, updateUser } = await import("@/db/queries/users");
const { forgetIngestContext } = await import("@/db/queries/ingest-context-cache");

const recent = () => new Date(Date.now() - 60_000).toISOString();
const signal = (over: Record<string, unknown> = {}) => ({ type: "pricing_page_depth", occurred_at: recent(), account: { domain: "acme.com" }, ...over });
const post = (key: string | null, body: unknown, headers: Record<string, string> = {}) =>
  POST(
    new Request("http://localhost/api/v1/signals", {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

describe.each(testDrivers())("POST /api/v1/signals on %s", (driver) => {
  let t: TestDatabase;
  const keys: Record<string, string> = {};
  let adminId = 0;
  let creatorId = 0;
  const count = async () => (await queryRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from signals`))[0]!.n;

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    state.db = t.handle.db;
    forgetIngestContext();
    (globalThis as { __signalRateLimiter?: unknown }).__signalRateLimiter = undefined;
    const [admin] = await t.handle.db.insert(users).values({ email: "admin@x.com", name: "Admin", role: "admin", passwordHash: "x" }).returning();
    const [rep] = await t.handle.db.insert(users).values({ email: "rep@x.com", name: "Rep", role: "sales", passwordHash: "x" }).returning();
    await t.handle.db.insert(accounts).values({ name: "Acme", domain: "acme.com", ownerId: rep!.id });
    const [creator] = await t.handle.db.insert(users).values({ email: "dana@x.com", name: "Dana Admin", role: "admin", passwordHash: "x" }).returning();
    adminId = admin!.id;
    creatorId = creator!.id;
    keys.writer = (await createApiKey(t.handle.db, "Website", admin!.id, ["signals:write"])).key;
    keys.danas = (await createApiKey(t.handle.db, "Dana's form", creator!.id, ["signals:write"])).key;
    keys.danasCached = (await createApiKey(t.handle.db, "Dana's chat widget", creator!.id, ["signals:write"])).key;
    keys.flood = (await createApiKey(t.handle.db, "Flood", admin!.id, ["signals:write"])).key;
    keys.other = (await createApiKey(t.handle.db, "Partner", admin!.id, ["signals:write"])).key;
    keys.reader = (await createApiKey(t.handle.db, "BI", admin!.id, ["metrics:read"])).key;
    const revoked = await createApiKey(t.handle.db, "Old", admin!.id, ["signals:write"]);
    await revokeApiKey(t.handle.db, revoked.id, admin!.id);
    keys.revoked = revoked.key;
  });
  afterAll(() => t.drop());

  it("refuses a missing, revoked or read-only key", async () => {
    expect((await post(null, signal())).status).toBe(401);
    expect((await post(keys.revoked!, signal())).status).toBe(401);
    const readOnly = await post(keys.reader!, signal());
    expect(readOnly.status).toBe(403);
    expect((await readOnly.json()).error).toMatch(/signals:write/);
    expect(await count()).toBe(0);
  });

  it("refuses a body over 1 MB and malformed JSON, naming the problem", async () => {
    const big = await post(keys.writer!, JSON.stringify({ signals: [signal({ properties: { pad: "x".repeat(1_100_000) } })] }));
    expect(big.status).toBe(413);
    const broken = await post(keys.writer!, '{"type": "pricing_page_depth",');
    expect(broken.status).toBe(400);
    expect((await broken.json()).error).toMatch(/not valid JSON/);
  });

  it("stores a single signal and answers its score and owner", async () => {
    const response = await post(keys.writer!, signal({ idempotency_key: "one" }));
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ duplicate: false, type: "pricing_page_depth", track: "programmatic_nurture" });
    expect(body.score.readiness).toBeGreaterThan(0);
    expect(typeof body.routedTo).toBe("number");
  });

  it("answers a repeated idempotency key with the first result and stores nothing new", async () => {
    const before = await count();
    const again = await post(keys.writer!, signal({ idempotency_key: "one", type: "demo_request" }));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, type: "pricing_page_depth" });
    expect(await count()).toBe(before);
  });

  it("stores the good items of a batch and names the index and field of each bad one", async () => {
    const before = await count();
    const response = await post(keys.writer!, {
      signals: [
        signal({ contact: { email: "dana@acme.com" } }),
        signal({ type: "pricing_pages" }),
        signal({ occurred_at: "2099-01-01T00:00:00Z" }),
        signal({ account: { id: 987654 } }),
        signal({ type: "webinar_attended" }),
      ],
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: 2, rejected: 3 });
    expect(body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false, false, false, true]);
    expect(body.results[1].errors[0]).toMatchObject({ field: "signals[1].type" });
    expect(body.results[2].errors[0]).toMatchObject({ field: "signals[2].occurred_at", message: "2099-01-01T00:00:00Z is in the future." });
    expect(body.results[3].errors[0]).toMatchObject({ field: "signals[3].account.id" });
    expect(await count()).toBe(before + 2);
  });

  it("answers 400 when every item of a batch is bad, storing nothing", async () => {
    const before = await count();
    const response = await post(keys.writer!, [signal({ type: "x" }), signal({ account: {} })]);
    expect(response.status).toBe(400);
    expect((await response.json()).rejected).toBe(2);
    expect(await count()).toBe(before);
  });

  it("refuses a NUL character in any string with its path, storing the rest of the batch", async () => {
    const before = await count();
    const response = await post(keys.writer!, {
      signals: [
        signal(),
        signal({ account: { domain: "nul-test.com", name: "Nul\u0000 Inc" } }),
        signal({ contact: { email: "dana@acme.com", title: "VP\u0000" } }),
        signal({ properties: { utm: { campaign: "spring\u0000" } } }),
        signal({ idempotency_key: "nul\u0000key" }),
        signal({ properties: { "a\u0000": 1 } }),
        signal({ type: "pricing_page_depth\u0000" }),
      ],
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.results.map((r: { ok: boolean; errors?: { field: string }[] }) => (r.ok ? null : r.errors!.map((e) => e.field)))).toEqual([
      null,
      ["signals[1].account.name"],
      ["signals[2].contact.title"],
      ["signals[3].properties.utm.campaign"],
      ["signals[4].idempotency_key"],
      ['signals[5].properties["a\\u0000"]'],
      ["signals[6].type"],
    ]);
    expect(body.results[3].errors[0].message).toMatch(/NUL character/);
    expect(await count()).toBe(before + 1);
    const single = await post(keys.writer!, signal({ contact: { email: "nul@acme.com", name: "N\u0000" } }));
    expect(single.status).toBe(400);
    expect((await single.json()).errors).toEqual([{ field: "contact.name", message: expect.stringMatching(/NUL character/) }]);
    expect(await count()).toBe(before + 1);
  });

  it("refuses text that is not valid Unicode with its path", async () => {
    const response = await post(keys.writer!, JSON.stringify(signal({ properties: { page: "x" } })).replace('"x"', '"\\ud800"'));
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual([{ field: "properties.page", message: expect.stringMatching(/Unicode/) }]);
  });

  it("refuses an account id past the integer column by validation, naming account.id", async () => {
    const before = await count();
    const single = await post(keys.writer!, signal({ account: { id: 2 ** 31 } }));
    expect(single.status).toBe(400);
    expect((await single.json()).errors).toEqual([{ field: "account.id", message: expect.stringMatching(/2147483647/) }]);
    const batch = await (await post(keys.writer!, [signal(), signal({ account: { id: 99_999_999_999 } })])).json();
    expect(batch).toMatchObject({ accepted: 1, rejected: 1 });
    expect(batch.results[1].errors).toEqual([{ field: "signals[1].account.id", message: expect.stringMatching(/2147483647/) }]);
    expect(await count()).toBe(before + 1);
  });

  it("refuses properties nested 5,000 deep in one item and stores the others", async () => {
    const before = await count();
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const text = `{"signals":[${JSON.stringify(signal())},${JSON.stringify(signal({ properties: { a: "DEEP" } })).replace('"DEEP"', deep)},${JSON.stringify(signal())}]}`;
    const response = await post(keys.writer!, text);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: 2, rejected: 1 });
    expect(body.results[1].errors).toEqual([{ field: "signals[1].properties", message: expect.stringMatching(/10 levels/) }]);
    expect(await count()).toBe(before + 2);
    // A whole body nested as deep as 1 MB allows is a bad item, not a crash.
    const nested = await post(keys.writer!, `[${"[".repeat(400_000)}${"]".repeat(400_000)}]`);
    expect(nested.status).toBe(400);
    expect((await nested.json()).rejected).toBe(1);
  });

  it("creates no account or contact for a repeated idempotency key, even ten at once", async () => {
    const before = await count();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(keys.writer!, signal({ idempotency_key: `race-${driver}`, account: { domain: `race-${i}.com` }, contact: { email: `pat@race-${i}.com` } })),
      ),
    );
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(await count()).toBe(before + 1);
    const [made] = await queryRows<{ accounts: number; contacts: number }>(
      t.handle.db,
      sql`select (select count(*) from accounts where domain like 'race-%')::int as accounts, (select count(*) from contacts where email like 'pat@race-%')::int as contacts`,
    );
    expect(made).toEqual({ accounts: 1, contacts: 1 });
  });

  it("never attaches another account's contact: one email on two domains is a contact at each", async () => {
    const first = await (await post(keys.writer!, signal({ account: { domain: "first-co.com" }, contact: { email: "lee@first-co.com", name: "Lee" } }))).json();
    const second = await (await post(keys.writer!, signal({ account: { domain: "second-co.com" }, contact: { email: "lee@first-co.com" } }))).json();
    expect(second.accountId).not.toBe(first.accountId);
    expect(second.contactId).not.toBe(first.contactId);
    const people = await queryRows<{ id: number; accountId: number }>(t.handle.db, sql`select id, account_id as "accountId" from contacts where email = 'lee@first-co.com' order by id`);
    expect(people).toEqual([
      { id: first.contactId, accountId: first.accountId },
      { id: second.contactId, accountId: second.accountId },
    ]);
    // Back on the first account the first contact is found again.
    const again = await (await post(keys.writer!, signal({ account: { domain: "first-co.com" }, contact: { email: "LEE@first-co.com" } }))).json();
    expect(again.contactId).toBe(first.contactId);
  });

  it("scopes idempotency keys to the API key: another key's same key is its own signal", async () => {
    const mine = await post(keys.writer!, signal({ idempotency_key: "order-1", type: "demo_request", account: { domain: "tenant-a.com" } }));
    expect(mine.status).toBe(201);
    const first = await mine.json();
    const theirs = await post(keys.other!, signal({ idempotency_key: "order-1", account: { domain: "tenant-b.com" } }));
    expect(theirs.status).toBe(201);
    const second = await theirs.json();
    expect(second).toMatchObject({ duplicate: false, type: "pricing_page_depth" });
    expect(second.id).not.toBe(first.id);
    expect(second.accountId).not.toBe(first.accountId);
    const repeat = await post(keys.other!, signal({ idempotency_key: "order-1", account: { domain: "tenant-b.com" } }));
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toMatchObject({ id: second.id, duplicate: true });
  });

  it("rate-limits a flooding key with Retry-After while other keys go on", async () => {
    // One signal per second with a burst of 1,000: the first full batch passes, the next is refused
    // (the seconds the first batch took refill far fewer than 100 signals).
    const batch = Array.from({ length: 1000 }, (_, i) => signal({ type: "blog_visit", idempotency_key: `flood-${driver}-${i}` }));
    expect((await post(keys.flood!, batch)).status).toBe(201);
    const before = await count();
    const refused = await post(keys.flood!, Array.from({ length: 100 }, () => signal()));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await count()).toBe(before);
    expect((await post(keys.writer!, signal())).status).toBe(201);
  });

  it("refuses a key whose creator was deactivated, saying why, and accepts it again once they are reactivated", async () => {
    const setActive = async (value: boolean) => {
      const creator = (await findUserById(t.handle.db, creatorId))!;
      await updateUser(t.handle.db, { userId: creatorId, expectedVersion: creator.version, change: { field: "active", value } }, adminId);
    };
    expect((await post(keys.danas!, signal())).status).toBe(201);
    await setActive(false);
    const refused = await post(keys.danas!, signal());
    expect(refused.status).toBe(401);
    expect((await refused.json()).error).toMatch(/deactivated.*Settings → API keys/);
    await setActive(true);
    expect((await post(keys.danas!, signal())).status).toBe(201);
  });

  it("does not keep a deactivated creator's key alive in its cache for more than a second", async () => {
    expect((await post(keys.danasCached!, signal())).status).toBe(201);
    // Another instance deactivates the creator; this process's key cache does not hear of it.
    await t.handle.db.update(users).set({ active: false }).where(eq(users.id, creatorId));
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + CACHE_CHECK_MS);
      expect((await post(keys.danasCached!, signal())).status).toBe(401);
    } finally {
      vi.useRealTimers();
      await t.handle.db.update(users).set({ active: true }).where(eq(users.id, creatorId));
    }
  });
});
