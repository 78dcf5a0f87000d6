import "server-only";
import { sql, TransactionRollbackError, type SQL } from "drizzle-orm";
import { queryRows, queryRowsPrepared, type DatabaseOrTransaction } from "@/db/index";
import { derivedSignalTypes, type SignalTypeDefinition } from "@/lib/domain/signal-types";
import { SignalItemError } from "@/lib/errors";
import type { RoutingTrack } from "@/lib/domain/routing-tracks";
import { computeScore, crossedIntoHandoff, trackFor, type FitFacts, type IntentContribution, ENGAGEMENT_WINDOW_DAYS } from "@/lib/metrics/scoring";
import { deriveSignals } from "@/lib/signals/derived";
import { notifyHandoff } from "@/lib/notifications/events";
import { alertOnSignal } from "@/lib/automations/competitive-alert-run";
import { pickOnSignal } from "@/lib/automations/content-personalizer-run";
import { contactTouchFactsQuery, engagementChanges, engagementWrite, type ContactTouchFacts } from "./engagement";
import { assignOwner, responseDueAt } from "@/lib/signals/routing";
import type { ScoringSettings, SignalSettings } from "@/lib/settings/definitions";
import type { SignalInput } from "@/lib/signals/ingest-request";

/**
 * The Instant Lead Router, one signal at a time, in one transaction: find or create the account and
 * contact, store the signal (once per idempotency key), derive the stream's own signals, score the
 * account and contact, and route to the owner with the track's SLA. A 2xx from the API means this
 * transaction committed.
 */

/** A type of the taxonomy as stored (points and half-lives may differ from the defaults). */
export type SignalTypeRow = Omit<SignalTypeDefinition, "description">;

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

const LOCK_NAMESPACE = 7301;
/** Advisory locks on an idempotency key (per API key): a repeat waits for the first to commit or roll back. */
const IDEMPOTENCY_LOCK_NAMESPACE = 7302;
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

/**
 * The account by id, or by domain (created when unknown), locked for this transaction: one account's
 * signals are scored one after the other, so each score sees the signals before it.
 */
async function resolveAndLockAccount(tx: DatabaseOrTransaction, account: SignalInput["account"]): Promise<{ id: number; created: boolean }> {
  const lock = sql`pg_advisory_xact_lock(${LOCK_NAMESPACE}, x.id)`;
  if ("id" in account) {
    const [row] = await queryRowsPrepared<{ id: number }>(tx, sql`select x.id, ${lock} from accounts x where x.id = ${account.id}`);
    if (!row) throw new SignalItemError("account.id", `There is no account ${account.id}; send its domain instead to create it.`);
    return { id: row.id, created: false };
  }
  const domain = account.domain.toLowerCase();
  const [row] = await queryRowsPrepared<{ id: number; created: boolean }>(
    tx,
    sql`with ins as (
          insert into accounts (name, domain) values (${account.name ?? nameFromDomain(domain)}, ${domain})
          on conflict ((lower(domain))) do nothing returning id
        )
        select x.id, x.created, ${lock} from (
          select id, true as created from ins
          union all select id, false from accounts where lower(domain) = ${domain} and not exists (select 1 from ins)
        ) x`,
  );
  if (row) return row;
  // Another request created the account after this statement began: it is there for the next one.
  const [existing] = await queryRowsPrepared<{ id: number }>(tx, sql`select x.id, ${lock} from accounts x where lower(x.domain) = ${domain}`);
  return { id: existing!.id, created: false };
}

/**
 * The SQL that finds the contact by email among the account's contacts, or creates it there, as a
 * CTE named `person`. A contact belongs to one account: the same email at another account is that
 * account's contact, never attached to this account's signal (nor counted in its scores); this
 * account gets a contact of its own.
 */
function personCte(accountId: number, contact: NonNullable<SignalInput["contact"]>) {
  const email = contact.email.toLowerCase();
  return sql`found as (select id from contacts where account_id = ${accountId} and lower(email) = ${email} order by id limit 1),
    made as (
      insert into contacts (account_id, name, email, title)
      select ${accountId}, ${contact.name ?? nameFromEmail(email)}, ${email}, ${contact.title ?? null}
      where not exists (select 1 from found)
      returning id
    ),
    person as (select id, false as created from found union all select id, true from made)`;
}

