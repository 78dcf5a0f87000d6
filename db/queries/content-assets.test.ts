/**
 * The Content Personalizer's library on PGlite and PostgreSQL: adding, editing against a version,
 * deleting and importing all or nothing; and the facts a pick reads about a waiting signal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/index";
import { accounts, contacts, opportunities, signals, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { assetInput, type AssetInput } from "@/lib/automations/content-assets";
import { funnelStageOf, pickAsset } from "@/lib/automations/content-personalizer";
import { ConflictError } from "@/lib/errors";
import { addAsset, deleteAsset, importAssets, listAssets, updateAsset, waitingSignalFacts } from "./content-assets";

const REP = 701;
const MARKETER = 702;
const input = (over: Record<string, unknown>): AssetInput => assetInput.parse({ title: "ROI calculator", format: "roi_calculator", url: "https://content.example/roi", roles: "economic_buyer", stages: "decision", ...over });

describe.each(testDrivers())("the content library on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    await db.insert(users).values([
      { id: REP, email: "rep@example.com", name: "Riley Rep", role: "sales", passwordHash: "x" },
      { id: MARKETER, email: "mo@example.com", name: "Mo Marketing", role: "marketing", passwordHash: "x" },
    ]);
    await db.insert(accounts).values({ id: 1, name: "Apex", domain: "apex.example", ownerId: REP, icpFitScore: 70, industry: "Software" });
    await db.insert(contacts).values({ id: 11, accountId: 1, name: "Erin Buyer", email: "erin@apex.example", buyingGroupRole: "economic_buyer" });
    await db.insert(opportunities).values({ id: 5, name: "Apex platform", accountId: 1, ownerId: REP, amount: "30000.00", stageId: 3, status: "open", createdAt: new Date("2026-05-01T00:00:00Z"), competitor: "PipeIQ" });
    await db.insert(signals).values({ type: "pricing_page_depth", tier: "high", accountId: 1, contactId: 11, occurredAt: new Date("2026-06-01T10:00:00Z"), routedTo: REP });
  });
  afterAll(() => t.drop());

  it("adds an asset, refuses a second at the same link, and edits one against its version", async () => {
    const roi = await addAsset(db, input({}), MARKETER);
    await expect(addAsset(db, input({ title: "Copy", url: "HTTPS://content.example/ROI" }), MARKETER)).rejects.toThrow(/already has an asset at/);
    const saved = await updateAsset(db, { id: roi.id, version: roi.version, fields: input({ industries: "Software" }) }, MARKETER);
    expect(saved.changed).toBe(1);
    expect(saved.asset).toMatchObject({ industries: ["Software"], version: roi.version + 1 });
    await expect(updateAsset(db, { id: roi.id, version: roi.version, fields: input({ title: "Stale" }) }, MARKETER)).rejects.toBeInstanceOf(ConflictError);
    expect((await updateAsset(db, { id: roi.id, version: saved.asset.version, fields: input({ industries: "Software" }) }, MARKETER)).changed).toBe(0);
  });

  it("imports all or nothing: a link twice in the file, or already in the library, is named by row", async () => {
    const guide = input({ title: "Buyer's guide", format: "guide", url: "https://content.example/guide", roles: "", stages: "consideration" });
    expect(await importAssets(db, [guide, { ...guide, title: "Again" }, input({ title: "Old" })], MARKETER)).toEqual({
      ok: false,
      errors: [
        { row: 3, field: "url", message: "the same link as row 2" },
        { row: 4, field: "url", message: "already in the library" },
      ],
    });
    expect((await listAssets(db)).map((a) => a.title)).toEqual(["ROI calculator"]);
    expect(await importAssets(db, [guide, input({ title: "Versus PipeIQ", url: "https://content.example/vs", roles: "", stages: "", competitor: "PipeIQ" })], MARKETER)).toEqual({ ok: true, added: 2 });
    expect((await listAssets(db)).map((a) => a.title)).toEqual(["Buyer's guide", "ROI calculator", "Versus PipeIQ"]);
  });

  it("reads a waiting signal's person, stage, industry and rival, and picks for it", async () => {
    const [facts] = await waitingSignalFacts(db, { ownerId: REP });
    expect(facts).toMatchObject({ type: "pricing_page_depth", contactName: "Erin Buyer", role: "economic_buyer", industry: "Software", dealStagePosition: 3, competitor: "PipeIQ" });
    expect(await waitingSignalFacts(db, { ownerId: MARKETER })).toEqual([]);
    const pick = pickAsset(await listAssets(db), { role: facts!.role, stage: funnelStageOf(facts!.dealStagePosition), industry: facts!.industry, signalType: facts!.type, competitor: facts!.competitor, consumed: new Set() });
    expect(pick).toMatchObject({ asset: { title: "ROI calculator" }, reasons: ["for an Economic Buyer", "at the decision stage", "in Software"] });
  });

  it("deletes an asset seen at its version", async () => {
    const guide = (await listAssets(db)).find((a) => a.title === "Buyer's guide")!;
    await expect(deleteAsset(db, { id: guide.id, version: guide.version + 1 }, MARKETER)).rejects.toBeInstanceOf(ConflictError);
    expect(await deleteAsset(db, { id: guide.id, version: guide.version }, MARKETER)).toBe("Buyer's guide");
    expect((await listAssets(db)).map((a) => a.title)).toEqual(["ROI calculator", "Versus PipeIQ"]);
  });
});
