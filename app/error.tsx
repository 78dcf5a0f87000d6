"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-xl space-y-4 px-4 py-16">
      <Alert tone="error" title="This page could not be loaded">
        Something went wrong on our side{error.digest ? ` (error id ${error.digest})` : ""}. Please try again in a moment.
      </Alert>
      <Button onClick={reset}>Try again</Button>
    </main>
  );
}
