import { describe, expect, it } from "vitest";
import { NEXT_STEP_MAX_LENGTH, readNextStep } from "./next-step";

describe("readNextStep", () => {
  it("trims the text, and keeps blank as none", () => {
    expect(readNextStep("  Send the order form to legal  ")).toEqual({ ok: true, value: "Send the order form to legal" });
    expect(readNextStep(" \t\n ")).toEqual({ ok: true, value: null });
  });

  it("refuses a NUL character and text over the limit, saying why", () => {
    expect(readNextStep("Call\u0000back")).toEqual({ ok: false, problem: expect.stringContaining("NUL") });
    expect(readNextStep("x".repeat(NEXT_STEP_MAX_LENGTH))).toMatchObject({ ok: true });
    expect(readNextStep("x".repeat(NEXT_STEP_MAX_LENGTH + 1))).toEqual({ ok: false, problem: "has 1,001 characters; a next step has at most 1,000" });
  });
});
