import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { automationInfo, type SwitchedAutomation } from "@/lib/domain/automations";
import type { ActionView } from "@/db/queries/automations";
import { formatDate, formatWhen } from "@/lib/format";
import { MAX_WINDOW_DAYS, type BeforeAfterWindows } from "@/lib/metrics/before-after";
import type { AutomationSwitch } from "@/lib/settings/definitions";
import { FiguresTable, WinLossSection } from "../win-loss/figures";
import { SwitchForm } from "./forms";

const shortName: Partial<Record<SwitchedAutomation, string>> = { competitive_alert_monitor: "the monitor", buying_group_mapper: "the mapper", win_loss_analyzer: "the analyzer", campaign_orchestrator: "the orchestrator", content_personalizer: "the personalizer" };

/**
 * The top of an automation's page: what it does, a way back to all of them, and its switch: on since
 * when and what that means (`whileOn`), or off since when; the admin's form to switch it.
 */
export function AutomationHeader({ automation, state, today, admin, whileOn, whileOff }: { automation: SwitchedAutomation; state: AutomationSwitch; today: string; admin: boolean; whileOn: string; whileOff: string }) {
  const info = automationInfo[automation];
  return (
    <>
      <PageHeader title={info.label} description={info.does} />
      <p className="-mt-2 mb-4 text-sm">
        <Link href="/automations" className="text-brand-700 underline">
          All automations
        </Link>
      </p>
      <section aria-labelledby="switch-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="switch-heading" className="text-base font-semibold text-slate-900">
          Switch
        </h2>
        <p className="mt-1 mb-3 text-sm text-slate-700" data-testid="automation-state">
          {state.enabled && state.since
            ? `On since ${formatDate(state.since)}: ${whileOn}`
            : state.since
              ? `Off since ${formatDate(state.offSince ?? today)} (it ran from ${formatDate(state.since)}). ${whileOff}`
              : "Off: it has never run."}
        </p>
        {info.path === null ? (
          <p className="text-sm text-slate-600" data-testid="not-available">
            Not available yet: it cannot be switched on. What is below is a preview, to prepare for it.
          </p>
        ) : admin ? (
          <SwitchForm automation={automation} label={shortName[automation] ?? info.label} enabled={state.enabled} since={state.offSince ? null : state.since} today={today} />
        ) : (
          <p className="text-sm text-slate-500">A RevOps admin switches it on or off.</p>
        )}
      </section>
    </>
  );
}

type ComparedWindows = Extract<BeforeAfterWindows, { ok: true }>;

/**
 * An automation's before and after: the windows it compares (or why there is nothing to compare
 * yet), then what `children` draws for them. `who` names it ("the mapper") while it has no windows.
 */
export function ImpactSection({
  title,
  windows,
  who,
  note = "",
  counted = "Deals closed",
  children,
}: {
  title: string;
  windows: BeforeAfterWindows | null;
  who: string;
  note?: string;
  /** What each window counts, as the description's first words. */
  counted?: string;
  children: (windows: ComparedWindows) => React.ReactNode;
}) {
  return (
    <WinLossSection
      id="impact"
      title={title}
      description={
        windows?.ok
          ? `${counted} ${formatDate(windows.before.from)}–${formatDate(windows.before.to)} (before) against ${formatDate(windows.after.from)}–${formatDate(windows.after.to)} (after)${windows.capped ? `, both capped at ${MAX_WINDOW_DAYS} days` : ""}.${note}`
          : `The comparison starts once ${who} has been switched on.`
      }
    >
      {windows && !windows.ok ? (
        <Alert tone="info" title="Nothing to compare yet">
          {windows.reason}
        </Alert>
      ) : windows?.ok ? (
        children(windows)
      ) : null}
    </WinLossSection>
  );
}

/** An automation's latest actions, each with when, what and why (and the account it was about, and whom it reached). */
export function ActionLogTable({ log, timeZone, caption, account = true }: { log: readonly ActionView[]; timeZone: string; caption: string; account?: boolean }) {
  return (
    <FiguresTable caption={caption} columns={["When", ...(account ? ["Account"] : []), "What", "Why"]} minWidth="md:min-w-[52rem]" testId="automation-actions" textColumns>
      {log.map((a) => (
        <tr key={a.id}>
          <th scope="row" className="py-2.5 pr-3 font-normal whitespace-nowrap text-slate-700">
            {formatWhen(a.at, timeZone)}
          </th>
          {account ? (
            <td data-label="Account" className="py-2.5 pr-3">
              {a.accountId ? (
                <Link href={`/accounts/${a.accountId}`} className="text-brand-700 underline">
                  {a.accountName ?? `Account #${a.accountId}`}
                </Link>
              ) : (
                "—"
              )}
            </td>
          ) : null}
          <td data-label="What" className="py-2.5 pr-3">
            {a.action}
            {a.userName ? <span className="block text-xs text-slate-500">{a.userName}</span> : null}
          </td>
          <td data-label="Why" className="py-2.5 text-slate-700">{a.reason}</td>
        </tr>
      ))}
    </FiguresTable>
  );
}
