/**
 * The Buying Group Mapper on PGlite and PostgreSQL, on a hand-built set.
 *
 * Apex (Alice's, an open deal): Vera "VP Finance" and Omar "Operations Manager" (manager) without a
 * role; Tess, no title or seniority, who asked for a demo; Nina, nothing to go on; Cara already the
 * Champion. Birch (Bob's, no open deal): Ben without a role.
 * → the mapper proposes Vera as Economic Buyer (title), Omar as Champion (title), Tess as Champion
 *   (behaviour); nothing for Nina, Cara or Ben.
 * Deals closed 2026-06-05 for the coverage: deal 2 with Cara (Champion, engaged), Vera (Economic
 * Buyer, active) and Omar (no role, engaged) → 2 roles, 3 engaged; deal 3 with Omar only, identified
 * → 0 and 0.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { accounts, contacts, opportunities, opportunityContacts, signals, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { runBuyingGroupMapper } from "@/lib/automations/buying-group-mapper";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { mapperImpact } from "@/lib/metrics/mapper-impact";
import { actionCounts } from "./automations";
import { mapHistory } from "./buying-groups";
import { closedDealCoverage, decideProposal, pendingProposals, proposalCounts } from "./role-proposals";
import { getSetting, putSetting } from "./settings";

const now = new Date("2026-06-10T15:00:00Z");
const ALICE = 601;
const BOB = 602;
const ADMIN = 603;
const alice = { id: ALICE, role: "sales" as const };

describe.each(testDrivers())("buying group mapper on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  const contactId: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    await db.insert(users).values([
      { id: ALICE, email: "alice@example.com", name: "Alice Rep", role: "sales", passwordHash: "x" },
      { id: BOB, email: "bob@example.com", name: "Bob Rep", role: "sales", passwordHash: "x" },
      { id: ADMIN, email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" },
    ]);
    await db.insert(accounts).values([
      { id: 1, name: "Apex", domain: "apex.example", ownerId: ALICE },
      { id: 2, name: "Birch", domain: "birch.example", ownerId: BOB },
    ]);
    const made = await db
      .insert(contacts)
      .values([
        { accountId: 1, name: "Vera", title: "VP Finance", seniority: "vp" as const },
        { accountId: 1, name: "Omar", title: "Operations Manager", seniority: "manager" as const },
        { accountId: 1, name: "Tess" },
        { accountId: 1, name: "Nina", title: "Office Person" },
        { accountId: 1, name: "Cara", title: "RevOps Director", buyingGroupRole: "champion" as const },
        { accountId: 2, name: "Ben", title: "CFO" },
      ])
      .returning({ id: contacts.id, name: contacts.name });
    for (const c of made) contactId[c.name] = c.id;
    await db.insert(signals).values({ type: "demo_request", tier: "high", accountId: 1, contactId: contactId.Tess!, occurredAt: new Date("2026-06-01T10:00:00Z") });
    const deal = (id: number, status: "open" | "won" | "lost", closed: string | null) => ({
      id,
      name: `Apex deal ${id}`,
      accountId: 1,
      ownerId: ALICE,
      amount: "10000.00",
      stageId: status === "open" ? 2 : status === "won" ? 6 : 7,
      status,
      createdAt: new Date("2026-04-01T12:00:00Z"),
      closedAt: closed ? new Date(`${closed}T12:00:00Z`) : null,
    });
    await db.insert(opportunities).values([deal(1, "open", null), deal(2, "won", "2026-06-05"), deal(3, "lost", "2026-06-05")]);
    await db.insert(opportunityContacts).values([
      { opportunityId: 2, contactId: contactId.Cara!, buyingGroupRole: "champion" as const, status: "engaged" as const },
      { opportunityId: 2, contactId: contactId.Vera!, buyingGroupRole: "economic_buyer" as const, status: "active" as const },
      { opportunityId: 2, contactId: contactId.Omar!, status: "engaged" as const },
      { opportunityId: 3, contactId: contactId.Omar!, status: "identified" as const },
    ]);
  });
  afterAll(() => t.drop());

  it("proposes nothing while it is off", async () => {
    expect(await runBuyingGroupMapper(db, now)).toEqual({ proposed: 0 });
    expect(await proposalCounts(db)).toEqual({ proposed: 0, accepted: 0, rejected: 0 });
  });

  it("once on, proposes a role for each contact without one on an account with an open deal, with its reason, and tells the owner once", async () => {
    const current = await getSetting(db, "automations");
    await putSetting(db, "automations", { ...current, buying_group_mapper: { enabled: true, since: "2026-06-01", offSince: null } }, ADMIN);
    expect(await runBuyingGroupMapper(db, now)).toEqual({ proposed: 3 });
    const pending = await pendingProposals(db, { ownerId: ALICE });
    expect(pending.map((p) => [p.contactName, p.role, p.reason]).sort()).toEqual([
      ["Omar", "champion", "Title “Operations Manager” reads as Champion"],
      ["Tess", "champion", "They asked for a demo or read pricing in depth: behaves like a Champion"],
      ["Vera", "economic_buyer", "Title “VP Finance” reads as Economic Buyer"],
    ]);
    expect(await pendingProposals(db, { ownerId: BOB })).toEqual([]);
    const inbox = await queryRows<{ title: string; link: string }>(
      db,
      sql`select e.title, e.link from notifications n join notification_events e on e.id = n.event_id where n.user_id = ${ALICE} and e.event = 'roles_proposed'`,
    );
    expect(inbox).toEqual([{ title: "3 roles to confirm at Apex", link: "/automations/buying-group-mapper?account=1" }]);
    expect((await actionCounts(db, "buying_group_mapper")).total).toBe(3);
    // A second run while they wait proposes nothing again.
    expect(await runBuyingGroupMapper(db, now)).toEqual({ proposed: 0 });
  });

  it("the owner accepts one onto the map and rejects another for good; no one else decides", async () => {
    const byName = Object.fromEntries((await pendingProposals(db, { ownerId: null })).map((p) => [p.contactName, p.id]));
    await expect(decideProposal(db, { id: byName.Vera!, accept: true, actor: { id: BOB, role: "sales" } })).rejects.toBeInstanceOf(ForbiddenError);
    await decideProposal(db, { id: byName.Vera!, accept: true, actor: alice, now });
    await decideProposal(db, { id: byName.Omar!, accept: false, actor: alice, now });
    await expect(decideProposal(db, { id: byName.Omar!, accept: true, actor: alice, now })).rejects.toBeInstanceOf(ConflictError);
    const [vera] = await queryRows<{ role: string }>(db, sql`select buying_group_role as role from contacts where id = ${contactId.Vera!}`);
    expect(vera!.role).toBe("economic_buyer");
    const history = await mapHistory(db, 1, { only: { accountId: 1 } });
    expect(history[0]).toMatchObject({ what: "Vera's role", to: "Economic Buyer", by: "Alice Rep" });
    expect(await proposalCounts(db)).toEqual({ proposed: 1, accepted: 1, rejected: 1 });
    // Omar's title and seniority both say Champion, which Alice turned down: nothing new for him.
    expect(await runBuyingGroupMapper(db, now)).toEqual({ proposed: 0 });
    expect((await pendingProposals(db, { ownerId: ALICE })).map((p) => p.contactName)).toEqual(["Tess"]);
  });

  it("measures the roles engaged on each closed deal and the multi-threaded ones", async () => {
    const coverage = await closedDealCoverage(db, { from: "2026-06-01", to: "2026-06-10", timeZone: "UTC" });
    expect(coverage.sort((a, b) => b.roles - a.roles)).toEqual([
      { contacts: 3, withRole: 2, roles: 2, engaged: 3 },
      { contacts: 1, withRole: 0, roles: 0, engaged: 0 },
    ]);
    expect(await closedDealCoverage(db, { from: "2026-05-22", to: "2026-05-31", timeZone: "UTC" })).toEqual([]);
    const impact = mapperImpact([], coverage);
    expect(impact.after).toMatchObject({ deals: 2, identified: { hits: 2, n: 4 }, rolesPerDeal: 1, multiThreaded: { hits: 1, n: 2 } });
  });
});
