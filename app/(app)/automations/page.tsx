import type { Metadata } from "next";
import Link from "next/link";
import { Badge, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { can } from "@/lib/auth/permissions";
import { buildDeploymentPlan } from "@/lib/automations/deployment-plan";
import { effectSummary } from "@/lib/reports/ai-agent-deployment-plan";
import { isSwitchedAutomation } from "@/lib/domain/automations";
import { formatDate } from "@/lib/format";
import { SwitchForm } from "./forms";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Automations" };

export default guardedPage("signals:view", async function AutomationsPage({ user }) {
  const db = getDb();
  const plan = await buildDeploymentPlan(db);
  const { today } = plan;
  const admin = can(user.role, "settings:manage");
  const rows = plan.entries;
  const next = rows.find((r) => r.key === plan.next);

  return (
    <>
      <PageHeader
        title="Automations"
        description="The playbook's automations in its order of deployment. Each is switched on on a day and proves itself against the same number of days before it: switch on one at a time, and the next once the last has shown its effect."
        actions={
          <a href="/automations/plan" download className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Download ai-agent-deployment-plan.md
          </a>
        }
      />
      {next ? (
        <p className="mb-4 text-sm text-slate-700" data-testid="next-automation">
          Next to switch on: <strong>{next.info.label}</strong> (priority {next.info.priority}).
        </p>
      ) : null}
      <ol className="space-y-4" data-testid="automations">
        {rows.map((entry) => {
          const { key, info, state } = entry;
          return (
          <li key={key} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid={`automation-${key}`}>
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div className="min-w-0">
                <h2 className="text-base font-semibold text-slate-900">
                  <span className="text-slate-500">{info.priority}. </span>
                  {info.path ? (
                    <Link href={info.path} className="text-brand-700 underline">
                      {info.label}
                    </Link>
                  ) : (
                    info.label
                  )}
                </h2>
                <p className="mt-1 text-sm text-slate-700">{info.does}</p>
              </div>
              <div className="flex flex-wrap gap-2">
                {!state.built ? <Badge>Not available yet</Badge> : state.enabled ? <Badge tone="success">{state.since ? `On since ${formatDate(state.since)}` : "On"}</Badge> : state.since ? <Badge tone="warning">Off since {formatDate(state.offSince ?? today)}</Badge> : <Badge>Off</Badge>}
              </div>
            </div>
            <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
              <dt className="text-slate-500">Impact · effort</dt>
              <dd className="text-slate-800">
                {info.impact} · {info.effort}
              </dd>
              <dt className="text-slate-500">Proves itself on</dt>
              <dd className="text-slate-800">{info.measure}</dd>
              <dt className="text-slate-500">Measured effect</dt>
              <dd className="text-slate-800" data-testid="effect">
                {effectSummary(entry)}
              </dd>
            </dl>
            {admin && state.built && isSwitchedAutomation(key) ? (
              <div className="mt-4 border-t border-slate-100 pt-4">
                <SwitchForm automation={key} label={info.label} enabled={state.enabled} since={state.offSince ? null : state.since} today={today} />
              </div>
            ) : admin && key === "lead_router" ? (
              <p className="mt-3 text-sm text-slate-600">
                Its day is set on{" "}
                <Link href="/signals/router" className="text-brand-700 underline">
                  Router: before and after
                </Link>
                .
              </p>
            ) : null}
          </li>
          );
        })}
      </ol>
    </>
  );
});
