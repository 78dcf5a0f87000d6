import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, auditLog, contacts, leads, selfReportedAnswers, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { defaultAnswerRules } from "@/lib/attribution/answer-rules";
import { ConflictError } from "@/lib/errors";
import { getSetting } from "./settings";
import { ANSWER_AUDIT, deleteAnswer, listAnswers, saveAnswerRules, saveAnswers, searchAnswerSubjects, setAnswerChannel, subjectsByEmail } from "./answers";

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
    // An editor that started from other rules is refused, and nothing changes.
    await expect(saveAnswerRules(db, defaultAnswerRules, marketer, { startedFrom: defaultAnswerRules })).rejects.toThrow(/Someone saved the answer rules since you opened them/);
    // A rule that matches none of the answers is refused unless the warnings are accepted.
    const unmatched = [...rules, { channel: "event" as const, phrases: ["zzz-never-said"] }];
    await expect(saveAnswerRules(db, unmatched, marketer, { startedFrom: rules, acceptWarnings: false })).rejects.toThrow(/Rule \d+ \(Event\) matches none of the 4 answers/);
    expect((await getSetting(db, "answerRules")).rules[0]!.phrases).toEqual(["podcast", "pipeline radio"]);
  });
});

describe.each(testDrivers())("entering answers on %s", (driver) => {
  let t: TestDatabase;
  let marketer: number;
  let ana: { contactId: number; leadId: number };
  let bo: { contactId: number; leadId: number };
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    const [m] = await db.insert(users).values({ email: "mia@example.com", name: "Mia Marketer", role: "marketing", passwordHash: "x" }).returning();
    marketer = m!.id;
    const [a] = await db.insert(accounts).values({ name: "Initech" }).returning();
    const [c1, c2, c3] = await db
      .insert(contacts)
      .values([
        { accountId: a!.id, name: "Ana Alvarez", email: "Ana@Initech.io" },
        { accountId: a!.id, name: "Bo Brown", email: "bo@initech.io" },
        { accountId: a!.id, name: "Cy Chen", email: "cy@initech.io" },
      ])
      .returning();
    // Ana came in twice: a webinar lead, then a demo request, which is the one answers belong to.
    const [, anaDemo, boLead] = await db
      .insert(leads)
      .values([
        { contactId: c1!.id, accountId: a!.id, isDemoRequest: false, createdAt: new Date("2026-05-01T00:00:00Z") },
        { contactId: c1!.id, accountId: a!.id, isDemoRequest: true, createdAt: new Date("2026-04-01T00:00:00Z") },
        { contactId: c2!.id, accountId: a!.id, isDemoRequest: true, createdAt: new Date("2026-04-02T00:00:00Z") },
      ])
      .returning();
    ana = { contactId: c1!.id, leadId: anaDemo!.id };
    bo = { contactId: c2!.id, leadId: boLead!.id };
    void c3;
  });
  afterAll(() => t.drop());

  const entry = (who: { contactId: number; leadId: number | null }, answer: string, extra: Partial<Parameters<typeof saveAnswers>[1][number]> = {}) => ({
    line: 1,
    ...who,
    answer,
    channel: "podcast" as const,
    overridden: false,
    ...extra,
  });

  it("finds the lead behind an email in any case, its demo request first, and contacts by name or company", async () => {
    const db = t.handle.db;
    const found = await subjectsByEmail(db, ["ana@initech.io", "nobody@initech.io"]);
    expect(found.get("ana@initech.io")).toMatchObject({ contactId: ana.contactId, leadId: ana.leadId, name: "Ana Alvarez", company: "Initech", isDemoRequest: true, answers: [] });
    expect(found.has("nobody@initech.io")).toBe(false);
    const subjects = await searchAnswerSubjects(db, "initech");
    expect(subjects.map((s) => s.name)).toEqual(["Bo Brown", "Ana Alvarez", "Cy Chen"]);
    expect(subjects[2]).toMatchObject({ leadId: null, isDemoRequest: false });
    expect((await searchAnswerSubjects(db, "100%")).length).toBe(0);
  });

  it("asks before adding a second answer for a lead, and writes nothing until told to update or keep both", async () => {
    const db = t.handle.db;
    expect(await saveAnswers(db, [entry(ana, "Heard on GTM Weekly")], marketer)).toEqual({ ok: true, added: 1, updated: 0 });
    const again = await saveAnswers(db, [entry(bo, "a friend", { line: 2 }), entry(ana, "a colleague", { line: 3, channel: "peer_recommendation" })], marketer);
    expect(again).toEqual({ ok: false, undecided: [{ line: 3, existing: { id: expect.any(Number), answer: "Heard on GTM Weekly", channel: "podcast" } }] });
    expect((await listAnswers(db, {})).total).toBe(1);

    expect(await saveAnswers(db, [entry(bo, "a friend"), entry(ana, "a colleague", { channel: "peer_recommendation", duplicate: "update" })], marketer)).toEqual({ ok: true, added: 1, updated: 1 });
    let list = await listAnswers(db, {});
    expect(list.rows.map((r) => [r.name, r.answer, r.channel, r.version])).toEqual([
      ["Bo Brown", "a friend", "podcast", 1],
      ["Ana Alvarez", "a colleague", "peer_recommendation", 2],
    ]);
    expect(await saveAnswers(db, [entry(ana, "and a podcast", { duplicate: "keep" })], marketer)).toEqual({ ok: true, added: 1, updated: 0 });
    list = await listAnswers(db, { q: "alvarez" });
    expect(list.total).toBe(2);
    const audit = await db.select().from(auditLog).where(eq(auditLog.entity, ANSWER_AUDIT));
    expect(audit.map((a) => a.field).sort()).toEqual(["answer", "channel", "created", "created", "created"]);
  });

  it("two marketers adding the first answer for one lead at once: one is saved, the other is asked", async () => {
    const db = t.handle.db;
    const cy = (await subjectsByEmail(db, ["cy@initech.io"])).get("cy@initech.io")!;
    const results = await Promise.all([saveAnswers(db, [entry(cy, "G2")], marketer), saveAnswers(db, [entry(cy, "Capterra")], marketer)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toHaveLength(1);
    expect((await listAnswers(db, { q: "cy chen" })).total).toBe(1);
  });

  it("sets a channel by hand, hands it back to the rules, refuses a stale version, and deletes", async () => {
    const db = t.handle.db;
    const [row] = (await listAnswers(db, { q: "a friend" })).rows;
    const set = await setAnswerChannel(db, { id: row!.id, expectedVersion: row!.version, channel: "community", rules: defaultAnswerRules, actorId: marketer });
    expect(set).toEqual({ version: 2, channel: "community", overridden: true });
    expect((await listAnswers(db, { by: "hand", q: "a friend" })).total).toBe(1);
    await expect(setAnswerChannel(db, { id: row!.id, expectedVersion: 1, channel: "event", rules: defaultAnswerRules, actorId: marketer })).rejects.toThrow(
      new ConflictError("Someone changed this answer since you loaded it: it is now Community, set by hand. Reload to see it."),
    );
    const back = await setAnswerChannel(db, { id: row!.id, expectedVersion: 2, channel: null, rules: defaultAnswerRules, actorId: marketer });
    expect(back).toEqual({ version: 3, channel: "peer_recommendation", overridden: false });
    await expect(deleteAnswer(db, { id: row!.id, expectedVersion: 2, actorId: marketer })).rejects.toThrow(ConflictError);
    await deleteAnswer(db, { id: row!.id, expectedVersion: 3, actorId: marketer });
    expect((await listAnswers(db, { q: "a friend" })).total).toBe(0);
  });

  it("puts answers the rules could not map first in the review queue, and filters by channel", async () => {
    const db = t.handle.db;
    const bob = (await subjectsByEmail(db, ["bo@initech.io"])).get("bo@initech.io")!;
    await saveAnswers(db, [entry(bob, "Dave from Acme", { channel: "other" })], marketer);
    const queue = await listAnswers(db, { review: true });
    expect(queue.rows.map((r) => r.answer)).toEqual(["Dave from Acme"]);
    expect((await listAnswers(db, { channel: "podcast" })).rows.every((r) => r.channel === "podcast")).toBe(true);
  });
});
