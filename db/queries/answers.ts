import "server-only";
import { asc, eq, sql, type SQL } from "drizzle-orm";
import { queryRows, type Database, type DatabaseOrTransaction } from "@/db/index";
import { auditLog, selfReportedAnswers, type NewAuditEntry } from "@/db/schema";
import { checkAnswerRules, mapAnswer, remapAnswers, type AnswerRule, type Remap } from "@/lib/attribution/answer-rules";
import { channelInfo, type Channel } from "@/lib/domain/channels";
import { ConflictError, NotFoundError, RuleWarningsError } from "@/lib/errors";
import { getSetting, putSetting } from "./settings";

/**
 * Saves the answer-mapping rules and re-maps every past answer by them in the same transaction,
 * except those a marketer set by hand. Returns the audited setting changes and the answers moved.
 * Given the rules the editor started from, refuses to save over someone else's change; unless
 * told to accept warnings, refuses rules that checkAnswerRules finds fault with.
 */
export async function saveAnswerRules(
  db: Database,
  rules: AnswerRule[],
  actorId: number,
  { startedFrom, acceptWarnings = true }: { startedFrom?: readonly AnswerRule[]; acceptWarnings?: boolean } = {},
): Promise<{ changes: number; remapped: Remap[] }> {
  return db.transaction(async (t) => {
    await t.execute(sql`select pg_advisory_xact_lock(hashtext('setting:answerRules'))`);
    if (startedFrom !== undefined && JSON.stringify((await getSetting(t, "answerRules")).rules) !== JSON.stringify(startedFrom)) {
      throw new ConflictError("Someone saved the answer rules since you opened them. Reload to see their rules, then make your change again.");
    }
    const answers = await answerTexts(t);
    if (!acceptWarnings) {
      const problems = checkAnswerRules(rules, answers.map((a) => a.answer));
      if (problems.length > 0) throw new RuleWarningsError(problems);
    }
    const changes = await putSetting(t, "answerRules", { rules }, actorId);
    const remapped = remapAnswers(answers, rules);
    if (remapped.length > 0) {
      const payload = JSON.stringify(remapped.map((r) => ({ id: r.id, channel: r.to })));
      await t.execute(sql`
        update self_reported_answers a
        set channel = m.channel::channel, version = a.version + 1
        from json_to_recordset(${payload}::json) as m(id int, channel text)
        where a.id = m.id and not a.overridden
      `);
    }
    return { changes, remapped };
  });
}

/** The audit entity of an answer's changes (entity_id = the answer's id). */
export const ANSWER_AUDIT = "self_reported_answer";

/** Who answered: a contact and, when they came in as a lead, their latest lead (demo requests first). */
export interface AnswerSubject {
  contactId: number;
  leadId: number | null;
  name: string;
  email: string | null;
  title: string | null;
  company: string | null;
  leadCreatedAt: string | null;
  isDemoRequest: boolean;
  /** Answers already kept for this lead (or contact, without a lead), newest first. */
  answers: { id: number; answer: string; channel: Channel; version: number }[];
}

const subjectColumns = sql`
  c.id as "contactId", l.id as "leadId", c.name, c.email, c.title, a.name as "company",
  to_char(l.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "leadCreatedAt",
  coalesce(l.is_demo_request, false) as "isDemoRequest",
  coalesce((
    select json_agg(json_build_object('id', x.id, 'answer', x.answer, 'channel', x.channel, 'version', x.version) order by x.entered_at desc, x.id desc)
    from self_reported_answers x
    where (l.id is not null and x.lead_id = l.id) or (l.id is null and x.lead_id is null and x.contact_id = c.id)
  ), '[]'::json) as "answers"`;

const latestLead = sql`left join lateral (
    select id, created_at, is_demo_request from leads
    where contact_id = c.id
    order by is_demo_request desc, created_at desc, id desc
    limit 1
  ) l on true`;

