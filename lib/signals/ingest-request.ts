/**
 * The signal API's request body, read and checked item by item: one signal as a JSON object, or a
 * batch as an array or `{ "signals": [...] }`. Each bad item gets errors naming its index and field,
 * so the good items of a batch can still be stored.
 */
import { z } from "zod";
import { derivedSignalTypes } from "@/lib/domain/signal-types";

export const MAX_BATCH = 1000;
export const MAX_BODY_BYTES = 1024 * 1024;
/** A signal may be stamped up to this far ahead of the server's clock (clock skew). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Older signals are history: import them as CSV. */
export const MAX_AGE_DAYS = 365;
/** properties nest at most this many levels of objects and arrays (the properties object is the first). */
export const MAX_PROPERTIES_DEPTH = 10;
/** properties are at most this many bytes of JSON (UTF-8). */
export const MAX_PROPERTIES_BYTES = 8 * 1024;
/** The largest id an integer column holds. */
export const MAX_ID = 2_147_483_647;

export interface SignalInput {
  type: string;
  occurredAt: Date;
  account: { id: number } | { domain: string; name?: string };
  contact: { email: string; name?: string; title?: string } | null;
  properties: Record<string, unknown>;
  idempotencyKey: string | null;
}

export interface FieldError {
  field: string;
  message: string;
}

export type ParsedItem = { index: number; ok: true; input: SignalInput } | { index: number; ok: false; errors: FieldError[] };

export type ParsedBody =
  | { ok: true; batch: boolean; items: ParsedItem[] }
  | { ok: false; status: number; error: string; field?: string };

/** Personal mailboxes: an email there says nothing about the account. */
const personalDomains = new Set([
  "gmail.com",
  "googlemail.com",
  "yahoo.com",
  "hotmail.com",
  "outlook.com",
  "live.com",
  "icloud.com",
  "me.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.com",
  "gmx.de",
  "web.de",
  "yandex.ru",
  "mail.ru",
]);

