import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/index";
import { accounts, contacts, opportunities, opportunityContacts, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { MapConflictError } from "@/lib/errors";
import { accountBuyingGroup, editBuyingGroup, mapHistory, mapOwners } from "./buying-groups";

describe.each(testDrivers())("buying-group maps on %s", (driver) => {
  let t: TestDatabase;
  let rep: number;
  let other: number;
  let admin: number;
  let acme: number;
  let ana: number;
  let cleo: number;
  let gus: number;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    const [a, b, c] = await db
      .insert(users)
      .values([
        { email: "rep@example.com", name: "Riley Rep", role: "sales", passwordHash: "x" },
        { email: "rep2@example.com", name: "Reese Rep", role: "sales", passwordHash: "x" },
        { email: "admin@example.com", name: "Avery Admin", role: "admin", passwordHash: "x" },
      ])
      .returning();
    rep = a!.id;
    other = b!.id;
    admin = c!.id;
    const [x, y] = await db.insert(accounts).values([{ name: "Acme", ownerId: rep }, { name: "Globex", ownerId: other }]).returning();
    acme = x!.id;
    const people = await db
      .insert(contacts)
      .values([
        { accountId: acme, name: "Ana Lopez", title: "CFO", buyingGroupRole: "economic_buyer", status: "engaged" },
        { accountId: acme, name: "Cleo Diaz", title: "RevOps Manager" },
        { accountId: y!.id, name: "Gus Grey", title: "CTO" },
      ])
      .returning();
    [ana, cleo, gus] = people.map((p) => p.id) as [number, number, number];
    expect(ana).toBeGreaterThan(0);
  });
  afterAll(() => t.drop());

  it("saves an edit with its history entry, and refuses a second save from the same loaded version with what changed", async () => {
    const db = t.handle.db;
    const loaded = await accountBuyingGroup(db, acme);
    expect(loaded.account).toMatchObject({ name: "Acme", ownerName: "Riley Rep", version: 1 });
    const results = await Promise.allSettled([
      editBuyingGroup(db, { accountId: acme, expectedVersion: loaded.account.version, actorId: rep, edit: { kind: "assign", contactId: cleo, role: "champion" } }),
      editBuyingGroup(db, { accountId: acme, expectedVersion: loaded.account.version, actorId: admin, edit: { kind: "assign", contactId: cleo, role: "end_user" } }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(MapConflictError);
    expect(lost[0]!.reason.message).toMatch(/^Someone changed this map since you loaded it: Riley Rep set Cleo Diaz's role to Champion\. Nothing was saved/);
    const history = await mapHistory(db, acme);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ by: "Riley Rep", what: "Cleo Diaz's role", from: null, to: "Champion" });
    const after = await accountBuyingGroup(db, acme);
    expect(after.account.version).toBe(2);
    expect(after.contacts.find((c) => c.id === cleo)?.role).toBe("champion");
  });

  it("adds a contact with the role the title suggests, and refuses a contact of another account", async () => {
    const db = t.handle.db;
    const { version } = (await accountBuyingGroup(db, acme)).account;
    const added = await editBuyingGroup(db, { accountId: acme, expectedVersion: version, actorId: rep, edit: { kind: "add", name: " Raj Patel ", title: "Solutions Architect", role: null } });
    const [row] = await queryRows<{ name: string; role: string }>(db, sql`select name, buying_group_role as role from contacts where id = ${added.contactId}`);
    expect(row).toEqual({ name: "Raj Patel", role: "technical_evaluator" });
    await expect(
      editBuyingGroup(db, { accountId: acme, expectedVersion: added.version, actorId: rep, edit: { kind: "status", contactId: gus, value: "active" } }),
    ).rejects.toThrow("That contact is not on this account.");
    await expect(
      editBuyingGroup(db, { accountId: acme, expectedVersion: added.version, actorId: rep, edit: { kind: "add", name: "  ", title: null, role: null } }),
    ).rejects.toThrow("Enter the contact's name.");
    // The refused edits wrote nothing, not even the version.
    expect((await accountBuyingGroup(db, acme)).account.version).toBe(added.version);
  });

  it("keeps a deal's map apart: its own contacts, roles and version, in the account's history", async () => {
    const db = t.handle.db;
    const [deal] = await db.insert(opportunities).values({ name: "Acme renewal", accountId: acme, ownerId: other, amount: "12000", stageId: 2, createdAt: new Date() }).returning();
    const dealId = deal!.id;
    expect(await mapOwners(db, { accountId: acme, opportunityId: dealId })).toEqual({ accountOwnerId: rep, dealOwnerId: other });
    const before = await accountBuyingGroup(db, acme);
    const loaded = before.deals.find((d) => d.id === dealId)!;
    expect(loaded).toMatchObject({ name: "Acme renewal", stage: expect.any(String), ownerName: "Reese Rep", version: 1, contacts: [] });

    const target = { accountId: acme, opportunityId: dealId };
    const first = await editBuyingGroup(db, { ...target, expectedVersion: 1, actorId: other, edit: { kind: "assign", contactId: ana, role: "economic_buyer" } });
    const second = await editBuyingGroup(db, { ...target, expectedVersion: first.version, actorId: other, edit: { kind: "status", contactId: ana, value: "active" } });
    // A deal edit leaves the account map's version alone, so an account edit loaded before it still saves.
    await editBuyingGroup(db, { accountId: acme, expectedVersion: before.account.version, actorId: rep, edit: { kind: "engagement", contactId: ana, value: "high" } });
    await expect(editBuyingGroup(db, { ...target, expectedVersion: first.version, actorId: rep, edit: { kind: "status", contactId: ana, value: "identified" } })).rejects.toThrow(
      /Reese Rep set Acme renewal: Ana Lopez's status to active/,
    );
    await expect(editBuyingGroup(db, { ...target, expectedVersion: second.version, actorId: other, edit: { kind: "status", contactId: cleo, value: "engaged" } })).rejects.toThrow(
      "Cleo Diaz is not on this deal.",
    );
    await expect(editBuyingGroup(db, { ...target, expectedVersion: second.version, actorId: other, edit: { kind: "assign", contactId: gus, role: "champion" } })).rejects.toThrow(
      "That contact is not on this account.",
    );
    const after = await accountBuyingGroup(db, acme);
    expect(after.deals.find((d) => d.id === dealId)!.contacts).toMatchObject([{ id: ana, role: "economic_buyer", status: "active" }]);
    // The account map keeps the contact's own status; only the engagement edit reached it.
    expect(after.contacts.find((c) => c.id === ana)).toMatchObject({ status: "engaged", engagementLevel: "high" });

    await editBuyingGroup(db, { ...target, expectedVersion: second.version, actorId: other, edit: { kind: "remove", contactId: ana } });
    const [left] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${opportunityContacts} where opportunity_id = ${dealId}`);
    expect(left!.n).toBe(0);
    const history = await mapHistory(db, acme, { limit: 4 });
    expect(history.map((h) => h.what)).toEqual(["Acme renewal: Ana Lopez's role", "Ana Lopez's engagement", "Acme renewal: Ana Lopez's status", "Acme renewal: Ana Lopez's role"]);
    expect(history[0]).toMatchObject({ from: "Economic Buyer", to: null });
  });
});

describe.each(testDrivers())("who may edit which data through a map on %s", (driver) => {
  let t: TestDatabase;
  let admin: number;
  let rep: number;
  let rep2: number;
  let exec: number;
  let acme: number;
  let ana: number;
  let deal: number;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    const people = await db
      .insert(users)
      .values([
        { email: "admin@example.com", name: "Avery Admin", role: "admin", passwordHash: "x" },
        { email: "rep@example.com", name: "Riley Rep", role: "sales", passwordHash: "x" },
        { email: "rep2@example.com", name: "Reese Rep", role: "sales", passwordHash: "x" },
        { email: "exec@example.com", name: "Eli Exec", role: "executive", passwordHash: "x" },
      ])
      .returning();
    [admin, rep, rep2, exec] = people.map((p) => p.id) as [number, number, number, number];
    // rep owns the account; rep2 owns a deal on it.
    const [a] = await db.insert(accounts).values({ name: "Acme", ownerId: rep }).returning();
    acme = a!.id;
    const [c] = await db.insert(contacts).values({ accountId: acme, name: "Ana Lopez", title: "CFO", buyingGroupRole: "economic_buyer", status: "engaged", engagementLevel: "low" }).returning();
    ana = c!.id;
    const [o] = await db.insert(opportunities).values({ name: "Acme expansion", accountId: acme, ownerId: rep2, amount: "30000", stageId: 2, createdAt: new Date() }).returning();
    deal = o!.id;
  });
  afterAll(() => t.drop());

  /** Everything a map edit can write, to show a refused edit wrote nothing. */
  async function snapshot() {
    const db = t.handle.db;
    const [versions] = await queryRows<{ account: number; deal: number }>(
      db,
      sql`select (select buying_group_version from accounts where id = ${acme}) as account, (select buying_group_version from opportunities where id = ${deal}) as deal`,
    );
    return {
      versions: versions!,
      contacts: await queryRows(db, sql`select id, name, buying_group_role, status, engagement_level, gap_action, version from contacts order by id`),
      dealContacts: await queryRows(db, sql`select contact_id, buying_group_role, status, engagement_level, gap_action from opportunity_contacts order by contact_id`),
      audit: await queryRows(db, sql`select entity, entity_id, field from audit_log order by id`),
    };
  }

  const onAccount = () => ({ accountId: acme });
  const onDeal = () => ({ accountId: acme, opportunityId: deal });

  it("refuses a deal owner who does not own the account every edit of account data, and writes nothing", async () => {
    const db = t.handle.db;
    const before = await snapshot();
    // Adding a contact through the deal's map would add them to the account.
    await expect(
      editBuyingGroup(db, { ...onDeal(), expectedVersion: before.versions.deal, actorId: rep2, edit: { kind: "add", name: "Mallory Mole", title: "CFO", role: "economic_buyer" } }),
    ).rejects.toMatchObject({ name: "ForbiddenMapEditError", message: expect.stringMatching(/account's owner/) });
    // The account's own map: its roles, statuses, engagement, gap actions and contacts.
    for (const edit of [
      { kind: "add", name: "Mallory Mole", title: null, role: "champion" },
      { kind: "assign", contactId: ana, role: "blocker_influencer" },
      { kind: "status", contactId: ana, value: "identified" },
      { kind: "engagement", contactId: ana, value: "none" },
      { kind: "gapAction", contactId: ana, value: "Drop her" },
      { kind: "remove", contactId: ana },
    ] as const) {
      await expect(editBuyingGroup(db, { ...onAccount(), expectedVersion: before.versions.account, actorId: rep2, edit }), edit.kind).rejects.toMatchObject({ name: "ForbiddenMapEditError" });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("lets the deal owner edit the deal's own contacts, bumping only the deal map's version", async () => {
    const db = t.handle.db;
    const before = await snapshot();
    let version = before.versions.deal;
    for (const edit of [
      { kind: "assign", contactId: ana, role: "champion" },
      { kind: "status", contactId: ana, value: "active" },
      { kind: "engagement", contactId: ana, value: "high" },
      { kind: "gapAction", contactId: ana, value: "Book the business review" },
    ] as const) {
      const saved = await editBuyingGroup(db, { ...onDeal(), expectedVersion: version, actorId: rep2, edit });
      expect(saved.version).toBe(version + 1);
      version = saved.version;
    }
    const after = await snapshot();
    expect(after.versions).toEqual({ account: before.versions.account, deal: version });
    // The account's contact is as it was; only the deal's membership carries the deal's role and state.
    expect(after.contacts).toEqual(before.contacts);
    expect(after.dealContacts).toEqual([{ contact_id: ana, buying_group_role: "champion", status: "active", engagement_level: "high", gap_action: "Book the business review" }]);
    const removed = await editBuyingGroup(db, { ...onDeal(), expectedVersion: version, actorId: rep2, edit: { kind: "remove", contactId: ana } });
    expect(removed.version).toBe(version + 1);
    const end = await snapshot();
    expect(end.dealContacts).toEqual([]);
    expect(end.contacts).toEqual(before.contacts);
    expect(end.versions.account).toBe(before.versions.account);
  });

  it("refuses people who own neither the deal nor the account, even on the deal's own contacts", async () => {
    const db = t.handle.db;
    const before = await snapshot();
    await expect(
      editBuyingGroup(db, { ...onDeal(), expectedVersion: before.versions.deal, actorId: exec, edit: { kind: "assign", contactId: ana, role: "champion" } }),
    ).rejects.toMatchObject({ name: "ForbiddenMapEditError" });
    await db.update(users).set({ active: false }).where(sql`id = ${rep2}`);
    try {
      await expect(
        editBuyingGroup(db, { ...onDeal(), expectedVersion: before.versions.deal, actorId: rep2, edit: { kind: "assign", contactId: ana, role: "champion" } }),
      ).rejects.toMatchObject({ name: "ForbiddenMapEditError" });
    } finally {
      await db.update(users).set({ active: true }).where(sql`id = ${rep2}`);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("bumps the account map's version when the account's owner adds a contact through a deal's map, so a stale account editor is told", async () => {
    const db = t.handle.db;
    const before = await snapshot();
    const added = await editBuyingGroup(db, {
      ...onDeal(),
      expectedVersion: before.versions.deal,
      actorId: rep,
      edit: { kind: "add", name: "Raj Patel", title: "Solutions Architect", role: null },
    });
    expect(added.version).toBe(before.versions.deal + 1);
    const after = await snapshot();
    expect(after.versions).toEqual({ account: before.versions.account + 1, deal: before.versions.deal + 1 });
    expect(after.contacts).toContainEqual(expect.objectContaining({ id: added.contactId, name: "Raj Patel", buying_group_role: "technical_evaluator" }));
    expect(after.dealContacts).toContainEqual(expect.objectContaining({ contact_id: added.contactId, buying_group_role: "technical_evaluator" }));
    // Someone who loaded the account's map before the add is told what changed, and their edit is not saved.
    await expect(
      editBuyingGroup(db, { ...onAccount(), expectedVersion: before.versions.account, actorId: admin, edit: { kind: "status", contactId: ana, value: "active" } }),
    ).rejects.toThrow(/Riley Rep set Raj Patel to added as Technical Evaluator \(Solutions Architect\)/);
    expect((await snapshot()).contacts).toEqual(after.contacts);
    // The admin, who may edit every account, adds through the deal's map as well.
    const byAdmin = await editBuyingGroup(db, { ...onDeal(), expectedVersion: added.version, actorId: admin, edit: { kind: "add", name: "Ola Berg", title: null, role: "end_user" } });
    expect((await snapshot()).versions).toEqual({ account: before.versions.account + 2, deal: byAdmin.version });
  });
});