/** Contacts whose name, email or company holds the text, those with a demo request first. */
export async function searchAnswerSubjects(db: Database, text: string, limit = 8): Promise<AnswerSubject[]> {
  const pattern = `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return queryRows<AnswerSubject>(
    db,
    sql`
      select ${subjectColumns}
      from contacts c
      left join accounts a on a.id = c.account_id
      ${latestLead}
      where c.name ilike ${pattern} or c.email ilike ${pattern} or a.name ilike ${pattern}
      order by coalesce(l.is_demo_request, false) desc, l.created_at desc nulls last, c.name, c.id
      limit ${limit}`,
  );
}

/** The subject behind each email (any case); an email no contact has is missing from the map. */
export async function subjectsByEmail(db: Database, emails: readonly string[]): Promise<Map<string, AnswerSubject>> {
  if (emails.length === 0) return new Map();
  const rows = await queryRows<AnswerSubject & { key: string }>(
    db,
    sql`
      select distinct on (lower(c.email)) lower(c.email) as "key", ${subjectColumns}
      from contacts c
      left join accounts a on a.id = c.account_id
      ${latestLead}
      where lower(c.email) in (select lower(e) from json_array_elements_text(${JSON.stringify(emails)}::json) e)
      order by lower(c.email), coalesce(l.is_demo_request, false) desc, l.created_at desc nulls last, c.id`,
  );
  return new Map(rows.map(({ key, ...subject }) => [key, subject]));
}

export async function subjectOfContact(db: Database, contactId: number): Promise<AnswerSubject> {
  const [row] = await queryRows<AnswerSubject>(
    db,
    sql`select ${subjectColumns} from contacts c left join accounts a on a.id = c.account_id ${latestLead} where c.id = ${contactId}`,
  );
  if (!row) throw new NotFoundError(`Contact #${contactId} does not exist.`);
  return row;
}

/** What to do when the lead has answered before: replace the newest answer, or keep both. */
export type DuplicateChoice = "update" | "keep";

export interface AnswerEntry {
  /** How the marketer knows the row: its line in a paste, or 1 for the form. */
  line: number;
  contactId: number;
  leadId: number | null;
  answer: string;
  channel: Channel;
  /** The channel differs from the one the rules give. */
  overridden: boolean;
  duplicate?: DuplicateChoice;
}

export interface UndecidedDuplicate {
  line: number;
  existing: { id: number; answer: string; channel: Channel };
}

export type SaveAnswersResult = { ok: true; added: number; updated: number } | { ok: false; undecided: UndecidedDuplicate[] };

/**
 * Saves answers in one transaction. A lead (or a contact without a lead) that already has an answer
 * needs a choice: update its newest answer, or keep both. If any such entry lacks one, nothing is
 * written and the entries are returned for the marketer to decide.
 */
export async function saveAnswers(db: Database, entries: readonly AnswerEntry[], actorId: number): Promise<SaveAnswersResult> {
  return db.transaction(async (t) => {
    // One writer of answers at a time, so two marketers cannot both add "the first" answer for a lead.
    await t.execute(sql`select pg_advisory_xact_lock(hashtext('self_reported_answers'))`);
    const payload = JSON.stringify(entries.map((e, k) => ({ k, lead_id: e.leadId, contact_id: e.contactId })));
    const existing = await queryRows<{ k: number; id: number; answer: string; channel: Channel }>(
      t,
      sql`
        select distinct on (e.k) e.k, x.id, x.answer, x.channel
        from json_to_recordset(${payload}::json) as e(k int, lead_id int, contact_id int)
        join self_reported_answers x
          on (e.lead_id is not null and x.lead_id = e.lead_id) or (e.lead_id is null and x.lead_id is null and x.contact_id = e.contact_id)
        order by e.k, x.entered_at desc, x.id desc`,
    );
    const previous = new Map(existing.map((r) => [r.k, r]));
    const undecided = entries.flatMap((e, k) => {
      const found = previous.get(k);
      return found && e.duplicate === undefined ? [{ line: e.line, existing: { id: found.id, answer: found.answer, channel: found.channel } }] : [];
    });
    if (undecided.length > 0) return { ok: false as const, undecided };

    const updates = entries.flatMap((e, k) => (previous.has(k) && e.duplicate === "update" ? [{ e, old: previous.get(k)! }] : []));
    const inserts = entries.filter((e, k) => !(previous.has(k) && e.duplicate === "update"));
    const audit: NewAuditEntry[] = [];
    if (updates.length > 0) {
      const changes = JSON.stringify(updates.map(({ e, old }) => ({ id: old.id, answer: e.answer.trim(), channel: e.channel, overridden: e.overridden })));
      await t.execute(sql`
        update self_reported_answers x
        set answer = u.answer, channel = u.channel::channel, overridden = u.overridden, entered_by = ${actorId}, version = x.version + 1
        from json_to_recordset(${changes}::json) as u(id int, answer text, channel text, overridden boolean)
        where x.id = u.id`);
    }
    for (const { e, old } of updates) {
      if (old.answer !== e.answer.trim()) audit.push({ userId: actorId, entity: ANSWER_AUDIT, entityId: String(old.id), field: "answer", oldValue: old.answer, newValue: e.answer.trim() });
      if (old.channel !== e.channel) audit.push({ userId: actorId, entity: ANSWER_AUDIT, entityId: String(old.id), field: "channel", oldValue: old.channel, newValue: e.channel });
    }
    for (let from = 0; from < inserts.length; from += 1_000) {
      const added = await t
        .insert(selfReportedAnswers)
        .values(
          inserts.slice(from, from + 1_000).map((e) => ({ leadId: e.leadId, contactId: e.contactId, answer: e.answer.trim(), channel: e.channel, overridden: e.overridden, enteredBy: actorId })),
        )
        .returning({ id: selfReportedAnswers.id, channel: selfReportedAnswers.channel });
      for (const a of added) audit.push({ userId: actorId, entity: ANSWER_AUDIT, entityId: String(a.id), field: "created", oldValue: null, newValue: a.channel });
    }
    for (let from = 0; from < audit.length; from += 1_000) await t.insert(auditLog).values(audit.slice(from, from + 1_000));
    return { ok: true as const, added: inserts.length, updated: updates.length };
  });
}

