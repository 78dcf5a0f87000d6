import { describe, expect, it } from "vitest";
import { accountListParams, parseAccountList } from "./account-list";

describe("parseAccountList", () => {
  it("reads filters, sort and page, with the measures sorted highest first by default", () => {
    const parsed = parseAccountList({ tier: "tier_1", intent: "active", owner: "4", fit: "70", coverage: "3", q: " acme ", differs: "1", sort: "pipeline", page: "2" });
    expect(parsed).toEqual({
      ok: true,
      request: { filters: { tier: "tier_1", intent: "active", ownerId: 4, minFit: 70, minCoverage: 3, search: "acme", differs: true }, sort: "pipeline", descending: true, page: 2 },
    });
    expect(parseAccountList({ owner: "4", champion: "none" })).toMatchObject({ ok: true, request: { filters: { ownerId: 4, champion: "none" } } });
    expect(parseAccountList({})).toEqual({ ok: true, request: { filters: {}, sort: "tier", descending: false, page: 1 } });
    expect(parseAccountList({ sort: "name", dir: "desc" })).toMatchObject({ ok: true, request: { sort: "name", descending: true } });
  });

  it("reads the drill-down filters: the suggested tier and engaged accounts", () => {
    expect(parseAccountList({ suggested: "none", engaged: "1" })).toMatchObject({ ok: true, request: { filters: { suggested: "none", engaged: true } } });
    expect(parseAccountList({ engaged: "0" })).toMatchObject({ ok: true, request: { filters: {} } });
    expect(parseAccountList({ suggested: "tier_4" })).toMatchObject({ ok: false, parameter: "suggested", error: 'suggested must be one of tier_1, tier_2, tier_3, none; got "tier_4".' });
    expect(parseAccountList({ engaged: "yes" })).toMatchObject({ ok: false, parameter: "engaged", error: 'engaged must be 1 (only those accounts) or 0; got "yes".' });
    const parsed = parseAccountList({ tier: "tier_1", suggested: "tier_2", engaged: "1" });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parseAccountList(Object.fromEntries(accountListParams(parsed.request)))).toEqual(parsed);
  });

  it("names the parameter that is wrong", () => {
    expect(parseAccountList({ tier: "gold" })).toMatchObject({ ok: false, parameter: "tier", error: 'tier must be one of tier_1, tier_2, tier_3, none; got "gold".' });
    expect(parseAccountList({ fit: "120" })).toMatchObject({ ok: false, parameter: "fit" });
    expect(parseAccountList({ coverage: "two" })).toMatchObject({ ok: false, parameter: "coverage" });
    expect(parseAccountList({ intent: "hot" })).toMatchObject({ ok: false, parameter: "intent" });
    expect(parseAccountList({ champion: "maybe" })).toMatchObject({ ok: false, parameter: "champion", error: 'champion must be one of known, none; got "maybe".' });
    expect(parseAccountList({ sort: "revenue" })).toMatchObject({ ok: false, parameter: "sort" });
    expect(parseAccountList({ dir: "up" })).toMatchObject({ ok: false, parameter: "dir" });
    expect(parseAccountList({ page: "0" })).toMatchObject({ ok: false, parameter: "page" });
  });

  it("writes a request back to the parameters it came from", () => {
    const parsed = parseAccountList({ tier: "none", owner: "7", champion: "none", q: "glob", sort: "fit", dir: "asc", page: "3" });
    if (!parsed.ok) throw new Error(parsed.error);
    const again = parseAccountList(Object.fromEntries(accountListParams(parsed.request)));
    expect(again).toEqual(parsed);
    expect(accountListParams(parsed.request, { page: 1 }).has("page")).toBe(false);
  });
});
