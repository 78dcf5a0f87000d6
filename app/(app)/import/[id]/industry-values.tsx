"use client";

import Link from "next/link";
import { Card } from "@/components/ui/card";
import { normaliseIndustry, type IndustryRule } from "@/lib/abm/industries";
import type { ImportAnalysis } from "@/lib/import/options";

/**
 * The industries of an accounts file as the industry rules will file them: each value with its
 * industry, the ones read through a typo, and the ones no rule matches (kept as written).
 */
export function IndustryValues({ analysis, mapping, rules }: { analysis: ImportAnalysis; mapping: Record<string, string>; rules: IndustryRule[] }) {
  const column = Object.entries(mapping).find(([, field]) => field === "industry")?.[0];
  const values = analysis.columns.find((c) => c.name === column)?.distinct;
  if (!column || !values || values.length === 0) return null;
  const read = values.map((raw) => ({ raw, ...normaliseIndustry(raw, rules) }));
  const unmapped = read.filter((v) => v.rule === null).length;
  return (
    <Card
      title="Industries"
      description={
        <>
          How the{" "}
          <Link href="/settings/icp#industry-rules" className="text-brand-700 underline">
            industry rules
          </Link>{" "}
          file each industry in the file; the value as written is kept beside it. Values no rule matches keep their own text: add a phrase to a rule to file them under one of your industries
          (the fit of accounts already imported is recomputed when you save the rules).
        </>
      }
    >
      <ul className="divide-y divide-slate-100 text-sm" data-testid="industry-mapping">
        {read.map((v) => (
          <li key={v.raw} className="flex flex-wrap justify-between gap-2 py-1.5">
            <span className="text-slate-800">“{v.raw}”</span>
            {v.rule === null ? (
              <span className="text-xs font-medium text-amber-800">not matched by a rule: kept as “{v.industry}”</span>
            ) : (
              <span className="text-slate-700">
                → <strong>{v.industry}</strong>
                {v.match === "typo" ? <span className="text-xs text-slate-500"> (read through a typo)</span> : null}
              </span>
            )}
          </li>
        ))}
      </ul>
      {unmapped > 0 ? <p className="mt-2 text-xs text-slate-600">{unmapped} of {read.length} not matched by a rule.</p> : null}
    </Card>
  );
}
