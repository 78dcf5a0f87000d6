import { Badge } from "@/components/ui/card";
import { buyingGroupRoleInfo } from "@/lib/domain/buying-group";
import type { Coverage, Gap } from "@/lib/metrics/buying-group";

const kindText = { missing: { label: "Missing", tone: "danger" }, under_engaged: { label: "Under-engaged", tone: "warning" }, gone_dark: { label: "Gone dark", tone: "neutral" } } as const;

export function GapList({ gaps, empty }: { gaps: Gap[]; empty: string }) {
  if (gaps.length === 0) return <p className="text-sm text-emerald-700">✓ {empty}</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {gaps.map((gap) => (
        <li key={gap.role} className="flex flex-col gap-1 py-2.5 sm:flex-row sm:items-start sm:gap-3">
          <span className="flex w-64 shrink-0 items-center gap-2 whitespace-nowrap">
            <Badge tone={kindText[gap.kind].tone}>{kindText[gap.kind].label}</Badge>
            <span className="text-sm font-medium text-slate-800">{buyingGroupRoleInfo[gap.role].label}</span>
          </span>
          <span className="text-sm text-slate-700">
            {gap.action}
            {gap.pick ? (
              <span className="mt-0.5 block text-xs text-slate-500" data-testid="gap-pick">
                Send:{" "}
                <a href={gap.pick.url} className="text-brand-700 underline" rel="noreferrer noopener" target="_blank">
                  {gap.pick.title}
                </a>{" "}
                (the Content Personalizer&apos;s pick: {gap.pick.reasons.join("; ")})
              </span>
            ) : (
              <span className="mt-0.5 block text-xs text-slate-500">Send: {gap.asset}</span>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Roles identified / engaged / active out of 5, as the coverage score. */
export function CoverageScore({ coverage }: { coverage: Coverage }) {
  const rows = [
    { label: "Identified", n: coverage.identified, colour: "bg-brand-300" },
    { label: "Engaged", n: coverage.engaged, colour: "bg-brand-600" },
    { label: "Active", n: coverage.active, colour: "bg-brand-900" },
  ];
  return (
    <dl className="space-y-2" aria-label="Coverage score">
      {rows.map((r) => (
        <div key={r.label} className="grid grid-cols-[5.5rem_1fr_2.5rem] items-center gap-2 text-sm">
          <dt className="text-slate-600">{r.label}</dt>
          <span className="flex gap-1" aria-hidden="true">
            {[0, 1, 2, 3, 4].map((i) => (
              <span key={i} className={`h-2.5 flex-1 rounded-sm ${i < r.n ? r.colour : "bg-slate-100"}`} />
            ))}
          </span>
          <dd data-testid={`coverage-${r.label.toLowerCase()}`} className="text-right font-semibold text-slate-900 tabular-nums">
            {r.n} / 5
          </dd>
        </div>
      ))}
    </dl>
  );
}
