"use client";

import { createContext, createElement, useContext, useState, type ReactNode } from "react";

/** The version a page brought, and the newest one a save since made. */
function useNewestVersion(version: number): [number, (saved: number) => void] {
  const [state, setState] = useState({ fromPage: version, current: version });
  if (version !== state.fromPage) setState({ fromPage: version, current: Math.max(version, state.current) });
  return [state.current, (saved: number) => setState((s) => ({ ...s, current: Math.max(saved, s.current) }))];
}

const RecordVersion = createContext<[number, (saved: number) => void] | null>(null);

/**
 * One record's version shared by every editor of it on a page (a deal's next step, forecast
 * category and reasons): a save by one moves the version all the others save against, at once,
 * so they do not refuse each other's saves as stale.
 */
export function RecordVersionProvider({ version, children }: { version: number; children: ReactNode }) {
  return createElement(RecordVersion.Provider, { value: useNewestVersion(version) }, children);
}

/**
 * The version of a record an editor saves against: the page's shared one inside a
 * RecordVersionProvider, else its own saves' answers and a newer version the page brings.
 */
export function useRecordVersion(version: number): [number, (saved: number) => void] {
  const shared = useContext(RecordVersion);
  const own = useNewestVersion(version);
  return shared ?? own;
}
