import { describe, expect, it } from "vitest";
import { DEAL_PROFILE_MAX_LENGTH, readDealProfileText } from "./deal-profile";

describe("readDealProfileText", () => {
  it("trims the text, and keeps blank as none", () => {
    expect(readDealProfileText("objection", "  Too expensive for our size ")).toEqual({ ok: true, value: "Too expensive for our size" });
    expect(readDealProfileText("useCase", "   ")).toEqual({ ok: true, value: null });
  });

  it("refuses a NUL character and text over the limit, naming the field", () => {
    expect(readDealProfileText("objection", "Price\u0000")).toEqual({ ok: false, problem: expect.stringContaining("NUL") });
    expect(readDealProfileText("useCase", "x".repeat(DEAL_PROFILE_MAX_LENGTH))).toMatchObject({ ok: true });
    expect(readDealProfileText("objection", "x".repeat(DEAL_PROFILE_MAX_LENGTH + 1))).toEqual({ ok: false, problem: "has 201 characters; an objection has at most 200" });
    expect(readDealProfileText("useCase", "x".repeat(DEAL_PROFILE_MAX_LENGTH + 1))).toEqual({ ok: false, problem: "has 201 characters; a use case has at most 200" });
  });
});
