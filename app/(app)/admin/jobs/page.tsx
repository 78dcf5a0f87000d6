import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { cadenceOverview, type RunView } from "@/lib/cadence/jobs";
import { roleLabels } from "@/lib/domain/roles";
import { formatDuration, formatWhen } from "@/lib/format";
import { guardedPage } from "@/app/_guard/guarded-page";
import { RefreshWhilePending } from "@/components/ui/refresh-while-pending";
import { automationInfo } from "@/lib/domain/automations";
import { ScheduleRow, type ScheduleRowData } from "./schedule-row";

export const metadata: Metadata = { title: "Jobs" };

function runText(run: RunView, timeZone: string): ScheduleRowData["lastRun"] {
  const when = run.completedAt ?? run.startedAt;
  return {
    state: run.state,
    when: when ? formatWhen(when, timeZone) : null,
    trigger: run.trigger === "manual" ? "run now" : "scheduled",
    duration: run.durationMs === null ? null : formatDuration(run.durationMs),
    result: run.result,
    error: run.error,
    attempts: `${run.attempt + 1} of ${run.retryLimit + 1}`,
    report: run.report ? { id: run.report.id, title: run.report.title } : null,
  };
}

export default guardedPage("jobs:manage", async function JobsPage() {
  const views = await cadenceOverview(getDb());
  const timeZone = views[0]?.timeZone ?? "UTC";
  const pending = views.some((v) => v.pending !== null);
  return (
    <>
      <PageHeader
        title="Jobs"
        description={
          <>
            The playbook&apos;s refresh cadence, run on schedule at the times below in the organisation&apos;s time zone (<strong>{timeZone}</strong>, set under{" "}
            <Link href="/settings/targets" className="text-brand-700 underline">
              Targets
            </Link>
            ). A run that fails is retried, then shown failed with its error. Each run archives its review under{" "}
            <Link href="/reports" className="text-brand-700 underline">
              Reports
            </Link>
            .
          </>
        }
      />
      {pending ? <RefreshWhilePending /> : null}
      <ul className="space-y-4" aria-label="Scheduled jobs">
        {views.map((v) => (
          <ScheduleRow
            key={v.key}
            row={{
              key: v.key,
              label: v.cadence.label,
              description: v.cadence.description,
              frequency: v.cadence.frequency,
              owner: roleLabels[v.cadence.owner],
              enabled: v.setting.enabled,
              switchedBy: v.setting.switchedBy ? { label: automationInfo[v.setting.switchedBy].label, path: automationInfo[v.setting.switchedBy].path! } : null,
              time: v.setting.time,
              version: v.setting.version,
              timeZone: v.timeZone,
              nextRun: v.nextRun ? formatWhen(v.nextRun, v.timeZone) : null,
              lastRun: v.lastRun ? runText(v.lastRun, v.timeZone) : null,
              pending: v.pending ? runText(v.pending, v.timeZone) : null,
            }}
          />
        ))}
      </ul>
    </>
  );
});
