import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/index";
import { accounts, contacts, opportunities, opportunityContacts, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { accountBuyingGroup, editBuyingGroup, mapHistory, mapOwners, MapConflictError } from "./buying-groups";

describe.each(testDrivers())("buying-group maps on %s", (driver) => {
  let t: TestDatabase;
  let rep: number;
  let other: number;
  let acme: number;
  let ana: number;
  let cleo: number;
  let gus: number;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    const [a, b] = await db
      .insert(users)
      .values([
        { email: "rep@example.com", name: "Riley Rep", role: "sales", passwordHash: "x" },
        { email: "rep2@example.com", name: "Reese Rep", role: "sales", passwordHash: "x" },
      ])
      .returning();
    rep = a!.id;
    other = b!.id;
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
      editBuyingGroup(db, { accountId: acme, expectedVersion: loaded.account.version, actorId: other, edit: { kind: "assign", contactId: cleo, role: "end_user" } }),
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
