import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { derivedSignalTypes, type SignalTier } from "@/lib/domain/signal-types";
import type { RoutingTrack } from "@/lib/domain/routing-tracks";
import { computeScore, crossedIntoHandoff, trackFor, type ComputedScore, type IntentContribution, ENGAGEMENT_WINDOW_DAYS } from "@/lib/metrics/scoring";
import { deriveSignals, isFirstParty } from "@/lib/signals/derived";
import { assignOwner, responseDueAt } from "@/lib/signals/routing";
import type { ScoringSettings, SignalSettings } from "@/lib/settings/definitions";
import type { SignalInput } from "@/lib/signals/ingest-request";

/**
 * The Instant Lead Router, one signal at a time, in one transaction: find or create the account and
 * contact, store the signal (once per idempotency key), derive the stream's own signals, score the
 * account and contact, and route to the owner with the track's SLA. A 2xx from the API means this
 * transaction committed.
 */

export interface SignalTypeRow {
  key: string;
  label: string;
  tier: SignalTier;
  points: number;
  halfLifeDays: number;
  responsePlaybook: string;
}

export interface IngestContext {
  types: ReadonlyMap<string, SignalTypeRow>;
  scoring: ScoringSettings;
  signals: SignalSettings;
  timeZone: string;
}

export interface IngestOptions {
  now: Date;
  apiKeyId?: number | null;
  /**
   * A signal from the past (a CSV of history): scored as of when it happened, not routed to anyone's
   * queue, with the response and meeting the file records.
   */
  historical?: { firstResponseAt: Date | null; meetingBookedAt: Date | null };
}

export interface IngestResult {
  id: number;
  duplicate: boolean;
  type: string;
  accountId: number;
  contactId: number | null;
  track: RoutingTrack | null;
  crossedIntoHandoff: boolean;
  routedTo: number | null;
  routedAt: Date | null;
  responseDueAt: Date | null;
  score: { fit: number; intent: number; engagement: number; readiness: number } | null;
  derived: { id: number; type: string }[];
  /** The account and contact this signal created (by domain and email), for an import's rollback. */
  created?: { accountId: number | null; contactId: number | null };
}

/** A problem with one item the client can fix; the transaction rolls back and the item is reported. */
export class SignalItemError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "SignalItemError";
  }
}

const LOCK_NAMESPACE = 7301;
const DERIVED = sql.raw([...derivedSignalTypes].map((t) => `'${t}'`).join(", "));
const iso = (d: Date) => d.toISOString();

