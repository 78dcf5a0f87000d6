import { describe, expect, it } from "vitest";
import { readCloseReasons, REASON_NOTE_MAX_LENGTH, type CloseReasonsInput } from "./close-reasons";
import { defaultReasonTaxonomies } from "./reasons";

const none: CloseReasonsInput = { reason: null, reasonNote: "", competitor: null, competitorNote: "" };
const read = (input: Partial<CloseReasonsInput>, status: "open" | "won" | "lost" = "lost") => readCloseReasons({ ...none, ...input }, status, defaultReasonTaxonomies);

describe("readCloseReasons", () => {
  it("files a picked reason under its label, with the owner's words as written", () => {
    expect(read({ reason: "Price" })).toEqual({ ok: true, value: { kind: "loss", reason: { label: "Price", raw: "Price" }, competitor: { label: null, raw: null } } });
    expect(read({ reason: "Price", reasonNote: "  CFO cut the line item  ", competitor: "PipeIQ" })).toEqual({
      ok: true,
      value: { kind: "loss", reason: { label: "Price", raw: "CFO cut the line item" }, competitor: { label: "PipeIQ", raw: "PipeIQ" } },
    });
  });

  it("maps words alone the way an import maps a CRM's text, and leaves unmapped words for the review list", () => {
    expect(read({ reasonNote: "they went with a cheaper tool", competitorNote: "pipe iq" })).toMatchObject({
      ok: true,
      value: { reason: { label: "Lost to competitor", raw: "they went with a cheaper tool" }, competitor: { label: "PipeIQ", raw: "pipe iq" } },
    });
    expect(read({ reasonNote: "the moon was in the wrong phase" })).toMatchObject({ ok: true, value: { reason: { label: null, raw: "the moon was in the wrong phase" } } });
  });

  it("asks a lost deal for its reason, and lets a won deal have none", () => {
    expect(read({})).toEqual({ ok: false, field: "reason", problem: expect.stringMatching(/A lost deal needs its loss reason/) });
    expect(read({ reasonNote: "   " })).toMatchObject({ ok: false, field: "reason" });
    expect(read({}, "won")).toEqual({ ok: true, value: { kind: "win", reason: { label: null, raw: null }, competitor: { label: null, raw: null } } });
    expect(read({ reason: "Strong champion" }, "won")).toMatchObject({ ok: true, value: { kind: "win", reason: { label: "Strong champion" } } });
  });

  it("refuses an open deal, a label of the other list or not in the taxonomy, NUL bytes and long words, naming the field", () => {
    expect(read({ reason: "Price" }, "open")).toMatchObject({ ok: false, field: "reason", problem: expect.stringMatching(/still open/) });
    // A win reason is not a loss reason.
    expect(read({ reason: "Strong champion" })).toMatchObject({ ok: false, field: "reason", problem: expect.stringMatching(/“Strong champion” is not a loss reason/) });
    expect(read({ reason: "Price", competitor: "Acme" })).toMatchObject({ ok: false, field: "competitor", problem: expect.stringMatching(/not a competitor/) });
    expect(read({ reason: "Price", reasonNote: "a\u0000b" })).toMatchObject({ ok: false, field: "reasonNote", problem: expect.stringMatching(/NUL character/) });
    expect(read({ reason: "Price", competitorNote: "x".repeat(REASON_NOTE_MAX_LENGTH + 1) })).toEqual({
      ok: false,
      field: "competitorNote",
      problem: "The competitor in your words has 501 characters; the field has at most 500.",
    });
  });
});
