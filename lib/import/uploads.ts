/**
 * Uploaded files: streamed to the import folder under a random name (never the user's file name),
 * counted as they arrive and refused past the limit, so a 200 MB export is never held in memory.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { importDir } from "@/lib/env";
import { UploadTooLargeError } from "@/lib/errors";
import { MAX_UPLOAD_BYTES } from "./limits";

function newUploadPath(): string {
  const dir = importDir();
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${crypto.randomUUID()}.csv`);
}

/** Writes a stream to a new file in the import folder; past `limit` bytes the file is removed and the upload refused. */
export async function saveUpload(input: Readable, limit = MAX_UPLOAD_BYTES): Promise<{ path: string; bytes: number }> {
  const target = newUploadPath();
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > limit ? new UploadTooLargeError(limit) : null, chunk);
    },
  });
  try {
    await pipeline(input, counter, fs.createWriteStream(target, { flags: "wx" }));
  } catch (error) {
    await fs.promises.rm(target, { force: true });
    throw error;
  }
  return { path: target, bytes };
}

/** Copies a local file into the import folder (the CLI), refusing one over the limit before reading it. */
export async function copyUpload(source: string, limit = MAX_UPLOAD_BYTES): Promise<{ path: string; bytes: number }> {
  const { size } = await fs.promises.stat(source);
  if (size > limit) throw new UploadTooLargeError(limit);
  return saveUpload(fs.createReadStream(source), limit);
}
