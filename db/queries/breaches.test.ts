import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { auditLog, leads, opportunities, opportunityStageHistory, users } from "@/db/schema";
import { queryRows } from "@/db/index";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { breachCounts, dismissBreach, listBreaches } from "./breaches";

const at = (iso: string) => new Date(iso);
const NOW = at("2026-08-01T00:00:00Z");
const MQL = { kind: "mql" as const, seconds: 300, archiveAfterDays: 90, now: NOW };

describe.each(testDrivers())("SLA breaches on %s", (driver) => {
  let t: TestDatabase;
  let admin: number, rep: number, otherRep: number, marketer: number, stay: number;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    const people = await db
      .insert(users)
      .values([
        { email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" },
        { email: "rep@example.com", name: "Riley Rep", role: "sales", passwordHash: "x" },
        { email: "rep2@example.com", name: "Reese Rep", role: "sales", passwordHash: "x" },
        { email: "m@example.com", name: "Morgan Marketer", role: "marketing", passwordHash: "x" },
      ])
      .returning();
    [admin, rep, otherRep, marketer] = people.map((p) => p.id) as [number, number, number, number];
    await db.insert(leads).values([
      // Unrouted MQLs: 10 days overdue (Riley's), 100 days overdue (archived at 90), 200 days (nobody's).
      { id: 1, ownerId: rep, source: "Inbound", createdAt: at("2026-07-22T00:00:00Z"), mqlAt: at("2026-07-22T00:00:00Z") },
      { id: 2, ownerId: rep, source: "Inbound", createdAt: at("2026-04-23T00:00:00Z"), mqlAt: at("2026-04-23T00:00:00Z") },
      { id: 3, source: "Inbound", createdAt: at("2026-01-13T00:00:00Z"), mqlAt: at("2026-01-13T00:00:00Z") },
      // Routed in time: no breach.
      { id: 4, ownerId: rep, source: "Inbound", createdAt: at("2026-07-22T00:00:00Z"), mqlAt: at("2026-07-22T00:00:00Z"), routedAt: at("2026-07-22T00:01:00Z") },
    ]);
    await db.insert(opportunities).values({ id: 11, name: "Stalled", stageId: 5, ownerId: otherRep, amount: "100", createdAt: at("2026-07-01T00:00:00Z") });
    // Contract Sent (7 days) since Jul 3: due Jul 10, deadline Jul 12 at 48 hours.
    const [h] = await db.insert(opportunityStageHistory).values({ opportunityId: 11, stageId: 5, enteredAt: at("2026-07-03T00:00:00Z") }).returning();
    stay = h!.id;
  });
  afterAll(() => t.drop());

  it("keeps breaches overdue by more than the cut-off out of the open ones, archived", async () => {
    expect(await breachCounts(t.handle.db, MQL)).toEqual({ open: 1, archived: 2, dismissed: 0 });
    expect((await listBreaches(t.handle.db, { ...MQL, state: "open", limit: 10 })).map((b) => b.id)).toEqual([1]);
    expect((await listBreaches(t.handle.db, { ...MQL, state: "archived", limit: 10 })).map((b) => [b.id, Math.round(b.overdueSeconds / 86_400)])).toEqual([
      [3, 200],
      [2, 100],
    ]);
    // Pages: one at a time, oldest first.
    expect((await listBreaches(t.handle.db, { ...MQL, state: "archived", limit: 1, offset: 1 })).map((b) => b.id)).toEqual([2]);
    // One owner's: Riley owns leads 1 and 2, nobody owns 3; Reese owns none of them.
    expect(await breachCounts(t.handle.db, { ...MQL, ownerId: rep })).toEqual({ open: 1, archived: 1, dismissed: 0 });
    expect((await listBreaches(t.handle.db, { ...MQL, ownerId: rep, state: "archived", limit: 10 })).map((b) => b.id)).toEqual([2]);
    expect(await breachCounts(t.handle.db, { ...MQL, ownerId: otherRep })).toEqual({ open: 0, archived: 0, dismissed: 0 });
    // The stalled deal's overdue stage is Reese's.
    const STAGE = { kind: "opportunity" as const, seconds: 48 * 3600, archiveAfterDays: 90, now: NOW };
    expect((await breachCounts(t.handle.db, { ...STAGE, ownerId: otherRep })).open).toBe(1);
    expect((await breachCounts(t.handle.db, { ...STAGE, ownerId: rep })).open).toBe(0);
    // A longer cut-off keeps the 100-day one open.
    expect(await breachCounts(t.handle.db, { ...MQL, archiveAfterDays: 150 })).toEqual({ open: 2, archived: 1, dismissed: 0 });
  });

  it("refuses a dismissal by anyone but the owner or an admin, and what is no breach", async () => {
    const db = t.handle.db;
    await expect(dismissBreach(db, { ...MQL, subjectId: 1, reason: "Duplicate", actor: { id: otherRep, role: "sales" } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(dismissBreach(db, { ...MQL, subjectId: 1, reason: "Duplicate", actor: { id: marketer, role: "marketing" } })).rejects.toBeInstanceOf(ForbiddenError);
    // Nobody owns lead 3: only an admin may.
    await expect(dismissBreach(db, { ...MQL, subjectId: 3, reason: "Spam", actor: { id: rep, role: "sales" } })).rejects.toBeInstanceOf(ForbiddenError);
    // Lead 4 was routed in time; lead 99 does not exist.
    await expect(dismissBreach(db, { ...MQL, subjectId: 4, reason: "x", actor: { id: admin, role: "admin" } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(dismissBreach(db, { ...MQL, subjectId: 99, reason: "x", actor: { id: admin, role: "admin" } })).rejects.toBeInstanceOf(NotFoundError);
    // The deal's stay in Contract Sent is Reese's, not Riley's.
    await expect(dismissBreach(db, { kind: "opportunity", subjectId: stay, seconds: 48 * 3600, now: NOW, reason: "x", actor: { id: rep, role: "sales" } })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await breachCounts(db, MQL)).toEqual({ open: 1, archived: 2, dismissed: 0 });
  });

  it("lets the owner dismiss with a reason, once, audited; the breach leaves the open list", async () => {
    const db = t.handle.db;
    await dismissBreach(db, { ...MQL, subjectId: 1, reason: "Duplicate of lead 4", actor: { id: rep, role: "sales" } });
    expect(await breachCounts(db, MQL)).toEqual({ open: 0, archived: 2, dismissed: 1 });
    const [dismissed] = await listBreaches(db, { ...MQL, state: "dismissed", limit: 10 });
    expect(dismissed).toMatchObject({ id: 1, dismissal: { reason: "Duplicate of lead 4", by: "Riley Rep" } });
    await expect(dismissBreach(db, { ...MQL, subjectId: 1, reason: "Again", actor: { id: admin, role: "admin" } })).rejects.toBeInstanceOf(ConflictError);
    const audit = await db.select().from(auditLog);
    expect(audit.map((a) => [a.userId, a.entity, a.entityId, a.newValue])).toEqual([[rep, "sla_breach", "mql:1", "Duplicate of lead 4"]]);

    // An admin dismisses an archived one nobody owns, and the deal's overdue stage.
    await dismissBreach(db, { ...MQL, subjectId: 3, reason: "Spam", actor: { id: admin, role: "admin" } });
    await dismissBreach(db, { kind: "opportunity", subjectId: stay, seconds: 48 * 3600, now: NOW, reason: "Waiting on legal", actor: { id: admin, role: "admin" } });
    expect(await breachCounts(db, MQL)).toEqual({ open: 0, archived: 1, dismissed: 2 });
    expect(await breachCounts(db, { kind: "opportunity", seconds: 48 * 3600, archiveAfterDays: 90, now: NOW })).toEqual({ open: 0, archived: 0, dismissed: 1 });
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from breach_dismissals`);
    expect(row!.n).toBe(3);
  });
});