/** What the API answers for a stored signal: the same whether it was stored now or by an earlier request. */
export async function storedResult(db: DatabaseOrTransaction, id: number, duplicate: boolean): Promise<IngestResult> {
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

interface AccountState {
  windowContacts: (number | null)[] | null;
  lastStakeholders: number | null;
  previousFirstParty: number | null;
  previousReadiness: string | null;
  ownerId: number | null;
  ownerActive: boolean | null;
  fit: number | null;
  segment: string | null;
  industry: string | null;
  /** The touches of the signal's contact as of now, when its last touch and engagement level are kept here. */
  contactFacts: ContactTouchFacts | null;
}

/**
 * What the derived signals, the crossing and the routing need to know of the account, in one
 * statement; with `touching`, also the facts of the contact's last touch and engagement level.
 */
async function accountState(
  tx: DatabaseOrTransaction,
  signal: { id: number; accountId: number; occurredAt: Date },
  asOf: Date,
  context: IngestContext,
  touching: { contactId: number; now: Date } | null,
): Promise<AccountState> {
  const at = iso(signal.occurredAt);
  const contactFacts = touching
    ? sql`(select row_to_json(f) from (${contactTouchFactsQuery(sql`c.id = ${touching.contactId}`, touching.now)}) f)`
    : sql`null::json`;
  const firstParty = sql`account_id = ${signal.accountId} and id <> ${signal.id} and tier <> 'external' and type not in (${DERIVED})`;
  const [state] = await queryRowsPrepared<AccountState>(
    tx,
    sql`select
          (select json_agg(distinct contact_id) from signals where ${firstParty}
             and occurred_at > ${at}::timestamptz - make_interval(days => ${context.signals.stakeholderWindowDays}) and occurred_at <= ${at}::timestamptz) as "windowContacts",
          (select extract(epoch from max(occurred_at)) * 1000 from signals
             where account_id = ${signal.accountId} and type = 'multiple_stakeholders' and occurred_at <= ${at}::timestamptz)::float8 as "lastStakeholders",
          (select extract(epoch from max(occurred_at)) * 1000 from signals where ${firstParty} and occurred_at < ${at}::timestamptz)::float8 as "previousFirstParty",
          (select readiness from scores where account_id = ${signal.accountId} and contact_id is null and computed_at <= ${iso(asOf)}::timestamptz
             order by computed_at desc, id desc limit 1) as "previousReadiness",
          a.owner_id as "ownerId", u.active as "ownerActive", a.icp_fit_score::int as fit, a.segment, a.industry,
          ${contactFacts} as "contactFacts"
        from accounts a left join users u on u.id = a.owner_id
        where a.id = ${signal.accountId}`,
  );
  return state!;
}

interface FactsRow {
  intent: { mine: boolean; type: string; points: number; n: number }[] | null;
  accountTouches: number;
  accountSignals: number;
  accountMeetings: number;
  contactTouches: number;
  contactSignals: number;
  contactMeetings: number;
}

/** The account's score (and the contact's, when there is one) as of `asOf`, from its facts gathered in one statement: the signal router's and the daily decay's one computation. */
export async function scoreFacts(tx: DatabaseOrTransaction, accountId: number, contactId: number | null, asOf: Date, fit: FitFacts, context: IngestContext) {
  const to = sql`${iso(asOf)}::timestamptz`;
  const from = sql`${iso(new Date(asOf.getTime() - ENGAGEMENT_WINDOW_DAYS * 86_400_000))}::timestamptz`;
  const firstParty = sql`tier <> 'external' and type not in (${DERIVED}) and occurred_at > ${from} and occurred_at <= ${to}`;
  const contact = contactId ?? -1;
  const [facts] = await queryRowsPrepared<FactsRow>(
    tx,
    sql`select
          (select json_agg(x) from (
             select coalesce(s.contact_id = ${contact}, false) as mine, s.type,
               sum(t.points * power(2::float8, -greatest(0, extract(epoch from (${to} - s.occurred_at)) / 86400.0) / t.half_life_days))::float8 as points,
               count(*)::int as n
             from signals s join signal_types t on t.key = s.type
             where s.account_id = ${accountId} and s.occurred_at <= ${to} and s.occurred_at > ${to} - interval '730 days'
             group by 1, 2) x) as intent,
          (select count(*) from touchpoints where account_id = ${accountId} and occurred_at > ${from} and occurred_at <= ${to})::int as "accountTouches",
          (select count(*) from signals where account_id = ${accountId} and ${firstParty})::int as "accountSignals",
          (select count(*) from meetings where account_id = ${accountId} and booked_at > ${from} and booked_at <= ${to})::int as "accountMeetings",
          (select count(*) from touchpoints where contact_id = ${contact} and occurred_at > ${from} and occurred_at <= ${to})::int as "contactTouches",
          (select count(*) from signals where contact_id = ${contact} and ${firstParty})::int as "contactSignals",
          (select count(*) from meetings where account_id = ${accountId} and contact_id = ${contact} and booked_at > ${from} and booked_at <= ${to})::int as "contactMeetings"`,
  );
  const intentRows = facts!.intent ?? [];
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
  const account = computeScore({ fit, intent: contributions("account"), engagement: { touches: facts!.accountTouches, signals: facts!.accountSignals, meetings: facts!.accountMeetings } }, settings);
  const person =
    contactId === null
      ? null
      : computeScore({ fit, intent: contributions("contact"), engagement: { touches: facts!.contactTouches, signals: facts!.contactSignals, meetings: facts!.contactMeetings } }, settings);
  return { account, contact: person };
}

/** Stores, derives, scores and routes one signal. Throws SignalItemError for a problem the client can fix. */
export async function ingestSignal(db: DatabaseOrTransaction, input: SignalInput, context: IngestContext, options: IngestOptions): Promise<IngestResult> {
  const type = context.types.get(input.type);
  if (!type) throw new SignalItemError("type", `Unknown signal type "${input.type}".`);

  let repeatOf: number | null = null;
  try {
    return await db.transaction(async (t) => {
      // Claim the idempotency key before anything is created: a repeat waits here for the first to
      // commit (or roll back), then answers its result without creating an account or contact.
      if (input.idempotencyKey !== null) {
        await queryRowsPrepared(t, sql`select pg_advisory_xact_lock(${IDEMPOTENCY_LOCK_NAMESPACE}, hashtext(${keyScope(options)}::int || ':' || ${input.idempotencyKey}::text))`);
        const [seen] = await queryRowsPrepared<{ id: number }>(t, sql`select id from signals where ${sameKey(input, options)}`);
        if (seen) return storedResult(t, seen.id, true);
      }
      const stored = await storeSignal(t, input, type, context, options);
      if ("repeatOf" in stored) {
        repeatOf = stored.repeatOf;
        throw new TransactionRollbackError();
      }
      return stored;
    });
  } catch (error) {
    // The key was stored by a writer that did not claim it first: this transaction rolled back, so
    // nothing it created is kept, and the answer is the first signal's.
    if (repeatOf !== null && error instanceof TransactionRollbackError) return storedResult(db, repeatOf, true);
    throw error;
  }
}

/** Idempotency keys are per API key; the import, with none, has a scope of its own (0: key ids start at 1). */
const keyScope = (options: IngestOptions) => options.apiKeyId ?? 0;
const sameKey = (input: SignalInput, options: IngestOptions) =>
  sql`coalesce(api_key_id, 0) = ${keyScope(options)}::int and idempotency_key = ${input.idempotencyKey}`;

/** The signal stored, derived, scored and routed in the caller's transaction; or the id of the signal stored before with its idempotency key. */
async function storeSignal(t: DatabaseOrTransaction, input: SignalInput, type: SignalTypeRow, context: IngestContext, options: IngestOptions): Promise<IngestResult | { repeatOf: number }> {
  const historical = options.historical ?? null;
  // History was received when it happened: its response time runs from then, not from the import.
  const receivedAt = historical ? input.occurredAt : options.now;
  const account = await resolveAndLockAccount(t, input.account);
  const accountId = account.id;

  // The contact (found or made) and the signal in one statement; nothing is inserted for a key seen before.
  const signalValues = (contact: SQL) =>
    sql`select ${type.key}, ${type.tier}::signal_tier, ${accountId}::int, ${contact}, ${iso(input.occurredAt)}::timestamptz, ${iso(receivedAt)}::timestamptz,
          ${input.idempotencyKey}, ${JSON.stringify(input.properties)}::jsonb, ${options.apiKeyId ?? null}::int,
          ${historical?.firstResponseAt ? iso(historical.firstResponseAt) : null}::timestamptz,
          ${historical?.meetingBookedAt ? iso(historical.meetingBookedAt) : null}::timestamptz`;
  const insertSignal = (contact: SQL) =>
    sql`insert into signals (type, tier, account_id, contact_id, occurred_at, received_at, idempotency_key, payload, api_key_id, first_response_at, meeting_booked_at)
        ${signalValues(contact)}
        on conflict ((coalesce(api_key_id, 0)), idempotency_key) do nothing
        returning id`;
  const [stored] = input.contact
    ? await queryRowsPrepared<{ signalId: number | null; contactId: number; contactCreated: boolean }>(
        t,
        sql`with ${personCte(accountId, input.contact)},
            sig as (${insertSignal(sql`(select id from person)`)})
            select (select id from sig) as "signalId", (select id from person) as "contactId", (select created from person) as "contactCreated"`,
      )
    : await queryRowsPrepared<{ signalId: number | null; contactId: null; contactCreated: false }>(
        t,
        sql`with sig as (${insertSignal(sql`null::int`)}) select (select id from sig) as "signalId", null as "contactId", false as "contactCreated"`,
      );
  // Stored meanwhile by a writer that did not claim the key: the caller rolls back and answers that signal.
  if (!stored?.signalId) {
    const [first] = await queryRowsPrepared<{ id: number }>(t, sql`select id from signals where ${sameKey(input, options)}`);
    return { repeatOf: first!.id };
  }
  const contactId = stored.contactId;
  const signal = { id: stored.signalId, type: type.key, tier: type.tier, accountId, contactId, occurredAt: input.occurredAt };
  const asOf = historical ? input.occurredAt : options.now;
  // A live signal keeps its contact's last touch and engagement level in this transaction, folded
  // into the statements below; a file of history does it per batch (touchContacts), as of the import.
  const touching = contactId !== null && !historical ? { contactId, now: options.now } : null;
  const state = await accountState(t, signal, asOf, context, touching);
  const engagement = touching && state.contactFacts ? engagementChanges([state.contactFacts], touching.now) : [];

  const derivedSignals = deriveSignals(
    signal,
    {
      windowContacts: state.windowContacts ?? [],
      lastStakeholdersAt: state.lastStakeholders === null ? null : new Date(state.lastStakeholders),
      previousFirstPartyAt: state.previousFirstParty === null ? null : new Date(state.previousFirstParty),
    },
    context.signals,
  ).filter((d) => context.types.has(d.type));
  const derived = derivedSignals.length
    ? await queryRowsPrepared<{ id: number; type: string }>(
        t,
        sql`insert into signals (type, tier, account_id, contact_id, occurred_at, received_at, payload, derived_from)
            values ${sql.join(
              derivedSignals.map(
                (d) =>
                  sql`(${d.type}, ${context.types.get(d.type)!.tier}, ${accountId}, ${d.contactId}, ${iso(input.occurredAt)}::timestamptz,
                    ${iso(receivedAt)}::timestamptz, ${JSON.stringify(d.payload)}::jsonb, ${signal.id})`,
              ),
              sql`, `,
            )}
            returning id, type`,
      )
    : [];

  const scores = await scoreFacts(t, accountId, contactId, asOf, { icpFitScore: state.fit, segment: state.segment, industry: state.industry }, context);
  const score = scores.account;
  const track = trackFor(score.readiness);
  const crossed = crossedIntoHandoff(state.previousReadiness === null ? null : Number(state.previousReadiness), score.readiness);

  let routedTo: number | null = null;
  let routedAt: Date | null = null;
  let dueAt: Date | null = null;
  if (!historical) {
    routedTo = (await routeOwner(t, accountId, { ownerId: state.ownerId, active: state.ownerActive })).ownerId;
    routedAt = options.now;
    dueAt = routedTo === null ? null : responseDueAt(track, options.now, context.timeZone);
  }

  // The score rows, the meeting a file of history records, and the routing, in one statement.
  const scoreRows = [{ contactId: null as number | null, s: score }, ...(scores.contact && contactId !== null ? [{ contactId, s: scores.contact }] : [])];
  const ids = [signal.id, ...derived.map((d) => d.id)];
  await queryRowsPrepared(t, sql`
    with scored as (
      insert into scores (account_id, contact_id, signal_id, fit, intent, engagement, readiness, explanation, computed_at) values ${sql.join(
        scoreRows.map(
          ({ contactId: c, s }) =>
            sql`(${accountId}, ${c}, ${signal.id}, ${s.fit}, ${s.intent}, ${s.engagement}, ${s.readiness}, ${JSON.stringify(s.explanation)}::jsonb, ${iso(asOf)}::timestamptz)`,
        ),
        sql`, `,
      )}
    ),
    met as (
      insert into meetings (account_id, contact_id, signal_id, booked_at)
      select ${accountId}, ${contactId}::int, ${signal.id}, ${historical?.meetingBookedAt ? iso(historical.meetingBookedAt) : null}::timestamptz
      where ${historical?.meetingBookedAt ? sql`true` : sql`false`}
    )${engagement.length ? sql`, touched as (${engagementWrite(engagement, options.now)})` : sql``}
    update signals set readiness = ${score.readiness}, track = ${track}, crossed_into_handoff = (id = ${signal.id} and ${crossed}),
      routed_to = ${routedTo}, routed_at = ${routedAt ? iso(routedAt) : null}::timestamptz, response_due_at = ${dueAt ? iso(dueAt) : null}::timestamptz
    where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);

  if (routedTo !== null && dueAt !== null && track === "immediate_handoff") {
    await notifyHandoff(t, { accountId, contactId, typeLabel: type.label, readiness: score.readiness, routedTo, dueAt, timeZone: context.timeZone, at: options.now });
  }
  // A competitor showing up: the Competitive Alert Monitor, when it is on, tells the owner at once.
  if (!historical) await alertOnSignal(t, { id: signal.id, type: type.key }, options.now, context.timeZone);
  // The Content Personalizer, when it is on, picks the asset to answer a routed high-intent signal with.
  if (!historical) await pickOnSignal(t, { id: signal.id, tier: type.tier, routedTo }, options.now);

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
    derived: derived.map((d) => ({ id: d.id, type: d.type })),
    created: { accountId: account.created ? accountId : null, contactId: stored.contactCreated ? contactId : null },
  };
}

/**
 * The account's owner while active; otherwise the next round-robin turn among the active reps, who
 * then owns the account if it had no owner, so its next signals go to the same person.
 */
async function routeOwner(tx: DatabaseOrTransaction, accountId: number, owner: { ownerId: number | null; active: boolean | null } | null) {
  const accountOwner = owner?.ownerId ? { id: owner.ownerId, active: owner.active === true } : null;
  if (accountOwner?.active) return assignOwner(accountOwner, [], () => 0);
  const [reps] = await queryRowsPrepared<{ ids: number[] | null; turn: number }>(
    tx,
    sql`select array(select id from users where role = 'sales' and active order by id) as ids, nextval('routing_turns')::int as turn`,
  );
  const assignment = assignOwner(accountOwner, reps?.ids ?? [], () => reps?.turn ?? 1);
  if (assignment.ownerId !== null && !owner?.ownerId) {
    await tx.execute(sql`update accounts set owner_id = ${assignment.ownerId}, updated_at = now() where id = ${accountId} and owner_id is null`);
  }
  return assignment;
}
