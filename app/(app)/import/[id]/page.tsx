import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { pipelineStages, users } from "@/db/schema";
import { getImportJob, importJobExists, listImportMappings, organisationSources } from "@/db/queries/imports";
import { getSetting } from "@/db/queries/settings";
import { NotFoundError } from "@/lib/errors";
import { parseRecordId } from "@/lib/http/record-id";
import type { ImportEntity } from "@/lib/import/formats";
import { importJobView } from "@/lib/import/view";
import { ImportJobPanel, type SavedMappingRef } from "./job-panel";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Import" };

export default guardedPage<{ id: string }>("imports:manage", async function ImportJobPage({ params }) {
  const id = parseRecordId(params.id);
  if (id === null) notFound();
  const db = getDb();
  let job;
  try {
    job = await getImportJob(db, id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const [stages, people, mappings, { rules: industryRules }, sources] = await Promise.all([
    db.select({ id: pipelineStages.id, name: pipelineStages.name, isWon: pipelineStages.isWon, isLost: pipelineStages.isLost }).from(pipelineStages).orderBy(pipelineStages.position),
    db.select({ id: users.id, name: users.name, email: users.email, active: users.active }).from(users).orderBy(users.name),
    listImportMappings(db, job.entity as ImportEntity),
    getSetting(db, "industryRules"),
    organisationSources(db),
  ]);
  const saved: SavedMappingRef[] = mappings.map((m) => ({ name: m.name, mapping: m.mapping as SavedMappingRef["mapping"] }));
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/import" className="text-brand-700 hover:underline">
          ← Imports
        </Link>
      </p>
      <PageHeader title={`Import #${job.id}: ${job.fileName}`} />
      <ImportJobPanel initial={importJobView(job)} stages={stages} people={people} sources={sources} savedMappings={saved} industryRules={job.entity === "accounts" ? industryRules : []} />
    </>
  );
}, {
  // A missing or malformed id is a 404, answered before anything of the page is sent.
  exists: async ({ id }) => {
    const jobId = parseRecordId(id);
    return jobId !== null && (await importJobExists(getDb(), jobId));
  },
});
