import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/action-result";
import { signalTypeEdit } from "./taxonomy";

const valid = { label: "Demo request", tier: "high", points: 30, halfLifeDays: 14, responsePlaybook: "Reply within 5 minutes" };
const errorsOf = (input: unknown) => {
  const parsed = signalTypeEdit.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
};

describe("signalTypeEdit", () => {
  it("accepts a valid edit and trims text", () => {
    expect(signalTypeEdit.parse({ ...valid, label: "  Demo  " }).label).toBe("Demo");
  });
  it("names the field of each problem", () => {
    expect(errorsOf({ ...valid, points: 101 })).toEqual({ points: "Points must be at most 100" });
    expect(errorsOf({ ...valid, points: 2.5 })).toEqual({ points: "Points must be a whole number" });
    expect(errorsOf({ ...valid, halfLifeDays: 0 })).toEqual({ halfLifeDays: "The half-life must be at least 1 day" });
    expect(errorsOf({ ...valid, halfLifeDays: 366 })).toEqual({ halfLifeDays: "The half-life must be at most 365 days" });
    expect(errorsOf({ ...valid, responsePlaybook: "x".repeat(301) })).toEqual({ responsePlaybook: "The response playbook has at most 300 characters" });
    expect(errorsOf({ ...valid, responsePlaybook: "  " })).toEqual({ responsePlaybook: "Enter the response playbook" });
    expect(errorsOf({ ...valid, tier: "urgent" })).toEqual({ tier: "The tier is High intent, Medium, Low or External" });
    expect(errorsOf({ ...valid, label: "" })).toEqual({ label: "Enter the label" });
  });
});
