import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, contacts, selfReportedAnswers, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { defaultAnswerRules } from "@/lib/attribution/answer-rules";
import { getSetting } from "./settings";
import { saveAnswerRules } from "./answers";

describe.each(testDrivers())("answer rules on %s", (driver) => {
  let t: TestDatabase;
  let marketer: number;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    const [m] = await db.insert(users).values({ email: "marketing@example.com", name: "Morgan Marketer", role: "marketing", passwordHash: "x" }).returning();
    marketer = m!.id;
    const [a] = await db.insert(accounts).values({ name: "Acme" }).returning();
    const people = await db.insert(contacts).values([1, 2, 3, 4].map((k) => ({ accountId: a!.id, name: `P${k}` }))).returning();
    await db.insert(selfReportedAnswers).values([
      { contactId: people[0]!.id, answer: "Lenny's newsletter", channel: "other" },
      { contactId: people[1]!.id, answer: "Heard on Pipeline Radio", channel: "other" },
      // A marketer decided this one; no rule change moves it.
      { contactId: people[2]!.id, answer: "Pipeline Radio, then a colleague", channel: "peer_recommendation", overridden: true },
      { contactId: people[3]!.id, answer: "a podcast", channel: "podcast" },
    ]);
  });
  afterAll(() => t.drop());

  it("re-maps past answers when the rules change, but not those a marketer overrode", async () => {
    const db = t.handle.db;
    const rules = [{ channel: "podcast" as const, phrases: ["podcast", "pipeline radio"] }, ...defaultAnswerRules.slice(1)];
    const { changes, remapped } = await saveAnswerRules(db, rules, marketer);
    expect(changes).toBeGreaterThan(0);
    expect(remapped.map((r) => [r.from, r.to])).toEqual([
      ["other", "content"],
      ["other", "podcast"],
    ]);
    const rows = await db.select().from(selfReportedAnswers).orderBy(selfReportedAnswers.id);
    expect(rows.map((r) => [r.channel, r.overridden])).toEqual([
      ["content", false],
      ["podcast", false],
      ["peer_recommendation", true],
      ["podcast", false],
    ]);
    expect(rows[0]!.version).toBe(2);
    expect((await getSetting(db, "answerRules")).rules[0]!.phrases).toEqual(["podcast", "pipeline radio"]);
    // Saving the same rules again moves nothing.
    expect(await saveAnswerRules(db, rules, marketer)).toEqual({ changes: 0, remapped: [] });
  });
});
