import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { queryRows, type Database } from "@/db/index";
import { accounts, contacts, opportunities, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";

const state = vi.hoisted(() => ({ db: null as Database | null, user: null as { id: number; role: "admin" | "executive" | "marketing" | "sales" } | null }));

vi.mock("@/lib/auth", () => ({ requirePermission: vi.fn(async () => state.user!) }));
vi.mock("@/db/index", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/db/index")>()), getDb: () => state.db! }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
// Next's forbidden() throws its 403 interrupt; here a recognisable error stands for it.
vi.mock("next/navigation", () => ({
  forbidden: () => {
    throw new Error("403 forbidden");
  },
  unstable_rethrow: (error: unknown) => {
    if (error instanceof Error && error.message === "403 forbidden") throw error;
  },
}));

const { editMapAction } = await import("./actions");

describe.each(testDrivers())("editMapAction on %s", (driver) => {
  let t: TestDatabase;
  let rep: { id: number; role: "sales" };
  let rep2: { id: number; role: "sales" };
  let acme: number;
  let ana: number;
  let deal: number;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    state.db = t.handle.db;
    const [a, b] = await state.db
      .insert(users)
      .values([
        { email: "rep@example.com", name: "Riley Rep", role: "sales", passwordHash: "x" },
        { email: "rep2@example.com", name: "Reese Rep", role: "sales", passwordHash: "x" },
      ])
      .returning();
    rep = { id: a!.id, role: "sales" };
    rep2 = { id: b!.id, role: "sales" };
    const [account] = await state.db.insert(accounts).values({ name: "Acme", ownerId: rep.id }).returning();
    acme = account!.id;
    const [contact] = await state.db.insert(contacts).values({ accountId: acme, name: "Ana Lopez", title: "CFO", buyingGroupRole: "economic_buyer" }).returning();
    ana = contact!.id;
    const [o] = await state.db.insert(opportunities).values({ name: "Acme expansion", accountId: acme, ownerId: rep2.id, amount: "30000", stageId: 2, createdAt: new Date() }).returning();
    deal = o!.id;
  });
  afterAll(() => t.drop());

  const versions = async () =>
    (
      await queryRows<{ account: number; deal: number; contacts: number; audit: number }>(
        state.db!,
        sql`select (select buying_group_version from accounts where id = ${acme}) as account, (select buying_group_version from opportunities where id = ${deal}) as deal,
              (select count(*)::int from contacts) as contacts, (select count(*)::int from audit_log) as audit`,
      )
    )[0]!;

  it("answers 403 to a deal owner adding a contact to another rep's account through the deal's map, and writes nothing", async () => {
    state.user = rep2;
    const before = await versions();
    await expect(
      editMapAction({ accountId: acme, opportunityId: deal, expectedVersion: before.deal, edit: { kind: "add", name: "Mallory Mole", title: "CFO", role: "economic_buyer" } }),
    ).rejects.toThrow("403 forbidden");
    await expect(editMapAction({ accountId: acme, expectedVersion: before.account, edit: { kind: "status", contactId: ana, value: "active" } })).rejects.toThrow("403 forbidden");
    expect(await versions()).toEqual(before);
  });

  it("saves the deal owner's edits of the deal's own contacts", async () => {
    state.user = rep2;
    const before = await versions();
    const saved = await editMapAction({ accountId: acme, opportunityId: deal, expectedVersion: before.deal, edit: { kind: "assign", contactId: ana, role: "champion" } });
    expect(saved).toEqual({ ok: true, data: { version: before.deal + 1 } });
    expect(await versions()).toMatchObject({ account: before.account, deal: before.deal + 1 });
  });

  it("lets the account's owner add a contact through the deal's map, bumping both maps' versions", async () => {
    state.user = rep;
    const before = await versions();
    const saved = await editMapAction({ accountId: acme, opportunityId: deal, expectedVersion: before.deal, edit: { kind: "add", name: "Raj Patel", title: null, role: "end_user" } });
    expect(saved).toEqual({ ok: true, data: { version: before.deal + 1 } });
    expect(await versions()).toMatchObject({ account: before.account + 1, deal: before.deal + 1, contacts: before.contacts + 1 });
  });
});
