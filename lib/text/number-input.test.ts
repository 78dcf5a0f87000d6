import { describe, expect, it } from "vitest";
import { groupNumberText, numberText, optionalNumberText, readNumberText, regroupedCaret } from "./number-input";

describe("numbers as typed", () => {
  it("groups the whole part while it is typed and leaves the decimals as typed", () => {
    expect(groupNumberText("1400000")).toBe("1,400,000");
    expect(groupNumberText("1,400,000")).toBe("1,400,000");
    expect(groupNumberText("14,00000")).toBe("1,400,000");
    expect(groupNumberText("1234.5")).toBe("1,234.5");
    expect(groupNumberText("1234.")).toBe("1,234.");
    expect(groupNumberText("1234.50")).toBe("1,234.50");
    expect(groupNumberText("-25000")).toBe("-25,000");
    expect(groupNumberText("999")).toBe("999");
    expect(groupNumberText("")).toBe("");
  });

  it("leaves text that is not a number as it is, for the check to name", () => {
    expect(groupNumberText("12abc")).toBe("12abc");
    expect(groupNumberText("-")).toBe("-");
    expect(groupNumberText("1.2.3")).toBe("1.2.3");
  });

  it("reads a number back without its separators, refusing misplaced ones", () => {
    expect(readNumberText("1,400,000")).toBe(1_400_000);
    expect(readNumberText(" 1400000 ")).toBe(1_400_000);
    expect(readNumberText("1,234.56")).toBe(1234.56);
    expect(readNumberText("12.5")).toBe(12.5);
    expect(readNumberText("-3")).toBe(-3);
    for (const garbage of ["", " ", "1,4,0", "1,4000", ",100", "12abc", "1.2.3", "$100", "-", "."]) expect(readNumberText(garbage)).toBeNull();
  });

  it("reads back what it shows", () => {
    for (const n of [0, 7, 1_000, 1_400_000, 123_456_789.25]) expect(readNumberText(groupNumberText(String(n)))).toBe(n);
  });

  it("keeps the caret after the same digit when a separator comes or goes", () => {
    // "140000|0" typed as the last digit → "1,400,000|".
    expect(regroupedCaret("1400000", 7, "1,400,000")).toBe(9);
    // A digit typed after the first: "15|,400,000" regroups to "15,400,000" with the caret after 5.
    expect(regroupedCaret("15,400,000", 2, "15,400,000")).toBe(2);
    // "1|00,000" after deleting the 4 of "1,400,000" → "100,000": caret after the 1.
    expect(regroupedCaret("1,00,000", 2, "100,000")).toBe(1);
    expect(regroupedCaret("1000", 0, "1,000")).toBe(0);
  });

  it("validates at the edge with a message that names the field", () => {
    expect(numberText("the velocity target").parse("1,400,000")).toBe(1_400_000);
    const refused = numberText("the velocity target").safeParse("14OO");
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]!.message).toBe('The velocity target: "14OO" is not a number; enter one such as 1,400,000.');
    expect(numberText("the velocity target").safeParse("").error!.issues[0]!.message).toBe("Enter the velocity target.");
    expect(optionalNumberText("the deal-size benchmark").parse("")).toBeNull();
    expect(optionalNumberText("the deal-size benchmark").parse("25,000")).toBe(25_000);
    expect(optionalNumberText("the deal-size benchmark").safeParse("1,2,3").success).toBe(false);
  });
});
