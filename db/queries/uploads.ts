import "server-only";
import { and, eq, inArray, lt, notExists, or, sql } from "drizzle-orm";
import type { Database } from "@/db/index";
import { importJobs, importUploadChunks, importUploads } from "@/db/schema";

/**
 * Uploaded files in the database: a row per file and its bytes in numbered chunks, so whichever
 * instance runs an import reads the file, and none keeps it on its own disk.
 */
export async function createUpload(db: Database): Promise<number> {
  const [row] = await db.insert(importUploads).values({}).returning({ id: importUploads.id });
  return row!.id;
}

export async function addUploadChunk(db: Database, uploadId: number, seq: number, data: Uint8Array): Promise<void> {
  await db.insert(importUploadChunks).values({ uploadId, seq, data });
}

export async function finishUpload(db: Database, uploadId: number, bytes: number): Promise<void> {
  await db.update(importUploads).set({ bytes }).where(eq(importUploads.id, uploadId));
}

/** Chunk `seq` of the upload, or null past its end. */
export async function uploadChunk(db: Database, uploadId: number, seq: number): Promise<Uint8Array | null> {
  const [row] = await db
    .select({ data: importUploadChunks.data })
    .from(importUploadChunks)
    .where(and(eq(importUploadChunks.uploadId, uploadId), eq(importUploadChunks.seq, seq)));
  return row ? row.data : null;
}

export async function uploadExists(db: Database, uploadId: number): Promise<boolean> {
  const [row] = await db.select({ id: importUploads.id }).from(importUploads).where(eq(importUploads.id, uploadId));
  return !!row;
}

/** Deletes an upload and its chunks. */
export async function deleteUpload(db: Database, uploadId: number): Promise<void> {
  await db.delete(importUploads).where(eq(importUploads.id, uploadId));
}

/**
 * Uploads no import will read again: those of imports committed more than `keepDays` ago, discarded
 * or rolled back, and those no import refers to (an upload cut off, or refused) older than a day.
 */
export async function deleteSpentUploads(db: Database, { keepDays = 7 }: { keepDays?: number } = {}): Promise<number> {
  const spent = db
    .select({ id: importJobs.uploadId })
    .from(importJobs)
    .where(
      or(
        inArray(importJobs.status, ["cancelled", "rolled_back"]),
        and(eq(importJobs.status, "completed"), lt(importJobs.committedAt, sql`now() - make_interval(days => ${keepDays})`)),
      ),
    );
  const deleted = await db
    .delete(importUploads)
    .where(
      or(
        inArray(importUploads.id, spent),
        and(
          lt(importUploads.createdAt, sql`now() - interval '1 day'`),
          notExists(db.select({ one: sql`1` }).from(importJobs).where(eq(importJobs.uploadId, importUploads.id))),
        ),
      ),
    )
    .returning({ id: importUploads.id });
  return deleted.length;
}
