import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { definitionHistory, type HistoryEntry } from "@/db/queries/definitions";
import { getSetting } from "@/db/queries/settings";
import { stageLabels } from "@/lib/definitions/rules";
import { funnelStages, type FunnelStage } from "@/lib/domain/funnel-definitions";
import { formatWhen } from "@/lib/format";
import { ChangeList, OwnerBadge, SignoffList, SlaSummary, personName } from "../present";
import { guardedPage } from "@/app/_guard/guarded-page";

function stageOf(param: string): FunnelStage | null {
  return (funnelStages as readonly string[]).includes(param) ? (param as FunnelStage) : null;
}

export async function generateMetadata({ params }: { params: Promise<{ stage: string }> }): Promise<Metadata> {
  const stage = stageOf((await params).stage);
  return { title: stage ? `${stageLabels[stage]}: definition history` : "Definition history" };
}

const statusBadge: Record<HistoryEntry["status"], { label: string; tone: "success" | "warning" | "neutral" }> = {
  in_force: { label: "In force", tone: "success" },
  proposed: { label: "Proposed, awaiting sign-off", tone: "warning" },
  previously_in_force: { label: "Was in force", tone: "neutral" },
  superseded: { label: "Superseded before sign-off", tone: "neutral" },
};

export default guardedPage<{ stage: string }>("definitions:view", async function DefinitionHistoryPage({ params }) {
  const stage = stageOf(params.stage);
  if (!stage) notFound();
  const db = getDb();
  const [history, organisation] = await Promise.all([definitionHistory(db, stage), getSetting(db, "organisation")]);
  const label = stageLabels[stage];

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm">
        <Link href="/definitions" className="font-medium text-brand-700 underline-offset-2 hover:underline">
          <span aria-hidden="true">← </span>All definitions
        </Link>
      </nav>
      <PageHeader
        title={`${label}: history`}
        description="Every version, newest first: who proposed what, the change against the version before, and who signed it for each team. The version in force is the newest one both teams signed."
      />
      {history.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          This definition has no versions yet. Restart the server to add the playbook&apos;s definitions.
        </p>
      ) : (
        <ol className="space-y-5" aria-label={`Versions of ${label}`}>
          {history.map((v) => (
            <li key={v.id} data-testid={`version-${v.version}`} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h2 className="text-base font-semibold text-slate-900">Version {v.version}</h2>
                <div className="flex flex-wrap gap-1.5">
                  <OwnerBadge owner={v.owner} />
                  <Badge tone={statusBadge[v.status].tone}>{statusBadge[v.status].label}</Badge>
                </div>
              </div>
              <p className="mt-1 text-sm text-slate-600">
                Proposed by {personName(v.proposedBy, v.version === 1 ? "the playbook (seeded)" : "a former user")} on{" "}
                <time dateTime={v.proposedAt.toISOString()}>{formatWhen(v.proposedAt, organisation.timeZone)}</time>
              </p>
              {v.changeNote ? <p className="mt-2 text-sm text-slate-800">“{v.changeNote}”</p> : null}
              <div className="mt-4 grid gap-5 md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
                <section aria-label={`Changes in version ${v.version}`}>
                  <h3 className="mb-2 text-xs font-medium tracking-wide text-slate-500 uppercase">
                    {v.version === 1 ? "First version" : `Changes from version ${v.version - 1}`}
                  </h3>
                  {v.version === 1 ? (
                    <dl className="grid gap-2 text-sm sm:grid-cols-[7rem_1fr]">
                      <dt className="font-medium text-slate-500">Definition</dt>
                      <dd className="text-slate-900">{v.definition}</dd>
                      <dt className="font-medium text-slate-500">SLA</dt>
                      <dd>
                        <SlaSummary value={v.slaValue} unit={v.slaUnit} text={v.slaText} />
                      </dd>
                    </dl>
                  ) : (
                    <ChangeList changes={v.changes} />
                  )}
                </section>
                <section aria-label={`Sign-offs of version ${v.version}`}>
                  <h3 className="mb-2 text-xs font-medium tracking-wide text-slate-500 uppercase">Sign-offs</h3>
                  <SignoffList signoffs={v.signoffs} timeZone={organisation.timeZone} pendingLabel={v.status === "superseded" ? "never signed" : "awaiting sign-off"} />
                </section>
              </div>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}, { exists: ({ stage }) => stageOf(stage) !== null });
