import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/action-result";
import { proposalForm } from "./proposal-form";

const valid = { stage: "mql", expectedLatestVersion: "2", definition: "Score > 70", owner: "marketing", slaValue: "10", slaUnit: "minutes", slaText: "Route within 10 minutes", changeNote: "" };

function errorsOf(input: Record<string, string>) {
  const parsed = proposalForm.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
}

describe("the proposal form", () => {
  it("accepts a complete proposal", () => {
    expect(proposalForm.parse(valid)).toEqual({
      stage: "mql",
      expectedLatestVersion: 2,
      definition: "Score > 70",
      owner: "marketing",
      slaValue: 10,
      slaUnit: "minutes",
      slaText: "Route within 10 minutes",
      changeNote: null,
    });
  });
  it("accepts no SLA at all, and an SLA of zero", () => {
    expect(proposalForm.parse({ ...valid, slaValue: "", slaUnit: "", slaText: "Reason code required" })).toMatchObject({ slaValue: null, slaUnit: null });
    expect(proposalForm.parse({ ...valid, slaValue: "0" }).slaValue).toBe(0);
  });
  it("refuses an empty definition", () => {
    expect(errorsOf({ ...valid, definition: "   " })).toEqual({ definition: "Enter the definition; it cannot be empty." });
    expect(errorsOf({ ...valid, definition: "x".repeat(2001) }).definition).toMatch(/under 2,000 characters/);
  });
  it("refuses a negative SLA or one that is not a number", () => {
    expect(errorsOf({ ...valid, slaValue: "-5" })).toEqual({ slaValue: "The SLA cannot be negative." });
    expect(errorsOf({ ...valid, slaValue: "soon" })).toEqual({ slaValue: "The SLA must be a number, such as 5." });
  });
  it("names the missing half of an SLA", () => {
    expect(errorsOf({ ...valid, slaUnit: "" })).toEqual({ slaUnit: "Choose the SLA's unit, or clear the SLA number." });
    expect(errorsOf({ ...valid, slaValue: "" })).toEqual({ slaValue: "Enter the SLA as a number, or set the unit to “No time limit”." });
  });
  it("refuses an unknown owner, unit or stage", () => {
    expect(Object.keys(errorsOf({ ...valid, owner: "finance", slaUnit: "weeks", stage: "visitor" })).sort()).toEqual(["owner", "slaUnit", "stage"]);
  });
});
