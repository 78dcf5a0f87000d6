import { exportEntities, exportEntityLabels, exportPath, type ExportEntity } from "@/lib/export/entities";

/**
 * Download links for the CSV exports. Plain anchors, not client navigation: the response is a file.
 * No `download` attribute: Content-Disposition already saves the file, and when the session has
 * ended the browser then shows the sign-in page instead of saving it as a .csv.
 * `accountId` narrows the buying-group maps to one account (the other exports are always whole).
 */
export function ExportLinks({
  entities = exportEntities,
  accountId,
  className = "",
}: {
  entities?: readonly ExportEntity[];
  accountId?: number;
  className?: string;
}) {
  return (
    <ul className={`flex flex-wrap gap-2 ${className}`}>
      {entities.map((entity) => (
        <li key={entity}>
          <a
            href={exportPath(entity, entity === "buying-groups" ? { accountId } : {})}
            className="inline-flex min-h-9 items-center gap-2 rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 transition-colors hover:bg-slate-50"
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" className="size-4 text-slate-500">
              <path d="M10 3v10m0 0-4-4m4 4 4-4M4 16h12" />
            </svg>
            <span className="sr-only">Download </span>
            {exportEntityLabels[entity]}
            <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">CSV</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
