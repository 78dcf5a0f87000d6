import { describe, expect, it } from "vitest";
import { containsPhrase, firstMatchingRule } from "./phrases";

describe("phrase matching", () => {
  it("matches whole words in any case", () => {
    expect(containsPhrase("Saw an AD on LinkedIn", "ad")).toBe(true);
    expect(containsPhrase("I read your blog", "ad")).toBe(false);
    expect(containsPhrase("co-worker told me", "co-worker")).toBe(true);
    expect(containsPhrase("anything", "  ")).toBe(false);
  });

  it("takes the first rule with a phrase in the text", () => {
    const rules = [{ name: "a", phrases: ["blog"] }, { name: "b", phrases: ["read", "blog"] }];
    expect(firstMatchingRule("read your blog", rules)).toEqual({ index: 0, rule: rules[0], phrase: "blog" });
    expect(firstMatchingRule("I read it", rules)).toEqual({ index: 1, rule: rules[1], phrase: "read" });
    expect(firstMatchingRule("nothing", rules)).toBeNull();
  });
});
