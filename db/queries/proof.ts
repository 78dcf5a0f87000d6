import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { auditLog, caseStudies, opportunities, proofSends, type CaseStudy } from "@/db/schema";
import { canEditDeal } from "@/lib/auth/permissions";
import type { UserRole } from "@/lib/domain/roles";
import { ConflictError, ForbiddenError, NotFoundError, UnchangedError } from "@/lib/errors";
import type { AmountCount } from "@/lib/metrics/amounts";
import { bestMatches, gapGroups, type DealProfile, type GapProfile, type ProofMatch, type ProofStory } from "@/lib/win-loss/proof-matching";
import { closedIn } from "./velocity";

/** The fields of a story a person edits (db/schema.ts `case_studies`). */
export type StoryFields = Omit<ProofStory, "id"> & { customerName: string; summary: string; url: string | null };

export const storyFieldNames = ["title", "customerName", "industry", "sizeBand", "useCase", "competitor", "objection", "stageId", "summary", "url"] as const satisfies readonly (keyof StoryFields)[];

export type Story = CaseStudy & { stageName: string | null };

/** The library, newest first. */
export async function listStories(db: Database): Promise<Story[]> {
  const rows = await queryRows<Story>(
    db,
    sql`select cs.id, cs.title, cs.customer_name as "customerName", cs.industry, cs.segment, cs.use_case as "useCase", cs.competitor, cs.objection,
          cs.summary, cs.url, cs.size_band as "sizeBand", cs.stage_id as "stageId", cs.created_at as "createdAt", cs.updated_at as "updatedAt", cs.version,
          s.name as "stageName"
        from case_studies cs left join pipeline_stages s on s.id = cs.stage_id
        order by cs.id desc`,
  );
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt), updatedAt: new Date(r.updatedAt) }));
}

export const asProofStory = (s: Pick<Story, "id" | "title" | "industry" | "sizeBand" | "useCase" | "competitor" | "objection" | "stageId">): ProofStory => ({
  id: s.id,
  title: s.title,
  industry: s.industry,
  sizeBand: s.sizeBand,
  useCase: s.useCase,
  competitor: s.competitor,
  objection: s.objection,
  stageId: s.stageId,
});

const shown = (v: unknown) => (v === null || v === undefined || v === "" ? null : String(v));

/** Adds a story; kept in the audit log. */
export async function addStory(db: Database, fields: StoryFields, userId: number): Promise<CaseStudy> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(caseStudies).values(fields).returning();
    await tx.insert(auditLog).values({ userId, entity: "case_study", entityId: String(row!.id), field: "created", oldValue: null, newValue: fields.title });
    return row!;
  });
}

/** Adds every story of an import in one transaction (all or nothing); one audit entry names how many. */
export async function importStories(db: Database, stories: readonly StoryFields[], userId: number): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.insert(caseStudies).values([...stories]).returning({ id: caseStudies.id });
    await tx.insert(auditLog).values({ userId, entity: "case_study", entityId: rows.map((r) => r.id).join(","), field: "imported", oldValue: null, newValue: `${rows.length} stories` });
    return rows.length;
  });
}

/** Changes a story saved at `version`; refused when someone saved it meanwhile. Each changed field is audited. */
export async function updateStory(db: Database, input: { id: number; version: number; fields: StoryFields }, userId: number): Promise<CaseStudy> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(caseStudies).where(eq(caseStudies.id, input.id)).for("update");
    if (!current) throw new NotFoundError(`There is no story #${input.id}; it may have been deleted.`);
    if (current.version !== input.version) throw new ConflictError(`“${current.title}” was changed by someone else since you opened it; reload to see their version.`);
    const changed = storyFieldNames.filter((f) => shown(current[f]) !== shown(input.fields[f]));
    if (changed.length === 0) throw new UnchangedError("Nothing changed.");
    const [row] = await tx
      .update(caseStudies)
      .set({ ...input.fields, version: current.version + 1, updatedAt: new Date() })
      .where(eq(caseStudies.id, input.id))
      .returning();
    await tx.insert(auditLog).values(changed.map((f) => ({ userId, entity: "case_study", entityId: String(input.id), field: f, oldValue: shown(current[f]), newValue: shown(input.fields[f]) })));
    return row!;
  });
}

/** Deletes a story seen at `version` (its sends go with it); audited. */
export async function deleteStory(db: Database, input: { id: number; version: number }, userId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(caseStudies).where(eq(caseStudies.id, input.id)).for("update");
    if (!current) throw new NotFoundError(`There is no story #${input.id}; it may have been deleted already.`);
    if (current.version !== input.version) throw new ConflictError(`“${current.title}” was changed by someone else since you opened it; reload before deleting it.`);
    await tx.delete(caseStudies).where(eq(caseStudies.id, input.id));
    await tx.insert(auditLog).values({ userId, entity: "case_study", entityId: String(input.id), field: "deleted", oldValue: current.title, newValue: null });
  });
}

