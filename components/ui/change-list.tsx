/** One change of a record as its history shows it: who changed what, from what, to what, when. */
export interface Change {
  at: Date;
  by: string | null;
  what: string;
  from: string | null;
  to: string | null;
}

/** A record's history, newest first, one line a change. */
export function ChangeList({ changes, label, when }: { changes: readonly Change[]; label: string; when: (at: Date) => string }) {
  return (
    <ol className="mt-3 divide-y divide-slate-100 text-sm" aria-label={label}>
      {changes.map((h, i) => (
        <li key={i} className="flex flex-col gap-0.5 py-2 sm:flex-row sm:gap-4">
          <time dateTime={h.at.toISOString()} className="w-44 shrink-0 text-xs text-slate-600 tabular-nums">
            {when(h.at)}
          </time>
          <span className="min-w-0 break-words text-slate-800">
            <strong className="font-medium">{h.by ?? "Someone"}</strong> changed {h.what}: {h.from ?? "—"} → {h.to ?? "—"}
          </span>
        </li>
      ))}
    </ol>
  );
}
