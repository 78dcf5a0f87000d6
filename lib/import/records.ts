/**
 * Rows of the exports other than opportunities, read into what the app stores: Salesforce's
 * opportunity history (one row per stage change), accounts and contacts.
 */
import { createHash } from "node:crypto";
import { mapAnswer, type AnswerRule } from "@/lib/attribution/answer-rules";
import { suggestRoleFromTitle, type BuyingGroupRole } from "@/lib/domain/buying-group";
import { channelInfo, channels, type Channel } from "@/lib/domain/channels";
import { signalTypeByKey } from "@/lib/domain/signal-types";
import { parseSignalItem, type SignalInput } from "@/lib/signals/ingest-request";
import type { CsvRecord } from "./csv";
import { normaliseDomain } from "./match-keys";
import { RowReader, type RowContext, type RowResult } from "./rows";
import { parseEmployees, splitTechnologies } from "./values";

export interface ImportedStageChange {
  opportunityExternalId: string;
  stageId: number;
  changedAt: Date;
}

export function readStageChangeRow(
  record: CsvRecord,
  ctx: RowContext & { stageMap: Readonly<Record<string, number | null>> },
): RowResult<ImportedStageChange> {
  const r = new RowReader(record, ctx);
  if (r.ragged) return { ok: false, errors: r.errors };
  const opportunityExternalId = r.required("opportunityId", "The opportunity ID");
  const stageName = r.required("stage", "The stage");
  const stageId = stageName ? ctx.stageMap[stageName] : undefined;
  if (stageName && (stageId === undefined || stageId === null)) r.fail("stage", `"${stageName}" is not mapped to a stage of the pipeline`);
  const changed = r.cell("changedAt") ? r.date("changedAt") : (r.fail("changedAt", "The date of the change is required"), null);
  return r.result(() => ({ opportunityExternalId, stageId: stageId!, changedAt: changed!.instant }));
}

export interface ImportedAccount {
  /** Null: the file has no CRM id for it; it is matched on its domain, else its name. */
  externalId: string | null;
  name: string;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  segment: string | null;
  owner: string | null;
  /** An exact decimal string. */
  annualRevenue: string | null;
  country: string | null;
  parentAccount: string | null;
  /** Empty when the cell is: the account uses none we know of. */
  technologies: string[];
}

export function readAccountRow(record: CsvRecord, ctx: RowContext): RowResult<ImportedAccount> {
  const r = new RowReader(record, ctx);
  if (r.ragged) return { ok: false, errors: r.errors };
  const externalId = r.text("externalId");
  const domainText = r.cell("domain");
  const name = r.cell("name");
  if (!name) r.fail("name", externalId || domainText ? "The name is required" : "The row has no account ID, domain or name to match it on");
  const domain = domainText ? normaliseDomain(domainText) : null;
  if (domainText && !domain) r.fail("domain", "is not a web domain such as acme.com");
  const employeesText = r.cell("employees");
  const employeesRead = employeesText ? parseEmployees(employeesText) : null;
  if (employeesRead && !employeesRead.ok) r.fail("employees", employeesRead.error);
  const annualRevenue = r.money("annualRevenue", "The annual revenue", { required: false });
  return r.result(() => ({
    externalId,
    name,
    domain,
    industry: r.text("industry"),
    employees: employeesRead?.ok ? employeesRead.value : null,
    segment: r.text("segment"),
    owner: r.text("owner"),
    annualRevenue,
    country: r.text("country")?.replace(/\s+/g, " ") ?? null,
    parentAccount: r.text("parentAccount"),
    technologies: splitTechnologies(r.cell("technologies")),
  }));
}

