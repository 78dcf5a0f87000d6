import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { UploadTooLargeError } from "@/lib/errors";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pa-uploads-"));
process.env.IMPORT_DIR = dir;
const { copyUpload, saveUpload } = await import("./uploads");

describe("uploads", () => {
  it("streams a file into the import folder under a new name", async () => {
    const saved = await saveUpload(Readable.from([Buffer.from("a,b\n"), Buffer.from("1,2\n")]));
    expect(path.dirname(saved.path)).toBe(dir);
    expect(saved.bytes).toBe(8);
    expect(fs.readFileSync(saved.path, "utf8")).toBe("a,b\n1,2\n");
  });

  it("refuses a file over the limit with a message, and keeps nothing of it", async () => {
    const before = fs.readdirSync(dir).length;
    const big = Readable.from([Buffer.alloc(600, 65), Buffer.alloc(600, 66)]);
    await expect(saveUpload(big, 1024)).rejects.toThrow(UploadTooLargeError);
    await expect(saveUpload(Readable.from([Buffer.alloc(2048)]), 1024)).rejects.toThrow(/larger than 0 MB; split it into smaller files/);
    expect(fs.readdirSync(dir).length).toBe(before);

    const source = path.join(os.tmpdir(), `pa-big-${process.pid}.csv`);
    fs.writeFileSync(source, Buffer.alloc(2048, 65));
    await expect(copyUpload(source, 1024)).rejects.toThrow(UploadTooLargeError);
    expect(fs.readdirSync(dir).length).toBe(before);
  });

  it("names the 200 MB limit", () => {
    expect(new UploadTooLargeError().message).toBe("The file is larger than 200 MB; split it into smaller files and import them one after another.");
  });
});
