import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proposeDefinitionChange, signOffDefinitionVersion } from "@/db/queries/definitions";
import { createUser } from "@/db/queries/users";
import { leads } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { breachCounts } from "@/db/queries/breaches";
import { breachScopeInForce, buildFunnelReport, funnelContext, type FunnelContext } from "./report";
import type { FunnelRequest } from "./request";

const request: FunnelRequest = { preset: "custom", period: { from: "2026-07-01", to: "2026-07-31" }, filters: {}, mode: "cohort" };
const now = new Date("2026-08-15T00:00:00Z");
const at = (iso: string) => new Date(iso);

describe.each(testDrivers())("SLA compliance follows the definitions in force, on %s", (driver) => {
  let t: TestDatabase;
  let context: FunnelContext;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    // Four MQLs routed after 3, 8, 12 and 40 minutes.
    await t.handle.db.insert(leads).values(
      [3, 8, 12, 40].map((minutes, i) => ({
        id: i + 1,
        createdAt: at("2026-07-10T00:00:00Z"),
        mqlAt: at("2026-07-10T10:00:00Z"),
        routedAt: new Date(at("2026-07-10T10:00:00Z").getTime() + minutes * 60_000),
      })),
    );
    context = { ...(await funnelContext(t.handle.db)), today: "2026-08-15" };
  });
  afterAll(() => t.drop());

  const mqlShare = async () => (await buildFunnelReport(t.handle.db, request, context, now)).slas.find((s) => s.stage === "mql")!.compliance!.share.value;

  it("counts open breaches under the same scope the breaches list and the overview read", async () => {
    await t.handle.db.insert(leads).values({ id: 90, createdAt: at("2026-08-10T00:00:00Z"), mqlAt: at("2026-08-10T09:00:00Z") });
    const scope = await breachScopeInForce(t.handle.db, "mql", now);
    expect(scope).toMatchObject({ kind: "mql", archiveAfterDays: 90 });
    expect(scope!.seconds).toBeGreaterThan(0);
    const report = await buildFunnelReport(t.handle.db, request, context, now);
    const open = (await breachCounts(t.handle.db, scope!)).open;
    expect(open).toBeGreaterThanOrEqual(1);
    expect(open).toBe(report.openBreaches.find((b) => b.stage === "mql")!.counts.open);
    await t.handle.db.delete(leads).where(eq(leads.id, 90));
  });

  it("uses the signed SLA, ignores an unsigned proposal, and switches once both owners sign", async () => {
    // The playbook's 5 minutes: only the 3-minute MQL is within.
    expect(await mqlShare()).toBe(0.25);

    const marketer = await createUser(t.handle.db, { email: "m@example.com", name: "Mara", role: "marketing", passwordHash: "x" }, null);
    const rep = await createUser(t.handle.db, { email: "s@example.com", name: "Sam", role: "sales", passwordHash: "x" }, null);
    const proposal = await proposeDefinitionChange(
      t.handle.db,
      {
        stage: "mql",
        expectedLatestVersion: 1,
        definition: "Score > 60 OR high-intent signal triggered",
        owner: "marketing",
        slaValue: 15,
        slaUnit: "minutes",
        slaText: "Route to sales within 15 minutes",
        changeNote: "Give SDRs a realistic window",
      },
      marketer.id,
    );
    // Proposed but unsigned: still 5 minutes.
    expect(await mqlShare()).toBe(0.25);

    await signOffDefinitionVersion(t.handle.db, { versionId: proposal.id, team: "marketing" }, { id: marketer.id, role: "marketing" });
    expect(await mqlShare()).toBe(0.25);
    await signOffDefinitionVersion(t.handle.db, { versionId: proposal.id, team: "sales" }, { id: rep.id, role: "sales" });
    // In force: 15 minutes, so 3, 8 and 12 are within.
    const report = await buildFunnelReport(t.handle.db, request, context, now);
    const mql = report.slas.find((s) => s.stage === "mql")!;
    expect(mql.compliance!.share.value).toBe(0.75);
    expect(mql.version).toBe(2);
    expect(mql.sla).toBe("Route to sales within 15 minutes");
  });
});
