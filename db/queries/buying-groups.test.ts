import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/index";
import { accounts, contacts, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { accountBuyingGroup, editBuyingGroup, mapHistory, MapConflictError } from "./buying-groups";

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
});
