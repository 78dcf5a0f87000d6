"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** While a run is queued or running, reads the page again every few seconds so its result shows. */
export function RefreshWhilePending({ everyMs = 2_000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
