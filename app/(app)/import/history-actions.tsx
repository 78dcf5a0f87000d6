"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { rollbackImportAction } from "./actions";

/** Rolls a completed import back after a confirmation; the outcome is said next to the button. */
export function RollbackButton({ id, fileName, compact = false }: { id: number; fileName: string; compact?: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="space-y-1">
      <Button
        variant="danger"
        className={compact ? "min-h-8 px-2.5 py-1 text-xs" : ""}
        disabled={pending}
        aria-label={`Roll back import #${id} (${fileName})`}
        onClick={() => {
          if (!window.confirm(`Roll back import #${id} (${fileName})? Rows it added are removed and rows it changed get their earlier values back.`)) return;
          start(async () => {
            const r = await rollbackImportAction(id);
            setResult(r.ok ? { ok: true, text: r.message ?? "Rolled back." } : { ok: false, text: r.error });
            if (r.ok) router.refresh();
          });
        }}
      >
        {pending ? "Rolling back…" : "Roll back"}
      </Button>
      {result ? (
        <p role={result.ok ? "status" : "alert"} className={`text-xs ${result.ok ? "text-emerald-700" : "text-red-700"}`}>
          {result.text}
        </p>
      ) : null}
    </div>
  );
}
