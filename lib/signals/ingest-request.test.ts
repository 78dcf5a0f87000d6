import { describe, expect, it } from "vitest";
import { defaultSignalTypes } from "@/lib/domain/signal-types";
import { MAX_BATCH, MAX_PROPERTIES_BYTES, MAX_PROPERTIES_DEPTH, normaliseDomain, parseSignalBody, parseSignalItem } from "./ingest-request";

const now = new Date("2026-11-29T12:00:00Z");
const rules = { knownTypes: new Set(defaultSignalTypes.map((t) => t.key)), now };
const good = { type: "pricing_page_depth", occurred_at: "2026-11-29T11:59:00Z", account: { domain: "acme.com" } };

describe("one signal", () => {
  it("reads a good signal, lower-casing the email and keeping the idempotency key", () => {
    const item = parseSignalItem({ ...good, contact: { email: "Dana@Acme.com", name: "Dana" }, properties: { visits: 3 }, idempotency_key: "k1" }, 0, "", rules);
    expect(item).toEqual({
      index: 0,
      ok: true,
      input: {
        type: "pricing_page_depth",
        occurredAt: new Date("2026-11-29T11:59:00Z"),
        account: { domain: "acme.com" },
        contact: { email: "dana@acme.com", name: "Dana" },
        properties: { visits: 3 },
        idempotencyKey: "k1",
      },
    });
  });

  it("names the field of each problem", () => {
    const fields = (raw: unknown) => {
      const item = parseSignalItem(raw, 3, "signals[3]", rules);
      return item.ok ? [] : item.errors.map((e) => e.field);
    };
    expect(fields({ ...good, type: "pricing" })).toEqual(["signals[3].type"]);
    expect(fields({ ...good, type: "multiple_stakeholders" })).toEqual(["signals[3].type"]);
    expect(fields({ ...good, occurred_at: "yesterday" })).toEqual(["signals[3].occurred_at"]);
    expect(fields({ ...good, occurred_at: "2026-11-29T12:06:00Z" })).toEqual(["signals[3].occurred_at"]);
    expect(fields({ ...good, occurred_at: "2024-11-29T12:00:00Z" })).toEqual(["signals[3].occurred_at"]);
    expect(fields({ ...good, account: { domain: "not a domain" } })).toEqual(["signals[3].account.domain"]);
    expect(fields({ ...good, account: { domain: "gmail.com" } })).toEqual(["signals[3].account.domain"]);
    expect(fields({ ...good, account: { id: -4 } })).toEqual(["signals[3].account.id"]);
    expect(fields({ ...good, contact: { email: "nope" } })).toEqual(["signals[3].contact.email"]);
    expect(fields({ type: "pricing_page_depth", occurred_at: "2026-11-29T11:59:00Z" })).toEqual(["signals[3].account"]);
    expect(fields({ ...good, properties: { blob: "x".repeat(9000) } })).toEqual(["signals[3].properties"]);
  });

  it("accepts a clock a few minutes ahead, and says why a future or year-old time is refused", () => {
    expect(parseSignalItem({ ...good, occurred_at: "2026-11-29T12:04:00Z" }, 0, "", rules).ok).toBe(true);
    const future = parseSignalItem({ ...good, occurred_at: "2026-11-30T12:00:00Z" }, 0, "", rules);
    expect(future.ok ? null : future.errors[0]!.message).toBe("2026-11-30T12:00:00Z is in the future.");
    const old = parseSignalItem({ ...good, occurred_at: "2025-11-01T00:00:00Z" }, 0, "", rules);
    expect(old.ok ? null : old.errors[0]!.message).toMatch(/more than 365 days old; import historical signals as CSV/);
  });

  it("finds the account from a company email when no account is named, never from a personal one", () => {
    const company = parseSignalItem({ ...good, account: undefined, contact: { email: "lee@initech.io" } }, 0, "", rules);
    expect(company.ok && company.input.account).toEqual({ domain: "initech.io" });
    const personal = parseSignalItem({ ...good, account: undefined, contact: { email: "lee@gmail.com" } }, 0, "", rules);
    expect(personal.ok ? null : personal.errors[0]!.field).toBe("account");
  });

  it("normalises what people paste as a domain", () => {
    expect(normaliseDomain("https://www.Acme.com/pricing?x=1")).toBe("acme.com");
    expect(normaliseDomain("acme.co.uk.")).toBe("acme.co.uk");
    expect(normaliseDomain("localhost")).toBeNull();
    expect(normaliseDomain("-bad-.com")).toBeNull();
  });
});