/**
 * Sets one answer's channel by hand (overridden, so rule changes leave it), or hands it back to
 * the rules (`channel: null`). Refused when the answer changed since the marketer loaded it.
 */
export async function setAnswerChannel(
  db: Database,
  { id, expectedVersion, channel, rules, actorId }: { id: number; expectedVersion: number; channel: Channel | null; rules: readonly AnswerRule[]; actorId: number },
): Promise<{ version: number; channel: Channel; overridden: boolean }> {
  return db.transaction(async (t) => {
    const [row] = await t.select().from(selfReportedAnswers).where(eq(selfReportedAnswers.id, id)).for("update");
    if (!row) throw new NotFoundError(`Answer #${id} does not exist; it may have been deleted.`);
    if (row.version !== expectedVersion) {
      throw new ConflictError(`Someone changed this answer since you loaded it: it is now ${channelInfo[row.channel].label}${row.overridden ? ", set by hand" : ""}. Reload to see it.`);
    }
    const next = channel ?? mapAnswer(row.answer, rules).channel;
    const overridden = channel !== null;
    const [saved] = await t
      .update(selfReportedAnswers)
      .set({ channel: next, overridden, version: row.version + 1 })
      .where(eq(selfReportedAnswers.id, id))
      .returning({ version: selfReportedAnswers.version });
    if (next !== row.channel || overridden !== row.overridden) {
      await t.insert(auditLog).values({
        userId: actorId,
        entity: ANSWER_AUDIT,
        entityId: String(id),
        field: "channel",
        oldValue: `${row.channel}${row.overridden ? " (by hand)" : ""}`,
        newValue: `${next}${overridden ? " (by hand)" : ""}`,
      });
    }
    return { version: saved!.version, channel: next, overridden };
  });
}

/** Deletes one answer, refused when it changed since the marketer loaded it. */
export async function deleteAnswer(db: Database, { id, expectedVersion, actorId }: { id: number; expectedVersion: number; actorId: number }): Promise<void> {
  await db.transaction(async (t) => {
    const [row] = await t.select().from(selfReportedAnswers).where(eq(selfReportedAnswers.id, id)).for("update");
    if (!row) throw new NotFoundError(`Answer #${id} does not exist; it may have been deleted.`);
    if (row.version !== expectedVersion) throw new ConflictError("Someone changed this answer since you loaded it. Reload to see it before deleting.");
    await t.delete(selfReportedAnswers).where(eq(selfReportedAnswers.id, id));
    await t.insert(auditLog).values({ userId: actorId, entity: ANSWER_AUDIT, entityId: String(id), field: "deleted", oldValue: row.answer, newValue: null });
  });
}

export interface AnswerFilters {
  q?: string;
  channel?: Channel;
  /** Mapped by the rules, or set by hand. */
  by?: "rules" | "hand";
  /** Only the review queue: answers the rules could not map ("other", not set by hand). */
  review?: boolean;
  page?: number;
}

