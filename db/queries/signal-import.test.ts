/**
 * A CSV of historical signals through the import, on PGlite and PostgreSQL: all rows or none, the
 * valid rows only when chosen, scored as of when each happened, routed to nobody, the file's
 * responses and meetings kept, a second import adding nothing, and an exact rollback.
 *
 * The file: S1 pricing page at Acme (Dana, answered 4 minutes later, meeting two days on); S2 a demo
 * request at a new company, hooli.io; S3 a webinar at Acme; S4 an unknown type (row 5).
 */
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/index";
import { accounts, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { prepareImport } from "@/lib/import/prepare";
import { saveUpload } from "@/lib/import/uploads";
import { runImport } from "@/lib/import/run";
import { getImportJob, putImportSettings, rollbackImport } from "./imports";
import { createApiKey } from "./api-keys";
import { forgetIngestContext } from "./ingest-context-cache";
import { ingestContext } from "./signal-context";
import { ingestSignal } from "./signal-ingest";

const csv = (rows: string[]) => ["Signal ID,Signal Type,Occurred At,Account Domain,Email,Responded At,Meeting Booked At", ...rows].join("\n");
const good = [
  "S1,pricing_page_depth,2026-03-02T10:00:00Z,acme.com,dana@acme.com,2026-03-02T10:04:00Z,2026-03-04T15:00:00Z",
  "S2,Demo request,2026-03-03T09:00:00Z,hooli.io,,,",
  "S3,webinar_attended,2026-03-01T16:00:00Z,acme.com,dana@acme.com,,",
];
const bad = "S4,pricing_page,2026-03-05T10:00:00Z,acme.com,,,";

describe.each(testDrivers())("historical signal import on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let admin: number;

  async function importText(text: string, validOnly = false) {
    const saved = await saveUpload(db, Readable.from([Buffer.from(text)]));
    const id = await prepareImport(db, { ...saved, name: "signals.csv" }, { createdBy: admin });
    const job = await getImportJob(db, id);
    expect(job.entity).toBe("signals");
    if (validOnly) await putImportSettings(db, id, job.mapping as Record<string, string>, { ...(job.options as object), validOnly: true });
    const dry = await runImport(db, id, "dry_run");
    const done = await runImport(db, id, "commit", new Date("2026-11-24T12:00:00Z"));
    return { id, dry, done };
  }
  const count = async (table: string) => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    forgetIngestContext();
    const [a] = await db.insert(users).values({ email: "admin@x.com", name: "Ada", role: "admin", passwordHash: "x" }).returning();
    admin = a!.id;
    await db.insert(accounts).values({ name: "Acme", domain: "acme.com", icpFitScore: 80 });
  });
  afterAll(() => t.drop());

  it("imports nothing when a row is bad, naming the row and column", async () => {
    const { dry, done } = await importText(csv([...good, bad]));
    expect(dry).toMatchObject({ createdRows: 3, failedRows: 1 });
    expect(done.status).toBe("failed");
    expect(done.message).toMatch(/^Row 5, column "Signal Type": "pricing_page" Unknown signal type/);
    expect(await count("signals")).toBe(0);
  });

  it("imports the valid rows when asked, scored as of each signal's time and routed to nobody", async () => {
    const { done } = await importText(csv([...good, bad]), true);
    expect(done).toMatchObject({ status: "completed", createdRows: 3, failedRows: 1 });
    const rows = await queryRows<{ id: string; routed: boolean; track: string | null; responded: number | null; meeting: boolean; scoredAt: number; occurred: number }>(
      db,
      sql`select s.idempotency_key as id, s.routed_to is not null or s.routed_at is not null as routed, s.track,
            extract(epoch from s.first_response_at - s.received_at)::float8 as responded,
            exists (select 1 from meetings m where m.signal_id = s.id and m.booked_at = '2026-03-04T15:00:00Z') as meeting,
            (select extract(epoch from computed_at) * 1000 from scores where signal_id = s.id and contact_id is null)::float8 as "scoredAt",
            (extract(epoch from s.occurred_at) * 1000)::float8 as occurred
          from signals s where s.derived_from is null order by s.occurred_at`,
    );
    expect(rows.map((r) => r.id)).toEqual(["import:S3", "import:S1", "import:S2"]);
    expect(rows.every((r) => !r.routed && r.track !== null && r.scoredAt === r.occurred)).toBe(true);
    expect(rows.find((r) => r.id === "import:S1")).toMatchObject({ meeting: true, responded: 240 }); // received when it happened: answered 4 minutes later
    const [hooli] = await queryRows<{ name: string }>(db, sql`select name from accounts where domain = 'hooli.io'`);
    expect(hooli!.name).toBe("Hooli");
  });

  it("adds nothing when the same file comes again, and rolls back exactly", async () => {
    const signalsBefore = await count("signals");
    const again = await importText(csv(good));
    expect(again.done).toMatchObject({ status: "completed", createdRows: 0, unchangedRows: 3 });
    expect(await count("signals")).toBe(signalsBefore);

    const [first] = await queryRows<{ id: number }>(db, sql`select id from import_jobs where status = 'completed' order by id limit 1`);
    await rollbackImport(db, first!.id, admin);
    expect(await count("signals")).toBe(0);
    expect(await count("scores")).toBe(0);
    expect(await count("meetings")).toBe(0);
    expect(await queryRows(db, sql`select id from accounts where domain = 'hooli.io'`)).toEqual([]);
    expect(await queryRows(db, sql`select id from contacts where email = 'dana@acme.com'`)).toEqual([]);
  });

  it("imports a signal whose ID an API client happened to send as its own idempotency key", async () => {
    const key = await createApiKey(db, "Website", admin, ["signals:write"]);
    const context = await ingestContext(db);
    const api = await ingestSignal(
      db,
      { type: "blog_visit", occurredAt: new Date("2026-11-24T11:00:00Z"), account: { domain: "acme.com" }, contact: null, properties: {}, idempotencyKey: "import:S2" },
      context,
      { now: new Date("2026-11-24T12:00:00Z"), apiKeyId: key.id },
    );
    const { done } = await importText(csv(good));
    expect(done).toMatchObject({ status: "completed", createdRows: 3, unchangedRows: 0 });
    const rows = await queryRows<{ id: number; type: string; apiKey: number | null }>(
      db,
      sql`select id, type, api_key_id as "apiKey" from signals where idempotency_key = 'import:S2' order by id`,
    );
    expect(rows).toEqual([
      { id: api.id, type: "blog_visit", apiKey: key.id },
      { id: expect.any(Number), type: "demo_request", apiKey: null },
    ]);
    expect((await importText(csv(good))).done).toMatchObject({ status: "completed", createdRows: 0, unchangedRows: 3 });
  });
});
