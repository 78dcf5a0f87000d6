import { describe, expect, it } from "vitest";
import { answerProblem, parsePastedAnswers } from "./answer-entry";

describe("one answer", () => {
  it("refuses an empty answer and one over 2,000 characters", () => {
    expect(answerProblem("  ")).toBe("The answer is empty: enter the buyer's words.");
    expect(answerProblem("x".repeat(5_000))).toBe("The answer has 5,000 characters; keep it to 2,000.");
    expect(answerProblem("x".repeat(2_000))).toBeNull();
    expect(answerProblem("Heard on GTM Weekly")).toBeNull();
  });
});

describe("pasted answers", () => {
  const rows = (text: string) => {
    const result = parsePastedAnswers(text);
    if (!result.ok) throw new Error(result.error);
    return result.rows;
  };

  it("reads a spreadsheet paste (tabs) and a CSV (commas, quotes), keeping commas inside the answer", () => {
    expect(rows("ana@acme.com\tHeard on GTM Weekly\nBo@Initech.io\tG2, then a friend")).toEqual([
      { line: 1, email: "ana@acme.com", answer: "Heard on GTM Weekly", error: null },
      { line: 2, email: "bo@initech.io", answer: "G2, then a friend", error: null },
    ]);
    expect(rows('email,answer\nana@acme.com,"podcast, I think"\nbo@initech.io,a friend, at Acme').map((r) => [r.line, r.answer])).toEqual([
      [2, "podcast, I think"],
      [3, "a friend, at Acme"],
    ]);
  });

  it("takes the columns in either order after a header, or finds the email without one", () => {
    expect(rows("Answer,Email\nslack group,ana@acme.com")[0]).toMatchObject({ line: 2, email: "ana@acme.com", answer: "slack group" });
    expect(rows("slack group\tana@acme.com")[0]).toMatchObject({ email: "ana@acme.com", answer: "slack group" });
  });

  it("names the line of a missing email, a bad email, an empty or long answer and a lead pasted twice", () => {
    const out = rows(["\tpodcast", "not-an-email\tpodcast", "ana@acme.com\t", `bo@acme.com\t${"y".repeat(5_000)}`, "cy@acme.com\tG2", "cy@acme.com\tLinkedIn"].join("\n"));
    expect(out.map((r) => [r.line, r.error])).toEqual([
      [1, "The email is missing."],
      [2, '"not-an-email" is not an email address.'],
      [3, "The answer is empty: enter the buyer's words."],
      [4, "The answer has 5,000 characters; keep it to 2,000."],
      [5, null],
      [6, "cy@acme.com is also on line 5: keep one row per lead."],
    ]);
  });

  it("refuses an empty paste, a header alone and more than 5,000 rows", () => {
    expect(parsePastedAnswers(" \n ")).toEqual({ ok: false, error: "Paste at least one row: the lead's email, then the answer." });
    expect(parsePastedAnswers("email,answer\n")).toEqual({ ok: false, error: "The header is there but no rows follow it." });
    const many = Array.from({ length: 5_001 }, (_, k) => `p${k}@acme.com,podcast`).join("\n");
    expect(parsePastedAnswers(many)).toEqual({ ok: false, error: "5,001 rows: paste at most 5,000 at a time." });
  });
});