/** "acme-corp.co.uk" → "Acme Corp": a readable name for an account created from its domain. */
export function nameFromDomain(domain: string): string {
  const label = domain.split(".")[0] ?? domain;
  return label
    .split(/[-_]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");
}

function nameFromEmail(email: string): string {
  const local = email.split("@")[0] ?? email;
  return local
    .split(/[._+-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");
}

async function resolveAccount(tx: Database, account: SignalInput["account"]): Promise<{ id: number; created: boolean }> {
  if ("id" in account) {
    const [row] = await queryRows<{ id: number }>(tx, sql`select id from accounts where id = ${account.id}`);
    if (!row) throw new SignalItemError("account.id", `There is no account ${account.id}; send its domain instead to create it.`);
    return { id: row.id, created: false };
  }
  const domain = account.domain.toLowerCase();
  const [inserted] = await queryRows<{ id: number }>(
    tx,
    sql`insert into accounts (name, domain) values (${account.name ?? nameFromDomain(domain)}, ${domain})
        on conflict ((lower(domain))) do nothing returning id`,
  );
  if (inserted) return { id: inserted.id, created: true };
  const [existing] = await queryRows<{ id: number }>(tx, sql`select id from accounts where lower(domain) = ${domain}`);
  return { id: existing!.id, created: false };
}

async function resolveContact(tx: Database, accountId: number, contact: NonNullable<SignalInput["contact"]>): Promise<{ id: number; created: boolean }> {
  const email = contact.email.toLowerCase();
  const [existing] = await queryRows<{ id: number }>(tx, sql`select id from contacts where lower(email) = ${email} order by id limit 1`);
  if (existing) return { id: existing.id, created: false };
  const [created] = await queryRows<{ id: number }>(
    tx,
    sql`insert into contacts (account_id, name, email, title) values (${accountId}, ${contact.name ?? nameFromEmail(email)}, ${email}, ${contact.title ?? null}) returning id`,
  );
  return { id: created!.id, created: true };
}

/** What the API answers for a stored signal: the same whether it was stored now or by an earlier request. */
export async function storedResult(db: Database, id: number, duplicate: boolean): Promise<IngestResult> {
  const [row] = await queryRows<{
    type: string;
    accountId: number;
    contactId: number | null;
    track: RoutingTrack | null;
    crossed: boolean;
    routedTo: number | null;
    routedAt: number | null;
    dueAt: number | null;
    fit: string | null;
    intent: string | null;
    engagement: string | null;
    readiness: string | null;
    derived: { id: number; type: string }[] | null;
  }>(
    db,
    sql`select s.type, s.account_id as "accountId", s.contact_id as "contactId", s.track, s.crossed_into_handoff as crossed,
          s.routed_to as "routedTo", (extract(epoch from s.routed_at) * 1000)::float8 as "routedAt", (extract(epoch from s.response_due_at) * 1000)::float8 as "dueAt",
          sc.fit, sc.intent, sc.engagement, sc.readiness,
          (select json_agg(json_build_object('id', d.id, 'type', d.type) order by d.id) from signals d where d.derived_from = s.id) as derived
        from signals s
        left join lateral (select * from scores where signal_id = s.id and contact_id is null order by id limit 1) sc on true
        where s.id = ${id}`,
  );
  if (!row) throw new Error(`Signal ${id} vanished`);
  return {
    id,
    duplicate,
    type: row.type,
    accountId: row.accountId,
    contactId: row.contactId,
    track: row.track,
    crossedIntoHandoff: row.crossed,
    routedTo: row.routedTo,
    routedAt: row.routedAt === null ? null : new Date(row.routedAt),
    responseDueAt: row.dueAt === null ? null : new Date(row.dueAt),
    score:
      row.readiness === null
        ? null
        : { fit: Number(row.fit), intent: Number(row.intent), engagement: Number(row.engagement), readiness: Number(row.readiness) },
    derived: row.derived ?? [],
  };
}

interface ScoreFactsRow {
  scope: "account" | "contact";
  touches: number;
  signals: number;
  meetings: number;
  fit: number | null;
  segment: string | null;
  industry: string | null;
}

/** The facts behind the account's score (and the contact's, when there is one) as of `asOf`. */
async function scoreFacts(tx: Database, accountId: number, contactId: number | null, asOf: Date, context: IngestContext) {
  const since = new Date(asOf.getTime() - ENGAGEMENT_WINDOW_DAYS * 86_400_000);
  const [intentRows, factRows] = await Promise.all([
    queryRows<{ mine: boolean; type: string; points: number; n: number }>(
      tx,
      sql`select coalesce(s.contact_id = ${contactId ?? -1}, false) as mine, s.type,
            sum(t.points * power(2::float8, -greatest(0, extract(epoch from (${iso(asOf)}::timestamptz - s.occurred_at)) / 86400.0) / t.half_life_days))::float8 as points,
            count(*)::int as n
          from signals s join signal_types t on t.key = s.type
          where s.account_id = ${accountId} and s.occurred_at <= ${iso(asOf)}::timestamptz
            and s.occurred_at > ${iso(asOf)}::timestamptz - interval '730 days'
          group by 1, 2`,
    ),
    queryRows<ScoreFactsRow>(
      tx,
      sql`select 'account' as scope,
            (select count(*) from touchpoints where account_id = ${accountId} and occurred_at > ${iso(since)}::timestamptz and occurred_at <= ${iso(asOf)}::timestamptz)::int as touches,
            (select count(*) from signals where account_id = ${accountId} and tier <> 'external' and type not in (${DERIVED})
               and occurred_at > ${iso(since)}::timestamptz and occurred_at <= ${iso(asOf)}::timestamptz)::int as signals,
            (select count(*) from meetings where account_id = ${accountId} and booked_at > ${iso(since)}::timestamptz and booked_at <= ${iso(asOf)}::timestamptz)::int as meetings,
            a.icp_fit_score::int as fit, a.segment, a.industry
          from accounts a where a.id = ${accountId}
          union all
          select 'contact',
            (select count(*) from touchpoints where contact_id = ${contactId} and occurred_at > ${iso(since)}::timestamptz and occurred_at <= ${iso(asOf)}::timestamptz)::int,
            (select count(*) from signals where contact_id = ${contactId} and tier <> 'external' and type not in (${DERIVED})
               and occurred_at > ${iso(since)}::timestamptz and occurred_at <= ${iso(asOf)}::timestamptz)::int,
            (select count(*) from meetings where account_id = ${accountId} and contact_id = ${contactId} and booked_at > ${iso(since)}::timestamptz and booked_at <= ${iso(asOf)}::timestamptz)::int,
            a.icp_fit_score::int, a.segment, a.industry
          from accounts a where a.id = ${accountId} and ${contactId}::int is not null`,
    ),
  ]);
  const contributions = (scope: "account" | "contact"): IntentContribution[] => {
    const byType = new Map<string, IntentContribution>();
    for (const r of intentRows) {
      if (scope === "contact" && !r.mine) continue;
      const c = byType.get(r.type) ?? { type: r.type, label: context.types.get(r.type)?.label ?? r.type, points: 0, signals: 0 };
      c.points += r.points;
      c.signals += r.n;
      byType.set(r.type, c);
    }
    return [...byType.values()];
  };
  const settings = { weights: context.scoring.weights, intentScale: context.scoring.intentScale, engagementScale: context.scoring.engagementScale };
  const score = (row: ScoreFactsRow, scope: "account" | "contact"): ComputedScore =>
    computeScore(
      {
        fit: { icpFitScore: row.fit, segment: row.segment, industry: row.industry },
        intent: contributions(scope),
        engagement: { touches: row.touches, signals: row.signals, meetings: row.meetings },
      },
      settings,
    );
  const accountRow = factRows.find((r) => r.scope === "account")!;
  const contactRow = factRows.find((r) => r.scope === "contact");
  return { account: score(accountRow, "account"), contact: contactRow ? score(contactRow, "contact") : null };
}

async function deriveFromStream(tx: Database, signal: { id: number; type: string; tier: SignalTier; accountId: number; contactId: number | null; occurredAt: Date }, context: IngestContext) {
  if (!isFirstParty(signal)) return [];
  const settings = context.signals;
  const at = iso(signal.occurredAt);
  const [stream] = await queryRows<{ contacts: (number | null)[] | null; lastStakeholders: number | null; previous: number | null }>(
    tx,
    sql`select
          (select json_agg(distinct contact_id) from signals
             where account_id = ${signal.accountId} and id <> ${signal.id} and tier <> 'external' and type not in (${DERIVED})
               and occurred_at > ${at}::timestamptz - make_interval(days => ${settings.stakeholderWindowDays}) and occurred_at <= ${at}::timestamptz) as contacts,
          (select extract(epoch from max(occurred_at)) * 1000 from signals
             where account_id = ${signal.accountId} and type = 'multiple_stakeholders' and occurred_at <= ${at}::timestamptz)::float8 as "lastStakeholders",
          (select extract(epoch from max(occurred_at)) * 1000 from signals
             where account_id = ${signal.accountId} and id <> ${signal.id} and tier <> 'external' and type not in (${DERIVED})
               and occurred_at < ${at}::timestamptz)::float8 as previous`,
  );
  return deriveSignals(
    signal,
    {
      windowContacts: stream?.contacts ?? [],
      lastStakeholdersAt: stream?.lastStakeholders == null ? null : new Date(stream.lastStakeholders),
      previousFirstPartyAt: stream?.previous == null ? null : new Date(stream.previous),
    },
    settings,
  );
}

/** Stores, derives, scores and routes one signal. Throws SignalItemError for a problem the client can fix. */
export async function ingestSignal(db: Database, input: SignalInput, context: IngestContext, options: IngestOptions): Promise<IngestResult> {
  const type = context.types.get(input.type);
  if (!type) throw new SignalItemError("type", `Unknown signal type "${input.type}".`);
  const historical = options.historical ?? null;

  if (input.idempotencyKey !== null) {
    const [seen] = await queryRows<{ id: number }>(db, sql`select id from signals where idempotency_key = ${input.idempotencyKey}`);
    if (seen) return storedResult(db, seen.id, true);
  }

  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const account = await resolveAccount(t, input.account);
    const accountId = account.id;
    // One account's signals are scored one after the other, so each score sees the signals before it.
    await t.execute(sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${accountId})`);
    const contact = input.contact ? await resolveContact(t, accountId, input.contact) : null;
    const contactId = contact?.id ?? null;

    const [inserted] = await queryRows<{ id: number }>(
      t,
      sql`insert into signals (type, tier, account_id, contact_id, occurred_at, received_at, idempotency_key, payload, api_key_id, first_response_at, meeting_booked_at)
          values (${type.key}, ${type.tier}, ${accountId}, ${contactId}, ${iso(input.occurredAt)}::timestamptz, ${iso(options.now)}::timestamptz,
            ${input.idempotencyKey}, ${JSON.stringify(input.properties)}::jsonb, ${options.apiKeyId ?? null},
            ${historical?.firstResponseAt ? iso(historical.firstResponseAt) : null}::timestamptz,
            ${historical?.meetingBookedAt ? iso(historical.meetingBookedAt) : null}::timestamptz)
          on conflict (idempotency_key) do nothing
          returning id`,
    );
    // A concurrent request with the same key got there first: answer what it stored.
    if (!inserted) {
      const [first] = await queryRows<{ id: number }>(t, sql`select id from signals where idempotency_key = ${input.idempotencyKey}`);
      return storedResult(t, first!.id, true);
    }
    const signal = { id: inserted.id, type: type.key, tier: type.tier, accountId, contactId, occurredAt: input.occurredAt };

    const derived: { id: number; type: string }[] = [];
    for (const d of await deriveFromStream(t, signal, context)) {
      const derivedType = context.types.get(d.type);
      if (!derivedType) continue;
      const [row] = await queryRows<{ id: number }>(
        t,
        sql`insert into signals (type, tier, account_id, contact_id, occurred_at, received_at, payload, derived_from)
            values (${d.type}, ${derivedType.tier}, ${accountId}, ${d.contactId}, ${iso(input.occurredAt)}::timestamptz, ${iso(options.now)}::timestamptz,
              ${JSON.stringify(d.payload)}::jsonb, ${signal.id})
            returning id`,
      );
      derived.push({ id: row!.id, type: d.type });
    }

    const asOf = historical ? input.occurredAt : options.now;
    const [[previous], scores, [owner]] = await Promise.all([
      queryRows<{ readiness: string }>(
        t,
        sql`select readiness from scores where account_id = ${accountId} and contact_id is null and computed_at <= ${iso(asOf)}::timestamptz
            order by computed_at desc, id desc limit 1`,
      ),
      scoreFacts(t, accountId, contactId, asOf, context),
      queryRows<{ ownerId: number | null; active: boolean | null }>(
        t,
        sql`select a.owner_id as "ownerId", u.active from accounts a left join users u on u.id = a.owner_id where a.id = ${accountId}`,
      ),
    ]);
    const score = scores.account;
    const track = trackFor(score.readiness);
    const crossed = crossedIntoHandoff(previous ? Number(previous.readiness) : null, score.readiness);

    const scoreRows = [{ contactId: null as number | null, s: score }, ...(scores.contact && contactId !== null ? [{ contactId, s: scores.contact }] : [])];
    await t.execute(sql`insert into scores (account_id, contact_id, signal_id, fit, intent, engagement, readiness, explanation, computed_at) values ${sql.join(
      scoreRows.map(
        ({ contactId: c, s }) =>
          sql`(${accountId}, ${c}, ${signal.id}, ${s.fit}, ${s.intent}, ${s.engagement}, ${s.readiness}, ${JSON.stringify(s.explanation)}::jsonb, ${iso(asOf)}::timestamptz)`,
      ),
      sql`, `,
    )}`);

    if (historical?.meetingBookedAt) {
      await t.execute(
        sql`insert into meetings (account_id, contact_id, signal_id, booked_at) values (${accountId}, ${contactId}, ${signal.id}, ${iso(historical.meetingBookedAt)}::timestamptz)`,
      );
    }

    let routedTo: number | null = null;
    let routedAt: Date | null = null;
    let dueAt: Date | null = null;
    if (!historical) {
      const assignment = await routeOwner(t, accountId, owner ?? null);
      routedTo = assignment.ownerId;
      routedAt = options.now;
      dueAt = routedTo === null ? null : responseDueAt(track, options.now, context.timeZone);
    }
    const ids = [signal.id, ...derived.map((d) => d.id)];
    await t.execute(
      sql`update signals set readiness = ${score.readiness}, track = ${track}, crossed_into_handoff = (id = ${signal.id} and ${crossed}),
            routed_to = ${routedTo}, routed_at = ${routedAt ? iso(routedAt) : null}::timestamptz, response_due_at = ${dueAt ? iso(dueAt) : null}::timestamptz
          where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`,
    );
    return {
      id: signal.id,
      duplicate: false,
      type: type.key,
      accountId,
      contactId,
      track,
      crossedIntoHandoff: crossed,
      routedTo,
      routedAt,
      responseDueAt: dueAt,
      score: { fit: score.fit, intent: score.intent, engagement: score.engagement, readiness: score.readiness },
      derived,
      created: { accountId: account.created ? accountId : null, contactId: contact?.created ? contactId : null },
    };
  });
}

/**
 * The account's owner while active; otherwise the next round-robin turn among the active reps, who
 * then owns the account if it had no owner, so its next signals go to the same person.
 */
async function routeOwner(tx: Database, accountId: number, owner: { ownerId: number | null; active: boolean | null } | null) {
  const accountOwner = owner?.ownerId ? { id: owner.ownerId, active: owner.active === true } : null;
  if (accountOwner?.active) return assignOwner(accountOwner, [], () => 0);
  const [reps] = await queryRows<{ ids: number[] | null; turn: number }>(
    tx,
    sql`select array(select id from users where role = 'sales' and active order by id) as ids, nextval('routing_turns')::int as turn`,
  );
  const assignment = assignOwner(accountOwner, reps?.ids ?? [], () => reps?.turn ?? 1);
  if (assignment.ownerId !== null && !owner?.ownerId) {
    await tx.execute(sql`update accounts set owner_id = ${assignment.ownerId}, updated_at = now() where id = ${accountId} and owner_id is null`);
  }
  return assignment;
}
