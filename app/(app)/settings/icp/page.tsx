import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { getSetting, settingStamp } from "@/db/queries/settings";
import { fitRecomputeStatus } from "@/lib/abm/fit-job";
import { formatCount, formatWhen } from "@/lib/format";
import { guardedPage } from "@/app/_guard/guarded-page";
import { RefreshWhilePending } from "@/components/ui/refresh-while-pending";
import { IndustryRulesEditor } from "./industry-rules-editor";
import { ModelForm } from "./model-form";

export const metadata: Metadata = { title: "ICP model" };

export default guardedPage("abm:manage", async function IcpSettingsPage() {
  const db = getDb();
  const [model, { rules }, modelStamp, rulesStamp, status, { timeZone, currency }] = await Promise.all([
    getSetting(db, "icpModel"),
    getSetting(db, "industryRules"),
    settingStamp(db, "icpModel"),
    settingStamp(db, "industryRules"),
    fitRecomputeStatus(db),
    getSetting(db, "organisation"),
  ]);
  return (
    <>
      <BackLink href="/accounts" label="Accounts" />
      <PageHeader
        title="ICP model"
        description={
          <>
            The ideal customer profile every account&apos;s fit (0–100) is computed by, and the rules that file industries as your CRM writes them. Below 40 is disqualify, 40–70 monitor, above 70
            a qualified fit. Saving either recomputes every account&apos;s fit, and the{" "}
            <Link href="/settings/abm" className="text-brand-700 underline">
              tier suggestions
            </Link>{" "}
            follow.
          </>
        }
      />
      <p className="mb-4 text-sm text-slate-600" data-testid="fit-recompute-status" aria-live="polite">
        {status === null
          ? "Fits are recomputed when the model or the rules are saved, and for each account an import writes."
          : status.state === "pending"
            ? "Recomputing every account's fit…"
            : status.state === "completed"
              ? `Fits last recomputed ${status.at ? formatWhen(status.at, timeZone) : ""}: ${formatCount(status.accounts ?? 0)} accounts, ${formatCount(status.changed ?? 0)} changed.`
              : `The last recompute failed: ${status.error}`}
      </p>
      {status?.state === "pending" ? <RefreshWhilePending /> : null}
      <ModelForm saved={model} loadedAt={modelStamp.updatedAt} currency={currency} />
      <div className="mt-8">
        <IndustryRulesEditor saved={rules} loadedAt={rulesStamp.updatedAt} />
      </div>
    </>
  );
});
