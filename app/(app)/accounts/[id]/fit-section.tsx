import { Badge } from "@/components/ui/card";
import type { AccountFit } from "@/db/queries/icp-fit";
import { formatCount, formatMoney, formatWhen } from "@/lib/format";
import { icpCriteria, icpCriterionLabels, type IcpCriterion } from "@/lib/metrics/icp-fit";
import { bandLabels, fitBand } from "@/lib/metrics/scoring";
import { FitOverrideForm } from "./fit-override-form";

const bandTone = { qualified: "success", monitor: "warning", disqualify: "danger" } as const;
const label = (criterion: string) => (icpCriteria.includes(criterion as IcpCriterion) ? icpCriterionLabels[criterion as IcpCriterion] : criterion);

/** "Technology" or "Technology (imported as “technolgy”)": the industry with its raw value when they differ. */
export function industryText(fit: Pick<AccountFit, "industry" | "industryRaw">): string | null {
  if (!fit.industry) return null;
  return fit.industryRaw && fit.industryRaw !== fit.industry ? `${fit.industry} (imported as “${fit.industryRaw}”)` : fit.industry;
}

/** The account's ICP fit: the fit in force with its band, the model's reasons, the override with who, when and why. */
export function FitSection({ fit, currency, timeZone, canOverride }: { fit: AccountFit; currency: string; timeZone: string; canOverride: boolean }) {
  const band = fit.score === null ? null : fitBand(fit.score);
  const firmographics: [string, string | null][] = [
    ["Industry", industryText(fit)],
    ["Employees", fit.employees === null ? null : formatCount(fit.employees)],
    ["Annual revenue", fit.annualRevenue === null ? null : formatMoney(fit.annualRevenue, { currency })],
    ["Country", fit.country],
    ["Parent account", fit.parentAccountName],
    ["Technologies", fit.technologies.length ? fit.technologies.join(", ") : null],
  ];
  return (
    <section aria-labelledby="fit-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="fit-heading" className="text-base font-semibold text-slate-900">
          ICP fit
        </h2>
        <p className="text-xs text-slate-500">Below 40 disqualify, 40–70 monitor, above 70 qualified fit.</p>
      </div>
      <div className="mt-3 grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)] [&>*]:min-w-0">
        <div className="space-y-3">
          <p className="flex flex-wrap items-center gap-3">
            <span className="text-4xl font-semibold text-slate-900 tabular-nums" data-testid="fit-score">
              {fit.score ?? "—"}
            </span>
            {band ? <Badge tone={bandTone[band]}>{bandLabels[band]}</Badge> : <span className="text-sm text-slate-600">No fit: nothing the model reads is known.</span>}
          </p>
          {fit.override ? (
            <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm" data-testid="fit-override">
              <p className="text-amber-900">
                Set by hand to <strong>{fit.override.fit}</strong>; the model gives {fit.model ?? "no fit"}.
              </p>
              <p className="mt-1 text-slate-800">“{fit.override.reason}”</p>
              <p className="mt-1 text-xs text-slate-600">
                {fit.override.by ?? "Someone"}
                {fit.override.at ? `, ${formatWhen(fit.override.at, timeZone)}` : ""}
              </p>
            </div>
          ) : null}
          <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm">
            {firmographics.map(([name, value]) => (
              <div key={name} className="contents">
                <dt className="text-slate-500">{name}</dt>
                <dd className={value ? "text-slate-800" : "text-slate-500"}>{value ?? "not known"}</dd>
              </div>
            ))}
          </dl>
          {canOverride ? <FitOverrideForm key={`${fit.version}`} accountId={fit.id} version={fit.version} override={fit.override?.fit ?? null} /> : null}
        </div>
        <div>
          <h3 className="text-sm font-medium text-slate-800">Why the model gives {fit.model ?? "no fit"}</h3>
          {fit.reasons && fit.reasons.length > 0 ? (
            <table className="mt-2 w-full text-sm" aria-label="Fit reasons">
              <tbody>
                {fit.reasons.map((r, i) => (
                  <tr key={i} className={`border-b border-slate-100 last:border-0 align-top ${r.criterion === "total" ? "font-medium" : ""}`}>
                    <th scope="row" className="w-40 py-1.5 pr-3 text-left font-normal text-slate-500">
                      {label(r.criterion)}
                    </th>
                    <td className="py-1.5 text-slate-800">{r.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="mt-2 text-sm text-slate-600">No reasons recorded yet: they are written when the ICP model is saved or the account is imported.</p>
          )}
        </div>
      </div>
    </section>
  );
}
