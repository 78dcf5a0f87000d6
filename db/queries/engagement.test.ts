/**
 * Last touch and engagement level (METRICS.md §5) kept from every source, on an empty database filled
 * the way a customer's is: accounts and contacts as a CRM gives them (no status, no last touch),
 * touchpoints and a file of past signals through the import, live signals through the router, a
 * response and a meeting logged on signals, and reps' edits of the maps. Now is 2026-06-30 12:00 UTC;
 * dN is N days before it.
 *
 *   contact      map edits                      touches                                      level   last touch
 *   Acme (tier 1)
 *   Ana  champ.  —                              touchpoints d10 d40 d95, live signal d5      medium  d5
 *   Ben  EB      Active d45                     file: funding round d21 (external), meeting d20  medium  d20
 *   Cal  TE      level High d10                 touchpoint d3                                high    d3
 *   Dee  EU      Engaged d40, level Low d10     touchpoints d20–d25 (6), live signal d2      low     d2
 *   Eve  B/I     Engaged + level Low d100       touchpoints d20–d25 (6)                      high    d20
 *   Globex (tier 1)
 *   Fay  champ.  level None d5                  live external signal d6, meeting logged d1   medium  d1
 *   Gus  EB      Engaged d50                    live external signal d1 answered d1,
 *                                               touchpoint 3 days ahead (not yet a touch)     none    d1
 *   Jo   TE      Active d60                     —                                            none    d60
 *   Initech (tier 1): Hal champ., Engaged d4, no touch: none, d4. Its open deal has Hal Engaged
 *     with no last touch of its own: the deal's map reads Hal's d4, so the role is not dark.
 *   Hooli (tier 1): Lee champ., touchpoint d45: low, d45.    Soylent (tier 1): no contacts.
 *   Umbrella (tier 2): Kim champ., touchpoint d50, Engaged d45: low, d45.
 *
 * Gone dark (30 days): Jo (Active, d60) and Kim (Engaged, d45): 2. Acme's engaged roles (Ben, Dee,
 * Eve) were touched within 30 days; Hal too. Tier 1 engaged in the last 30 days: Acme, Globex,
 * Initech of 5 (Hooli's Lee was last touched 45 days ago; Soylent has nobody): 60 %.
 * Rolling the touchpoints back (after the recompute tests) leaves the last touches and takes the
 * touches out of the levels: Ana low (her signal), Cal high and Dee low (their settings), Eve, Lee and
 * Kim none.
 */
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/index";
import { accounts, contacts, opportunities, opportunityContacts, pipelineStages, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { seedDemoData } from "@/db/seed";
import { recomputeAllEngagement } from "@/lib/abm/engagement";
import { accountPicture } from "@/lib/abm/account-map";
import { prepareImport } from "@/lib/import/prepare";
import { runImport } from "@/lib/import/run";
import { saveUpload } from "@/lib/import/uploads";
import { tier1Engagement } from "@/lib/metrics/abm";
import type { SignalInput } from "@/lib/signals/ingest-request";
import { abmAggregates } from "./abm";
import { editBuyingGroup, type MapEdit } from "./buying-groups";
import { engagementBackfillDone, touchContacts } from "./engagement";
import { rollbackImport } from "./imports";
import { forgetIngestContext } from "./ingest-context-cache";
import { ingestContext } from "./signal-context";
import { ingestSignal } from "./signal-ingest";
import { logMeeting, logSignalResponse } from "./signals";

const NOW = new Date("2026-06-30T12:00:00Z");
const d = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const iso = (date: Date) => date.toISOString();

const expected = {
  Ana: { level: "medium", last: d(5) },
  Ben: { level: "medium", last: d(20) },
  Cal: { level: "high", last: d(3) },
  Dee: { level: "low", last: d(2) },
  Eve: { level: "high", last: d(20) },
  Fay: { level: "medium", last: d(1) },
  Gus: { level: "none", last: d(1) },
  Jo: { level: "none", last: d(60) },
  Hal: { level: "none", last: d(4) },
  Lee: { level: "low", last: d(45) },
  Kim: { level: "low", last: d(45) },
} as const;

describe.each(testDrivers())("last touch and engagement level on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let admin: number;
  let rep: number;
  let touchesImport: number;
  const account: Record<string, number> = {};
  const contact: Record<string, number> = {};

  const state = async () =>
    Object.fromEntries(
      (
        await queryRows<{ name: string; level: string; last: number | null }>(
          db,
          sql`select name, engagement_level as level, (extract(epoch from last_touch_at) * 1000)::float8 as last from contacts order by id`,
        )
      ).map((r) => [r.name, { level: r.level, last: r.last === null ? null : new Date(r.last) }]),
    );

  async function importCsv(name: string, text: string) {
    const saved = await saveUpload(db, Readable.from([Buffer.from(text)]));
    const id = await prepareImport(db, { ...saved, name }, { createdBy: admin });
    await runImport(db, id, "dry_run", NOW);
    const done = await runImport(db, id, "commit", NOW);
    expect(done).toMatchObject({ status: "completed", failedRows: 0 });
    return id;
  }

  async function edit(name: string, accountName: string, change: Omit<Extract<MapEdit, { kind: "status" | "engagement" }>, "contactId">, at: Date) {
    const [row] = await db.select({ version: accounts.buyingGroupVersion }).from(accounts).where(sql`${accounts.id} = ${account[accountName]!}`);
    await editBuyingGroup(db, { accountId: account[accountName]!, expectedVersion: row!.version, actorId: admin, now: at, edit: { ...change, contactId: contact[name]! } as MapEdit });
  }

  const ingest = async (input: Partial<SignalInput> & Pick<SignalInput, "type" | "occurredAt" | "account">, now = NOW) =>
    ingestSignal(db, { contact: null, properties: {}, idempotencyKey: null, ...input }, await ingestContext(db), { now });

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    forgetIngestContext();
    const [a, r] = await db
      .insert(users)
      .values([
        { email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" },
        { email: "rep@example.com", name: "Riley Rep", role: "sales", passwordHash: "x" },
      ])
      .returning();
    admin = a!.id;
    rep = r!.id;
    const made = await db
      .insert(accounts)
      .values([
        { name: "Acme", domain: "acme.com", abmTier: "tier_1", ownerId: rep },
        { name: "Globex", domain: "globex.com", abmTier: "tier_1", ownerId: rep },
        { name: "Initech", domain: "initech.com", abmTier: "tier_1", ownerId: rep },
        { name: "Hooli", domain: "hooli.com", abmTier: "tier_1", ownerId: rep },
        { name: "Soylent", domain: "soylent.com", abmTier: "tier_1", ownerId: rep },
        { name: "Umbrella", domain: "umbrella.com", abmTier: "tier_2", ownerId: rep },
      ])
      .returning();
    for (const m of made) account[m.name] = m.id;
    const people = [
      ["Ana", "Acme", "champion"],
      ["Ben", "Acme", "economic_buyer"],
      ["Cal", "Acme", "technical_evaluator"],
      ["Dee", "Acme", "end_user"],
      ["Eve", "Acme", "blocker_influencer"],
      ["Fay", "Globex", "champion"],
      ["Gus", "Globex", "economic_buyer"],
      ["Jo", "Globex", "technical_evaluator"],
      ["Hal", "Initech", "champion"],
      ["Lee", "Hooli", "champion"],
      ["Kim", "Umbrella", "champion"],
    ] as const;
    const rows = await db
      .insert(contacts)
      .values(people.map(([name, at, role]) => ({ name, accountId: account[at]!, buyingGroupRole: role, email: `${name.toLowerCase()}@${at.toLowerCase()}.com` })))
      .returning();
    for (const c of rows) contact[c.name] = c.id;

    // Initech's open deal: Hal is on it, Engaged, with no last touch of the deal's own.
    const [discovery] = await db.select().from(pipelineStages).orderBy(pipelineStages.position).limit(1);
    const [deal] = await db.insert(opportunities).values({ name: "Initech – Platform", accountId: account.Initech!, ownerId: rep, stageId: discovery!.id, createdAt: d(30), amount: "10000" }).returning();
    await db.insert(opportunityContacts).values({ opportunityId: deal!.id, contactId: contact.Hal!, buyingGroupRole: "champion", status: "engaged" });

    // Reps' map edits, in time order.
    await edit("Eve", "Acme", { kind: "status", value: "engaged" }, d(100));
    await edit("Eve", "Acme", { kind: "engagement", value: "low" }, d(100));
    await edit("Jo", "Globex", { kind: "status", value: "active" }, d(60));
    await edit("Gus", "Globex", { kind: "status", value: "engaged" }, d(50));
    await edit("Ben", "Acme", { kind: "status", value: "active" }, d(45));
    await edit("Kim", "Umbrella", { kind: "status", value: "engaged" }, d(45));
    await edit("Dee", "Acme", { kind: "status", value: "engaged" }, d(40));
    await edit("Dee", "Acme", { kind: "engagement", value: "low" }, d(10));
    await edit("Cal", "Acme", { kind: "engagement", value: "high" }, d(10));
    await edit("Fay", "Globex", { kind: "engagement", value: "none" }, d(5));
    await edit("Hal", "Initech", { kind: "status", value: "engaged" }, d(4));

    // Live signals, a response and a meeting logged on them.
    const fay = await ingest({ type: "leadership_change", occurredAt: d(6), account: { domain: "globex.com" }, contact: { email: "fay@globex.com" } }, d(6));
    await logMeeting(db, { signalId: fay.id, user: { id: admin, role: "admin" }, now: d(1), timeZone: "UTC" });
    const gus = await ingest({ type: "funding_round", occurredAt: d(1), account: { domain: "globex.com" }, contact: { email: "gus@globex.com" } }, d(1));
    await logSignalResponse(db, { signalId: gus.id, user: { id: admin, role: "admin" }, now: d(1), timeZone: "UTC" });
    await ingest({ type: "pricing_page_depth", occurredAt: d(5), account: { domain: "acme.com" }, contact: { email: "ana@acme.com" } });
    await ingest({ type: "product_page_visit", occurredAt: d(2), account: { domain: "acme.com" }, contact: { email: "dee@acme.com" } });

    // The CRM's touchpoints and a file of past signals, through the import.
    const touches: [string, string, Date][] = [
      ["ana@acme.com", "Email", d(10)],
      ["ana@acme.com", "Email", d(40)],
      ["ana@acme.com", "Paid ads", d(95)],
      ["cal@acme.com", "Event", d(3)],
      ...[20, 21, 22, 23, 24, 25].flatMap((n): [string, string, Date][] => [
        ["dee@acme.com", "Content", d(n)],
        ["eve@acme.com", "Content", d(n)],
      ]),
      ["gus@globex.com", "Event", d(-3)],
      ["lee@hooli.com", "Email", d(45)],
      ["kim@umbrella.com", "Email", d(50)],
    ];
    touchesImport = await importCsv("touches.csv", ["Touchpoint ID,Email,Channel,Campaign,Date", ...touches.map(([email, channel, at], i) => `T${i + 1},${email},${channel},,${iso(at)}`)].join("\n"));
    await importCsv(
      "signals.csv",
      ["Signal ID,Signal Type,Occurred At,Account Domain,Email,Responded At,Meeting Booked At", `S1,funding_round,${iso(d(21))},acme.com,ben@acme.com,,${iso(d(20))}`].join("\n"),
    );
  });
  afterAll(() => t.drop());

  it("keeps each contact's last touch and level on every write path", async () => {
    const now = await state();
    for (const [name, want] of Object.entries(expected)) expect({ name, ...now[name] }).toEqual({ name, ...want });
  });

  it("finds two roles gone dark, and none on the deal whose member was touched as a contact", async () => {
    const dark: string[] = [];
    for (const name of ["Acme", "Globex", "Initech", "Hooli", "Soylent", "Umbrella"]) {
      const picture = await accountPicture(db, account[name]!, NOW);
      for (const gap of picture.gaps) if (gap.kind === "gone_dark") dark.push(`${name}: ${gap.contacts.join(", ")}`);
      for (const deal of picture.deals) for (const gap of deal.gaps) if (gap.kind === "gone_dark") dark.push(`${deal.name}: ${gap.contacts.join(", ")}`);
      if (name === "Initech") expect(picture.deals[0]!.contacts[0]!.lastTouchAt).toEqual(d(4));
    }
    expect(dark).toEqual(["Globex: Jo", "Umbrella: Kim"]);
  });

  it("counts 3 of 5 Tier 1 accounts engaged in the last 30 days", async () => {
    const { tier1 } = await abmAggregates(db, { from: "2026-01-01", to: "2026-06-30", timeZone: "UTC", asOf: NOW });
    expect(tier1).toEqual({ accounts: 5, engaged: 3 });
    expect(tier1Engagement(tier1.engaged, tier1.accounts)).toMatchObject({ hits: 3, n: 5, rate: 0.6, meetsTarget: false });
  });

  it("recomputes from the facts: nothing to change after the writes, the facts' values from scratch, the levels as the window moves", async () => {
    const before = await state();
    expect(await recomputeAllEngagement(db, { now: NOW, batchSize: 4 })).toEqual({ contacts: 11, changed: 0 });
    expect(await state()).toEqual(before);
    expect(await engagementBackfillDone(db)).toBe(true);

    // Data from before the rule: no last touch, no level. A map edit's touch lives in the column
    // alone, so Hal and Jo have none from the facts, and Kim's is her touchpoint's, d50.
    await db.execute(sql`update contacts set last_touch_at = null, engagement_level = 'none'`);
    await recomputeAllEngagement(db, { now: NOW, batchSize: 4 });
    expect(await state()).toEqual({ ...before, Hal: { level: "none", last: null }, Jo: { level: "none", last: null }, Kim: { level: "low", last: d(50) } });

    // Two months on, the window has moved: Ana keeps her touches of d10 and d5 (2: low); Cal's setting
    // (d10) still holds; Eve's touches of d20–25 are 80–85 days old (6: high); Lee's of d45 is out.
    const later = new Date(NOW.getTime() + 60 * 86_400_000);
    await touchContacts(db, Object.values(contact), later);
    const moved = await state();
    expect([moved.Ana!.level, moved.Cal!.level, moved.Eve!.level, moved.Lee!.level]).toEqual(["low", "high", "high", "none"]);
    // …and the touchpoint dated 3 days after NOW (Gus) has happened: a touch, and it counts.
    expect(moved.Gus).toEqual({ level: "low", last: d(-3) });
  });

  it("takes a rolled-back import's touches out of the levels, leaving each last touch where it was", async () => {
    const before = await state();
    await rollbackImport(db, touchesImport, admin, NOW);
    const after = await state();
    expect(Object.fromEntries(["Ana", "Cal", "Dee", "Eve", "Lee", "Kim"].map((n) => [n, after[n]!.level]))).toEqual({ Ana: "low", Cal: "high", Dee: "low", Eve: "none", Lee: "none", Kim: "none" });
    for (const name of ["Ana", "Cal", "Dee", "Eve", "Lee", "Kim"]) expect(after[name]!.last).toEqual(before[name]!.last);
  });
});

describe.each(testDrivers())("the demo data on %s", (driver) => {
  it("is what the recompute gives as of its day", async () => {
    const t = await createTestDatabase(driver);
    try {
      const asOf = new Date("2026-11-24T00:00:00Z");
      await seedDemoData(t.handle.db, { seed: 20261124, asOf, scale: 0.05, passwordHash: "x" });
      const result = await recomputeAllEngagement(t.handle.db, { now: asOf });
      expect(result.contacts).toBeGreaterThan(100);
      expect(result.changed).toBe(0);
    } finally {
      await t.drop();
    }
  });
});
