import { describe, expect, it } from "vitest";
import { can, landingPath, permissions } from "./permissions";

describe("permissions", () => {
  it("lets only admins manage users", () => {
    expect(can("admin", "users:manage")).toBe(true);
    for (const role of ["executive", "marketing", "sales"] as const) expect(can(role, "users:manage")).toBe(false);
  });

  it("lets every role see the workspace", () => {
    for (const role of ["admin", "executive", "marketing", "sales"] as const) expect(can(role, "workspace:view")).toBe(true);
  });

  it("names a role for every permission", () => {
    for (const roles of Object.values(permissions)) expect(roles.length).toBeGreaterThan(0);
  });

  it("sends every role to a page", () => {
    for (const path of Object.values(landingPath)) expect(path).toMatch(/^\/[a-z]/);
  });
});
