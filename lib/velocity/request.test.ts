import { describe, expect, it } from "vitest";
import { parseVelocityRequest, velocityRequestParams } from "./request";

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
