import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, funnelDefinitionSignoffs } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { ConflictError, ForbiddenError, UnchangedError } from "@/lib/errors";
import { definitionHistory, listDefinitions, proposeDefinitionChange, signOffDefinitionVersion, slasInForce } from "./definitions";
import { createUser, type PublicUser } from "./users";

describe.each(testDrivers())("funnel definitions on %s", (driver) => {
  let t: TestDatabase;
  let admin: PublicUser, admin2: PublicUser, marketer: PublicUser, rep: PublicUser, exec: PublicUser;
  const mqlV1 = { stage: "mql" as const, definition: "Score > 60 OR high-intent signal triggered", owner: "marketing" as const, slaText: "Route to sales within 5 minutes" };

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const make = (email: string, name: string, role: PublicUser["role"]) => createUser(t.handle.db, { email, name, role, passwordHash: "x" }, null);
    admin = await make("ada@example.com", "Ada Admin", "admin");
    admin2 = await make("abe@example.com", "Abe Admin", "admin");
    marketer = await make("mo@example.com", "Mo Marketer", "marketing");
    rep = await make("ray@example.com", "Ray Rep", "sales");
    exec = await make("eve@example.com", "Eve Exec", "executive");
  });
  afterAll(() => t.drop());

  it("lists the six seeded definitions in funnel order, version 1 in force", async () => {
    const list = await listDefinitions(t.handle.db);
    expect(list.map((d) => d.stage)).toEqual(["lead", "mql", "sql", "opportunity", "closed_won", "closed_lost"]);
    for (const d of list) {
      expect(d.inForce?.version).toBe(1);
      expect(d.latest.version).toBe(1);
      expect(d.awaiting).toEqual([]);
      expect(d.latest.signoffs.map((s) => s.team).sort()).toEqual(["marketing", "sales"]);
    }
    const slas = await slasInForce(t.handle.db);
    expect(slas.mql).toEqual({ value: 5, unit: "minutes", text: "Route to sales within 5 minutes", version: 1 });
    expect(slas.sql).toEqual({ value: 24, unit: "hours", text: "Accept or reject within 24 hours", version: 1 });
    expect(slas.closed_lost).toEqual({ value: null, unit: null, text: "Reason code required", version: 1 });
  });

  it("keeps the signed version in force until both teams sign a proposal", async () => {
    const proposed = await proposeDefinitionChange(
      t.handle.db,
      { ...mqlV1, expectedLatestVersion: 1, slaValue: 10, slaUnit: "minutes", slaText: "Route to sales within 10 minutes", changeNote: "SDR capacity" },
      admin.id,
      { actorRole: "admin" },
    );
    expect(proposed.version).toBe(2);
    expect(proposed.proposedBy).toEqual({ id: admin.id, name: "Ada Admin" });

    // An unsigned proposal changes nothing in force.
    let mql = (await listDefinitions(t.handle.db)).find((d) => d.stage === "mql")!;
    expect(mql.inForce?.version).toBe(1);
    expect(mql.latest.version).toBe(2);
    expect(mql.awaiting).toEqual(["marketing", "sales"]);
    expect((await slasInForce(t.handle.db)).mql).toMatchObject({ value: 5, version: 1 });

    const first = await signOffDefinitionVersion(t.handle.db, { versionId: proposed.id, team: "marketing" }, marketer);
    expect(first.inForce).toBe(false);
    expect((await slasInForce(t.handle.db)).mql).toMatchObject({ value: 5, version: 1 });

    const second = await signOffDefinitionVersion(t.handle.db, { versionId: proposed.id, team: "sales" }, rep);
    expect(second).toEqual({ stage: "mql", version: 2, inForce: true });
    expect((await slasInForce(t.handle.db)).mql).toEqual({ value: 10, unit: "minutes", text: "Route to sales within 10 minutes", version: 2 });
    mql = (await listDefinitions(t.handle.db)).find((d) => d.stage === "mql")!;
    expect(mql.inForce?.version).toBe(2);
    expect(mql.inForce?.signoffs.map((s) => [s.team, s.signedBy?.name])).toEqual([
      ["marketing", "Mo Marketer"],
      ["sales", "Ray Rep"],
    ]);
  });

  it("refuses a stale proposal naming the other change, and overwrites nothing", async () => {
    const base = { ...mqlV1, slaUnit: "minutes" as const, changeNote: null };
    const [a, b] = await Promise.allSettled([
      proposeDefinitionChange(t.handle.db, { ...base, expectedLatestVersion: 2, slaValue: 15, slaText: "Within 15 minutes" }, admin.id),
      proposeDefinitionChange(t.handle.db, { ...base, expectedLatestVersion: 2, slaValue: 20, slaText: "Within 20 minutes" }, admin2.id),
    ]);
    const outcomes = [a, b];
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = lost[0]!.reason as Error;
    expect(error).toBeInstanceOf(ConflictError);
    const winner = (won[0] as PromiseFulfilledResult<{ slaValue: number | null; proposedBy: { name: string } | null }>).value;
    expect(error.message).toContain(`${winner.proposedBy!.name} proposed version 3`);
    expect(error.message).toContain(`SLA number 10 → ${winner.slaValue}`);
    expect(error.message).toContain("Your change was not saved");

    const history = await definitionHistory(t.handle.db, "mql");
    expect(history.map((h) => h.version)).toEqual([3, 2, 1]);
    expect(history[0]!.slaValue).toBe(winner.slaValue);
  });

  it("refuses a sign-off by the wrong team, a double sign-off and a superseded version", async () => {
    const [latest] = await definitionHistory(t.handle.db, "mql");
    expect(latest!.version).toBe(3);
    await expect(signOffDefinitionVersion(t.handle.db, { versionId: latest!.id, team: "marketing" }, rep)).rejects.toThrow(ForbiddenError);
    await expect(signOffDefinitionVersion(t.handle.db, { versionId: latest!.id, team: "sales" }, admin)).rejects.toThrow(/admin proposes and reviews but does not sign/);
    await expect(signOffDefinitionVersion(t.handle.db, { versionId: latest!.id, team: "sales" }, exec)).rejects.toThrow(ForbiddenError);

    await signOffDefinitionVersion(t.handle.db, { versionId: latest!.id, team: "sales" }, rep);
    await expect(signOffDefinitionVersion(t.handle.db, { versionId: latest!.id, team: "sales" }, rep)).rejects.toThrow(
      /Ray Rep already signed version 3 of the MQL \(Signal-Qualified Lead\) definition for sales/,
    );

    const v4 = await proposeDefinitionChange(
      t.handle.db,
      { ...mqlV1, expectedLatestVersion: 3, slaValue: 7, slaUnit: "minutes", changeNote: null },
      marketer.id,
      { actorRole: "marketing" },
    );
    await expect(signOffDefinitionVersion(t.handle.db, { versionId: latest!.id, team: "marketing" }, marketer)).rejects.toThrow(
      /Version 3 of the MQL \(Signal-Qualified Lead\) definition was superseded by version 4/,
    );
    const signoffs = await t.handle.db.select().from(funnelDefinitionSignoffs).where(eq(funnelDefinitionSignoffs.versionId, latest!.id));
    expect(signoffs.map((s) => s.team)).toEqual(["sales"]);
    // Version 3 was never fully signed: version 2 stays in force.
    expect((await slasInForce(t.handle.db)).mql).toMatchObject({ value: 10, version: 2 });
    expect(v4.version).toBe(4);
  });

  it("lets only admins and the owner's team propose, and refuses a proposal that changes nothing", async () => {
    const sqlDef = { stage: "sql" as const, definition: "Sales accepts and confirms fit via conversation", owner: "sales" as const, slaValue: 24, slaUnit: "hours" as const, slaText: "Accept or reject within 24 hours", changeNote: null };
    await expect(proposeDefinitionChange(t.handle.db, { ...sqlDef, expectedLatestVersion: 1, slaValue: 12 }, marketer.id, { actorRole: "marketing" })).rejects.toThrow(
      /owned by sales; only an admin or the sales team can propose/,
    );
    await expect(proposeDefinitionChange(t.handle.db, { ...sqlDef, expectedLatestVersion: 1 }, rep.id, { actorRole: "sales" })).rejects.toThrow(UnchangedError);
    const v2 = await proposeDefinitionChange(t.handle.db, { ...sqlDef, expectedLatestVersion: 1, slaValue: 12 }, rep.id, { actorRole: "sales" });
    expect(v2.version).toBe(2);
  });

  it("shows every version with who proposed and signed it and a field-level diff", async () => {
    const history = await definitionHistory(t.handle.db, "mql");
    expect(history.map((h) => [h.version, h.status])).toEqual([
      [4, "proposed"],
      [3, "superseded"],
      [2, "in_force"],
      [1, "previously_in_force"],
    ]);
    const v2 = history.find((h) => h.version === 2)!;
    expect(v2.changeNote).toBe("SDR capacity");
    expect(v2.proposedBy?.name).toBe("Ada Admin");
    expect(v2.changes).toEqual([
      { field: "sla_value", from: "5", to: "10" },
      { field: "sla_text", from: "Route to sales within 5 minutes", to: "Route to sales within 10 minutes" },
    ]);
    expect(v2.signoffs.map((s) => s.signedBy?.name)).toEqual(["Mo Marketer", "Ray Rep"]);
    const v1 = history.find((h) => h.version === 1)!;
    expect(v1.proposedBy).toBeNull();
    expect(v1.signoffs.map((s) => s.signedBy)).toEqual([null, null]);
    expect(v1.changes.map((c) => c.field)).toEqual(["definition", "owner", "sla_value", "sla_unit", "sla_text"]);
    expect(history[0]!.changes).toEqual([
      { field: "sla_value", from: String(history[1]!.slaValue), to: "7" },
      { field: "sla_text", from: history[1]!.slaText, to: "Route to sales within 5 minutes" },
    ]);
  });

  it("writes an audit row per changed field and per sign-off", async () => {
    const rows = await t.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "funnel_definition"), eq(auditLog.entityId, "mql"), eq(auditLog.userId, admin.id)));
    expect(rows.filter((r) => r.newValue === "10" || r.field === "version" && r.newValue === "2").map((r) => [r.field, r.oldValue, r.newValue])).toEqual([
      ["version", "1", "2"],
      ["sla_value", "5", "10"],
    ]);
    const signoffs = await t.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "funnel_definition"), eq(auditLog.field, "signoff_marketing"), eq(auditLog.userId, marketer.id)));
    expect(signoffs.map((r) => [r.entityId, r.newValue])).toEqual([["mql", "version 2"]]);
  });
});
