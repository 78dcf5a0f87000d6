"use client";

import { Button } from "@/components/ui/button";
import { useKeptForm } from "@/lib/hooks/use-kept-form";
import { completeCampaignTaskAction } from "./actions";

/** Marks one task done; the message replaces the button's place on failure. */
export function CompleteTask({ taskId, label }: { taskId: number; label: string }) {
  const { state, formAction, pending, onSubmit } = useKeptForm(completeCampaignTaskAction);
  return (
    <form action={formAction} onSubmit={onSubmit} aria-label={`Mark done: ${label}`}>
      <input type="hidden" name="taskId" value={taskId} />
      <Button type="submit" variant="secondary" disabled={pending || state?.ok === true}>
        {pending ? "Saving…" : state?.ok ? "Done" : "Mark done"}
      </Button>
      {state && !state.ok ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
