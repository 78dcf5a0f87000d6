import fc from "fast-check";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readCsv } from "@/lib/import/csv";
import { CSV_BOM, csvCell, exportCsvRow, neutraliseFormula, stringifyCsvRow } from "./csv";

async function parse(text: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const { cells } of readCsv(Readable.from([text]), ",")) rows.push(cells);
  return rows;
}

/** Characters that break naive CSV writers, mixed with any printable Unicode (multi-code-point graphemes included). */
const awkward = fc.constantFrom(",", '"', "\r", "\n", "\r\n", " ", "\t", ";", "'", "=", "+", "-", "@", "\uFEFF");
const cellText = fc.string({ unit: fc.oneof(awkward, fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })), maxLength: 12 });

/** Tables of at least one row, every row as wide as the first (at least one cell). */
const table = fc
  .integer({ min: 1, max: 5 })
  .chain((width) => fc.array(fc.array(cellText, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 }));

const FORMULA_START = /^[=+\-@\t\r]/;

describe("stringifyCsvRow", () => {
  it("round-trips any table through the import's reader, with the download's byte-order mark", async () => {
    await fc.assert(
      fc.asyncProperty(table, async (rows) => {
        expect(await parse(CSV_BOM + rows.map(stringifyCsvRow).join(""))).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });

  it("quotes only the cells that need it, doubling quotes, and ends records with CRLF", () => {
    expect(stringifyCsvRow(["Acme", "1200.00", ""])).toBe("Acme,1200.00,\r\n");
    expect(stringifyCsvRow(["Acme, Inc.", 'say "hi"', "two\nlines", "cr\ronly"])).toBe('"Acme, Inc.","say ""hi""","two\nlines","cr\ronly"\r\n');
    expect(stringifyCsvRow([" padded", "trailing ", "in side"])).toBe('" padded","trailing ",in side\r\n');
  });

  it("writes a record of one empty cell as a quoted empty cell, not a blank line a reader would skip", async () => {
    expect(stringifyCsvRow([""])).toBe('""\r\n');
    expect(await parse(["a", "", "b"].map((c) => stringifyCsvRow([c])).join(""))).toEqual([["a"], [""], ["b"]]);
  });
});

describe("neutraliseFormula", () => {
  it("writes a formula as text", () => {
    expect(neutraliseFormula('=HYPERLINK("http://evil.example","Click")')).toBe(`'=HYPERLINK("http://evil.example","Click")`);
    expect(neutraliseFormula("-5")).toBe("'-5");
    expect(neutraliseFormula("+1 555 0100")).toBe("'+1 555 0100");
    expect(neutraliseFormula("@SUM(A1:A2)")).toBe("'@SUM(A1:A2)");
    expect(neutraliseFormula("\t=1+1")).toBe("'\t=1+1");
    expect(neutraliseFormula("\r=1+1")).toBe("'\r=1+1");
  });

  it("leaves everything else alone, including formula characters after the start", () => {
    for (const cell of ["", "Acme", "1200.00", " =1+1", "a=b", "'quoted", "Jean-Luc", "ＡＢＣ"]) expect(neutraliseFormula(cell)).toBe(cell);
  });
});

describe("exportCsvRow", () => {
  it("never lets a parsed cell start a formula, and changes nothing else", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(cellText, fc.string({ unit: "binary-ascii" })), async (cell) => {
        // A second cell keeps the record from being a blank line whatever `cell` is.
        const [[parsed]] = (await parse(exportCsvRow([cell, "end"]))) as [[string, string]];
        expect(parsed).not.toMatch(FORMULA_START);
        expect(parsed).toBe(FORMULA_START.test(cell) ? `'${cell}` : cell);
      }),
      { numRuns: 500 },
    );
  });

  it("formats values: nothing as empty, timestamps in UTC ISO 8601, numbers and money as stored", () => {
    expect(exportCsvRow([null, undefined, 42, "18000.50", true])).toBe(",,42,18000.50,true\r\n");
    expect(exportCsvRow([new Date("2026-07-01T09:30:00Z"), new Date("2026-07-01T09:30:00.250Z"), "2026-07-31"])).toBe(
      "2026-07-01T09:30:00Z,2026-07-01T09:30:00.250Z,2026-07-31\r\n",
    );
    expect(csvCell(10n ** 20n)).toBe("100000000000000000000");
  });

  it("neutralises then quotes", () => {
    expect(exportCsvRow(["=1+2", "-5", "Acme, Inc.", "=A1,B1", "line\nbreak"])).toBe(`'=1+2,'-5,"Acme, Inc.","'=A1,B1","line\nbreak"\r\n`);
    expect(exportCsvRow([-5])).toBe("'-5\r\n");
  });
});
