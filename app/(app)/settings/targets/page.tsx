import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { getSetting, quotasForQuarter, stageExpectedDays } from "@/db/queries/settings";
import { targetInForce } from "@/db/queries/velocity";
import { can } from "@/lib/auth/permissions";
import { formatPeriod } from "@/lib/format";
import { addDays, presetPeriod, todayIn } from "@/lib/metrics/period";
import { groupNumberText } from "@/lib/text/number-input";
import { BenchmarksForm, FunnelSettingsForm, OrganisationForm, QuotasForm, StageExpectedDaysForm, TargetsForm } from "./forms";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Targets and benchmarks" };

const pct = (ratio: number) => String(Math.round(ratio * 1000) / 10);

export default guardedPage("targets:view", async function TargetsPage({ user }) {
  const canEdit = can(user.role, "settings:manage");
  const db = getDb();
  const [organisation, velocity, funnel] = await Promise.all([getSetting(db, "organisation"), getSetting(db, "velocity"), getSetting(db, "funnel")]);
  const today = todayIn(organisation.timeZone);
  const quarter = presetPeriod("this_quarter", today);
  const monthStart = `${today.slice(0, 8)}01`;
  const [velocityTarget, pipelineTarget, quotas, stages] = await Promise.all([
    targetInForce(db, "velocity_per_day", today),
    targetInForce(db, "pipeline_created_per_month", today),
    quotasForQuarter(db, quarter.from),
    stageExpectedDays(db),
  ]);
  const quarterEnd = addDays(presetPeriod("this_quarter", addDays(quarter.from, 95)).from, -1);

  return (
    <>
      <PageHeader title="Targets and benchmarks" description="What the velocity and funnel dashboards measure against. Every change is recorded with who made it and when." />
      {!canEdit ? (
        <div className="mb-6">
          <Alert tone="info">You can see the targets; only a RevOps admin can change them.</Alert>
        </div>
      ) : null}
      <div className="space-y-6">
        <TargetsForm
          canEdit={canEdit}
          velocity={velocityTarget === null ? "" : String(Number(velocityTarget))}
          pipeline={pipelineTarget === null ? "" : String(Number(pipelineTarget))}
          effectiveFrom={monthStart}
          currency={organisation.currency}
        />
        <QuotasForm
          canEdit={canEdit}
          quarterStart={quarter.from}
          quarterLabel={formatPeriod(quarter.from, quarterEnd)}
          reps={quotas}
          currency={organisation.currency}
        />
        <BenchmarksForm
          canEdit={canEdit}
          values={{
            improvement: pct(velocity.improvement),
            tierBounds: velocity.dealSizeTierBounds.map((b) => groupNumberText(String(b))).join(" "),
            winRateBelow: pct(velocity.thresholds.winRateBelow),
            cycleDaysAbove: String(velocity.thresholds.cycleDaysAbove),
            opportunitiesPerMonthBelow: String(velocity.thresholds.opportunitiesPerMonthBelow),
            benchmarkWinRate: pct(velocity.benchmarks.winRate),
            benchmarkOpportunities: String(velocity.benchmarks.opportunitiesPerMonth),
            benchmarkCycle: String(velocity.benchmarks.cycleDays),
            benchmarkDealSize: velocity.benchmarks.averageDealSize === null ? "" : String(velocity.benchmarks.averageDealSize),
          }}
          currency={organisation.currency}
        />
        <StageExpectedDaysForm canEdit={canEdit} stages={stages} />
        <FunnelSettingsForm
          canEdit={canEdit}
          values={{
            lead: String(funnel.expectedDays.lead),
            mql: String(funnel.expectedDays.mql),
            sql: String(funnel.expectedDays.sql),
            opportunity: String(funnel.expectedDays.opportunity),
            breachArchiveDays: String(funnel.breachArchiveDays),
          }}
        />
        <OrganisationForm canEdit={canEdit} timeZone={organisation.timeZone} currency={organisation.currency} />
      </div>
    </>
  );
});
