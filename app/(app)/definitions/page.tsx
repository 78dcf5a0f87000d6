import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { listDefinitions, type DefinitionSummary } from "@/db/queries/definitions";
import { getSetting } from "@/db/queries/settings";
import type { UserRole } from "@/lib/domain/roles";
import { can } from "@/lib/auth/permissions";
import { canProposeChange, diffDefinitions, signingTeamOf, teamLabels } from "@/lib/definitions/rules";
import { ProposeChangeForm, SignOffButton } from "./forms";
import { formatWhen } from "@/lib/format";
import { ChangeList, OwnerBadge, SignoffList, SlaSummary, personName } from "./present";
import { guardedPage } from "@/app/_guard/guarded-page";
import { DefinitionsSkeleton } from "./definitions-skeleton";

export const metadata: Metadata = { title: "Funnel definitions and SLAs" };

export default guardedPage("definitions:view", async function DefinitionsPage({ user }) {
  const db = getDb();
  const [definitions, organisation] = await Promise.all([listDefinitions(db), getSetting(db, "organisation")]);
  const pending = definitions.filter((d) => d.awaiting.length > 0);
  const myTeam = signingTeamOf(user.role);
  const mine = myTeam ? pending.filter((d) => d.awaiting.includes(myTeam)).length : 0;

  return (
    <>
      <PageHeader
        title="Funnel definitions and SLAs"
        description="One set of definitions marketing and sales both sign. A change is a new version; it takes effect only when both teams have signed it, and the funnel's SLA compliance is measured against the version in force."
      />
      {mine > 0 ? (
        <div className="mb-6">
          <Alert tone="warning" title={`${mine} proposal${mine === 1 ? "" : "s"} awaiting your team's sign-off`}>
            Review the changes below and sign off for {myTeam}.
          </Alert>
        </div>
      ) : null}
      {definitions.length === 0 ? (
        <Alert tone="info" title="No definitions yet">
          The playbook&apos;s definitions are added when the server starts; restart it, or run <code>npm run db:migrate</code> and <code>npm run db:seed</code>.
        </Alert>
      ) : (
        <ul className="grid gap-5 lg:grid-cols-2" aria-label="Shared funnel definitions">
          {definitions.map((d) => (
            <li key={d.stage} className="min-w-0">
              <DefinitionCard summary={d} role={user.role} timeZone={organisation.timeZone} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}, { loading: <DefinitionsSkeleton /> });

function DefinitionCard({ summary: d, role, timeZone }: { summary: DefinitionSummary; role: UserRole; timeZone: string }) {
  const shown = d.inForce ?? d.latest;
  const proposal = d.awaiting.length > 0 ? d.latest : null;
  const myTeam = signingTeamOf(role);
  const canSign = proposal !== null && myTeam !== null && d.awaiting.includes(myTeam) && can(role, "definitions:signoff");
  const mayPropose = can(role, "definitions:propose") && canProposeChange(role, d.latest.owner);
  const headingId = `definition-${d.stage}`;

  return (
    <article aria-labelledby={headingId} data-testid={`definition-${d.stage}`} className="flex h-full flex-col rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-col gap-4 p-5">
        <header className="flex flex-wrap items-start justify-between gap-2">
          <h2 id={headingId} className="text-lg font-semibold text-slate-900">
            {d.label}
          </h2>
          <div className="flex flex-wrap gap-1.5">
            <OwnerBadge owner={shown.owner} />
            {d.inForce ? <Badge tone="success">Version {d.inForce.version} in force</Badge> : <Badge tone="danger">Nothing in force</Badge>}
          </div>
        </header>
        {!d.inForce ? (
          <Alert tone="warning">No version has been signed by both teams yet; the funnel has no SLA for this stage until one is.</Alert>
        ) : null}
        <dl className="grid gap-3 text-sm sm:grid-cols-[7rem_1fr]">
          <dt className="font-medium text-slate-500">Definition</dt>
          <dd className="text-slate-900" data-testid="definition-text">
            {shown.definition}
          </dd>
          <dt className="font-medium text-slate-500">SLA</dt>
          <dd data-testid="definition-sla">
            <SlaSummary value={shown.slaValue} unit={shown.slaUnit} text={shown.slaText} />
          </dd>
          <dt className="font-medium text-slate-500">Signed</dt>
          <dd>
            <SignoffList signoffs={shown.signoffs} timeZone={timeZone} />
          </dd>
        </dl>
      </div>

      {proposal ? (
        <section aria-label={`Proposed version ${proposal.version}`} aria-live="polite" className="border-t border-amber-200 bg-amber-50/60 p-5" data-testid="pending-proposal">
          <p className="text-sm font-medium text-amber-900">
            Version {proposal.version} proposed by {personName(proposal.proposedBy, "a former user")} on{" "}
            <time dateTime={proposal.proposedAt.toISOString()}>{formatWhen(proposal.proposedAt, timeZone)}</time>, awaiting{" "}
            {d.awaiting.map((t) => teamLabels[t].toLowerCase()).join(" and ")} sign-off
          </p>
          {proposal.changeNote ? <p className="mt-1 text-sm text-amber-900/80">“{proposal.changeNote}”</p> : null}
          <div className="mt-3 space-y-3">
            <ChangeList changes={diffDefinitions(d.inForce, proposal)} />
            <SignoffList signoffs={proposal.signoffs} timeZone={timeZone} pendingLabel="awaiting sign-off" />
            {canSign ? <SignOffButton versionId={proposal.id} version={proposal.version} team={myTeam!} label={d.label} /> : null}
          </div>
        </section>
      ) : null}

      <footer className="mt-auto flex flex-col gap-3 border-t border-slate-100 px-5 py-3">
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <Link href={`/definitions/${d.stage}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
            History of {d.label.replace(/ \(.*\)$/, "")} ({d.latest.version} version{d.latest.version === 1 ? "" : "s"})
          </Link>
          {!mayPropose && role !== "executive" ? (
            <span className="text-xs text-slate-500">Owned by {d.latest.owner}: only an admin or {d.latest.owner} proposes changes.</span>
          ) : null}
        </div>
        {mayPropose ? (
          <details className="group">
            <summary className="inline-flex cursor-pointer items-center gap-1 rounded-md text-sm font-medium text-slate-800 hover:text-brand-700 focus-visible:ring-2 focus-visible:ring-brand-200 focus-visible:outline-none">
              <span aria-hidden="true" className="transition-transform group-open:rotate-90">
                ▸
              </span>
              Propose a change
            </summary>
            <div className="pt-4">
              <ProposeChangeForm
                defaults={{
                  stage: d.stage,
                  label: d.label,
                  latestVersion: d.latest.version,
                  definition: d.latest.definition,
                  owner: d.latest.owner,
                  slaValue: d.latest.slaValue === null ? "" : String(d.latest.slaValue),
                  slaUnit: d.latest.slaUnit ?? "",
                  slaText: d.latest.slaText ?? "",
                }}
              />
            </div>
          </details>
        ) : null}
      </footer>
    </article>
  );
}
