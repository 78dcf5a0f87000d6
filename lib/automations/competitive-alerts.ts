/**
 * The Competitive Alert Monitor's rules (pure): which competitor a signal or a deal names, whether
 * it alerts its owner, and what the alert says, with the battlecard for that competitor. The job
 * and the signal ingest (lib/automations/competitive-alert-run.ts) fetch the facts and record what
 * these return.
 */
import { competitorSignalTypes } from "@/lib/domain/automations";
import { mapReason, type ReasonEntry } from "@/lib/win-loss/reasons";

/** A competitor's battlecard: where it lives and what a rep should remember. */
export interface Battlecard {
  competitor: string;
  url: string | null;
  notes: string;
}

export interface MonitorState {
  enabled: boolean;
  /** The day it was switched on (YYYY-MM-DD in the organisation's time zone); null: never. */
  since: string | null;
}

/** What the monitor decided about one signal or deal: an alert with its reason, or why none. */
export type AlertDecision =
  | { alert: true; competitor: string; subject: string; title: string; body: string; link: string; reason: string; battlecard: Battlecard | null }
  | { alert: false; reason: string };

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value.trim() : null);

/**
 * The competitor a signal's payload names, as the competitor taxonomy files it: its `competitor`
 * field, else the page or URL it was seen on ("/compare/pipeiq"). The text as sent when the taxonomy
 * does not know it, so a new rival still alerts; null when the payload names none.
 */
export function competitorInPayload(payload: unknown, taxonomy: readonly ReasonEntry[]): string | null {
  if (typeof payload !== "object" || payload === null) return null;
  const p = payload as Record<string, unknown>;
  const named = text(p.competitor) ?? text(p.vendor);
  if (named) return mapReason(named, taxonomy) ?? named.slice(0, 100);
  for (const field of [p.page, p.url, p.title]) {
    const where = text(field);
    if (!where) continue;
    // "/compare/pipe-iq-vs-us" reads as words.
    const mapped = mapReason(where.replace(/[/_\-.?=&]+/g, " "), taxonomy);
    if (mapped) return mapped;
  }
  return null;
}

/** The competitors that are no rival to alert on: the status quo and building it in-house are met by other plays. */
/** The competitors that are no rival: the status quo, an in-house build, no decision (read the same way by the deal list's SQL). */
export const NOT_A_RIVAL = /spreadsheet|status quo|in-house|in house|no decision/i;

export function isRival(competitor: string): boolean {
  return !NOT_A_RIVAL.test(competitor);
}

const battlecardLine = (card: Battlecard | null, competitor: string) =>
  card?.url ? ` Battlecard: ${card.url}${card.notes ? ` — ${firstLine(card.notes)}` : ""}` : ` No battlecard for ${competitor} yet: marketing adds one on the Competitive Alert Monitor page.`;

const firstLine = (notes: string) => {
  const line = notes.split(/\r?\n/)[0]!.trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
};

const signalWhat: Record<string, (competitor: string) => string> = {
  competitor_comparison: (c) => `compared us with ${c}`,
  contract_expiring: (c) => `has a ${c} contract coming up for renewal`,
  negative_competitor_review: (c) => `left a bad review of ${c}`,
};

export interface SignalFacts {
  id: number;
  type: string;
  payload: unknown;
  accountId: number | null;
  accountName: string | null;
  /** Who the signal was routed to: the account's owner. */
  ownerId: number | null;
  /** The day it was received, in the organisation's time zone. */
  receivedDay: string;
}