describe("the body", () => {
  it("takes one object, an array, or { signals: [...] }", () => {
    expect(parseSignalBody(good, rules)).toMatchObject({ ok: true, batch: false, items: [{ ok: true }] });
    expect(parseSignalBody([good, good], rules)).toMatchObject({ ok: true, batch: true, items: [{ index: 0 }, { index: 1 }] });
    expect(parseSignalBody({ signals: [good] }, rules)).toMatchObject({ ok: true, batch: true });
  });

  it("refuses what is not a signal, an empty batch and one over the limit", () => {
    expect(parseSignalBody("hello", rules)).toMatchObject({ ok: false, status: 400 });
    expect(parseSignalBody({ signals: "x" }, rules)).toMatchObject({ ok: false, status: 400, field: "signals" });
    expect(parseSignalBody([], rules)).toMatchObject({ ok: false, status: 400, field: "signals" });
    expect(parseSignalBody(Array.from({ length: MAX_BATCH + 1 }, () => good), rules)).toMatchObject({ ok: false, status: 413, field: "signals" });
    expect(parseSignalBody(Array.from({ length: MAX_BATCH }, () => good), rules)).toMatchObject({ ok: true });
  });

  it("keeps the good items of a batch beside the bad ones", () => {
    const body = parseSignalBody([good, { ...good, type: "nope" }, good], rules);
    expect(body.ok && body.items.map((i) => i.ok)).toEqual([true, false, true]);
  });
});

describe("what the database cannot store", () => {
  const fieldsAndMessages = (raw: unknown) => {
    const item = parseSignalItem(raw, 3, "signals[3]", rules);
    return item.ok ? [] : item.errors.map((e) => [e.field, e.message]);
  };
  const fields = (raw: unknown) => fieldsAndMessages(raw).map(([field]) => field);

  it("refuses a NUL character in any string, naming the field's path", () => {
    const nul = "a\u0000b";
    expect(fields({ ...good, type: nul })).toEqual(["signals[3].type"]);
    expect(fields({ ...good, account: { domain: nul } })).toEqual(["signals[3].account.domain"]);
    expect(fields({ ...good, account: { domain: "acme.com", name: nul } })).toEqual(["signals[3].account.name"]);
    expect(fields({ ...good, contact: { email: `dana${nul}@acme.com` } })).toEqual(["signals[3].contact.email"]);
    expect(fields({ ...good, contact: { email: "dana@acme.com", name: nul } })).toEqual(["signals[3].contact.name"]);
    expect(fields({ ...good, contact: { email: "dana@acme.com", title: nul } })).toEqual(["signals[3].contact.title"]);
    expect(fields({ ...good, idempotency_key: nul })).toEqual(["signals[3].idempotency_key"]);
    expect(fields({ ...good, properties: { utm: { campaign: nul } } })).toEqual(["signals[3].properties.utm.campaign"]);
    expect(fields({ ...good, properties: { tags: ["ok", nul] } })).toEqual(["signals[3].properties.tags[1]"]);
    expect(fields({ ...good, properties: { utm: { [nul]: 1 } } })).toEqual(['signals[3].properties.utm["a\\u0000b"]']);
    expect(fieldsAndMessages({ ...good, properties: { utm: { campaign: nul } } })[0]![1]).toMatch(/NUL character/);
  });

  it("refuses text that is not valid Unicode (a lone surrogate), naming the field's path", () => {
    expect(fields({ ...good, properties: { page: "x\ud800y" } })).toEqual(["signals[3].properties.page"]);
    expect(fields({ ...good, contact: { email: "dana@acme.com", name: "\udc00" } })).toEqual(["signals[3].contact.name"]);
    expect(parseSignalItem({ ...good, properties: { emoji: "\ud83d\ude00" } }, 0, "", rules).ok).toBe(true);
  });

  it("refuses an account id past the integer column, naming account.id", () => {
    expect(fields({ ...good, account: { id: 2 ** 31 } })).toEqual(["signals[3].account.id"]);
    expect(fields({ ...good, account: { id: 1e20 } })).toEqual(["signals[3].account.id"]);
    const largest = parseSignalItem({ ...good, account: { id: 2 ** 31 - 1 } }, 0, "", rules);
    expect(largest.ok && largest.input.account).toEqual({ id: 2 ** 31 - 1 });
  });

  it("bounds the depth and size of properties without overflowing the stack", () => {
    const nested = (levels: number) => {
      let value: unknown = 1;
      for (let i = 0; i < levels; i++) value = { a: value };
      return value as Record<string, unknown>;
    };
    expect(parseSignalItem({ ...good, properties: nested(MAX_PROPERTIES_DEPTH) }, 0, "", rules).ok).toBe(true);
    expect(fields({ ...good, properties: nested(MAX_PROPERTIES_DEPTH + 1) })).toEqual(["signals[3].properties"]);
    const deep = JSON.parse(`{"a":${"[".repeat(5000)}${"]".repeat(5000)}}`);
    expect(fieldsAndMessages({ ...good, properties: deep })).toEqual([["signals[3].properties", expect.stringMatching(/10 levels/)]]);
    expect(fields({ ...good, properties: { blob: "é".repeat(MAX_PROPERTIES_BYTES / 2) } })).toEqual(["signals[3].properties"]);
    expect(parseSignalItem({ ...good, properties: { blob: "x".repeat(MAX_PROPERTIES_BYTES - 20) } }, 0, "", rules).ok).toBe(true);
  });

  it("reads a body nested a hundred thousand levels deep as a bad item, not a crash", () => {
    const body = JSON.parse(`[${"[".repeat(100_000)}${"]".repeat(100_000)}, ${JSON.stringify(good)}]`);
    const parsed = parseSignalBody(body, rules);
    expect(parsed.ok && parsed.items.map((i) => i.ok)).toEqual([false, true]);
  });
});
