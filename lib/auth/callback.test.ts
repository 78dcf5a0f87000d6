import { describe, expect, it } from "vitest";
import { safeCallback } from "./callback";

describe("the page after signing in", () => {
  it("keeps a path on this site, with its query", () => {
    expect(safeCallback("/velocity?period=last_quarter")).toBe("/velocity?period=last_quarter");
  });

  it("refuses anything that leaves the site or loops to sign-in", () => {
    for (const url of ["//evil.example", "/\\evil.example", "https://evil.example/", "evil", "/sign-in?x=1", undefined, ""]) {
      expect(safeCallback(url), String(url)).toBe("/");
    }
  });
});
