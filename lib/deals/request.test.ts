import { describe, expect, it } from "vitest";
import { forecastDealsHref, ownOpenDealsHref, winLossDealsHref } from "./drill-down";
import { dealsRequestParams, parseDealsRequest, winLossFilterNotes } from "./request";

const today = "2026-11-20";

describe("parseDealsRequest", () => {
  it("opens on every deal, newest first, with no period", () => {
    const parsed = parseDealsRequest({}, today);
    expect(parsed).toEqual({ ok: true, request: { filters: {}, ownerDefaulted: true, sort: "created", descending: true, page: 1 } });
  });

  it("opens a rep's list on their own deals, and all owners only when asked", () => {
    const own = parseDealsRequest({}, today, { defaultOwnerId: 7 });
    expect(own.ok && own.request.filters.ownerId).toBe(7);
    const all = parseDealsRequest({ owner: "all" }, today, { defaultOwnerId: 7 });
    expect(all.ok && "ownerId" in all.request.filters).toBe(false);
    const none = parseDealsRequest({ owner: "none" }, today, { defaultOwnerId: 7 });
    expect(none.ok && none.request.filters.ownerId).toBeNull();
    // The default is written out, so a link holds the same deals whoever opens it.
    expect(own.ok && dealsRequestParams(own.request).get("owner")).toBe("7");
  });

  it("reads a forecast figure's link: expected close in the quarter and the column of the call, and writes it back", () => {
    const href = forecastDealsHref({ from: "2026-10-01", to: "2026-12-31" }, "best_case", null);
    const parsed = parseDealsRequest(Object.fromEntries(new URL(href, "http://x").searchParams), today);
    expect(parsed.ok && parsed.request.filters).toEqual({ period: { from: "2026-10-01", to: "2026-12-31", dates: "expected" }, call: "best_case", ownerId: null });
    const sorted = (params: URLSearchParams) => [...params].sort(([a], [b]) => a.localeCompare(b));
    expect(parsed.ok && sorted(dealsRequestParams(parsed.request))).toEqual(sorted(new URL(`${href}&dir=desc`, "http://x").searchParams));
    expect(parseDealsRequest({ call: "omitted" }, today)).toMatchObject({ ok: false, parameter: "call" });
  });

  it("reads a stall pattern, or any, writes it back, and names a wrong one", () => {
    const parsed = parseDealsRequest({ stall: "championDark", status: "open" }, today);
    expect(parsed.ok && parsed.request.filters).toEqual({ stall: "championDark", status: "open" });
    expect(parsed.ok && dealsRequestParams(parsed.request).get("stall")).toBe("championDark");
    expect(parseDealsRequest({ stall: "any" }, today)).toMatchObject({ ok: true, request: { filters: { stall: "any" } } });
    expect(parseDealsRequest({ stall: "ghosted" }, today)).toMatchObject({ ok: false, parameter: "stall", error: expect.stringMatching(/^stall must be one of championDark, .* or any; got "ghosted"\.$/) });
    expect(ownOpenDealsHref(7, "stallPattern")).toBe("/deals?status=open&owner=7&stall=any");
  });

  it("reads a period with what it applies to, and the group and flag filters", () => {
    const parsed = parseDealsRequest({ period: "this_quarter", dates: "closed", status: "won", segment: "none", band: "1", stalled: "1", tier: "tier_2", sort: "amount" }, today);
    expect(parsed.ok && parsed.request.filters).toEqual({
      period: { from: "2026-10-01", to: "2026-11-20", dates: "closed" }, // the quarter to date
      status: "won",
      segment: null,
      band: 1,
      stalled: true,
      tier: "tier_2",
    });
    expect(parsed.ok && dealsRequestParams(parsed.request).toString()).toBe("period=this_quarter&dates=closed&segment=none&owner=all&status=won&tier=tier_2&band=1&stalled=1&sort=amount&dir=desc");
  });

  it("reads the open deals with no next step from the overview's link, and writes them back", () => {
    const href = ownOpenDealsHref(7, "noNextStep");
    const parsed = parseDealsRequest(Object.fromEntries(new URL(href, "http://x").searchParams), today);
    expect(parsed.ok && parsed.request.filters).toEqual({ status: "open", ownerId: 7, noNextStep: true });
    expect(parsed.ok && dealsRequestParams(parsed.request).toString()).toBe("owner=7&status=open&noNextStep=1&sort=created&dir=desc");
    expect(parseDealsRequest({ noNextStep: "0" }, today)).toMatchObject({ ok: true, request: { filters: {} } });
  });

  it("reads a win/loss figure's link: a reason, competitor, industry or stage of loss as recorded, or none, and writes it back", () => {
    const href = winLossDealsHref(
      { preset: "custom", period: { from: "2026-07-01", to: "2026-09-30" }, filters: { segment: "SMB" } },
      { status: "lost", lossReason: "Price", competitor: null, lostAt: 3, industry: "Software", threading: "multi" },
    );
    const parsed = parseDealsRequest(Object.fromEntries(new URL(href, "http://x").searchParams), today);
    expect(parsed.ok && parsed.request.filters).toEqual({
      period: { from: "2026-07-01", to: "2026-09-30", dates: "closed" },
      segment: "SMB",
      status: "lost",
      lossReason: "Price",
      competitor: null,
      lostAt: 3,
      industry: "Software",
      threading: "multi",
    });
    expect(parsed.ok && dealsRequestParams(parsed.request).toString()).toBe(
      "period=custom&from=2026-07-01&to=2026-09-30&dates=closed&segment=SMB&owner=all&status=lost&lossReason=Price&competitor=none&industry=Software&lostAt=3&threading=multi&sort=amount&dir=desc",
    );
    expect(parsed.ok && winLossFilterNotes(parsed.request.filters, (id) => (id === 3 ? "Proposal" : "?"))).toEqual([
      "Loss reason: Price",
      "Competitor: none recorded",
      "Lost at: Proposal",
      "Industry: Software",
      "Threading: Multi-threaded",
    ]);
    expect(parseDealsRequest({ winReason: "none", lostAt: "none" }, today)).toMatchObject({ ok: true, request: { filters: { winReason: null, lostAt: null } } });
  });

  it("reads the Opportunity SLA's breaches of a period: the period applies to when the stage update fell due", () => {
    const parsed = parseDealsRequest({ period: "custom", from: "2026-07-01", to: "2026-07-31", dates: "due", slaBreached: "1", owner: "all" }, today);
    expect(parsed.ok && parsed.request.filters).toEqual({ period: { from: "2026-07-01", to: "2026-07-31", dates: "due" }, slaBreached: true });
    expect(parsed.ok && dealsRequestParams(parsed.request).toString()).toBe("period=custom&from=2026-07-01&to=2026-07-31&dates=due&owner=all&slaBreached=1&sort=created&dir=desc");
    const withoutDue = parseDealsRequest({ period: "this_quarter", dates: "created", slaBreached: "1" }, today);
    expect(withoutDue).toMatchObject({ ok: false, parameter: "slaBreached", error: expect.stringContaining("dates=due") });
  });

  it.each([
    [{ lostAt: "Proposal" }, "lostAt"],
    [{ threading: "double" }, "threading"],
    [{ period: "someday" }, "period"],
    [{ period: "custom", from: "2026-02-30", to: "2026-03-01" }, "from"],
    [{ period: "this_month", dates: "signed" }, "dates"],
    [{ owner: "bob" }, "owner"],
    [{ stage: "Proposal" }, "stage"],
    [{ status: "closed" }, "status"],
    [{ tier: "tier_9" }, "tier"],
    [{ band: "big" }, "band"],
    [{ forecast: "maybe" }, "forecast"],
    [{ stalled: "yes" }, "stalled"],
    [{ noNextStep: "true" }, "noNextStep"],
    [{ sort: "owner" }, "sort"],
    [{ dir: "up" }, "dir"],
    [{ page: "0" }, "page"],
  ])("names the parameter that is wrong: %j", (params, parameter) => {
    const parsed = parseDealsRequest(params, today);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.parameter).toBe(parameter);
    expect(!parsed.ok && parsed.error).toContain(parameter);
  });
});
