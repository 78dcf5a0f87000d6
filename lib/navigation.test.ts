import { describe, expect, it } from "vitest";
import { can } from "@/lib/auth/permissions";
import { userRoles } from "@/lib/domain/roles";
import { navItems, navMenuFor } from "./navigation";

describe("navMenuFor", () => {
  it.each(userRoles)("%s: every item the role may open appears exactly once, and nothing else", (role) => {
    const shown = navMenuFor(role).flatMap((section) => section.items.map((i) => i.href));
    const allowed = navItems.filter((item) => can(role, item.permission)).map((i) => i.href);
    expect(shown).toEqual(allowed);
    expect(new Set(shown).size).toBe(shown.length);
  });

  it("groups settings and admin pages under their own menus, and leaves out empty groups", () => {
    const admin = navMenuFor("admin");
    expect(admin.map((s) => s.label)).toEqual(["Pages", "Pipeline", "Settings", "Admin"]);
    expect(admin.find((s) => s.group === "pipeline")!.items.map((i) => i.label)).toEqual(["Forecast", "Pipeline changes", "Win/loss", "Automations"]);
    expect(admin.find((s) => s.group === "admin")!.items.map((i) => i.label)).toEqual(["Import", "Jobs", "Users"]);
    expect(admin.find((s) => s.group === "settings")!.items.map((i) => i.label)).toContain("API keys");
    expect(navMenuFor("sales").map((s) => s.label)).toEqual(["Pages", "Pipeline", "Settings"]);
    expect(navMenuFor("marketing").find((s) => s.group === "settings")!.items.map((i) => i.label)).toEqual([
      "Definitions",
      "Win/loss reasons",
      "Stall patterns",
      "Targets",
      "ABM settings",
      "ICP model",
      "Notifications",
    ]);
  });

  it("lists every page behind sign-in that has no other way in (the menu is the map of the app)", () => {
    const hrefs = navItems.map((i) => i.href);
    for (const page of ["/settings/abm", "/settings/icp", "/settings/stalls", "/settings/notifications", "/settings/api-keys", "/admin/users"]) expect(hrefs).toContain(page);
  });
});
