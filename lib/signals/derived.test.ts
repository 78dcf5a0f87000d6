import { describe, expect, it } from "vitest";
import { deriveSignals, isFirstParty, type AccountStream, type StreamSignal } from "./derived";

const at = (iso: string) => new Date(iso);
const visit = (contactId: number | null, iso = "2026-11-20T10:00:00Z"): StreamSignal => ({ type: "pricing_page_depth", tier: "high", contactId, occurredAt: at(iso) });
const stream = (over: Partial<AccountStream> = {}): AccountStream => ({ windowContacts: [], lastStakeholdersAt: null, previousFirstPartyAt: null, ...over });

describe("multiple stakeholders in a week", () => {
  it("fires when the third distinct person of the account shows up", () => {
    expect(deriveSignals(visit(3), stream({ windowContacts: [1, 2, 2, null] }))).toEqual([
      { type: "multiple_stakeholders", contactId: null, payload: { visitors: 3, windowDays: 7 } },
    ]);
  });

  it("does not fire for two people, however many visits", () => {
    expect(deriveSignals(visit(2), stream({ windowContacts: [1, 1, 2, 2, null, null] }))).toEqual([]);
    expect(deriveSignals(visit(null), stream({ windowContacts: [1, 2] }))).toEqual([]);
  });

  it("fires once a week: not again within 7 days of the last one, again after", () => {
    const flagged = stream({ windowContacts: [1, 2, 3], lastStakeholdersAt: at("2026-11-14T10:00:01Z") });
    expect(deriveSignals(visit(4), flagged)).toEqual([]);
    const weekAgo = stream({ windowContacts: [1, 2, 3], lastStakeholdersAt: at("2026-11-13T10:00:00Z") });
    expect(deriveSignals(visit(4), weekAgo).map((d) => d.type)).toEqual(["multiple_stakeholders"]);
  });

  it("follows the settings", () => {
    expect(deriveSignals(visit(2), stream({ windowContacts: [1] }), { stakeholders: 2, stakeholderWindowDays: 3, dormancyDays: 30 })).toEqual([
      { type: "multiple_stakeholders", contactId: null, payload: { visitors: 2, windowDays: 3 } },
    ]);
  });
});

describe("return after dormancy", () => {
  it("fires when the account's last first-party signal was 30 or more days before", () => {
    expect(deriveSignals(visit(5), stream({ previousFirstPartyAt: at("2026-10-21T10:00:00Z") }))).toEqual([
      { type: "return_after_dormancy", contactId: 5, payload: { dormantDays: 30 } },
    ]);
  });

  it("does not fire after 29.99 days, nor for an account's first signal", () => {
    expect(deriveSignals(visit(5), stream({ previousFirstPartyAt: at("2026-10-21T10:15:00Z") }))).toEqual([]);
    expect(deriveSignals(visit(5), stream())).toEqual([]);
  });
});

describe("what counts", () => {
  it("reads only the buyer's own actions, never external events or derived signals", () => {
    expect(isFirstParty({ type: "blog_visit", tier: "low" })).toBe(true);
    expect(isFirstParty({ type: "funding_round", tier: "external" })).toBe(false);
    expect(isFirstParty({ type: "multiple_stakeholders", tier: "high" })).toBe(false);
    const funding: StreamSignal = { type: "funding_round", tier: "external", contactId: 9, occurredAt: at("2026-11-20T10:00:00Z") };
    expect(deriveSignals(funding, stream({ windowContacts: [1, 2, 3], previousFirstPartyAt: at("2026-01-01T00:00:00Z") }))).toEqual([]);
  });
});
