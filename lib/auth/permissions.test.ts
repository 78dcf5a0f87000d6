import { describe, expect, it } from "vitest";
import { can, canEditBuyingGroup, canEditDealMap, canMakeMapEdit, landingPath, mapEditChangesAccount, permissions } from "./permissions";

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

  it("lets a rep edit only the buying-group maps of accounts they own, and admins every map", () => {
    expect(canEditBuyingGroup({ id: 7, role: "sales" }, 7)).toBe(true);
    expect(canEditBuyingGroup({ id: 7, role: "sales" }, 8)).toBe(false);
    expect(canEditBuyingGroup({ id: 7, role: "sales" }, null)).toBe(false);
    expect(canEditBuyingGroup({ id: 1, role: "admin" }, 8)).toBe(true);
    expect(canEditBuyingGroup({ id: 2, role: "executive" }, 2)).toBe(false);
    expect(canEditBuyingGroup({ id: 3, role: "marketing" }, 3)).toBe(false);
  });

  it("lets a rep edit a deal's map when they own the deal or its account", () => {
    expect(canEditDealMap({ id: 7, role: "sales" }, 7, 8)).toBe(true);
    expect(canEditDealMap({ id: 7, role: "sales" }, 8, 7)).toBe(true);
    expect(canEditDealMap({ id: 7, role: "sales" }, 8, 9)).toBe(false);
    expect(canEditDealMap({ id: 1, role: "admin" }, 8, 9)).toBe(true);
    expect(canEditDealMap({ id: 2, role: "executive" }, 2, 2)).toBe(false);
  });

  it("keeps a deal owner who does not own the account to the deal's own contacts", () => {
    const rep2 = { id: 8, role: "sales" } as const;
    const owners = { accountOwnerId: 7, dealOwnerId: 8 };
    for (const kind of ["assign", "status", "engagement", "gapAction", "remove"] as const) {
      expect(mapEditChangesAccount(kind, true)).toBe(false);
      expect(canMakeMapEdit(rep2, owners, true, kind)).toBe(true);
      expect(canMakeMapEdit(rep2, owners, false, kind)).toBe(false);
    }
    // A new contact joins the account.
    expect(mapEditChangesAccount("add", true)).toBe(true);
    expect(canMakeMapEdit(rep2, owners, true, "add")).toBe(false);
    expect(canMakeMapEdit({ id: 7, role: "sales" }, owners, true, "add")).toBe(true);
    expect(canMakeMapEdit({ id: 1, role: "admin" }, owners, true, "add")).toBe(true);
    expect(canMakeMapEdit({ id: 9, role: "sales" }, owners, true, "assign")).toBe(false);
    expect(canMakeMapEdit({ id: 8, role: "marketing" }, owners, true, "assign")).toBe(false);
  });

  it("lets marketing and admins run the ABM program, and everyone see it", () => {
    expect(permissions["abm:manage"]).toEqual(["admin", "marketing"]);
    for (const role of ["admin", "executive", "marketing", "sales"] as const) expect(can(role, "accounts:view")).toBe(true);
  });

  it("lets everyone read every deal (a rep too: read-only, like accounts)", () => {
    for (const role of ["admin", "executive", "marketing", "sales"] as const) expect(can(role, "deals:view")).toBe(true);
  });

  it("lets marketing and admins enter answers and edit their rules; sales and executives only read them", () => {
    expect((["admin", "marketing", "sales", "executive"] as const).map((r) => can(r, "answers:manage"))).toEqual([true, true, false, false]);
    for (const role of ["admin", "executive", "marketing", "sales"] as const) expect(can(role, "attribution:view")).toBe(true);
  });
});