export interface ImportedContact {
  /** Null: the file has no CRM id for it; it is matched on its e-mail, else it is new. */
  externalId: string | null;
  name: string;
  email: string | null;
  title: string | null;
  account: string | null;
  /** What the job title suggests; set only on contacts that have no role yet. */
  suggestedRole: BuyingGroupRole | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readContactRow(record: CsvRecord, ctx: RowContext): RowResult<ImportedContact> {
  const r = new RowReader(record, ctx);
  if (r.ragged) return { ok: false, errors: r.errors };
  const externalId = r.text("externalId");
  const name = r.cell("name") || [r.cell("firstName"), r.cell("lastName")].filter(Boolean).join(" ");
  if (!name) r.fail(r.has("name") ? "name" : "lastName", "The name (or first and last name) is required");
  const email = r.text("email")?.toLowerCase() ?? null;
  if (email && !EMAIL.test(email)) r.fail("email", "is not an email address");
  const title = r.text("title");
  return r.result(() => ({ externalId, name, email, title, account: r.text("account"), suggestedRole: suggestRoleFromTitle(title) }));
}

const TRUE = new Set(["true", "yes", "y", "1", "x", "on"]);
const FALSE = new Set(["false", "no", "n", "0", "off", ""]);

export interface ImportedLead {
  externalId: string;
  email: string | null;
  account: string | null;
  source: string | null;
  isDemoRequest: boolean;
  createdAt: Date;
  mqlAt: Date | null;
  sqlAt: Date | null;
  opportunityAt: Date | null;
  wonAt: Date | null;
}

/** A lead's lifecycle dates, each no earlier than the stage before it. */
export function readLeadRow(record: CsvRecord, ctx: RowContext): RowResult<ImportedLead> {
  const r = new RowReader(record, ctx);
  if (r.ragged) return { ok: false, errors: r.errors };
  const externalId = r.required("externalId", "The lead ID");
  const created = r.cell("createdAt") ? r.date("createdAt") : (r.fail("createdAt", "The created date is required"), null);
  const stages = [
    ["mqlAt", "MQL date"],
    ["sqlAt", "SQL date"],
    ["opportunityAt", "opportunity date"],
    ["wonAt", "won date"],
  ] as const;
  let previous = created ? { label: "created date", at: created.instant } : null;
  const dates: Partial<Record<(typeof stages)[number][0], Date | null>> = {};
  for (const [field, label] of stages) {
    const at = r.date(field);
    dates[field] = at?.instant ?? null;
    if (!at) continue;
    if (previous && at.instant < previous.at) r.fail(field, `is before the ${previous.label}`);
    previous = { label, at: at.instant };
  }
  const email = r.text("email")?.toLowerCase() ?? null;
  if (email && !EMAIL.test(email)) r.fail("email", "is not an email address");
  const demo = r.cell("isDemoRequest").toLowerCase();
  if (!TRUE.has(demo) && !FALSE.has(demo)) r.fail("isDemoRequest", "must be yes or no (true/false, 1/0)");
  return r.result(() => ({
    externalId,
    email,
    account: r.text("account"),
    source: r.source(),
    isDemoRequest: TRUE.has(demo),
    createdAt: created!.instant,
    mqlAt: dates.mqlAt ?? null,
    sqlAt: dates.sqlAt ?? null,
    opportunityAt: dates.opportunityAt ?? null,
    wonAt: dates.wonAt ?? null,
  }));
}

/** A channel from its key or label, case and punctuation aside ("Peer recommendation", "peer_recommendation"). */
export function readChannel(text: string): Channel | null {
  const key = text.toLowerCase().replace(/[^a-z]/g, "");
  return channels.find((c) => c.replace(/_/g, "") === key || channelInfo[c].label.toLowerCase().replace(/[^a-z]/g, "") === key) ?? null;
}

const channelList = channels.map((c) => channelInfo[c].label).join(", ");

export interface ImportedTouchpoint {
  externalId: string;
  email: string | null;
  account: string | null;
  channel: Channel;
  campaign: string | null;
  type: string;
  occurredAt: Date;
}

/**
 * The channel a touch's channel cell names: a channel's key or label, else the answer rules read it
 * as free text ("Webinar", "Trade Show", "Advertisement" in a Salesforce campaign type); null when
 * neither knows it.
 */
export function touchChannel(text: string, rules: readonly AnswerRule[]): Channel | null {
  const exact = readChannel(text);
  if (exact) return exact;
  const mapped = mapAnswer(text, rules).channel;
  return mapped === "other" ? null : mapped;
}

/**
 * A touch without an ID in the file (a campaign member report has none) is known by what it is:
 * the same person, channel, campaign, type and time make the same key, so a re-import updates it.
 */
export function derivedTouchpointId(t: Omit<ImportedTouchpoint, "externalId">): string {
  const facts = [t.email ?? "", t.account?.toLowerCase() ?? "", t.channel, t.campaign ?? "", t.type, t.occurredAt.toISOString()].join("\u0000");
  return `touch:${createHash("sha256").update(facts).digest("hex").slice(0, 32)}`;
}

export function readTouchpointRow(record: CsvRecord, ctx: RowContext & { answerRules: readonly AnswerRule[] }): RowResult<ImportedTouchpoint> {
  const r = new RowReader(record, ctx);
  if (r.ragged) return { ok: false, errors: r.errors };
  const externalId = r.text("externalId");
  const channelText = r.required("channel", "The channel");
  const channel = channelText ? touchChannel(channelText, ctx.answerRules) : null;
  if (channelText && !channel) r.fail("channel", `is not a channel, and no answer rule recognises it (channels: ${channelList})`);
  const occurred = r.cell("occurredAt") ? r.date("occurredAt") : (r.fail("occurredAt", "The date is required"), null);
  const email = r.text("email")?.toLowerCase() ?? null;
  if (!email && !r.cell("account")) r.fail(r.has("email") ? "email" : "account", "A contact email or an account is required");
  return r.result(() => {
    const touch = { email, account: r.text("account"), channel: channel!, campaign: r.text("campaign"), type: r.text("type") ?? "imported", occurredAt: occurred!.instant };
    return { externalId: externalId ?? derivedTouchpointId(touch), ...touch };
  });
}

export interface ImportedAnswer {
  leadExternalId: string | null;
  email: string | null;
  answer: string;
  /** Null: not given; the answer is filed under "other" until the channel rules map it. */
  channel: Channel | null;
}

export const MAX_ANSWER_LENGTH = 2000;

export function readAnswerRow(record: CsvRecord, ctx: RowContext): RowResult<ImportedAnswer> {
  const r = new RowReader(record, ctx);
  if (r.ragged) return { ok: false, errors: r.errors };
  const answer = r.required("answer", "The answer");
  if (answer.length > MAX_ANSWER_LENGTH) r.fail("answer", `has ${answer.length} characters; an answer has at most ${MAX_ANSWER_LENGTH}`, `${answer.slice(0, 40)}…`);
  const leadExternalId = r.text("leadId");
  const email = r.text("email")?.toLowerCase() ?? null;
  if (!leadExternalId && !email) r.fail(r.has("leadId") ? "leadId" : "email", "A lead ID or an email is required");
  const channelText = r.cell("channel");
  const channel = channelText ? readChannel(channelText) : null;
  if (channelText && !channel) r.fail("channel", `is not a channel (channels: ${channelList})`);
  return r.result(() => ({ leadExternalId, email, answer, channel }));
}

export interface ImportedDay {
  /** YYYY-MM-DD */
  day: string;
  visitors: number;
}

export function readWebTrafficRow(record: CsvRecord, ctx: RowContext): RowResult<ImportedDay & { externalId: string }> {
  const r = new RowReader(record, ctx);
  if (r.ragged) return { ok: false, errors: r.errors };
  const day = r.cell("day") ? r.date("day") : (r.fail("day", "The day is required"), null);
  const visitors = r.cell("visitors") ? r.count("visitors", "The number of visitors") : (r.fail("visitors", "The number of visitors is required"), null);
  // The day is what a row is matched on: a day twice in one file is refused like a repeated ID.
  return r.result(() => ({ externalId: day!.day, day: day!.day, visitors: visitors! }));
}

export interface ImportedSignal {
  externalId: string;
  input: SignalInput;
  respondedAt: Date | null;
  meetingBookedAt: Date | null;
}

/** History goes back at most this far; older signals no longer move a score. */
export const SIGNAL_HISTORY_DAYS = 5 * 366;

const signalFieldOf: Record<string, string> = {
  type: "type",
  occurred_at: "occurredAt",
  account: "account",
  "account.domain": "account",
  contact: "email",
  "contact.email": "email",
  idempotency_key: "externalId",
};

/**
 * A signal from a file of history, checked by the same rules as the signal API (known type, not
 * derived, a company domain, not in the future) except its age. The signal ID is its idempotency
 * key, so importing the file again adds nothing.
 */
export function readSignalRow(record: CsvRecord, ctx: RowContext, now: Date): RowResult<ImportedSignal> {
  const r = new RowReader(record, ctx);
  if (r.ragged) return { ok: false, errors: r.errors };
  const externalId = r.required("externalId", "The signal ID");
  const type = r.required("type", "The signal type").toLowerCase().replace(/[\s-]+/g, "_");
  const occurred = r.cell("occurredAt") ? r.date("occurredAt") : (r.fail("occurredAt", "The time is required"), null);
  const responded = r.date("respondedAt");
  const meeting = r.date("meetingBookedAt");
  if (occurred && responded && responded.instant < occurred.instant) r.fail("respondedAt", "is before the signal occurred");
  if (occurred && meeting && meeting.instant < occurred.instant) r.fail("meetingBookedAt", "is before the signal occurred");
  if (!occurred || r.errors.length > 0) return r.result(() => null as never);
  const domain = r.text("account");
  const email = r.text("email");
  const item = parseSignalItem(
    {
      type,
      occurred_at: occurred.instant.toISOString(),
      ...(domain ? { account: { domain } } : {}),
      ...(email ? { contact: { email } } : {}),
      idempotency_key: `import:${externalId}`,
    },
    record.row,
    "",
    { knownTypes: new Set(signalTypeByKey.keys()), now, maxAgeDays: SIGNAL_HISTORY_DAYS },
  );
  if (!item.ok) {
    for (const e of item.errors) r.fail(signalFieldOf[e.field] ?? "type", e.message.replace(/ import historical signals as CSV\.$/, "").replace(/\.$/, ""));
    return r.result(() => null as never);
  }
  return r.result(() => ({ externalId, input: item.input, respondedAt: responded?.instant ?? null, meetingBookedAt: meeting?.instant ?? null }));
}
