/** Small server-rendered pieces shared by the definitions list and the history. */
import { Badge } from "@/components/ui/card";
import type { DefinitionSignoff, Person } from "@/db/queries/definitions";
import { formatWhen } from "@/lib/format";
import { fieldLabels, formatFieldValue, formatSlaDuration, teamLabels, type FieldChange } from "@/lib/definitions/rules";
import { teams, type SlaUnit, type Team } from "@/lib/domain/funnel-definitions";

export function personName(person: Person | null, fallback: string): string {
  return person?.name ?? fallback;
}

export function OwnerBadge({ owner }: { owner: Team }) {
  return <Badge tone={owner === "marketing" ? "brand" : "neutral"}>Owner: {teamLabels[owner]}</Badge>;
}

/** The SLA in words and in numbers, or a plain "No SLA". */
export function SlaSummary({ value, unit, text }: { value: number | null; unit: SlaUnit | null; text: string | null }) {
  const duration = formatSlaDuration(value, unit);
  if (!duration && !text) return <span className="text-slate-500">No SLA</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
      {text ? <span className="text-slate-900">{text}</span> : null}
      {duration ? (
        <Badge tone="warning">
          <span className="sr-only">Time limit: </span>
          {duration}
        </Badge>
      ) : (
        <span className="text-xs text-slate-500">(a rule, no time limit)</span>
      )}
    </span>
  );
}

/** Who signed for each team and when; a team that has not signed says so. */
export function SignoffList({ signoffs, timeZone, pendingLabel = "Not signed yet" }: { signoffs: readonly DefinitionSignoff[]; timeZone: string; pendingLabel?: string }) {
  return (
    <ul className="space-y-1 text-sm">
      {teams.map((team) => {
        const s = signoffs.find((x) => x.team === team);
        return (
          <li key={team} className="flex items-baseline gap-x-2">
            <span aria-hidden="true" className={s ? "text-emerald-700" : "text-amber-700"}>
              {s ? "✓" : "○"}
            </span>
            <span className="min-w-0">
              <span className="font-medium text-slate-700">{teamLabels[team]}:</span>{" "}
              {s ? (
                <span className="text-slate-700">
                  <span className="sr-only">signed by </span>
                  {personName(s.signedBy, "the playbook (seeded)")}
                  <span className="text-slate-500">
                    , <time dateTime={s.signedAt.toISOString()}>{formatWhen(s.signedAt, timeZone)}</time>
                  </span>
                </span>
              ) : (
                <span className="text-amber-800">{pendingLabel}</span>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** Old → new, field by field. */
export function ChangeList({ changes }: { changes: readonly FieldChange[] }) {
  if (changes.length === 0) return <p className="text-sm text-slate-500">No field changed.</p>;
  return (
    <dl className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
      {changes.map((c) => (
        <div key={c.field} className="grid gap-1 px-3 py-2 sm:grid-cols-[9rem_1fr] sm:gap-3">
          <dt className="font-medium text-slate-600">{fieldLabels[c.field]}</dt>
          <dd className="flex min-w-0 flex-wrap items-baseline gap-x-2 gap-y-1 break-words">
            <del className="rounded bg-red-50 px-1 text-red-800 decoration-red-400">
              <span className="sr-only">was </span>
              {formatFieldValue(c.field, c.from)}
            </del>
            <span aria-hidden="true" className="text-slate-500">
              →
            </span>
            <ins className="rounded bg-emerald-50 px-1 text-emerald-900 no-underline">
              <span className="sr-only">now </span>
              {formatFieldValue(c.field, c.to)}
            </ins>
          </dd>
        </div>
      ))}
    </dl>
  );
}
