"use client";

import { useState } from "react";

/**
 * The version of a record an editor saves against: its own saves' answers, and a newer version the
 * page brings after another editor of the same record saved (the page re-renders with it), so two
 * editors on one page do not refuse each other's saves as stale.
 */
export function useRecordVersion(version: number): [number, (saved: number) => void] {
  const [state, setState] = useState({ fromPage: version, current: version });
  if (version !== state.fromPage) setState({ fromPage: version, current: Math.max(version, state.current) });
  return [state.current, (saved: number) => setState((s) => ({ ...s, current: saved }))];
}