/** A competitor signal at an account with an owner, received on or after the switch-on day, alerts the owner once. */
export function signalAlert(s: SignalFacts, state: MonitorState, taxonomy: readonly ReasonEntry[], cards: ReadonlyMap<string, Battlecard>): AlertDecision {
  if (!competitorSignalTypes.includes(s.type)) return { alert: false, reason: `${s.type} is not a competitor signal` };
  if (!state.enabled || state.since === null) return { alert: false, reason: "the monitor is switched off" };
  if (s.receivedDay < state.since) return { alert: false, reason: `received before the monitor was switched on (${state.since})` };
  if (s.accountId === null) return { alert: false, reason: "the signal has no account" };
  if (s.ownerId === null) return { alert: false, reason: "the account has no owner to alert" };
  const competitor = competitorInPayload(s.payload, taxonomy);
  if (competitor === null) return { alert: false, reason: "the signal does not name a competitor" };
  if (!isRival(competitor)) return { alert: false, reason: `${competitor} is not a rival product` };
  const card = cards.get(competitor) ?? null;
  const account = s.accountName ?? `account #${s.accountId}`;
  const what = (signalWhat[s.type] ?? ((c: string) => `showed ${c} interest`))(competitor);
  return {
    alert: true,
    competitor,
    subject: `signal:${s.id}`,
    title: `${competitor} at ${account}`,
    body: `${account} ${what}.${battlecardLine(card, competitor)}`,
    link: `/accounts/${s.accountId}`,
    reason: `${labelOf(s.type)} naming ${competitor}${card?.url ? ", with its battlecard" : ", no battlecard yet"}`,
    battlecard: card,
  };
}

const labelOf = (type: string) =>
  ({ competitor_comparison: "Comparison-page visit", contract_expiring: "Competitor contract expiring", negative_competitor_review: "Negative competitor review" })[type] ?? type;

export interface DealFacts {
  id: number;
  name: string;
  /** The competitor as the deal records it: the taxonomy's label, else the CRM's text. */
  competitor: string | null;
  ownerId: number | null;
  open: boolean;
}

/** An open deal naming a rival alerts its owner once per competitor named. */
export function dealAlert(d: DealFacts, state: MonitorState, cards: ReadonlyMap<string, Battlecard>): AlertDecision {
  if (!state.enabled || state.since === null) return { alert: false, reason: "the monitor is switched off" };
  if (!d.open) return { alert: false, reason: "the deal is closed" };
  const competitor = d.competitor?.trim() || null;
  if (competitor === null) return { alert: false, reason: "the deal names no competitor" };
  if (!isRival(competitor)) return { alert: false, reason: `${competitor} is not a rival product` };
  if (d.ownerId === null) return { alert: false, reason: "the deal has no owner to alert" };
  const card = cards.get(competitor) ?? null;
  return {
    alert: true,
    competitor,
    subject: `deal:${d.id}:${competitor.toLowerCase()}`,
    title: `${competitor} on ${d.name}`,
    body: `${d.name} is up against ${competitor}.${battlecardLine(card, competitor)}`,
    link: `/deals/${d.id}`,
    reason: `Open deal names ${competitor}${card?.url ? ", with its battlecard" : ", no battlecard yet"}`,
    battlecard: card,
  };
}

export type BattlecardCheck = { ok: true; url: string | null; notes: string } | { ok: false; field: "url" | "notes" | "competitor"; error: string };

/** A battlecard as marketing saves it: a web address (format only: http or https with a host) and notes up to 2,000 characters. */
export function checkBattlecard(input: { competitor: string; url: string; notes: string }): BattlecardCheck {
  if (!input.competitor.trim()) return { ok: false, field: "competitor", error: "Competitor: pick one from the taxonomy." };
  const raw = input.url.trim();
  let url: string | null = null;
  if (raw) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(raw);
    } catch {
      parsed = null;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || !parsed.hostname.includes(".") || /\s/.test(raw)) {
      return { ok: false, field: "url", error: `Link: "${raw.slice(0, 80)}" is not a web address (https://…).` };
    }
    if (raw.length > 500) return { ok: false, field: "url", error: "Link: at most 500 characters." };
    url = parsed.toString();
  }
  const notes = input.notes.replace(/\r\n/g, "\n").trim();
  if (notes.length > 2000) return { ok: false, field: "notes", error: `Notes: at most 2,000 characters (${notes.length.toLocaleString("en-US")} given).` };
  return { ok: true, url, notes };
}