export interface OpenDealProfile {
  id: number;
  name: string;
  ownerId: number | null;
  amount: string | null;
  profile: DealProfile;
}

/** The profile of each open deal (or one deal, or one owner's): what matching reads. */
export async function dealProfiles(db: Database, where: { opportunityId?: number; ownerId?: number; open?: boolean } = { open: true }): Promise<OpenDealProfile[]> {
  const rows = await queryRows<{ id: number; name: string; ownerId: number | null; amount: string | null } & DealProfile>(
    db,
    sql`select o.id, o.name, o.owner_id as "ownerId", o.amount::text as amount, a.industry, a.employees,
          coalesce(o.segment, a.segment) as segment, o.use_case as "useCase", o.competitor, o.objection, o.stage_id as "stageId"
        from opportunities o left join accounts a on a.id = o.account_id
        where ${where.open === false ? sql`true` : sql`o.status = 'open'`}
          ${where.opportunityId !== undefined ? sql`and o.id = ${where.opportunityId}` : sql``}
          ${where.ownerId !== undefined ? sql`and o.owner_id = ${where.ownerId}` : sql``}
        order by o.id`,
  );
  return rows.map(({ id, name, ownerId, amount, ...profile }) => ({ id, name, ownerId, amount, profile }));
}

export interface ProofSend {
  caseStudyId: number;
  sentAt: Date;
  sentBy: string | null;
}

/** The stories sent to a deal, the latest first. */
export async function dealProofSends(db: Database, opportunityId: number): Promise<ProofSend[]> {
  const rows = await queryRows<{ caseStudyId: number; sentAt: string; sentBy: string | null }>(
    db,
    sql`select ps.case_study_id as "caseStudyId", ps.sent_at as "sentAt", u.name as "sentBy"
        from proof_sends ps left join users u on u.id = ps.sent_by where ps.opportunity_id = ${opportunityId} order by ps.sent_at desc`,
  );
  return rows.map((r) => ({ ...r, sentAt: new Date(r.sentAt) }));
}

export interface DealProof {
  matches: (ProofMatch & { lastSent: ProofSend | null })[];
  /** No story reaches the floor. */
  gap: boolean;
  /** The library's use cases and objections, as its stories word them: what a deal's own can be matched to. */
  vocabulary: Record<"useCase" | "objection", string[]>;
}

/** The distinct non-blank values of one field of the library, sorted. */
const distinctOf = (stories: readonly Story[], field: "useCase" | "objection"): string[] =>
  [...new Set(stories.map((s) => s[field]?.trim()).filter((v): v is string => !!v))].sort((a, b) => a.localeCompare(b));

/** A deal's best stories with their reasons, and when each was last sent to it. */
export async function dealProof(db: Database, opportunityId: number, stageName: (id: number) => string): Promise<DealProof> {
  const [deal] = await dealProfiles(db, { opportunityId, open: false });
  const [stories, sends] = await Promise.all([listStories(db), dealProofSends(db, opportunityId)]);
  const vocabulary = { useCase: distinctOf(stories, "useCase"), objection: distinctOf(stories, "objection") };
  if (!deal) return { matches: [], gap: false, vocabulary };
  const matches = bestMatches(deal.profile, stories.map(asProofStory), stageName).map((m) => ({ ...m, lastSent: sends.find((s) => s.caseStudyId === m.story.id) ?? null }));
  return { matches, gap: matches.length === 0, vocabulary };
}

/** A story sent again to the same deal within this time is the same send twice (a double click, a replay). */
const RESEND_AFTER_MS = 24 * 3600 * 1000;

/** Logs a story sent to a deal by its owner (or an admin); refused twice within a day; audited. */
export async function sendProof(
  db: Database,
  input: { opportunityId: number; caseStudyId: number; user: { id: number; role: UserRole } },
  now: Date,
): Promise<{ sentAt: Date }> {
  return db.transaction(async (tx) => {
    const [deal] = await tx.select().from(opportunities).where(eq(opportunities.id, input.opportunityId)).for("update");
    if (!deal) throw new NotFoundError(`There is no deal #${input.opportunityId}.`, "opportunityId");
    if (!canEditDeal(input.user, deal.ownerId)) throw new ForbiddenError("Only the deal's owner or an admin logs the proof sent to it.");
    if (deal.status !== "open") throw new ConflictError(`"${deal.name}" is closed; proof is logged on open deals.`, "opportunityId");
    const [story] = await tx.select({ id: caseStudies.id, title: caseStudies.title }).from(caseStudies).where(eq(caseStudies.id, input.caseStudyId));
    if (!story) throw new NotFoundError(`There is no story #${input.caseStudyId}; it may have been deleted.`, "caseStudyId");
    const [recent] = await tx
      .select({ sentAt: proofSends.sentAt })
      .from(proofSends)
      .where(and(eq(proofSends.opportunityId, deal.id), eq(proofSends.caseStudyId, story.id), gt(proofSends.sentAt, new Date(now.getTime() - RESEND_AFTER_MS))))
      .orderBy(asc(proofSends.sentAt))
      .limit(1);
    if (recent) throw new ConflictError(`“${story.title}” was logged as sent to "${deal.name}" less than a day ago.`, "caseStudyId");
    const [sent] = await tx.insert(proofSends).values({ opportunityId: deal.id, caseStudyId: story.id, sentBy: input.user.id, sentAt: now }).returning();
    await tx.insert(auditLog).values({ userId: input.user.id, entity: "opportunity", entityId: String(deal.id), field: "proof sent", oldValue: null, newValue: story.title });
    return { sentAt: sent!.sentAt };
  });
}

