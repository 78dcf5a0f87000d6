import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { signalTypeEntries } from "@/db/queries/signal-types";
import { can } from "@/lib/auth/permissions";
import { formatWhen } from "@/lib/format";
import { derivedSignalTypes, tierLabels } from "@/lib/domain/signal-types";
import { signalTiers } from "@/lib/signals/taxonomy";
import { SignalsNav } from "../signals-nav";
import { TaxonomyTable, type TaxonomyRow } from "./taxonomy-table";
import { StreamSettingsForm } from "./stream-settings-form";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Signal taxonomy" };

const tierMeaning = {
  high: "Trigger immediate action: a sales handoff or an SDR call within the response SLA.",
  medium: "Trigger nurture acceleration: the next asset on the topic, a personalised sequence.",
  low: "Trigger programmatic engagement; the account is re-scored on its next signal.",
  external: "Events outside the buyer's own actions that trigger proactive outreach.",
} as const;

export default guardedPage("signals:view", async function TaxonomyPage({ user }) {
  const db = getDb();
  const [entries, { timeZone }, { routingSince: _routingSince, ...stream }] = await Promise.all([signalTypeEntries(db), getSetting(db, "organisation"), getSetting(db, "signals")]);
  const canEdit = can(user.role, "scoring:manage");
  const rows: TaxonomyRow[] = entries.map((e) => ({
    key: e.key,
    label: e.label,
    tier: e.tier,
    points: e.points,
    halfLifeDays: e.halfLifeDays,
    responsePlaybook: e.responsePlaybook,
    description: e.description,
    version: e.version,
    derived: derivedSignalTypes.has(e.key),
    changed: e.updatedAt === null ? null : `${e.updatedBy ?? "a former user"}, ${formatWhen(new Date(e.updatedAt), timeZone)}`,
  }));

  return (
    <>
      <PageHeader
        title="Signal taxonomy"
        description="Every buyer action the app recognises: how many intent points it is worth when fresh, how fast that fades (the half-life: after it, the signal counts half), and what the team does when it fires."
        actions={
          <a href="/signals/taxonomy/system" download className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Download signal-engagement-system.md
          </a>
        }
      />
      <SignalsNav current="/signals/taxonomy" />
      <p className="mb-4 text-sm text-slate-600">
        {canEdit
          ? "Edit a type in place. A change applies to signals scored after it is saved; stored scores stay as they were. Each change is recorded in the audit log."
          : "Read-only for your role: marketing and RevOps admins tune points, half-lives and playbooks."}{" "}
        Types marked “derived from the stream” are raised by the app itself and cannot be sent through the API.
      </p>
      {rows.length === 0 ? (
        <Alert tone="info" title="No signal types yet">
          The taxonomy is created when the database is set up; restart the app to create it.
        </Alert>
      ) : (
        <div className="space-y-6">
          {signalTiers.map((tier) => {
            const inTier = rows.filter((r) => r.tier === tier);
            return (
              <section key={tier} aria-labelledby={`tier-${tier}`} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
                <h2 id={`tier-${tier}`} className="text-base font-semibold text-slate-900">
                  {tierLabels[tier]} <span className="text-sm font-normal text-slate-500">· {inTier.length} types</span>
                </h2>
                <p className="mt-1 mb-3 text-sm text-slate-600">{tierMeaning[tier]}</p>
                {inTier.length === 0 ? <p className="text-sm text-slate-500">No type in this tier; move one here by editing its tier.</p> : <TaxonomyTable tier={tier} rows={inTier} canEdit={canEdit} />}
              </section>
            );
          })}
        </div>
      )}
      <div className="mt-6">
        <StreamSettingsForm initial={stream} canEdit={canEdit} />
      </div>
    </>
  );
});
