import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { CsvError } from "@/lib/errors";
import { detectDelimiter, readCsv, sniffCsv, type Delimiter } from "./csv";

const bytes = (text: string) => new TextEncoder().encode(text);

async function records(text: string | Uint8Array, delimiter: Delimiter = ",", chunk = 7) {
  const data = typeof text === "string" ? Buffer.from(text, "utf8") : Buffer.from(text);
  // Small chunks: records and multi-byte characters cross chunk boundaries.
  const chunks = Array.from({ length: Math.ceil(data.length / chunk) }, (_, i) => data.subarray(i * chunk, (i + 1) * chunk));
  const out = [];
  for await (const r of readCsv(Readable.from(chunks), delimiter)) out.push(r);
  return out;
}

describe("sniffCsv", () => {
  it("tells the delimiter from the header line, outside quotes", () => {
    expect(sniffCsv(bytes("Opportunity ID,Stage,Amount\n1,Won,5"))).toEqual({ delimiter: ",", bom: false });
    expect(sniffCsv(bytes("Deal;Amount;Note\n1;18.000,00;x"))).toEqual({ delimiter: ";", bom: false });
    expect(sniffCsv(bytes("a\tb\tc\n"))).toEqual({ delimiter: "\t", bom: false });
    expect(detectDelimiter('"Name, full";Amount;Stage')).toBe(";");
    expect(detectDelimiter("Single column")).toBe(",");
  });

  it("reads UTF-8 with a byte-order mark, and names other encodings", () => {
    expect(sniffCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes("Name;Amount")]))).toEqual({ delimiter: ";", bom: true });
    expect(() => sniffCsv(new Uint8Array([0xff, 0xfe, 0x4e, 0x00]))).toThrow(/UTF-16/);
    // "Société" in Windows-1252
    expect(() => sniffCsv(new Uint8Array([...bytes("Name\nSoci"), 0xe9, ...bytes("t"), 0xe9, 0x0a]))).toThrow(/not UTF-8/);
    expect(() => sniffCsv(new Uint8Array())).toThrow(CsvError);
    // A head cut inside "é" is still UTF-8.
    const cut = bytes("Name\nSociété");
    expect(sniffCsv(cut.subarray(0, cut.length - 1)).delimiter).toBe(",");
  });
});

describe("readCsv", () => {
  it("streams records with spreadsheet row numbers, quotes, line breaks in cells and a BOM", async () => {
    const text = '\ufeffName,Amount,Note\r\n"Acme, Inc.","$1,200.00","two\nlines"\r\n\r\nGlobex,500,"say ""hi"""\r\n';
    expect(await records(text)).toEqual([
      { row: 1, cells: ["Name", "Amount", "Note"] },
      { row: 2, cells: ["Acme, Inc.", "$1,200.00", "two\nlines"] },
      { row: 3, cells: ["Globex", "500", 'say "hi"'] },
    ]);
  });

  it("keeps short and long rows for the caller to report", async () => {
    expect((await records("a;b\n1\n1;2;3\n", ";")).map((r) => r.cells.length)).toEqual([2, 1, 3]);
  });

  it("names the line of a broken quote", async () => {
    await expect(records('a,b\n1,"open\n2,3\n')).rejects.toThrow(/cannot be read/);
  });

  it("keeps multi-byte characters split across chunks", async () => {
    expect((await records("Name\nZürich Straße ❤\n", ",", 3))[1]!.cells).toEqual(["Zürich Straße ❤"]);
  });
});