const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** "https://www.Acme.com/pricing" → "acme.com"; null when it is not a domain. */
export function normaliseDomain(value: string): string | null {
  const domain = value
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/^www\./, "")
    .replace(/[/?#].*$/, "")
    .replace(/\.$/, "");
  return DOMAIN.test(domain) ? domain : null;
}

export function isPersonalDomain(domain: string): boolean {
  return personalDomains.has(domain);
}

const item = z.object({
  type: z.string({ error: "Give the signal type" }).min(1, "Give the signal type"),
  occurred_at: z.iso.datetime({ offset: true, error: "Give occurred_at as an ISO 8601 time with a zone, e.g. 2026-11-29T10:15:00Z" }),
  account: z
    .object({
      id: z
        .number({ error: "account.id must be a number" })
        .int("account.id must be a whole number")
        .positive("account.id must be positive")
        .max(MAX_ID, `account.id is at most ${MAX_ID}`)
        .optional(),
      domain: z.string({ error: "account.domain must be text" }).max(253, "account.domain has at most 253 characters").optional(),
      name: z.string({ error: "account.name must be text" }).trim().min(1).max(200, "account.name has at most 200 characters").optional(),
    }, { error: "account must be an object with a domain or an id" })
    .optional(),
  contact: z
    .object({
      email: z.email({ error: "contact.email is not an email address" }).max(254, "contact.email has at most 254 characters"),
      name: z.string().trim().min(1).max(200, "contact.name has at most 200 characters").optional(),
      title: z.string().trim().min(1).max(200, "contact.title has at most 200 characters").optional(),
    }, { error: "contact must be an object with an email" })
    .optional(),
  properties: z.record(z.string(), z.unknown(), { error: "properties must be an object" }).optional(),
  idempotency_key: z.string({ error: "idempotency_key must be text" }).min(1, "idempotency_key cannot be empty").max(200, "idempotency_key has at most 200 characters").optional(),
});

/** One error per field, the first found. */
function fieldErrors(prefix: string, error: z.ZodError): FieldError[] {
  const errors = new Map<string, FieldError>();
  for (const issue of error.issues) {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    if (!errors.has(field)) errors.set(field, { field, message: issue.message });
  }
  return [...errors.values()];
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why PostgreSQL cannot store this text (text and jsonb hold no NUL character and only valid Unicode), or null. */
function unstorable(text: string): string | null {
  if (text.includes("\u0000")) return "contains a NUL character (\\u0000), which cannot be stored; remove it.";
  if (LONE_SURROGATE.test(text)) return "is not valid Unicode (it has a lone surrogate such as \\ud800), which cannot be stored.";
  return null;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** `properties.utm.campaign`, `properties.tags[1]`, `properties["a key"]`. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return `${parent}.${key}`;
  const quoted = JSON.stringify(key.length > 100 ? `${key.slice(0, 100)}…` : key);
  return `${parent}[${quoted}]`;
}

const textFields = ["type", "occurred_at", "idempotency_key", "account.domain", "account.name", "contact.email", "contact.name", "contact.title"];
const MAX_TEXT_ERRORS = 10;

/**
 * What of an item the database could not store, found before anything else reads it: text with a
 * NUL character or a lone surrogate (in the named fields, and in any value or key of properties),
 * and properties nested too deep. Walks properties with a stack of its own, never recursing, and
 * stops at the depth limit, so a body nested thousands of levels deep costs nothing more.
 */
function unstorableFields(raw: unknown, name: (field: string) => string): FieldError[] {
  if (!isObject(raw)) return [];
  const errors: FieldError[] = [];
  for (const field of textFields) {
    const [head, tail] = field.split(".") as [string, string | undefined];
    const value = tail === undefined ? raw[head] : isObject(raw[head]) ? raw[head][tail] : undefined;
    const why = typeof value === "string" ? unstorable(value) : null;
    if (why) errors.push({ field: name(field), message: `${field} ${why}` });
  }
  if (!isObject(raw.properties)) return errors;

  const stack: { value: unknown; path: string; depth: number }[] = [{ value: raw.properties, path: "properties", depth: 1 }];
  while (stack.length > 0 && errors.length < MAX_TEXT_ERRORS) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      const why = unstorable(value);
      if (why) errors.push({ field: name(path), message: `${path} ${why}` });
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth > MAX_PROPERTIES_DEPTH) {
      return [
        ...errors.filter((e) => !e.field.startsWith(name("properties"))),
        { field: name("properties"), message: `properties nest at most ${MAX_PROPERTIES_DEPTH} levels of objects and arrays; flatten them.` },
      ];
    }
    const children: { value: unknown; path: string; depth: number }[] = [];
    if (Array.isArray(value)) value.forEach((child, i) => children.push({ value: child, path: childPath(path, i), depth: depth + 1 }));
    else {
      for (const [key, child] of Object.entries(value)) {
        const keyPath = childPath(path, key);
        const why = unstorable(key);
        if (why) errors.push({ field: name(keyPath), message: `The key ${keyPath} ${why}` });
        children.push({ value: child, path: keyPath, depth: depth + 1 });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return errors;
}

export interface ItemRules {
  knownTypes: ReadonlySet<string>;
  now: Date;
  /** Oldest accepted occurred_at, in days before now. */
  maxAgeDays?: number;
}

/** Checks one item; `prefix` names it in errors ("signals[3]", or "" for a single signal). */
export function parseSignalItem(raw: unknown, index: number, prefix: string, rules: ItemRules): ParsedItem {
  const name = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const unstorableErrors = unstorableFields(raw, name);
  const parsed = item.safeParse(raw);
  if (!parsed.success || unstorableErrors.length > 0) {
    const named = new Set(unstorableErrors.map((e) => e.field));
    const schemaErrors = parsed.success ? [] : fieldErrors(prefix, parsed.error).filter((e) => !named.has(e.field));
    return { index, ok: false, errors: [...unstorableErrors, ...schemaErrors] };
  }
  const data = parsed.data;
  const errors: FieldError[] = [];

  if (derivedSignalTypes.has(data.type)) {
    errors.push({ field: name("type"), message: `"${data.type}" is derived from the stream; send the visits it is made of instead.` });
  } else if (!rules.knownTypes.has(data.type)) {
    errors.push({ field: name("type"), message: `Unknown signal type "${data.type}". Known types: ${[...rules.knownTypes].filter((t) => !derivedSignalTypes.has(t)).sort().join(", ")}.` });
  }

  const occurredAt = new Date(data.occurred_at);
  const maxAgeDays = rules.maxAgeDays ?? MAX_AGE_DAYS;
  if (occurredAt.getTime() > rules.now.getTime() + FUTURE_TOLERANCE_MS) {
    errors.push({ field: name("occurred_at"), message: `${data.occurred_at} is in the future.` });
  } else if (occurredAt.getTime() < rules.now.getTime() - maxAgeDays * 86_400_000) {
    errors.push({ field: name("occurred_at"), message: `${data.occurred_at} is more than ${maxAgeDays} days old; import historical signals as CSV.` });
  }

  let account: SignalInput["account"] | null = null;
  if (data.account?.id !== undefined) account = { id: data.account.id };
  else if (data.account?.domain !== undefined) {
    const domain = normaliseDomain(data.account.domain);
    if (!domain) errors.push({ field: name("account.domain"), message: `"${data.account.domain}" is not a domain such as acme.com.` });
    else if (isPersonalDomain(domain)) errors.push({ field: name("account.domain"), message: `${domain} is a personal mailbox provider, not a company.` });
    else account = { domain, ...(data.account.name ? { name: data.account.name } : {}) };
  } else if (data.contact) {
    const domain = normaliseDomain(data.contact.email.split("@")[1] ?? "");
    if (!domain || isPersonalDomain(domain)) {
      errors.push({ field: name("account"), message: `Name the account (account.domain or account.id): ${data.contact.email} is a personal address.` });
    } else account = { domain };
  } else {
    errors.push({ field: name("account"), message: "Give the account (account.domain or account.id) or a contact email at the company." });
  }

  // Nested at most MAX_PROPERTIES_DEPTH levels (checked above), so serialising cannot overflow the stack.
  const properties = data.properties ?? {};
  const bytes = Buffer.byteLength(JSON.stringify(properties));
  if (bytes > MAX_PROPERTIES_BYTES) {
    errors.push({ field: name("properties"), message: `properties are at most ${MAX_PROPERTIES_BYTES / 1024} KB of JSON (${MAX_PROPERTIES_BYTES} bytes); these are ${bytes}.` });
  }

  if (errors.length > 0 || !account) return { index, ok: false, errors };
  return {
    index,
    ok: true,
    input: {
      type: data.type,
      occurredAt,
      account,
      contact: data.contact ? { email: data.contact.email.toLowerCase(), ...(data.contact.name ? { name: data.contact.name } : {}), ...(data.contact.title ? { title: data.contact.title } : {}) } : null,
      properties,
      idempotencyKey: data.idempotency_key ?? null,
    },
  };
}

/** Reads a parsed JSON body: a single signal, an array, or `{ signals: [...] }`. */
export function parseSignalBody(body: unknown, rules: ItemRules): ParsedBody {
  const list = Array.isArray(body)
    ? body
    : body !== null && typeof body === "object" && "signals" in body
      ? (body as { signals: unknown }).signals
      : undefined;
  if (list === undefined) {
    if (body === null || typeof body !== "object") return { ok: false, status: 400, error: "The body must be a signal object, an array of signals, or { \"signals\": [...] }." };
    return { ok: true, batch: false, items: [parseSignalItem(body, 0, "", rules)] };
  }
  if (!Array.isArray(list)) return { ok: false, status: 400, error: "signals must be an array.", field: "signals" };
  if (list.length === 0) return { ok: false, status: 400, error: "The batch is empty.", field: "signals" };
  if (list.length > MAX_BATCH) return { ok: false, status: 413, error: `A batch holds at most ${MAX_BATCH} signals; this one has ${list.length}. Split it.`, field: "signals" };
  return { ok: true, batch: true, items: list.map((raw, i) => parseSignalItem(raw, i, `signals[${i}]`, rules)) };
}
