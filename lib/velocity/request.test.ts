import { describe, expect, it } from "vitest";
import { parsePage, parseVelocityRequest, velocityRequestParams } from "./request";

const today = "2026-11-24";

describe("velocity request", () => {
  it("defaults to this quarter with no filters", () => {
    expect(parseVelocityRequest({}, today)).toEqual({
      ok: true,
      request: { preset: "this_quarter", period: { from: "2026-10-01", to: "2026-11-24" }, filters: {} },
    });
  });

  it("reads a custom range from from/to alone, and filters", () => {
    const r = parseVelocityRequest({ from: "2017-07-01", to: "2017-09-30", segment: "SMB", source: "Paid Search", owner: "4" }, today);
    expect(r).toEqual({
      ok: true,
      request: { preset: "custom", period: { from: "2017-07-01", to: "2017-09-30" }, filters: { segment: "SMB", source: "Paid Search", ownerId: 4 } },
    });
    if (r.ok) expect(velocityRequestParams(r.request).toString()).toBe("period=custom&from=2017-07-01&to=2017-09-30&segment=SMB&source=Paid+Search&owner=4");
  });

  it("names the parameter that is wrong", () => {
    expect(parseVelocityRequest({ period: "fortnight" }, today)).toMatchObject({ ok: false, parameter: "period" });
    expect(parseVelocityRequest({ from: "2026-09-30", to: "2026-07-01" }, today)).toMatchObject({ ok: false, parameter: "period" });
    expect(parseVelocityRequest({ period: "custom", to: "2026-07-01" }, today)).toMatchObject({ ok: false, parameter: "from" });
    expect(parseVelocityRequest({ owner: "rep@example.com" }, today)).toMatchObject({ ok: false, parameter: "owner" });
  });
});

describe("page of a paged list", () => {
  it("is the first when absent or blank, and the number given otherwise", () => {
    expect(parsePage({})).toEqual({ ok: true, page: 1 });
    expect(parsePage({ page: " " })).toEqual({ ok: true, page: 1 });
    expect(parsePage({ page: "3" })).toEqual({ ok: true, page: 3 });
    expect(parsePage({ page: ["2", "5"] })).toEqual({ ok: true, page: 2 });
  });

  it("refuses what is not a whole number from 1, naming the parameter", () => {
    for (const bad of ["0", "-1", "2.5", "two", "100001"]) {
      expect(parsePage({ page: bad })).toEqual({ ok: false, parameter: "page", error: `page must be a whole number from 1 to 100000; got "${bad}".` });
    }
  });
});
