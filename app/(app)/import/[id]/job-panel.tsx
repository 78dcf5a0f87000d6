"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { missingRequiredFields } from "@/lib/import/formats";
import { describeMatches, matchKeyLabels } from "@/lib/import/match-keys";
import type { ImportOptions } from "@/lib/import/options";
import { chooseDateFormat, sourceOwnerNames, sourceStageNames, sourceValues, suggestOptions, type UserRef } from "@/lib/import/suggest";
import { dateFormatLabels, type DateFormat } from "@/lib/import/values";
import type { ImportJobView } from "@/lib/import/view";
import { checkImportAction, commitImportAction, discardImportAction } from "../actions";
import { RollbackButton } from "../history-actions";
import { ProgressBar } from "../progress-bar";
import { ImportStatusBadge } from "../status-badge";
import type { IndustryRule } from "@/lib/abm/industries";
import { IndustryValues } from "./industry-values";
import { ScrollRegion } from "@/components/ui/scroll-region";

export interface SavedMappingRef {
  name: string;
  mapping: { columns: Record<string, string>; options?: Partial<ImportOptions> };
}

interface StageRef {
  id: number;
  name: string;
  isWon: boolean;
  isLost: boolean;
}

const n = (v: number) => v.toLocaleString("en-US");
const delimiterLabels: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab" };
const editable = (job: ImportJobView) => !job.running && ["uploaded", "validated", "failed"].includes(job.status);

/** The job as the database has it, with the progress its worker wrote so far. */
async function fetchJob(id: number): Promise<ImportJobView> {
  const response = await fetch(`/api/imports/${id}`, { cache: "no-store" });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body;
}

export function ImportJobPanel({
  initial,
  stages,
  people,
  sources,
  savedMappings,
  industryRules = [],
}: {
  initial: ImportJobView;
  stages: StageRef[];
  people: UserRef[];
  /** The lead sources the organisation's deals and leads already have. */
  sources: string[];
  savedMappings: SavedMappingRef[];
  /** For an accounts file: how its industries will be filed. */
  industryRules?: IndustryRule[];
}) {
  const client = useQueryClient();
  const key = ["import", initial.id];
  const { data: job } = useQuery({
    queryKey: key,
    queryFn: () => fetchJob(initial.id),
    initialData: initial,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data?.running ? 700 : false),
  });
  const started = (status: ImportJobView["status"]) => {
    client.setQueryData<ImportJobView>(key, (j) => j && { ...j, running: true, status, processedRows: 0, createdRows: 0, updatedRows: 0, unchangedRows: 0, failedRows: 0, rate: 0 });
    void client.invalidateQueries({ queryKey: key });
  };

  return (
    <div className="space-y-6">
      <Recognised job={job} />
      {job.running ? <RunProgress job={job} /> : null}
      {!job.running && job.message ? (
        <Alert tone="error" title={job.status === "failed" ? "The run stopped" : undefined}>
          {job.message}
        </Alert>
      ) : null}
      {!job.running && (job.status === "validated" || job.status === "failed") && job.processedRows > 0 ? <CheckResult job={job} onCommit={() => started("committing")} /> : null}
      {job.status === "completed" && !job.running ? <Completed job={job} /> : null}
      {job.status === "rolled_back" ? <Alert tone="warning">This import was rolled back: the rows it added were removed and the rows it changed have their earlier values again.</Alert> : null}
      {job.status === "cancelled" ? <Alert tone="info">This import was discarded before anything was written.</Alert> : null}
      {editable(job) ? (
        <SettingsEditor key={`${job.id}-${job.status}`} job={job} stages={stages} people={people} sources={sources} savedMappings={savedMappings} industryRules={industryRules} onChecked={() => started("validating")} />
      ) : null}
    </div>
  );
}

