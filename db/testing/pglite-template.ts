/**
 * A migrated PGlite data folder, dumped once per test run: starting an in-memory PGlite from it
 * skips initdb and every migration, the bulk of an integration test file's set-up on PGlite.
 * Vitest's global set-up writes it (.config/vitest.global-setup.ts) and names the file to the tests.
 */
import fs from "node:fs";
import { inject } from "vitest";
import { openDatabase } from "@/db/index";
import { migrateDatabase } from "@/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/** Migrates a fresh in-memory PGlite and writes its data folder, uncompressed, to `file`. */
export async function writePgliteTemplate(file: string): Promise<void> {
  const handle = openDatabase({ driver: "pglite", inMemory: true });
  try {
    await migrateDatabase(handle);
    const dump = await handle.pglite!.dumpDataDir("none");
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await handle.close();
  }
}

let template: Blob | null | undefined;

/** The run's migrated template, or null outside a run that wrote one (the caller then migrates). */
export function pgliteTemplate(): Blob | null {
  if (template !== undefined) return template;
  let file: string | undefined;
  try {
    file = inject("pgliteTemplate");
  } catch {
    file = undefined;
  }
  template = file && fs.existsSync(file) ? new Blob([fs.readFileSync(file)]) : null;
  return template;
}