export interface ProofGap extends AmountCount {
  profile: GapProfile;
  /** The open pipeline the gap holds: Σ amount of its deals that have one. */
  amount: string;
  dealIds: number[];
  /** The gap's deals by name, in id order. */
  dealNames: string[];
}

/** Profiles of open deals no story matches, with the open pipeline each holds (summed in SQL), most money first. */
export async function proofGaps(db: Database): Promise<ProofGap[]> {
  const [deals, stories] = await Promise.all([dealProfiles(db), listStories(db)]);
  const groups = gapGroups(deals, stories.map(asProofStory));
  if (groups.length === 0) return [];
  const pairs = groups.flatMap((g, i) => g.dealIds.map((id) => sql`(${i}::int, ${id}::int)`));
  const sums = await queryRows<{ grp: number; deals: number; amount: string; withoutAmount: number }>(
    db,
    sql`select g.grp, count(*)::int as deals, coalesce(sum(o.amount), 0)::numeric(18, 2)::text as amount, (count(*) - count(o.amount))::int as "withoutAmount"
        from (values ${sql.join(pairs, sql`, `)}) as g(grp, id) join opportunities o on o.id = g.id group by g.grp`,
  );
  return groups
    .map((g, i) => {
      const s = sums.find((x) => x.grp === i)!;
      const dealNames = g.dealIds.map((id) => deals.find((d) => d.id === id)!.name);
      return { profile: g.profile, dealIds: g.dealIds, dealNames, deals: s.deals, amount: s.amount, withoutAmount: s.withoutAmount };
    })
    .sort((a, b) => Number(b.amount) - Number(a.amount) || b.deals - a.deals);
}

/** The open deals (one owner's, or all) with a gap, and those with a match not sent to them yet: the overview's counts and the deal list's `proof` filter. */
export async function proofStates(db: Database, ownerId?: number): Promise<{ gap: number[]; unsent: number[] }> {
  const [deals, stories, sent] = await Promise.all([
    dealProfiles(db, ownerId === undefined ? { open: true } : { ownerId }),
    listStories(db),
    queryRows<{ opportunityId: number; caseStudyId: number }>(
      db,
      sql`select distinct ps.opportunity_id as "opportunityId", ps.case_study_id as "caseStudyId" from proof_sends ps join opportunities o on o.id = ps.opportunity_id
          where o.status = 'open' ${ownerId === undefined ? sql`` : sql`and o.owner_id = ${ownerId}`}`,
    ),
  ]);
  const library = stories.map(asProofStory);
  const sentPairs = new Set(sent.map((s) => `${s.opportunityId}:${s.caseStudyId}`));
  const gap: number[] = [];
  const unsent: number[] = [];
  for (const deal of deals) {
    const matches = bestMatches(deal.profile, library);
    if (matches.length === 0) gap.push(deal.id);
    else if (matches.some((m) => !sentPairs.has(`${deal.id}:${m.story.id}`))) unsent.push(deal.id);
  }
  return { gap, unsent };
}

/** Deals closed in the period that got a story before they closed, and those that did not: won and lost of each. */
export async function proofWinCounts(db: Database, scope: Parameters<typeof closedIn>[0]): Promise<{ sent: { won: number; lost: number }; notSent: { won: number; lost: number } }> {
  const [row] = await queryRows<{ sentWon: number; sentLost: number; notWon: number; notLost: number }>(
    db,
    sql`with closed as (
          select o.status, exists (select 1 from proof_sends ps where ps.opportunity_id = o.id and ps.sent_at <= o.closed_at) as sent
          from opportunities o where ${closedIn(scope)}
        )
        select count(*) filter (where sent and status = 'won')::int as "sentWon", count(*) filter (where sent and status = 'lost')::int as "sentLost",
          count(*) filter (where not sent and status = 'won')::int as "notWon", count(*) filter (where not sent and status = 'lost')::int as "notLost"
        from closed`,
  );
  return { sent: { won: row!.sentWon, lost: row!.sentLost }, notSent: { won: row!.notWon, lost: row!.notLost } };
}
