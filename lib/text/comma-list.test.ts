import { describe, expect, it } from "vitest";
import { fromCommaList, toCommaList } from "./comma-list";

describe("comma lists", () => {
  it("joins items with a comma and a space", () => {
    expect(toCommaList(["podcast", "heard on", "episode"])).toBe("podcast, heard on, episode");
    expect(toCommaList([])).toBe("");
  });

  it("reads items back trimmed, leaving out empty ones", () => {
    expect(fromCommaList(" podcast,heard on ,, episode, ")).toEqual(["podcast", "heard on", "episode"]);
    expect(fromCommaList("   ")).toEqual([]);
    expect(fromCommaList(toCommaList(["a b", "c"]))).toEqual(["a b", "c"]);
  });
});