function Recognised({ job }: { job: ImportJobView }) {
  const a = job.analysis;
  return (
    <Card>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-500">Recognised as</dt>
          <dd className="font-medium text-slate-900" data-testid="import-format">{job.formatLabel}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Holds</dt>
          <dd className="font-medium text-slate-900">{job.entityLabel}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Rows</dt>
          <dd className="font-medium tabular-nums text-slate-900">{n(job.totalRows)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Status</dt>
          <dd>
            <ImportStatusBadge status={job.running ? (job.status === "committing" ? "committing" : "validating") : job.status} />
          </dd>
        </div>
      </dl>
      <p className="mt-3 text-xs text-slate-500">
        {a.header.length} columns · {delimiterLabels[a.delimiter]}-separated · UTF-8{a.bom ? " with byte-order mark" : ""}
        {a.stageColumns.length ? ` · ${a.stageColumns.length} per-stage date columns read as stage history` : ""}
      </p>
    </Card>
  );
}

function RunProgress({ job }: { job: ImportJobView }) {
  const committing = job.status === "committing";
  return (
    <Card title={committing ? "Importing" : "Checking every row"} description="This runs on the server: you can close the tab and come back.">
      <ProgressBar
        label={committing ? "Rows imported" : "Rows checked"}
        value={job.processedRows}
        max={job.totalRows}
        detail={`${n(job.processedRows)} of ${n(job.totalRows)} rows · ${n(Math.round(job.rate))} rows/s · ${n(job.createdRows)} new, ${n(job.updatedRows)} updated, ${n(job.unchangedRows)} unchanged, ${n(job.failedRows)} failed`}
      />
    </Card>
  );
}

function Counts({ job }: { job: ImportJobView }) {
  const tiles = [
    ["New", job.createdRows, "text-emerald-700"],
    ["Updated", job.updatedRows, "text-brand-700"],
    ["Unchanged", job.unchangedRows, "text-slate-700"],
    ["Failed", job.failedRows, job.failedRows ? "text-red-700" : "text-slate-700"],
  ] as const;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {tiles.map(([label, value, tone]) => (
        <div key={label} className="rounded-md border border-slate-200 px-3 py-2">
          <dt className="text-xs text-slate-500">{label}</dt>
          <dd className={`text-xl font-semibold tabular-nums ${tone}`} data-testid={`count-${label.toLowerCase()}`}>
            {n(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** What the rows of an accounts or contacts file were matched on, with the rows matched by a weaker key than a CRM id to look over. */
function MatchList({ job }: { job: ImportJobView }) {
  const summary = describeMatches(job.matches);
  if (!summary) return null;
  const examples = job.matches?.examples ?? [];
  const counts = job.matches?.counts ?? {};
  const weak = (counts.domain ?? 0) + (counts.name ?? 0) + (counts.email ?? 0);
  const label = examples.length === 1 ? "The row matched without a CRM ID" : `The ${weak > examples.length ? "first " : ""}${n(examples.length)} rows matched without a CRM ID`;
  return (
    <div className="space-y-2" data-testid="import-matches">
      <p className="text-sm text-slate-700">Rows {summary}.</p>
      {examples.length ? (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium text-brand-700">{label}</summary>
          <ScrollRegion label={label} className="mt-2">
            <table className="w-full min-w-[30rem] text-left text-sm">
              <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="py-1.5 pr-3 font-medium">Row</th>
                  <th scope="col" className="py-1.5 pr-3 font-medium">Matched on</th>
                  <th scope="col" className="py-1.5 pr-3 font-medium">In the file</th>
                  <th scope="col" className="py-1.5 font-medium">Record in the app</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {examples.map((e) => (
                  <tr key={e.row}>
                    <td className="py-1.5 pr-3 tabular-nums">{e.row}</td>
                    <td className="py-1.5 pr-3">{matchKeyLabels[e.key]}</td>
                    <td className="py-1.5 pr-3">{e.value}</td>
                    <td className="py-1.5">{e.matched}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </details>
      ) : null}
    </div>
  );
}

/** A leads import: the leads whose later stage implied an earlier one the file gave no date for. */
function InferredNote({ job }: { job: ImportJobView }) {
  if (!job.inferredNote) return null;
  return (
    <p className="text-sm text-slate-700" data-testid="inferred-stages">
      {job.inferredNote}. Each is counted as having reached the stage, dated as the next stage it reached; the funnel leaves these dates out of days per stage and SLAs.
    </p>
  );
}

function ErrorList({ job }: { job: ImportJobView }) {
  if (job.errors.length === 0) return null;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-900">{job.errorCount > job.errors.length ? `The first ${job.errors.length} problems` : "Problems"}</h3>
        <a href={`/api/imports/${job.id}/errors`} download className="text-sm font-medium text-brand-700 underline underline-offset-2">
          Download the error report ({n(job.errorCount)} {job.errorCount === 1 ? "problem" : "problems"}, CSV)
        </a>
      </div>
      <ScrollRegion label="Rows that could not be imported">
        <table className="w-full min-w-[36rem] text-left text-sm" data-testid="import-errors">
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-1.5 pr-3 font-medium">Row</th>
              <th scope="col" className="py-1.5 pr-3 font-medium">Column</th>
              <th scope="col" className="py-1.5 pr-3 font-medium">Value</th>
              <th scope="col" className="py-1.5 font-medium">Problem</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {job.errors.map((e, i) => (
              <tr key={i}>
                <td className="py-1.5 pr-3 tabular-nums">{e.row || "–"}</td>
                <td className="py-1.5 pr-3">{e.column || "–"}</td>
                <td className="max-w-48 truncate py-1.5 pr-3 font-mono text-xs" title={e.value}>{e.value || "–"}</td>
                <td className="py-1.5">{e.problem}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}

function CheckResult({ job, onCommit }: { job: ImportJobView; onCommit: () => void }) {
  const [validOnly, setValidOnly] = useState(false);
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();
  const importable = job.createdRows + job.updatedRows;
  const blocked = job.failedRows > 0 && !validOnly;
  return (
    <Card title={job.status === "validated" ? "Checked: what the import would do" : "What the last check found"} description={job.status === "validated" ? "Nothing has been written yet." : undefined}>
      <div className="space-y-5">
        <Counts job={job} />
        <MatchList job={job} />
        <InferredNote job={job} />
        <ErrorList job={job} />
        {job.status === "validated" ? (
          <div className="space-y-3 border-t border-slate-100 pt-4">
            {error ? <Alert tone="error">{error}</Alert> : null}
            {job.failedRows > 0 ? (
              <label className="flex items-start gap-2 text-sm text-slate-700">
                <input type="checkbox" className="mt-0.5 size-4" checked={validOnly} onChange={(e) => setValidOnly(e.target.checked)} />
                <span>
                  Import the valid rows only, and skip the {n(job.failedRows)} {job.failedRows === 1 ? "row" : "rows"} with problems. Otherwise fix the file or the mapping below and check again:
                  an import writes all rows or none.
                </span>
              </label>
            ) : null}
            <div className="flex flex-wrap gap-2">
              <Button
                disabled={pending || blocked || importable === 0}
                onClick={() =>
                  start(async () => {
                    setError(null);
                    const r = await commitImportAction({ id: job.id, validOnly });
                    if (r.ok) onCommit();
                    else setError(r.error);
                  })
                }
              >
                {importable === 0 ? "Nothing to import" : `Import ${n(importable)} ${importable === 1 ? "row" : "rows"}`}
              </Button>
              <Button
                variant="secondary"
                disabled={pending}
                onClick={() =>
                  start(async () => {
                    const r = await discardImportAction(job.id);
                    if (r.ok) router.push("/import");
                    else setError(r.error);
                  })
                }
              >
                Discard
              </Button>
            </div>
          </div>
        ) : null}
      </div>
    </Card>
  );
}

function Completed({ job }: { job: ImportJobView }) {
  return (
    <Card title="Imported">
      <div className="space-y-4">
        <Counts job={job} />
        <MatchList job={job} />
        <InferredNote job={job} />
        <ErrorList job={job} />
        <p className="text-sm text-slate-700">
          The dashboards include these rows now: see <Link href="/velocity" className="font-medium text-brand-700 underline underline-offset-2">Velocity</Link> and{" "}
          <Link href="/funnel" className="font-medium text-brand-700 underline underline-offset-2">Funnel</Link>.
        </p>
        <div className="border-t border-slate-100 pt-4">
          <p className="mb-2 text-sm text-slate-600">Imported the wrong file? A rollback removes the rows it added and restores the rows it changed.</p>
          <RollbackButton id={job.id} fileName={job.fileName} />
        </div>
      </div>
    </Card>
  );
}

function SettingsEditor({
  job,
  stages,
  people,
  sources,
  savedMappings,
  industryRules,
  onChecked,
}: {
  job: ImportJobView;
  stages: StageRef[];
  people: UserRef[];
  sources: string[];
  savedMappings: SavedMappingRef[];
  industryRules: IndustryRule[];
  onChecked: () => void;
}) {
  const a = job.analysis;
  const [mapping, setMapping] = useState<Record<string, string>>(job.mapping);
  const [options, setOptions] = useState<ImportOptions>(job.options);
  const [saveAs, setSaveAs] = useState("");
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);

  const columnMapping = a.header.map((h) => mapping[h] ?? null);
  const missing = missingRequiredFields(columnMapping, job.entity);
  const stageNames = useMemo(() => sourceStageNames(a, mapping), [a, mapping]);
  const owners = useMemo(() => sourceOwnerNames(a, mapping), [a, mapping]);
  const leadSources = useMemo(() => sourceValues(a, mapping), [a, mapping]);
  const dateFields = new Set(job.fields.filter((f) => f.kind === "date").map((f) => f.key));
  const guess = chooseDateFormat(a, columnMapping.flatMap((f, i) => (f && dateFields.has(f) ? [i] : [])).concat(a.stageColumns.map((c) => c.column)));
  const unmappedStages = stageNames.filter((s) => !options.stageMap[s]);
  const needsDateFormat = guess.ambiguous && !options.dateFormat;

  function remap(next: Record<string, string>) {
    setMapping(next);
    setOptions((current) => suggestOptions(a, next, stages, people, sources, current));
  }

  function applySaved(name: string) {
    const saved = savedMappings.find((m) => m.name === name);
    if (!saved) return;
    const next = Object.fromEntries(Object.entries(saved.mapping.columns).filter(([h]) => a.header.includes(h)));
    setMapping(next);
    setOptions((current) =>
      suggestOptions(a, next, stages, people, sources, {
        ...current,
        stageMap: { ...current.stageMap, ...saved.mapping.options?.stageMap },
        sourceMap: { ...current.sourceMap, ...saved.mapping.options?.sourceMap },
        dateFormat: saved.mapping.options?.dateFormat ?? current.dateFormat,
      }),
    );
    setSaveAs(saved.name);
  }

  function check() {
    setError(null);
    start(async () => {
      const r = await checkImportAction({ id: job.id, settings: {
          mapping,
          stageMap: options.stageMap,
          ownerMap: options.ownerMap,
          sourceMap: options.sourceMap ?? {},
          dateFormat: options.dateFormat,
          saveAs: saveAs.trim() || undefined,
        },
      });
      if (r.ok) onChecked();
      else setError(r.error);
    });
  }

  return (
    <div className="space-y-6">
      <Card title="Columns" description="Each column of the file and the field it fills. Columns left out are not imported; fields the file has no column for keep their current values.">
        {savedMappings.length ? (
          <div className="mb-4 max-w-sm">
            <Field label="Use a saved mapping" htmlFor="saved-mapping">
              <Select id="saved-mapping" defaultValue="" onChange={(e) => applySaved(e.target.value)}>
                <option value="">—</option>
                {savedMappings.map((m) => (
                  <option key={m.name}>{m.name}</option>
                ))}
              </Select>
            </Field>
          </div>
        ) : null}
        <ScrollRegion label="Column mapping" className="-mx-5 px-5">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">Column in the file</th>
                <th scope="col" className="hidden py-2 pr-3 font-medium sm:table-cell">Sample values</th>
                <th scope="col" className="w-44 py-2 font-medium sm:w-64">Field</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {a.columns.map((c, i) => {
                const stageColumn = a.stageColumns.find((s) => s.column === i);
                return (
                  <tr key={`${c.name}-${i}`}>
                    <td className="py-2 pr-3 align-top font-medium break-words text-slate-900">
                      {c.name || <span className="text-slate-500">(no name)</span>}
                      <span className="mt-0.5 block truncate text-xs font-normal text-slate-500 sm:hidden">{c.samples[0] ?? ""}</span>
                    </td>
                    <td className="hidden max-w-64 py-2 pr-3 align-top text-xs text-slate-600 sm:table-cell">
                      <span className="line-clamp-2 break-words">{c.samples.join(" · ") || "—"}</span>
                    </td>
                    <td className="py-2 align-top">
                      {stageColumn ? (
                        <span className="text-xs text-slate-600">Stage history ({stageColumn.kind} “{stageColumn.stage}”)</span>
                      ) : (
                        <Select
                          aria-label={`Field for column ${c.name}`}
                          value={mapping[c.name] ?? ""}
                          onChange={(e) => {
                            const next = { ...mapping };
                            // A field fills from one column: choosing it here frees it elsewhere.
                            for (const [h, f] of Object.entries(next)) if (f === e.target.value) delete next[h];
                            if (e.target.value) next[c.name] = e.target.value;
                            else delete next[c.name];
                            remap(next);
                          }}
                        >
                          <option value="">— not imported —</option>
                          {job.fields.map((f) => (
                            <option key={f.key} value={f.key}>
                              {f.label}
                              {f.required ? " (required)" : ""}
                            </option>
                          ))}
                        </Select>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
        {missing.length ? (
          <div className="mt-4">
            <Alert tone="warning">Map a column to {missing.map((f) => f.label).join(", ")}: {missing.length === 1 ? "it is" : "they are"} required.</Alert>
          </div>
        ) : null}
      </Card>

      {stageNames.length ? (
        <Card title="Stages" description="Each stage name in the file and the stage of your pipeline it means. Rows with a stage left unmapped fail the check.">
          <ValueMapping
            testId="stage-mapping"
            idPrefix="stage"
            names={stageNames}
            chosen={options.stageMap}
            onChange={(stageMap) => setOptions({ ...options, stageMap })}
            empty="— choose a stage —"
            unset={{ label: "not mapped", required: true }}
            choices={stages.map((s) => ({ id: s.id, label: `${s.name}${s.isWon ? " (won)" : s.isLost ? " (lost)" : ""}` }))}
          />
        </Card>
      ) : null}

      {owners.length ? (
        <Card title="Owners" description="Owners are matched to users by name or email. Map the others to a user, or leave their deals unassigned (add people under Users, then reload).">
          <ValueMapping
            testId="owner-mapping"
            idPrefix="owner"
            names={owners}
            chosen={options.ownerMap}
            onChange={(ownerMap) => setOptions({ ...options, ownerMap })}
            empty="Leave unassigned"
            unset={{ label: "no user", required: false }}
            choices={people.map((u) => ({ id: u.id, label: `${u.name} (${u.email})${u.active ? "" : " – deactivated"}` }))}
          />
        </Card>
      ) : null}

      {job.entity === "accounts" ? <IndustryValues analysis={a} mapping={mapping} rules={industryRules} /> : null}
      {leadSources.length ? (
        <Card
          title="Lead sources"
          description="Each source in the file and the source your deals and leads use for it. A value left blank is imported as the file gives it; type another name to use that one."
        >
          <SourceMapping values={leadSources} sources={sources} chosen={options.sourceMap ?? {}} onChange={(sourceMap) => setOptions({ ...options, sourceMap })} />
        </Card>
      ) : null}

      <Card title="Check every row" description="A dry run: every row is read and matched, and nothing is written until you import.">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Date format"
            htmlFor="date-format"
            error={needsDateFormat ? "The dates read both as month/day and day/month: choose how to read them." : undefined}
            hint={guess.format ? `Read as ${dateFormatLabels[guess.format]} unless you choose otherwise.` : undefined}
          >
            <Select
              id="date-format"
              aria-invalid={needsDateFormat}
              value={options.dateFormat ?? ""}
              onChange={(e) => setOptions({ ...options, dateFormat: (e.target.value || null) as DateFormat | null })}
            >
              <option value="">{guess.ambiguous ? "— choose —" : `Detected${guess.format ? `: ${dateFormatLabels[guess.format]}` : ""}`}</option>
              {(Object.keys(dateFormatLabels) as DateFormat[]).map((f) => (
                <option key={f} value={f}>
                  {dateFormatLabels[f]}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Save this mapping as (optional)" htmlFor="save-as" hint="Next week's export of the same report then maps in one step.">
            <Input id="save-as" value={saveAs} maxLength={80} onChange={(e) => setSaveAs(e.target.value)} placeholder="Salesforce weekly opportunities" />
          </Field>
        </div>
        {error ? (
          <div className="mt-4">
            <Alert tone="error">{error}</Alert>
          </div>
        ) : null}
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <Button onClick={check} disabled={pending || missing.length > 0 || needsDateFormat}>
            {pending ? "Starting…" : `Check all ${n(job.totalRows)} rows`}
          </Button>
          {unmappedStages.length ? <p className="text-sm text-red-700">{unmappedStages.length} {unmappedStages.length === 1 ? "stage is" : "stages are"} not mapped yet.</p> : null}
        </div>
      </Card>
    </div>
  );
}

/** Each lead source of the file and the organisation's name for it: one of its sources, a new name, or blank to keep the file's. */
function SourceMapping({
  values,
  sources,
  chosen,
  onChange,
}: {
  values: string[];
  sources: string[];
  chosen: Record<string, string | null>;
  onChange: (next: Record<string, string | null>) => void;
}) {
  return (
    <>
      <datalist id="organisation-sources">
        {sources.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <ul className="divide-y divide-slate-100" data-testid="source-mapping">
        {values.map((value) => {
          const to = chosen[value] ?? "";
          return (
            <li key={value} className="grid gap-2 py-2 sm:grid-cols-[minmax(0,1fr)_16rem] sm:items-center">
              <label htmlFor={`source-${value}`} className="text-sm text-slate-800">
                {value}
                {to ? null : <span className="ml-2 text-xs text-slate-500">kept as in the file</span>}
              </label>
              <Input
                id={`source-${value}`}
                list="organisation-sources"
                value={to}
                maxLength={100}
                placeholder={value}
                onChange={(e) => onChange({ ...chosen, [value]: e.target.value || null })}
              />
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** Each value found in the file (a stage name, an owner) and the record of ours it means. */
function ValueMapping({
  testId,
  idPrefix,
  names,
  chosen,
  onChange,
  empty,
  unset,
  choices,
}: {
  testId: string;
  idPrefix: string;
  names: string[];
  chosen: Record<string, number | null>;
  onChange: (next: Record<string, number | null>) => void;
  empty: string;
  /** What a value left unmapped is called, and whether that makes its rows fail. */
  unset: { label: string; required: boolean };
  choices: { id: number; label: string }[];
}) {
  return (
    <ul className="divide-y divide-slate-100" data-testid={testId}>
      {names.map((name) => {
        const mapped = Boolean(chosen[name]);
        return (
          <li key={name} className="grid gap-2 py-2 sm:grid-cols-[minmax(0,1fr)_16rem] sm:items-center">
            <label htmlFor={`${idPrefix}-${name}`} className={`text-sm ${mapped || !unset.required ? "text-slate-800" : "font-medium text-red-700"}`}>
              {name}
              {mapped ? null : <span className={`ml-2 text-xs ${unset.required ? "" : "font-medium text-amber-800"}`}>{unset.label}</span>}
            </label>
            <Select
              id={`${idPrefix}-${name}`}
              value={chosen[name] ?? ""}
              aria-invalid={unset.required && !mapped}
              onChange={(e) => onChange({ ...chosen, [name]: e.target.value ? Number(e.target.value) : null })}
            >
              <option value="">{empty}</option>
              {choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </Select>
          </li>
        );
      })}
    </ul>
  );
}
