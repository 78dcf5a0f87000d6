"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl space-y-4 py-10">
      <Alert tone="error" title="This page could not be loaded">
        Something went wrong on our side{error.digest ? ` (error id ${error.digest})` : ""}. Nothing you entered was lost.
      </Alert>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
