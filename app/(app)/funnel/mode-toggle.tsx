"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { FunnelMode } from "@/lib/funnel/request";

const modes: { mode: FunnelMode; label: string; hint: string }[] = [
  { mode: "cohort", label: "Cohort", hint: "The leads created in the period, and how far each got" },
  { mode: "flow", label: "Flow", hint: "Every stage entry that happened in the period" },
];

export function ModeToggle({ mode }: { mode: FunnelMode }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return (
    <div role="radiogroup" aria-label="Counting mode" className="inline-flex rounded-lg bg-slate-100 p-1">
      {modes.map((m) => (
        <button
          key={m.mode}
          type="button"
          role="radio"
          aria-checked={m.mode === mode}
          title={m.hint}
          onClick={() => {
            const next = new URLSearchParams(params.toString());
            next.set("mode", m.mode);
            router.push(`${pathname}?${next.toString()}`, { scroll: false });
          }}
          className={`rounded-md px-3 py-1 text-sm font-medium ${m.mode === mode ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
        >
          {m.label}
        </button>
      ))}
    </div>
  );
}
