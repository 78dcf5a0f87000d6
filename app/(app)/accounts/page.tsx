import type { Metadata } from "next";
import Link from "next/link";
import { InvalidLink } from "@/components/filters/invalid-link";
import { FilterBar } from "@/components/filters/period-filter-bar";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { accountOwners, listAccounts } from "@/db/queries/accounts";
import { exportPath } from "@/lib/export/entities";
import { ACCOUNTS_PER_PAGE, parseAccountList } from "@/lib/abm/account-list";
import { abmContext, buildAbmProgram, parseAbmRequest } from "@/lib/abm/program";
import { can } from "@/lib/auth/permissions";
import { formatPeriod } from "@/lib/format";
import { periodPresetLabels } from "@/lib/metrics/period";
import { AccountFilters } from "./account-filters";
import { AccountTable } from "./account-table";
import { ProgramSection } from "./program-section";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Accounts and ABM" };

const linkButton = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50";

export default guardedPage("accounts:view", async function AccountsPage({ user, searchParams: params }) {
  const db = getDb();
  const context = await abmContext(db);
  const period = parseAbmRequest(params, context.today);
  const list = parseAccountList(params);
  if (!period.ok || !list.ok) {
    const problem = !period.ok ? period : (list as Extract<typeof list, { ok: false }>);
    return (
      <>
        <PageHeader title="Accounts and ABM" />
        <InvalidLink parameter={problem.parameter} error={problem.error} href="/accounts" />
      </>
    );
  }
  const { request } = list;
  const [program, accounts, owners] = await Promise.all([
    buildAbmProgram(db, period.request, context),
    listAccounts(db, {
      rules: context.settings.tierRules,
      filters: request.filters,
      sort: request.sort,
      descending: request.descending,
      limit: ACCOUNTS_PER_PAGE,
      offset: (request.page - 1) * ACCOUNTS_PER_PAGE,
    }),
    accountOwners(db),
  ]);
  const periodQuery = new URLSearchParams(
    period.request.preset === "custom" ? { period: "custom", from: period.request.period.from, to: period.request.period.to } : { period: period.request.preset },
  ).toString();
  const noAccounts = program.tiers.every((t) => t.accounts === 0) && program.outsideProgram.accounts === 0;

  return (
    <>
      <PageHeader
        title="Accounts and ABM"
        description={
          <>
            The ABM program by tier, and every account with its buying-group coverage. Measures for {periodPresetLabels[period.request.preset].toLowerCase()}:{" "}
            <strong>{formatPeriod(period.request.period.from, period.request.period.to)}</strong>.
          </>
        }
        actions={
          <>
            {can(user.role, "abm:manage") ? (
              <>
                <Link href="/settings/icp" className={linkButton}>
                  ICP model
                </Link>
                <Link href="/settings/abm" className={linkButton}>
                  Tier rules
                </Link>
              </>
            ) : null}
            <a href={`/accounts/program?${periodQuery}`} download className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
              Program design (.md)
            </a>
          </>
        }
      />
      <FilterBar choices={{ segments: [], sources: [] }} preset={period.request.preset} from={period.request.period.from} to={period.request.period.to} periodOnly />
      {noAccounts ? (
        <Alert tone="info" title="No accounts yet">
          Import your CRM&apos;s accounts and contacts on the <Link href="/import" className="underline">Import</Link> page; tiers are suggested from ICP fit, intent and an engaged Champion on the buying-group map.
        </Alert>
      ) : (
        <ProgramSection program={program} />
      )}
      <section id="accounts" aria-labelledby="accounts-heading" className="mt-6 scroll-mt-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="accounts-heading" className="text-base font-semibold text-slate-900">
            Accounts
          </h2>
          <a href={exportPath("buying-groups", {})} className="text-sm font-medium text-brand-700 hover:underline">
            Export all maps (CSV)
          </a>
        </div>
        <AccountFilters owners={owners} />
        <div className="mt-4">
          <AccountTable rows={accounts.rows} total={accounts.total} request={request} periodQuery={periodQuery} currency={program.organisation.currency} pageSize={ACCOUNTS_PER_PAGE} />
        </div>
      </section>
    </>
  );
});
