import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { openStages, stallCounts } from "@/db/queries/stalls";
import { can } from "@/lib/auth/permissions";
import { formatCount } from "@/lib/format";
import { stallInfo, stallPatterns } from "@/lib/win-loss/stalls";
import { StallSettingsForm } from "./stall-settings-form";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Stall patterns" };

export default guardedPage("deals:view", async function StallSettingsPage({ user }) {
  const db = getDb();
  const [settings, stages] = await Promise.all([getSetting(db, "stalls"), openStages(db)]);
  const counts = await stallCounts(db, { now: new Date(), settings });
  const stageName = (id: number) => stages.find((s) => s.id === id)?.name ?? `stage #${id}`;
  return (
    <>
      <PageHeader
        title="Stall patterns"
        description="The ways an open deal stops moving, as the playbook names them, and the thresholds each is judged by. A deal showing one gets its tactic on its page and in its owner's overview."
      />
      <Card title="Open deals showing each pattern now" description="Each count opens its deals; a deal may show several patterns.">
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Open deals by stall pattern">
          {stallPatterns.map((p) => (
            <li key={p} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2">
              <Link href={`/deals?status=open&stall=${p}&owner=all`} className="w-10 text-right font-semibold text-brand-700 tabular-nums underline" aria-label={`${formatCount(counts[p])} deals: ${stallInfo[p].label}`}>
                {formatCount(counts[p])}
              </Link>
              <span className="font-medium text-slate-900">{stallInfo[p].label}</span>
              <span className="basis-full pl-13 text-slate-600 sm:basis-auto sm:pl-0">{stallInfo[p].rule(settings, stageName)}</span>
            </li>
          ))}
        </ul>
      </Card>
      <div className="mt-6">
        {can(user.role, "settings:manage") ? (
          <StallSettingsForm initial={settings} stages={stages} />
        ) : (
          <p className="text-sm text-slate-600">Admins set these thresholds.</p>
        )}
      </div>
    </>
  );
});
