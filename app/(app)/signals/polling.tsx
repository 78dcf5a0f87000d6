"use client";

/** JSON from one of this page's routes, with the route's own error message when it refuses. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: "no-store" });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body as T;
}

/** Shown while a polled list cannot refresh; the last good rows stay on screen. */
export function PollError({ what, error }: { what: string; error: Error | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="mt-2 text-sm text-red-700">
      The {what} could not refresh ({error.message}); it tries again in a few seconds.
    </p>
  );
}
