"use client";

import { useState, useTransition } from "react";
import { forecastCategories, forecastCategoryLabels, type ForecastCategory } from "@/lib/domain/forecast-categories";
import { useRecordVersion } from "@/lib/hooks/use-record-version";
import { saveForecastCategory } from "./actions";

/** A deal's forecast category as its owner calls it; saved on change, a stale version refused with a message. */
export function ForecastCategorySelect({ dealId, dealName, category, derived, version }: { dealId: number; dealName: string; category: ForecastCategory | null; derived: ForecastCategory; version: number }) {
  const [chosen, setChosen] = useState(category);
  const [current, setVersion] = useRecordVersion(version);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, start] = useTransition();
  const id = `forecast-category-${dealId}`;
  return (
    <div>
      <label htmlFor={id} className="sr-only">
        Forecast category of {dealName}
      </label>
      <select
        id={id}
        className="max-w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
        value={chosen ?? ""}
        disabled={pending}
        aria-describedby={message ? `${id}-message` : undefined}
        onChange={(e) => {
          const next = (e.target.value || null) as ForecastCategory | null;
          start(async () => {
            const result = await saveForecastCategory({ opportunityId: dealId, category: next, version: current });
            if (result.ok) {
              setChosen(next);
              setVersion(result.data.version);
              setMessage({ tone: "ok", text: "Saved" });
            } else setMessage({ tone: "error", text: result.error });
          });
        }}
      >
        <option value="">By stage ({forecastCategoryLabels[derived]})</option>
        {forecastCategories
          .filter((c) => c !== "closed")
          .map((c) => (
            <option key={c} value={c}>
              {forecastCategoryLabels[c]}
            </option>
          ))}
      </select>
      {message ? (
        <p id={`${id}-message`} role={message.tone === "error" ? "alert" : "status"} className={`mt-1 text-xs ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
