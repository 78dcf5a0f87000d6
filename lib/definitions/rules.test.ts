import { describe, expect, it } from "vitest";
import { can } from "@/lib/auth/permissions";
import {
  awaitingTeams,
  canProposeChange,
  canSignFor,
  describeChanges,
  diffDefinitions,
  formatSlaDuration,
  signOffRefusal,
  signingTeamOf,
  versionInForce,
  type DefinitionContent,
} from "./rules";

const mql: DefinitionContent = { definition: "Score > 60", owner: "marketing", slaValue: 5, slaUnit: "minutes", slaText: "Route within 5 minutes" };

describe("who may propose a change", () => {
  it("lets an admin propose to any definition", () => {
    expect(canProposeChange("admin", "marketing")).toBe(true);
    expect(canProposeChange("admin", "sales")).toBe(true);
  });
  it("lets a team propose only to the definitions it owns", () => {
    expect(canProposeChange("marketing", "marketing")).toBe(true);
    expect(canProposeChange("marketing", "sales")).toBe(false);
    expect(canProposeChange("sales", "sales")).toBe(true);
    expect(canProposeChange("sales", "marketing")).toBe(false);
  });
  it("never lets an executive propose", () => {
    expect(canProposeChange("executive", "marketing")).toBe(false);
    expect(canProposeChange("executive", "sales")).toBe(false);
    expect(can("executive", "definitions:propose")).toBe(false);
  });
});

describe("who may sign off", () => {
  it("has marketers sign for marketing and reps for sales, nobody else", () => {
    expect(signingTeamOf("marketing")).toBe("marketing");
    expect(signingTeamOf("sales")).toBe("sales");
    expect(signingTeamOf("admin")).toBeNull();
    expect(signingTeamOf("executive")).toBeNull();
    expect(canSignFor("sales", "marketing")).toBe(false);
    expect(canSignFor("marketing", "sales")).toBe(false);
    expect(canSignFor("admin", "marketing")).toBe(false);
  });
  it("explains a refusal", () => {
    expect(signOffRefusal("sales", "sales")).toBeNull();
    expect(signOffRefusal("sales", "marketing")).toMatch(/Only a marketer can sign off for marketing/);
    expect(signOffRefusal("admin", "sales")).toMatch(/admin proposes and reviews but does not sign/);
  });
  it("matches the permission map", () => {
    for (const role of ["admin", "executive", "marketing", "sales"] as const) {
      expect(can(role, "definitions:view")).toBe(true);
      expect(can(role, "definitions:signoff")).toBe(signingTeamOf(role) !== null);
    }
  });
});

describe("the version in force", () => {
  const both = [{ team: "marketing" as const }, { team: "sales" as const }];
  it("is the newest version signed by both teams", () => {
    const versions = [
      { version: 1, signoffs: both },
      { version: 2, signoffs: both },
      { version: 3, signoffs: [{ team: "marketing" as const }] },
    ];
    expect(versionInForce(versions)?.version).toBe(2);
    expect(awaitingTeams(versions[2]!)).toEqual(["sales"]);
    expect(awaitingTeams(versions[1]!)).toEqual([]);
  });
  it("ignores order and is null when nothing is signed by both", () => {
    expect(versionInForce([{ version: 4, signoffs: both }, { version: 1, signoffs: both }])?.version).toBe(4);
    expect(versionInForce([{ version: 1, signoffs: [{ team: "sales" as const }] }])).toBeNull();
    expect(versionInForce([])).toBeNull();
  });
});

describe("the diff between versions", () => {
  it("lists each changed field with old and new values", () => {
    const changes = diffDefinitions(mql, { ...mql, slaValue: 10, slaText: "Route within 10 minutes" });
    expect(changes).toEqual([
      { field: "sla_value", from: "5", to: "10" },
      { field: "sla_text", from: "Route within 5 minutes", to: "Route within 10 minutes" },
    ]);
    expect(describeChanges(changes)).toBe("SLA number 5 → 10; SLA in words Route within 5 minutes → Route within 10 minutes");
  });
  it("is empty for identical content and names removed SLAs", () => {
    expect(diffDefinitions(mql, { ...mql })).toEqual([]);
    expect(diffDefinitions(mql, { ...mql, slaValue: null, slaUnit: null, owner: "sales" })).toEqual([
      { field: "owner", from: "marketing", to: "sales" },
      { field: "sla_value", from: "5", to: null },
      { field: "sla_unit", from: "minutes", to: null },
    ]);
    expect(describeChanges(diffDefinitions(mql, { ...mql, slaUnit: "business_days" }))).toBe("SLA unit Minutes → Business days");
  });
  it("shows every set field for a first version", () => {
    expect(diffDefinitions(null, { ...mql, slaText: null }).map((c) => c.field)).toEqual(["definition", "owner", "sla_value", "sla_unit"]);
  });
});

describe("SLA in words", () => {
  it("uses singular and plural units", () => {
    expect(formatSlaDuration(5, "minutes")).toBe("5 minutes");
    expect(formatSlaDuration(1, "business_days")).toBe("1 business day");
    expect(formatSlaDuration(1.5, "hours")).toBe("1.5 hours");
    expect(formatSlaDuration(null, null)).toBeNull();
    expect(formatSlaDuration(0, "days")).toBe("0 days");
  });
});
