/**
 * Uploaded files, kept in the database so that whichever instance runs the import can read them:
 * streamed in as they arrive, in chunks of CHUNK_BYTES (never the whole file in memory), counted
 * and refused past the limit; read back as a stream, one chunk at a time.
 */
import fs from "node:fs";
import { Readable, type Readable as ReadableType } from "node:stream";
import type { Database } from "@/db/index";
import { addUploadChunk, createUpload, deleteUpload, finishUpload, uploadChunk } from "@/db/queries/uploads";
import { UploadTooLargeError } from "@/lib/errors";
import { MAX_UPLOAD_BYTES } from "./limits";


export const CHUNK_BYTES = 1024 * 1024;

export interface SavedUpload {
  uploadId: number;
  bytes: number;
}

/**
 * Stores a stream as a new upload, a chunk at a time as it arrives; past `limit` bytes (or on any
 * error) what was stored is deleted and the upload refused.
 */
export async function saveUpload(db: Database, input: ReadableType, { limit = MAX_UPLOAD_BYTES, chunkBytes = CHUNK_BYTES }: { limit?: number; chunkBytes?: number } = {}): Promise<SavedUpload> {
  const uploadId = await createUpload(db);
  let bytes = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (all: boolean) => {
    while (pendingBytes >= chunkBytes || (all && pendingBytes > 0)) {
      const joined = Buffer.concat(pending, pendingBytes);
      const take = Math.min(chunkBytes, joined.length);
      await addUploadChunk(db, uploadId, seq++, joined.subarray(0, take));
      const rest = joined.subarray(take);
      pending = rest.length ? [rest] : [];
      pendingBytes = rest.length;
    }
  };
  try {
    for await (const piece of input) {
      const chunk = typeof piece === "string" ? Buffer.from(piece) : Buffer.from(piece as Uint8Array);
      bytes += chunk.length;
      if (bytes > limit) throw new UploadTooLargeError(limit);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= chunkBytes) await flush(false);
    }
    await flush(true);
    await finishUpload(db, uploadId, bytes);
  } catch (error) {
    input.destroy();
    await deleteUpload(db, uploadId).catch(() => {});
    throw error;
  }
  return { uploadId, bytes };
}

/** Stores a local file as an upload (the CLI), refusing one over the limit before reading it. */
export async function copyUpload(db: Database, source: string, limit = MAX_UPLOAD_BYTES): Promise<SavedUpload> {
  const { size } = await fs.promises.stat(source);
  if (size > limit) throw new UploadTooLargeError(limit);
  return saveUpload(db, fs.createReadStream(source), { limit });
}

/** The upload's bytes as a stream, read a chunk at a time through `db` (a run's own transaction, when it has one). */
export function readUpload(db: Database, uploadId: number): ReadableType {
  async function* chunks() {
    for (let seq = 0; ; seq++) {
      const data = await uploadChunk(db, uploadId, seq);
      if (!data) return;
      yield Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
