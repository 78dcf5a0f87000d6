import { describe, expect, it } from "vitest";
import { changesHref, parseChangesRequest, parseForecastRequest } from "./request";

describe("parseChangesRequest", () => {
  it("defaults to this quarter to date against the whole quarter", () => {
    const parsed = parseChangesRequest({}, "2026-12-07");
    expect(parsed).toEqual({ ok: true, request: { preset: "this_quarter", period: { from: "2026-10-01", to: "2026-12-07" }, window: { from: "2026-10-01", to: "2026-12-31" }, move: undefined, page: 1 } });
  });
  it("spans the quarters a custom period touches", () => {
    const parsed = parseChangesRequest({ from: "2026-09-15", to: "2026-10-15" }, "2026-12-07");
    expect(parsed.ok && parsed.request.window).toEqual({ from: "2026-07-01", to: "2026-12-31" });
  });
  it("names the parameter it cannot read", () => {
    expect(parseChangesRequest({ move: "sideways" }, "2026-12-07")).toMatchObject({ ok: false, parameter: "move" });
    expect(parseChangesRequest({ page: "0" }, "2026-12-07")).toMatchObject({ ok: false, parameter: "page" });
  });
  it("links to a bar's deals with the same period", () => {
    expect(changesHref({ preset: "custom", period: { from: "2026-10-01", to: "2026-10-31" } }, "pushed_out")).toBe("/deals/changes?period=custom&from=2026-10-01&to=2026-10-31&move=pushed_out#deals");
  });
});

describe("parseForecastRequest", () => {
  it("reads the current and the next quarter, and refuses others naming the parameter", () => {
    expect(parseForecastRequest({}, "2026-12-07")).toEqual({ ok: true, quarter: "current", period: { from: "2026-10-01", to: "2026-12-31" } });
    expect(parseForecastRequest({ quarter: "next" }, "2026-12-07")).toEqual({ ok: true, quarter: "next", period: { from: "2027-01-01", to: "2027-03-31" } });
    expect(parseForecastRequest({ quarter: "last" }, "2026-12-07")).toMatchObject({ ok: false, parameter: "quarter" });
  });
});
