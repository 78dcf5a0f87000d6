import { describe, expect, it } from "vitest";
import { literal, table } from "./markdown";
import { cellSeparators, hostileNames, renderedText, shown, structure } from "./testing";

describe("literal", () => {
  it("escapes what would format, link, embed or split, and only that", () => {
    expect(literal("Acme | Corp")).toBe("Acme \\| Corp");
    expect(literal("[click](javascript:alert(1))")).toBe("\\[click\\](javascript:alert(1))");
    expect(literal("<script>alert(1)</script>")).toBe("\\<script>alert(1)\\</script>");
    expect(literal("**x** _y_")).toBe("\\*\\*x\\*\\* \\_y\\_");
    expect(literal("# Big")).toBe("\\# Big");
    expect(literal("> quote")).toBe("\\> quote");
    expect(literal("- item")).toBe("\\- item");
    expect(literal("1. first")).toBe("1\\. first");
    expect(literal("Deal ##")).toBe("Deal \\##");
    expect(literal("one\ntwo\r\nthree")).toBe("one two three");
    expect(literal("AT&amp;T")).toBe("AT\\&amp;T");
    expect(literal("see https://x.example or www.x.example")).toBe("see https\\://x.example or www\\.x.example");
    // Ordinary names read as they are.
    for (const plain of ["Acme Inc.", "America/New_York", "O'Brien & Sons", "Jean-Luc (CTO)", "R&D", "10x growth", "50% off!", "Score > 60 OR high-intent signal triggered"]) expect(literal(plain)).toBe(plain);
  });

  it("reads word for word when rendered, in a sentence and in a table cell", () => {
    for (const name of hostileNames) {
      const sentence = `Owner: ${literal(name)}.`;
      expect(structure(sentence), name).toEqual(["<p", "</p"]);
      expect(renderedText(sentence).trim(), name).toBe(`Owner: ${shown(name)}.`);
      const cells = table(["Name", "Deals"], [[literal(name), "3"]]);
      expect(structure(cells), name).toEqual(structure(table(["Name", "Deals"], [["Plain", "3"]])));
      expect(renderedText(cells), name).toContain(` ${shown(name)} 3 `);
    }
  });
});

describe("table", () => {
  it("keeps a stray pipe or line break in a cell from adding a column or ending the table", () => {
    const markdown = table(["A", "B"], [["x | y\nz", "1"], [literal("a\\|b"), "2"], ["||", "3"]]);
    for (const line of markdown.split("\n")) expect(cellSeparators(line), line).toBe(3);
    expect(markdown).toContain("| x \\| y z | 1 |");
    expect(markdown).toContain("| a\\\\\\|b | 2 |");
  });
});
