import { describe, expect, it } from "vitest";
import { readStoryRows, storyInput } from "./proof-stories";

const stageIdOf = (name: string) => ({ discovery: 1, proposal: 3 })[name.toLowerCase()];
const rows = (...lines: string[][]) => lines.map((cells, i) => ({ row: i + 1, cells }));

describe("storyInput", () => {
  it("names the field at fault", () => {
    const parsed = storyInput.safeParse({ title: " ", customerName: "Acme", sizeBand: "huge", url: "example.com" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["title", "Title is required"],
      ["sizeBand", "Company size must be one of SMB, Mid-market, Enterprise; got “huge”"],
      ["url", "Link must start with http:// or https://"],
    ]);
  });
  it("reads a segment as a size band and blanks as none", () => {
    expect(storyInput.parse({ title: "T", customerName: "C", sizeBand: "Mid-Market", industry: "", stageId: "" })).toMatchObject({ sizeBand: "mid_market", industry: null, stageId: null, url: null, summary: "" });
  });
});

describe("readStoryRows", () => {
  it("reads every row, the stage by its name, any column order and case", () => {
    const read = readStoryRows(rows(["Customer", "Title", "Stage", "Size", "Industry"], ["Acme", "Acme's story", "proposal", "SMB", "Retail"]), stageIdOf);
    expect(read).toEqual({ ok: true, stories: [expect.objectContaining({ customerName: "Acme", title: "Acme's story", stageId: 3, sizeBand: "smb", industry: "Retail" })] });
  });
  it("imports nothing when any row is wrong, listing each problem by row and column", () => {
    const read = readStoryRows(rows(["title", "customer", "stage", "url"], ["Good", "Acme", "", ""], ["", "Beta", "Closing", "ftp://x"]), stageIdOf);
    expect(read).toEqual({
      ok: false,
      errors: [
        { row: 3, field: "stage", message: "No pipeline stage is called “Closing”." },
        { row: 3, field: "title", message: "Title is required" },
        { row: 3, field: "url", message: "Link must start with http:// or https://" },
      ],
    });
  });
  it("needs a header with title and customer, and at least one story", () => {
    expect(readStoryRows(rows(["name"]), stageIdOf)).toMatchObject({ ok: false, errors: [{ row: 1, field: "header" }] });
    expect(readStoryRows(rows(["title", "customer"]), stageIdOf)).toMatchObject({ ok: false, errors: [{ message: "The file has a header but no stories." }] });
  });
});
