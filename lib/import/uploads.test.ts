/**
 * The upload store on PGlite and PostgreSQL: a file goes in as it streams and comes back byte for
 * byte (in chunks, whatever the pieces it arrived in), a file over the limit leaves nothing, and
 * spent uploads are deleted.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/index";
import { importJobs } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { deleteSpentUploads, deleteUpload } from "@/db/queries/uploads";
import { UploadTooLargeError } from "@/lib/errors";
import { CHUNK_BYTES, copyUpload, readUpload, saveUpload } from "./uploads";

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

/** `total` bytes in pieces of irregular sizes, as a request body arrives. */
function pieces(total: number, seed = 1): Buffer[] {
  const bytes = crypto.createHash("sha256").update(String(seed)).digest();
  const whole = Buffer.alloc(total);
  for (let i = 0; i < total; i++) whole[i] = bytes[i % bytes.length]! ^ (i >> 8);
  const out: Buffer[] = [];
  for (let at = 0, n = 1; at < total; n = (n * 7 + 13) % 300_000 || 1) {
    out.push(whole.subarray(at, at + n));
    at += n;
  }
  return out;
}

describe.each(testDrivers())("uploads on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    t = await createTestDatabase(driver, { reference: false });
    db = t.handle.db;
  });
  afterAll(async () => {
    await t.drop();
  });
  const chunks = async (uploadId: number) =>
    (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from import_upload_chunks where upload_id = ${uploadId}`))[0]!.n;

  it("stores a small file in one chunk and reads it back as it was", async () => {
    const saved = await saveUpload(db, Readable.from([Buffer.from("a,b\n"), Buffer.from("1,2\n")]));
    expect(saved.bytes).toBe(8);
    expect(await chunks(saved.uploadId)).toBe(1);
    expect((await readAll(readUpload(db, saved.uploadId))).toString("utf8")).toBe("a,b\n1,2\n");
  });

  it("keeps a big file in chunks of a megabyte, byte for byte, whatever pieces it arrived in", async () => {
    const total = 5 * CHUNK_BYTES + 12_345;
    const input = pieces(total);
    const expected = Buffer.concat(input);
    const saved = await saveUpload(db, Readable.from(input));
    expect(saved.bytes).toBe(total);
    expect(await chunks(saved.uploadId)).toBe(6);
    const sizes = await queryRows<{ seq: number; n: number }>(db, sql`select seq, length(data)::int as n from import_upload_chunks where upload_id = ${saved.uploadId} order by seq`);
    expect(sizes.map((s) => s.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sizes.slice(0, 5).every((s) => s.n === CHUNK_BYTES)).toBe(true);
    expect(sizes[5]!.n).toBe(12_345);
    const back = await readAll(readUpload(db, saved.uploadId));
    expect(back.length).toBe(total);
    expect(back.equals(expected)).toBe(true);
  });

  it("refuses a file over the limit with a message, and keeps nothing of it", async () => {
    const before = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from import_uploads`);
    await expect(saveUpload(db, Readable.from([Buffer.alloc(600, 65), Buffer.alloc(600, 66)]), { limit: 1024, chunkBytes: 256 })).rejects.toThrow(UploadTooLargeError);
    await expect(saveUpload(db, Readable.from([Buffer.alloc(2048)]), { limit: 1024 })).rejects.toThrow(/larger than 0 MB; split it into smaller files/);
    const source = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pa-uploads-")), "big.csv");
    fs.writeFileSync(source, Buffer.alloc(2048, 65));
    await expect(copyUpload(db, source, 1024)).rejects.toThrow(UploadTooLargeError);
    const after = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from import_uploads`);
    expect(after[0]!.n).toBe(before[0]!.n);
    const orphanChunks = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from import_upload_chunks c where not exists (select 1 from import_uploads u where u.id = c.upload_id)`);
    expect(orphanChunks[0]!.n).toBe(0);
  });

  it("deletes an upload with its chunks, and the spent ones: discarded, committed days ago, or orphaned", async () => {
    const saved = await saveUpload(db, Readable.from([Buffer.from("x")]));
    await deleteUpload(db, saved.uploadId);
    expect(await chunks(saved.uploadId)).toBe(0);

    const make = async () => (await saveUpload(db, Readable.from([Buffer.from("a\n1\n")]))).uploadId;
    const job = async (uploadId: number, status: "uploaded" | "cancelled" | "completed", committedDaysAgo?: number) =>
      db.insert(importJobs).values({
        entity: "accounts", format: "generic", fileName: "f.csv", uploadId, status,
        committedAt: committedDaysAgo === undefined ? null : new Date(Date.now() - committedDaysAgo * 86_400_000),
      });
    const [waiting, discarded, recent, old, orphanNew, orphanOld] = [await make(), await make(), await make(), await make(), await make(), await make()];
    await job(waiting, "uploaded");
    await job(discarded, "cancelled");
    await job(recent, "completed", 1);
    await job(old, "completed", 8);
    await db.execute(sql`update import_uploads set created_at = now() - interval '2 days' where id = ${orphanOld}`);
    await deleteSpentUploads(db);
    const left = (await queryRows<{ id: number }>(db, sql`select id from import_uploads order by id`)).map((r) => r.id);
    expect(left).toEqual(expect.arrayContaining([waiting, recent, orphanNew]));
    for (const gone of [discarded, old, orphanOld]) expect(left).not.toContain(gone);
  });
});
