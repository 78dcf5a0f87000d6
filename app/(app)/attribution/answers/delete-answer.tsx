"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteAnswerAction } from "./actions";

/** Deletes one answer after asking, against the version the page loaded. */
export function DeleteAnswer({ id, version, label }: { id: number; version: number; label: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <span className="block">
      <button
        type="button"
        disabled={pending}
        aria-label={`Delete ${label}`}
        className="text-xs text-slate-500 underline hover:text-red-700 disabled:opacity-50"
        onClick={() => {
          if (!window.confirm(`Delete ${label}? The capture rate and dark-social figures will no longer count it.`)) return;
          startTransition(async () => {
            const result = await deleteAnswerAction({ id, expectedVersion: version });
            if (result.ok) router.refresh();
            else setError(result.error);
          });
        }}
      >
        {pending ? "Deleting…" : "Delete"}
      </button>
      {error ? (
        <span role="alert" className="block text-xs whitespace-normal text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
