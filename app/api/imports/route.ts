import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { getDb } from "@/db/index";
import { CsvError, UploadTooLargeError } from "@/lib/errors";
import { entityLabels, type ImportEntity } from "@/lib/import/formats";
import { MAX_UPLOAD_BYTES } from "@/lib/import/limits";
import { prepareImport } from "@/lib/import/prepare";
import { deleteUpload } from "@/db/queries/uploads";
import { saveUpload, type SavedUpload } from "@/lib/import/uploads";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/**
 * POST /api/imports?entity=<entity>&name=<file name>, the file as the body: streamed into the
 * database in chunks (never held in memory, readable by every instance), read once to recognise its
 * format, and turned into an import job → 201 { id }.
 */
export const POST = guardedRoute("imports:manage", async (request, { user }) => {
  const params = new URL(request.url).searchParams;
  const entity = params.get("entity") || undefined;
  if (entity !== undefined && !(entity in entityLabels)) {
    return Response.json({ error: `entity must be one of ${Object.keys(entityLabels).join(", ")}.`, parameter: "entity" }, { status: 400 });
  }
  const name = (params.get("name") ?? "").trim().slice(0, 255) || "upload.csv";
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_UPLOAD_BYTES) return Response.json({ error: new UploadTooLargeError().message }, { status: 413 });
  if (!request.body) return Response.json({ error: "The request has no file." }, { status: 400 });

  const db = getDb();
  let saved: SavedUpload | undefined;
  try {
    saved = await saveUpload(db, Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>));
    const id = await prepareImport(db, { ...saved, name }, { entity: entity as ImportEntity | undefined, createdBy: user.id });
    return Response.json({ id }, { status: 201 });
  } catch (error) {
    if (saved) await deleteUpload(db, saved.uploadId).catch(() => {});
    if (error instanceof UploadTooLargeError) return Response.json({ error: error.message }, { status: 413 });
    if (error instanceof CsvError) return Response.json({ error: error.message }, { status: 400 });
    console.error("Upload failed:", error);
    return Response.json({ error: "The upload failed; nothing was saved. Please try again." }, { status: 500 });
  }
});
