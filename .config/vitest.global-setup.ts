import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { writePgliteTemplate } from "@/db/testing/pglite-template";

/** Writes the migrated PGlite template the integration tests start their databases from. */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pa-pglite-template-"));
  const file = path.join(dir, "migrated.tar");
  await writePgliteTemplate(file);
  project.provide("pgliteTemplate", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
