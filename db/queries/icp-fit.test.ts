import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/index";
import { accounts, auditLog, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { defaultIndustryRules } from "@/lib/abm/industries";
import { defaultTierRules } from "@/lib/metrics/abm";
import { defaultIcpModel } from "@/lib/metrics/icp-fit";
import { accountRow } from "./accounts";
import { accountFit, firmographicGroups, industryValues, recomputeFits, setFitOverride } from "./icp-fit";
import { putSetting } from "./settings";

describe.each(testDrivers())("ICP fit on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let marketer: number;
  const ids: Record<string, number> = {};

  const fits = async () =>
    Object.fromEntries(
      (await queryRows<{ name: string; industry: string | null; model: number | null; fit: number | null }>(db, sql`select name, industry, icp_fit_model as model, icp_fit_score as fit from accounts order by id`)).map((r) => [
        r.name,
        [r.industry, r.model, r.fit],
      ]),
    );

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const [m] = await db.insert(users).values({ email: "marketing@example.com", name: "Morgan Marketer", role: "marketing", passwordHash: "x" }).returning();
    marketer = m!.id;
    // As an import from before the model would have left them: raw industries, no fit yet.
    const rows = await db
      .insert(accounts)
      .values([
        { name: "Northwind", industryRaw: "Technology", industry: "Technology", employees: 1500, annualRevenue: "40000000.00", country: "USA", technographicTags: ["HubSpot", "Slack"] },
        { name: "Contoso", industryRaw: "technolgy", industry: "technolgy", employees: 125, annualRevenue: "20000000.00", country: "Canada", technographicTags: ["salesforce"] },
        { name: "Fabrikam", industryRaw: "Tech", industry: "Tech", employees: 12, country: "France" },
        { name: "Globex", industryRaw: "Financial services", industry: "Financial services" },
        { name: "Initech", industryRaw: "Hospitality", industry: "Hospitality", employees: 120, country: "Brazil" },
        // Kept before the raw column: its industry is its raw value.
        { name: "Umbrella", industry: "Computer Software", employees: 400 },
        { name: "Hooli" },
      ])
      .returning({ id: accounts.id, name: accounts.name });
    for (const r of rows) ids[r.name] = r.id;
  });
  afterAll(() => t.drop());

  it("recomputes every account's industry and fit in batches, writing only what changes", async () => {
    // Batches of 3 over 7 accounts: three transactions. Hooli gets no fit, but its reasons say why.
    expect(await recomputeFits(db, { batch: 3 })).toEqual({ accounts: 7, changed: 7 });
    expect(await fits()).toEqual({
      Northwind: ["Technology", 90, 90],
      Contoso: ["Technology", 100, 100],
      Fabrikam: ["Tech", 0, 0],
      Globex: ["Financial Services", 100, 100],
      Initech: ["Hospitality", 33, 33],
      Umbrella: ["Software", 100, 100],
      Hooli: [null, null, null],
    });
    const [reasons] = await queryRows<{ reasons: { criterion: string; points: number; detail: string }[] }>(db, sql`select icp_fit_reasons as reasons from accounts where name = 'Initech'`);
    expect(reasons!.reasons.at(-1)).toEqual({ criterion: "total", points: 33, detail: "20 of 60 points on the criteria with data = 33" });
    // Nothing changed since: nothing is written, and no version moves.
    expect(await recomputeFits(db)).toEqual({ accounts: 7, changed: 0 });
    expect(await queryRows(db, sql`select distinct version from accounts`)).toEqual([{ version: 1 }]);
    // Umbrella's industry from before the rules is kept as its raw value.
    expect(await queryRows(db, sql`select industry_raw as raw, industry from accounts where name = 'Umbrella'`)).toEqual([{ raw: "Computer Software", industry: "Software" }]);
  });

  it("follows the rules and the model when they change, and the tier suggestion follows the fit", async () => {
    const before = await accountRow(db, defaultTierRules, ids.Fabrikam!);
    expect([before.icpFit, before.suggestedTier]).toEqual([0, null]);
    await putSetting(db, "industryRules", { rules: [{ industry: "Technology", phrases: ["tech"] }, ...defaultIndustryRules.filter((r) => r.industry !== "Technology")] }, marketer);
    await putSetting(db, "icpModel", { ...defaultIcpModel, employees: { weight: 20, min: 10, max: 1_000 } }, marketer);
    // Fabrikam's industry and fit change; four more accounts' reasons now name the new band.
    expect(await recomputeFits(db)).toEqual({ accounts: 7, changed: 5 });
    const after = await fits();
    // Fabrikam: Technology 30 + 12 employees inside 10–1,000 20 + France 0 of 10 = 50 of 60 = 83.
    expect(after.Fabrikam).toEqual(["Technology", 83, 83]);
    // Initech: Hospitality 0 + 120 employees 20 + Brazil 0 = 20 of 60, unchanged.
    expect(after.Initech).toEqual(["Hospitality", 33, 33]);
    const row = await accountRow(db, defaultTierRules, ids.Fabrikam!);
    expect([row.icpFit, row.suggestedTier]).toEqual([83, "tier_3"]);
    expect(await industryValues(db)).toEqual(
      expect.arrayContaining([
        { raw: "Tech", industry: "Technology", accounts: 1 },
        { raw: "technolgy", industry: "Technology", accounts: 1 },
        { raw: "Computer Software", industry: "Software", accounts: 1 },
      ]),
    );
    const groups = await firmographicGroups(db);
    expect(groups.reduce((n, g) => n + g.accounts, 0)).toBe(7);
    expect(groups.find((g) => g.industryRaw === "Tech")).toMatchObject({ industry: "Technology", employees: 12, country: "France", technologies: [], model: 83, score: 83, override: null });
  });

  it("lets marketing override one account's fit with a reason, against the version loaded, and keeps it over recomputes", async () => {
    const id = ids.Initech!;
    const loaded = await accountFit(db, id);
    expect(loaded).toMatchObject({ score: 33, model: 33, override: null, industry: "Hospitality", industryRaw: "Hospitality" });
    await expect(setFitOverride(db, { accountId: id, expectedVersion: loaded.version, fit: 80, reason: " ", actorId: marketer })).rejects.toThrow("Give the reason for this account's fit.");
    const saved = await setFitOverride(db, { accountId: id, expectedVersion: loaded.version, fit: 80, reason: "Opening a US office next quarter", actorId: marketer });
    expect(saved).toEqual({ version: loaded.version + 1, score: 80 });
    // A second tab, loaded before, is refused.
    await expect(setFitOverride(db, { accountId: id, expectedVersion: loaded.version, fit: 10, reason: "No budget", actorId: marketer })).rejects.toThrow(/changed since you opened it/);
    const now = await accountFit(db, id);
    expect(now).toMatchObject({ score: 80, model: 33, override: { fit: 80, reason: "Opening a US office next quarter", by: "Morgan Marketer" } });
    expect(now.override!.at).toBeInstanceOf(Date);
    // The tier suggestion reads the fit in force.
    expect((await accountRow(db, defaultTierRules, id)).suggestedTier).toBe("tier_3");
    // A recompute keeps the override in force and still refreshes the model's own fit.
    await putSetting(db, "icpModel", { ...defaultIcpModel, countries: { weight: 10, targets: ["Brazil"] } }, marketer);
    await recomputeFits(db);
    // Hospitality 0 of 30 + 120 employees 20 of 20 + Brazil 10 of 10 = 30 of 60 = 50.
    expect((await fits()).Initech).toEqual(["Hospitality", 50, 80]);
    // Cleared, the model's fit is in force again.
    await setFitOverride(db, { accountId: id, expectedVersion: now.version, fit: null, reason: null, actorId: marketer });
    expect((await fits()).Initech).toEqual(["Hospitality", 50, 50]);
    const audit = await db.select({ field: auditLog.field, from: auditLog.oldValue, to: auditLog.newValue }).from(auditLog).where(eq(auditLog.entityId, String(id))).orderBy(auditLog.id);
    expect(audit).toEqual([
      { field: "icp_fit_override", from: null, to: "80: Opening a US office next quarter" },
      { field: "icp_fit_override", from: "80: Opening a US office next quarter", to: "cleared (model's fit 50 in force)" },
    ]);
  });
});
