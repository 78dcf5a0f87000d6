import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readCsv } from "@/lib/import/csv";
import { csvDownloadStream } from "./stream";

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

async function* records(count: number, onFinish?: () => void) {
  try {
    for (let i = 1; i <= count; i++) yield [String(i), i % 2 ? "=cmd|' /C calc'!A0" : `Row ${i}, with a comma`];
  } finally {
    onFinish?.();
  }
}

describe("csvDownloadStream", () => {
  it("sends the byte-order mark, the header and every record, escaped, in order", async () => {
    const body = await new Response(csvDownloadStream(["Number", "Note"], records(3))).arrayBuffer();
    expect([...new Uint8Array(body).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const decoded = new TextDecoder().decode(body);
    expect(decoded).toBe(`Number,Note\r\n1,'=cmd|' /C calc'!A0\r\n2,"Row 2, with a comma"\r\n3,'=cmd|' /C calc'!A0\r\n`);
  });

  it("streams a table larger than one chunk without losing a record", async () => {
    const out: string[][] = [];
    const body = await text(csvDownloadStream(["Number", "Note"], records(5000)));
    for await (const { cells } of readCsv(Readable.from([body]), ",")) out.push(cells);
    expect(out).toHaveLength(5001);
    expect(out.at(-1)).toEqual(["5000", "Row 5000, with a comma"]);
  });

  it("sends only the header for no records", async () => {
    expect(await text(csvDownloadStream(["Name"], records(0)))).toBe("Name\r\n");
  });

  it("stops reading records when the client cancels", async () => {
    let finished = false;
    const reader = csvDownloadStream(["Number"], records(1_000_000, () => (finished = true))).getReader();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(true);
  });

  it("fails the download when reading records fails, rather than ending it early", async () => {
    async function* broken() {
      yield ["1"];
      throw new Error("connection lost");
    }
    await expect(text(csvDownloadStream(["Number"], broken()))).rejects.toThrow("connection lost");
  });
});