export const ANSWERS_PER_PAGE = 50;

export interface AnswerRow {
  id: number;
  version: number;
  answer: string;
  channel: Channel;
  overridden: boolean;
  contactId: number | null;
  leadId: number | null;
  name: string | null;
  email: string | null;
  company: string | null;
  isDemoRequest: boolean;
  enteredAt: string;
  enteredBy: string | null;
}

/** Answers by filter, newest first, a page at a time, with how many match. */
export async function listAnswers(db: Database, filters: AnswerFilters): Promise<{ rows: AnswerRow[]; total: number }> {
  const where: SQL[] = [sql`true`];
  if (filters.channel) where.push(sql`x.channel = ${filters.channel}`);
  if (filters.by === "hand") where.push(sql`x.overridden`);
  if (filters.by === "rules") where.push(sql`not x.overridden`);
  if (filters.review) where.push(sql`x.channel = 'other' and not x.overridden`);
  if (filters.q?.trim()) {
    const pattern = `%${filters.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(x.answer ilike ${pattern} or c.name ilike ${pattern} or c.email ilike ${pattern} or coalesce(a.name, la.name) ilike ${pattern})`);
  }
  const page = Math.max(1, filters.page ?? 1);
  const rows = await queryRows<AnswerRow & { total: number }>(
    db,
    sql`
      select x.id, x.version, x.answer, x.channel, x.overridden, x.contact_id as "contactId", x.lead_id as "leadId",
        c.name, c.email, coalesce(a.name, la.name) as "company", coalesce(l.is_demo_request, false) as "isDemoRequest",
        to_char(x.entered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "enteredAt", u.name as "enteredBy",
        count(*) over ()::int as "total"
      from self_reported_answers x
      left join leads l on l.id = x.lead_id
      left join contacts c on c.id = coalesce(x.contact_id, l.contact_id)
      left join accounts a on a.id = c.account_id
      left join accounts la on la.id = l.account_id
      left join users u on u.id = x.entered_by
      where ${sql.join(where, sql` and `)}
      order by x.entered_at desc, x.id desc
      limit ${ANSWERS_PER_PAGE} offset ${(page - 1) * ANSWERS_PER_PAGE}`,
  );
  const total = rows[0]?.total ?? (page > 1 ? (await listAnswers(db, { ...filters, page: 1 })).total : 0);
  return { rows: rows.map(({ total: _total, ...row }) => row), total };
}

/** Every answer's text and channel, for the rules preview. */
export async function answerTexts(db: DatabaseOrTransaction) {
  return db
    .select({ id: selfReportedAnswers.id, answer: selfReportedAnswers.answer, channel: selfReportedAnswers.channel, overridden: selfReportedAnswers.overridden })
    .from(selfReportedAnswers)
    .orderBy(asc(selfReportedAnswers.id));
}

export interface UnansweredDemoRequest {
  leadId: number;
  contactId: number | null;
  name: string | null;
  email: string | null;
  company: string | null;
  createdAt: string;
}

/**
 * Demo requests with no answer yet, newest first: the capture rate's work list. Only those with a
 * contact can be chased by email, so the count says how many have one.
 */
export async function unansweredDemoRequests(db: Database, { limit }: { limit: number }): Promise<{ rows: UnansweredDemoRequest[]; total: number; withEmail: number }> {
  const unanswered = sql`l.is_demo_request and not exists (select 1 from self_reported_answers x where x.lead_id = l.id)`;
  const [rows, [count]] = await Promise.all([
    queryRows<UnansweredDemoRequest>(
      db,
      sql`
        select l.id as "leadId", c.id as "contactId", c.name, c.email, coalesce(a.name, la.name) as "company",
          to_char(l.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt"
        from leads l
        left join contacts c on c.id = l.contact_id
        left join accounts a on a.id = c.account_id
        left join accounts la on la.id = l.account_id
        where ${unanswered} and c.email is not null
        order by l.created_at desc, l.id desc
        limit ${limit}`,
    ),
    queryRows<{ total: number; withEmail: number }>(
      db,
      sql`
        select count(*)::int as "total", count(c.email)::int as "withEmail"
        from leads l left join contacts c on c.id = l.contact_id
        where ${unanswered}`,
    ),
  ]);
  return { rows, ...count! };
}
